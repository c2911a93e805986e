/*
 * register_db.h: the provincial waste register's storage through GDAL
 * (register_db.c): a GeoPackage, or PostgreSQL/PostGIS through GDAL's PG
 * driver, with the same tables, constraints and triggers (docs/register.md).
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_REGISTER_DB_H
#define GT_REGISTER_DB_H

#include <gdal.h>
#include <ogr_api.h>

#include "algorithms/internal.h"
#include "algorithms/register_rules.h"
#include "layers/layers.h"

typedef struct gt__register {
    GDALDatasetH ds;
    bool pg;      /* a PG: connection string, else a GeoPackage */
    char *dsn;    /* as given */
    int version;  /* register_meta.schema_version */
} gt__register;

/** Whether `dsn` is a PostgreSQL connection string ("PG:..."). */
bool gt__register_is_pg(const char *dsn);
/** Whether `source` is a register: a PG: string, or a file that GDAL opens
 *  and that has a register_meta table. */
bool gt__register_detect(const char *source);

/** Create the schema (current version) in a new GeoPackage, or in an empty
 *  PostgreSQL database with PostGIS; `meta` holds key, value pairs,
 *  NULL-terminated, written to register_meta besides schema_version. A
 *  GeoPackage that exists is refused (GT_ERR_OUTPUT), a PG database that
 *  already has a register too. */
gt_status gt__register_create(gt_context *ctx, const char *dsn, const char *const *meta);

/** Open a register for reading and writing. An older schema_version is
 *  upgraded step by step (one transaction); a newer one, or a source
 *  without register_meta, is refused (GT_ERR_INPUT_OPEN). */
gt_status gt__register_open(gt_context *ctx, const char *dsn, gt__register **out);
void gt__register_close(gt__register *r);

/** Upgrade an open register from r->version to the current version, one
 *  step per version, in one transaction. */
gt_status gt__register_migrate(gt_context *ctx, gt__register *r);

/** One statement that returns no rows; a failure's message is the
 *  database's (a trigger's "register rule: ..." when it is one), with
 *  GT_ERR_REGISTER_RULE for a rule and GT_ERR_DEPENDENCY otherwise. */
gt_status gt__register_sql(gt_context *ctx, gt__register *r, const char *sql);
gt_status gt__register_begin(gt_context *ctx, gt__register *r);
gt_status gt__register_commit(gt_context *ctx, gt__register *r);
void gt__register_rollback(gt__register *r);

/** 'text' as an SQL literal with quotes doubled, or NULL for NULL; into b. */
void gt__sql_literal(gt__sbuf *b, const char *text);

/** Run a SELECT; each row is given to `row` (return false to stop with
 *  the context's error). */
gt_status gt__register_query(gt_context *ctx, gt__register *r, const char *sql,
                             bool (*row)(gt_context *ctx, OGRFeatureH f, void *arg), void *arg);

/** The message of the database's last failure without the driver's lead:
 *  from "register rule:" when a trigger raised it. */
const char *gt__register_db_message(void);

/** The latest status entry of every site by the end of year `as_of` (0:
 *  all entries), as a sorted list of (site_id, status index, date). */
typedef struct gt__register_status {
    char *site_id;
    int status;
    char date[11];
    char *source;
} gt__register_status;
gt_status gt__register_statuses(gt_context *ctx, gt__register *r, int as_of,
                                gt__register_status **out, int *n);
void gt__register_statuses_free(gt__register_status *s, int n);

/** The inventory of the register as the rank inventory schema
 *  (docs/rank.md): a Memory dataset with one layer `landfills` (EPSG:4326)
 *  holding the landfills and dumps with their status and status_year as of
 *  the end of `as_of` (0: the latest). Caller closes with GDALClose(). */
gt_status gt__register_inventory(gt_context *ctx, gt__register *r, int as_of, GDALDatasetH *out);
/** Open `source`, gt__register_inventory, close. */
gt_status gt__register_inventory_open(gt_context *ctx, const char *source, int as_of,
                                      GDALDatasetH *out);

/** The field order of that layer (NULL-terminated). */
extern const char *const gt__register_inventory_fields[];

/** QGIS style of the snapshot's facilities layer: a colour per current
 *  status (styles.c). Caller frees. */
char *gt__style_register_qml(const gt__field_doc *docs, int n);
char *gt__style_register_sld(void);

#endif
