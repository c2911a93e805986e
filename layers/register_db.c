/*
 * register_db.c: the provincial waste register's storage (register_db.h,
 * docs/register.md). One code path for both backends: the schema is SQL
 * run through GDALDatasetExecuteSQL (SQLite's dialect in a GeoPackage,
 * PostgreSQL's with PL/pgSQL triggers and a PostGIS geometry), rows are
 * written with SQL or, for the facilities and their geometry, with OGR.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>

#include "layers/register_db.h"

bool gt__register_is_pg(const char *dsn)
{
    return dsn && !strncasecmp(dsn, "PG:", 3);
}

void gt__sql_literal(gt__sbuf *b, const char *text)
{
    if (!text) {
        gt__sbuf_add(b, "NULL");
        return;
    }
    gt__sbuf_add(b, "'");
    for (const char *p = text; *p; p++)
        gt__sbuf_add(b, *p == '\'' ? "''" : "%c", *p);
    gt__sbuf_add(b, "'");
}

const char *gt__register_db_message(void)
{
    static _Thread_local char msg[1024];
    const char *m = CPLGetLastErrorMsg();
    const char *rule = m ? strstr(m, "register rule: ") : NULL;
    snprintf(msg, sizeof msg, "%s", rule ? rule : m ? m : "");
    if (rule) {
        /* PostgreSQL adds a CONTEXT line, SQLite nothing. */
        char *nl = strchr(msg, '\n');
        if (nl)
            *nl = '\0';
    }
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return msg;
}

gt_status gt__register_sql(gt_context *ctx, gt__register *r, const char *sql)
{
    CPLErrorReset();
    OGRLayerH res = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    if (res)
        GDALDatasetReleaseResultSet(r->ds, res);
    if (CPLGetLastErrorType() >= CE_Failure) {
        const char *m = gt__register_db_message();
        if (!strncmp(m, "register rule: ", 15))
            return gt__error(ctx, GT_ERR_REGISTER_RULE, "%s: %s", r->dsn, m);
        return gt__error(ctx, GT_ERR_DEPENDENCY, "%s: the database refused: %s (GDAL: %s)",
                         r->dsn, sql, m);
    }
    return GT_OK;
}

gt_status gt__register_begin(gt_context *ctx, gt__register *r)
{
    CPLErrorReset();
    if (GDALDatasetStartTransaction(r->ds, FALSE) != OGRERR_NONE)
        return gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "%s: cannot start a transaction", r->dsn);
    return GT_OK;
}

gt_status gt__register_commit(gt_context *ctx, gt__register *r)
{
    CPLErrorReset();
    if (GDALDatasetCommitTransaction(r->ds) != OGRERR_NONE)
        return gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "%s: cannot commit the change", r->dsn);
    return GT_OK;
}

void gt__register_rollback(gt__register *r)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetRollbackTransaction(r->ds);
    CPLPopErrorHandler();
}

gt_status gt__register_query(gt_context *ctx, gt__register *r, const char *sql,
                             bool (*row)(gt_context *ctx, OGRFeatureH f, void *arg), void *arg)
{
    CPLErrorReset();
    OGRLayerH res = GDALDatasetExecuteSQL(r->ds, sql, NULL, NULL);
    if (!res) {
        if (CPLGetLastErrorType() >= CE_Failure)
            return gt__error(ctx, GT_ERR_DEPENDENCY, "%s: query failed: %s (GDAL: %s)", r->dsn,
                             sql, gt__register_db_message());
        return GT_OK;
    }
    gt_status st = GT_OK;
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(res))) {
        if (!row(ctx, f, arg))
            st = gt_context_status(ctx) ? gt_context_status(ctx) : GT_ERR_INTERNAL;
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(r->ds, res);
    return st;
}

/* ------------------------------------------------------------------ */
/* The schema, version 1                                                */
/* ------------------------------------------------------------------ */

/* The dialects differ in the key, real and geometry types and in how a
 * trigger is written; the constraints are the same text. */
typedef struct {
    bool pg;
    const char *serial, *real, *geom;
} dialect;

static void ddl_facilities(gt__sbuf *b, const dialect *d)
{
    gt__sbuf_add(
        b,
        "CREATE TABLE facilities (fid %s, %s, "
        "site_id TEXT NOT NULL UNIQUE CHECK (trim(site_id) <> ''), "
        "name TEXT, commune TEXT, commune_code TEXT, "
        "kind TEXT NOT NULL CHECK (kind IN ('unsanitary_landfill', 'spontaneous_dump', "
        "'sanitary_landfill', 'incinerator', 'composting_plant', 'transfer_station', "
        "'collection_point')), "
        "polluting INTEGER NOT NULL DEFAULT 1 CHECK (polluting IN (0, 1)), "
        "capacity_tpd %s CHECK (capacity_tpd >= 0), area_ha %s CHECK (area_ha >= 0), "
        "volume_m3 %s CHECK (volume_m3 >= 0), "
        "years_operated INTEGER CHECK (years_operated >= 0), "
        "waste_type TEXT CHECK (waste_type IN ('household', 'hazardous', 'industrial', 'mixed')), "
        "liner TEXT CHECK (liner IN ('yes', 'no')), "
        "cover TEXT CHECK (cover IN ('none', 'partial', 'full')), "
        "leachate TEXT CHECK (leachate IN ('yes', 'no', 'unknown')), "
        "burning TEXT CHECK (burning IN ('yes', 'no', 'unknown')), "
        "opened_year INTEGER CHECK (opened_year BETWEEN 1900 AND 2199))",
        d->serial, d->geom, d->real, d->real, d->real);
}

static void ddl_history(gt__sbuf *b, const dialect *d)
{
    gt__sbuf_add(b,
                 "CREATE TABLE status_history (id %s, site_id TEXT NOT NULL, "
                 "status TEXT NOT NULL CHECK (status IN ('operating', 'closed', 'remediating', "
                 "'remediated')), ",
                 d->serial);
    if (d->pg)
        gt__sbuf_add(b, "date TEXT NOT NULL CHECK (date ~ '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$' "
                        "AND to_char(to_date(date, 'YYYY-MM-DD'), 'YYYY-MM-DD') = date), ");
    else
        gt__sbuf_add(b, "date TEXT NOT NULL CHECK (date GLOB "
                        "'[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(date, '+0 days') IS date), ");
    gt__sbuf_add(b, "source TEXT NOT NULL CHECK (trim(source) <> ''), note TEXT, "
                    "recorded_at TEXT NOT NULL, recorded_by TEXT)");
}

static void ddl_indicators(gt__sbuf *b, const dialect *d)
{
    gt__sbuf_add(b, "CREATE TABLE commune_indicators (");
    if (!d->pg)
        gt__sbuf_add(b, "fid %s, ", d->serial);
    gt__sbuf_add(
        b,
        "commune_code TEXT NOT NULL CHECK (trim(commune_code) <> ''), commune TEXT, "
        "year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199), "
        "area_type TEXT NOT NULL CHECK (area_type IN ('urban', 'rural')), "
        "population INTEGER CHECK (population >= 0), households INTEGER CHECK (households >= 0), "
        "generated_tpd %s CHECK (generated_tpd >= 0), collected_tpd %s CHECK (collected_tpd >= 0), "
        "landfill_tpd %s CHECK (landfill_tpd >= 0), "
        "incinerated_tpd %s CHECK (incinerated_tpd >= 0), "
        "composted_tpd %s CHECK (composted_tpd >= 0), recycled_tpd %s CHECK (recycled_tpd >= 0), "
        "other_tpd %s CHECK (other_tpd >= 0), "
        "households_sorting INTEGER CHECK (households_sorting >= 0 AND (households IS NULL OR "
        "households_sorting <= households)), source TEXT, %s (commune_code, year))",
        d->real, d->real, d->real, d->real, d->real, d->real, d->real,
        d->pg ? "PRIMARY KEY" : "UNIQUE");
}

static void ddl_targets(gt__sbuf *b, const dialect *d)
{
    gt__sbuf_add(b, "CREATE TABLE targets (");
    if (!d->pg)
        gt__sbuf_add(b, "fid %s, ", d->serial);
    gt__sbuf_add(b,
                 "indicator TEXT NOT NULL CHECK (indicator IN ('collected_urban_pct', "
                 "'collected_rural_pct', 'direct_landfill_pct', 'unsanitary_remediated_pct', "
                 "'dumps_closed_pct', 'households_sorting_pct')), "
                 "year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199), "
                 "value %s NOT NULL CHECK (value >= 0 AND value <= 100), source TEXT, "
                 "%s (indicator, year))",
                 d->real, d->pg ? "PRIMARY KEY" : "UNIQUE");
}

/* The status rules as SQLite triggers (messages start "register rule: "
 * so that gistool tells them from other failures). */
static const char *const sqlite_triggers[] = {
    "CREATE TRIGGER status_history_rules BEFORE INSERT ON status_history BEGIN "
    "SELECT RAISE(ABORT, 'register rule: the site is not in the register (facilities)') "
    "WHERE NOT EXISTS (SELECT 1 FROM facilities WHERE site_id = NEW.site_id); "
    "SELECT RAISE(ABORT, 'register rule: a site''s dates never go backwards') "
    "WHERE EXISTS (SELECT 1 FROM status_history WHERE site_id = NEW.site_id AND date > NEW.date); "
    "SELECT RAISE(ABORT, 'register rule: remediated comes only after closed or remediating') "
    "WHERE NEW.status = 'remediated' AND coalesce((SELECT status FROM status_history WHERE "
    "site_id = NEW.site_id ORDER BY date DESC, id DESC LIMIT 1), '') NOT IN ('closed', "
    "'remediating'); "
    "SELECT RAISE(ABORT, 'register rule: after remediated only operating (reopened) may follow, "
    "with a note') WHERE (SELECT status FROM status_history WHERE site_id = NEW.site_id ORDER BY "
    "date DESC, id DESC LIMIT 1) = 'remediated' AND (NEW.status <> 'operating' OR NEW.note IS "
    "NULL OR trim(NEW.note) = ''); END",
    "CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history BEGIN "
    "SELECT RAISE(ABORT, 'register rule: the status history is kept as written (append only)'); "
    "END",
    "CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history BEGIN "
    "SELECT RAISE(ABORT, 'register rule: the status history is kept as written (append only)'); "
    "END",
    "CREATE TRIGGER facilities_keep_id BEFORE UPDATE OF site_id ON facilities "
    "WHEN OLD.site_id <> NEW.site_id AND EXISTS (SELECT 1 FROM status_history WHERE site_id = "
    "OLD.site_id) BEGIN SELECT RAISE(ABORT, 'register rule: a site with a history keeps its "
    "site_id'); END",
    "CREATE TRIGGER facilities_keep_history BEFORE DELETE ON facilities "
    "WHEN EXISTS (SELECT 1 FROM status_history WHERE site_id = OLD.site_id) BEGIN "
    "SELECT RAISE(ABORT, 'register rule: a site with a history is not deleted (close it)'); END",
    "CREATE INDEX status_history_site ON status_history (site_id, date, id)",
    NULL};

/* The same rules in PL/pgSQL. The row lock on the facility serialises
 * writers of one site, so that two concurrent updates cannot both pass the
 * check against the same latest entry. */
static const char *const pg_triggers[] = {
    "CREATE FUNCTION register_history_rules() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "DECLARE last_status TEXT; last_date TEXT;\n"
    "BEGIN\n"
    "  PERFORM 1 FROM facilities WHERE site_id = NEW.site_id FOR UPDATE;\n"
    "  IF NOT FOUND THEN\n"
    "    RAISE EXCEPTION 'register rule: the site is not in the register (facilities)';\n"
    "  END IF;\n"
    "  SELECT status, date INTO last_status, last_date FROM status_history\n"
    "    WHERE site_id = NEW.site_id ORDER BY date DESC, id DESC LIMIT 1;\n"
    "  IF last_date IS NOT NULL AND NEW.date < last_date THEN\n"
    "    RAISE EXCEPTION 'register rule: a site''s dates never go backwards';\n"
    "  END IF;\n"
    "  IF NEW.status = 'remediated' AND coalesce(last_status, '') NOT IN ('closed', "
    "'remediating') THEN\n"
    "    RAISE EXCEPTION 'register rule: remediated comes only after closed or remediating';\n"
    "  END IF;\n"
    "  IF last_status = 'remediated' AND (NEW.status <> 'operating' OR NEW.note IS NULL OR\n"
    "      trim(NEW.note) = '') THEN\n"
    "    RAISE EXCEPTION 'register rule: after remediated only operating (reopened) may "
    "follow, with a note';\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$",
    "CREATE TRIGGER status_history_rules BEFORE INSERT ON status_history FOR EACH ROW "
    "EXECUTE FUNCTION register_history_rules()",
    "CREATE FUNCTION register_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN RAISE EXCEPTION 'register rule: the status history is kept as written (append "
    "only)'; END $$",
    "CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history "
    "FOR EACH ROW EXECUTE FUNCTION register_append_only()",
    "CREATE FUNCTION register_keep_site() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF (TG_OP = 'DELETE' OR OLD.site_id <> NEW.site_id) AND EXISTS (SELECT 1 FROM "
    "status_history WHERE site_id = OLD.site_id) THEN\n"
    "    RAISE EXCEPTION 'register rule: a site with a history keeps its site_id and is not "
    "deleted';\n"
    "  END IF;\n"
    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
    "  RETURN NEW;\n"
    "END $$",
    "CREATE TRIGGER facilities_keep_site BEFORE UPDATE OR DELETE ON facilities FOR EACH ROW "
    "EXECUTE FUNCTION register_keep_site()",
    "CREATE INDEX status_history_site ON status_history (site_id, date, id)",
    "CREATE INDEX facilities_geom ON facilities USING GIST (geom)",
    NULL};

static gt_status run_sbuf(gt_context *ctx, gt__register *r, gt__sbuf *b)
{
    if (b->nomem) {
        free(b->s);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    gt_status st = gt__register_sql(ctx, r, b->s);
    free(b->s);
    memset(b, 0, sizeof *b);
    return st;
}

static gt_status meta_set(gt_context *ctx, gt__register *r, const char *key, const char *value)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "DELETE FROM register_meta WHERE key = ");
    gt__sql_literal(&b, key);
    gt_status st = run_sbuf(ctx, r, &b);
    if (st)
        return st;
    gt__sbuf_add(&b, "INSERT INTO register_meta (key, value) VALUES (");
    gt__sql_literal(&b, key);
    gt__sbuf_add(&b, ", ");
    gt__sql_literal(&b, value ? value : "");
    gt__sbuf_add(&b, ")");
    return run_sbuf(ctx, r, &b);
}

/* The tables of schema v1, in an open transaction. */
static gt_status create_v1(gt_context *ctx, gt__register *r)
{
    dialect d = r->pg ? (dialect){true, "SERIAL PRIMARY KEY", "DOUBLE PRECISION",
                                  "geom geometry(Geometry, 4326)"}
                      : (dialect){false, "INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "REAL",
                                  "geom GEOMETRY"};
    void (*tables[])(gt__sbuf *, const dialect *) = {ddl_facilities, ddl_history, ddl_indicators,
                                                     ddl_targets};
    gt_status st = gt__register_sql(
        ctx, r, "CREATE TABLE register_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    for (size_t i = 0; !st && i < sizeof tables / sizeof *tables; i++) {
        gt__sbuf b = {0};
        tables[i](&b, &d);
        st = run_sbuf(ctx, r, &b);
    }
    if (!st && !r->pg) {
        /* GeoPackage: register the tables so that GDAL and QGIS list them. */
        st = gt__register_sql(ctx, r,
                              "INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                              "description, srs_id) VALUES ('facilities', 'features', "
                              "'facilities', 'waste facilities of the province', 4326)");
        if (!st)
            st = gt__register_sql(ctx, r,
                                  "INSERT INTO gpkg_geometry_columns (table_name, column_name, "
                                  "geometry_type_name, srs_id, z, m) VALUES ('facilities', "
                                  "'geom', 'GEOMETRY', 4326, 0, 0)");
        const char *attr[] = {"register_meta", "status_history", "commune_indicators", "targets"};
        for (size_t i = 0; !st && i < 4; i++) {
            gt__sbuf b = {0};
            gt__sbuf_add(&b,
                         "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                         "VALUES ('%s', 'attributes', '%s')",
                         attr[i], attr[i]);
            st = run_sbuf(ctx, r, &b);
        }
    }
    for (const char *const *t = r->pg ? pg_triggers : sqlite_triggers; !st && *t; t++)
        st = gt__register_sql(ctx, r, *t);
    return st;
}

static gt_status open_ds(gt_context *ctx, const char *dsn, bool pg, GDALDatasetH *ds)
{
    CPLErrorReset();
    const char *drivers_gpkg[] = {"GPKG", NULL}, *drivers_pg[] = {"PostgreSQL", NULL};
    *ds = GDALOpenEx(dsn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, pg ? drivers_pg : drivers_gpkg, NULL,
                     NULL);
    /* A read-only file still reads (history, export, rank); a change to it
     * then fails with the database's message. */
    if (!*ds && !pg && access(dsn, W_OK) != 0) {
        CPLErrorReset();
        *ds = GDALOpenEx(dsn, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers_gpkg, NULL, NULL);
    }
    if (!*ds)
        return gt__gdal_error(ctx, GT_ERR_INPUT_OPEN, "register: cannot open '%s'%s", dsn,
                              pg ? " (is the server running and the database there?)"
                                 : " as a GeoPackage");
    return GT_OK;
}

gt_status gt__register_create(gt_context *ctx, const char *dsn, const char *const *meta)
{
    GDALAllRegister();
    gt__register r = {.pg = gt__register_is_pg(dsn), .dsn = (char *)dsn};
    gt_status st;
    char *tmp = NULL; /* the GeoPackage being made */
    if (r.pg) {
        if ((st = open_ds(ctx, dsn, true, &r.ds)))
            return st;
        if (GDALDatasetGetLayerByName(r.ds, "register_meta")) {
            GDALClose(r.ds);
            return gt__error(ctx, GT_ERR_OUTPUT,
                             "register: '%s' already holds a register (register_meta)", dsn);
        }
    } else {
        /* validation: `gistool progress` and `gistool rank` know a register
         * file by its GeoPackage name; 'reg.csv' was made with exit 0, then
         * read as a CSV there ("not a waste register", "no geometry"). */
        size_t n = strlen(dsn);
        if (n < 5 || strcasecmp(dsn + n - 5, ".gpkg"))
            return gt__error(ctx, GT_ERR_OUTPUT,
                             "register: '%s': a register file is a GeoPackage, its name ends in "
                             ".gpkg (or give a PostgreSQL database, PG:dbname=...)",
                             dsn);
        if (access(dsn, F_OK) == 0)
            return gt__error(ctx, GT_ERR_OUTPUT,
                             "register: '%s' exists; a register is made once (remove the file "
                             "to start again)",
                             dsn);
        /* Made in a temporary file beside it and linked into place once
         * committed: a killed init leaves no half-made register (the next
         * run on the path removes the temporary), and of two inits at once
         * only one makes it. */
        if (!(tmp = gt__output_stage(ctx, dsn, ".gpkg")))
            return gt_context_status(ctx);
        GDALDriverH drv = GDALGetDriverByName("GPKG");
        CPLErrorReset();
        r.ds = drv ? GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
        if (!r.ds) {
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "register: cannot create '%s'", dsn);
            gt__output_discard(tmp);
            free(tmp);
            return st;
        }
    }
    st = gt__register_begin(ctx, &r);
    if (!st)
        st = create_v1(ctx, &r);
    char version[16];
    snprintf(version, sizeof version, "%d", GT__REGISTER_SCHEMA_VERSION);
    if (!st)
        st = meta_set(ctx, &r, "schema_version", version);
    for (int i = 0; !st && meta && meta[i] && meta[i + 1]; i += 2)
        st = meta_set(ctx, &r, meta[i], meta[i + 1]);
    if (!st)
        st = gt__register_commit(ctx, &r);
    else
        gt__register_rollback(&r);
    GDALClose(r.ds);
    if (!st && tmp && link(tmp, dsn) != 0)
        st = errno == EEXIST ? gt__error(ctx, GT_ERR_OUTPUT,
                                         "register: '%s' exists; a register is made once "
                                         "(remove the file to start again)",
                                         dsn)
                             : gt__error(ctx, GT_ERR_OUTPUT, "register: cannot create '%s': %s",
                                         dsn, strerror(errno));
    gt__output_discard(tmp);
    free(tmp);
    return st;
}

/* ------------------------------------------------------------------ */
/* Opening and migrations                                               */
/* ------------------------------------------------------------------ */

static bool read_version(gt_context *ctx, OGRFeatureH f, void *arg)
{
    const char *v = OGR_F_GetFieldAsString(f, 0);
    char *end;
    long n = strtol(v, &end, 10);
    *(int *)arg = (*v && !*end && n >= 0 && n < 1000) ? (int)n : -2;
    return true;
}

/* Schema v0 (the layout before the first release: no recorded_by in the
 * status history, no targets table) to v1. */
static gt_status migrate_0_to_1(gt_context *ctx, gt__register *r)
{
    gt_status st = gt__register_sql(ctx, r, "ALTER TABLE status_history ADD COLUMN recorded_by TEXT");
    if (st)
        return st;
    dialect d = r->pg ? (dialect){true, "SERIAL PRIMARY KEY", "DOUBLE PRECISION", NULL}
                      : (dialect){false, "INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "REAL", NULL};
    gt__sbuf b = {0};
    ddl_targets(&b, &d);
    if ((st = run_sbuf(ctx, r, &b)))
        return st;
    if (!r->pg)
        st = gt__register_sql(ctx, r,
                              "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                              "VALUES ('targets', 'attributes', 'targets')");
    return st;
}

/* migrations[v] upgrades version v to v + 1. */
static gt_status (*const migrations[GT__REGISTER_SCHEMA_VERSION])(gt_context *,
                                                                   gt__register *) = {
    migrate_0_to_1};

gt_status gt__register_migrate(gt_context *ctx, gt__register *r)
{
    if (r->version >= GT__REGISTER_SCHEMA_VERSION)
        return GT_OK;
    int from = r->version;
    gt_status st = gt__register_begin(ctx, r);
    for (int v = r->version; !st && v < GT__REGISTER_SCHEMA_VERSION; v++) {
        if ((st = migrations[v](ctx, r)))
            gt__error_prefix(ctx, "register: upgrading '%s' from schema_version %d to %d", r->dsn,
                             v, v + 1);
        else {
            char text[16];
            snprintf(text, sizeof text, "%d", v + 1);
            st = meta_set(ctx, r, "schema_version", text);
        }
    }
    if (!st)
        st = gt__register_commit(ctx, r);
    if (st) {
        gt__register_rollback(r);
        return st;
    }
    r->version = GT__REGISTER_SCHEMA_VERSION;
    gt__log(ctx, GT_LOG_INFO, "register: '%s' upgraded from schema_version %d to %d", r->dsn, from,
            r->version);
    return GT_OK;
}

gt_status gt__register_open(gt_context *ctx, const char *dsn, gt__register **out)
{
    GDALAllRegister();
    *out = NULL;
    bool pg = gt__register_is_pg(dsn);
    if (!pg && access(dsn, R_OK) != 0)
        return gt__error(ctx, GT_ERR_INPUT_OPEN,
                         "register: cannot open '%s': no such file or not readable (make one "
                         "with gistool register init)",
                         dsn);
    gt__register *r = gt__calloc(ctx, 1, sizeof *r);
    if (!r)
        return gt_context_status(ctx);
    r->pg = pg;
    r->version = -1;
    gt_status st = (r->dsn = gt__strdup(ctx, dsn)) ? open_ds(ctx, dsn, pg, &r->ds)
                                                  : gt_context_status(ctx);
    /* A GeoPackage written by two processes at once: the second waits for
     * the first's transaction (30 s) instead of failing at once. */
    if (!st && !pg)
        st = gt__register_sql(ctx, r, "PRAGMA busy_timeout = 30000");
    if (!st && !GDALDatasetGetLayerByName(r->ds, "register_meta"))
        st = gt__error(ctx, GT_ERR_INPUT_OPEN,
                       "register: '%s' is not a register (it has no register_meta table; make "
                       "one with gistool register init)",
                       dsn);
    if (!st)
        st = gt__register_query(ctx, r,
                                "SELECT value FROM register_meta WHERE key = 'schema_version'",
                                read_version, &r->version);
    if (!st && r->version < 0)
        st = gt__error(ctx, GT_ERR_INPUT_OPEN,
                       "register: '%s' has no valid schema_version in register_meta", dsn);
    if (!st && r->version > GT__REGISTER_SCHEMA_VERSION)
        st = gt__error(ctx, GT_ERR_INPUT_OPEN,
                       "register: '%s' has schema_version %d, newer than this gistool reads (%d); "
                       "use a newer gistool (gistool --version)",
                       dsn, r->version, GT__REGISTER_SCHEMA_VERSION);
    if (!st)
        st = gt__register_migrate(ctx, r);
    if (st) {
        gt__register_close(r);
        return st;
    }
    *out = r;
    return GT_OK;
}

void gt__register_close(gt__register *r)
{
    if (!r)
        return;
    if (r->ds)
        GDALClose(r->ds);
    free(r->dsn);
    free(r);
}

bool gt__register_detect(const char *source)
{
    if (!source)
        return false;
    if (gt__register_is_pg(source))
        return true;
    size_t n = strlen(source);
    if (n < 5 || strcasecmp(source + n - 5, ".gpkg") || access(source, R_OK) != 0)
        return false;
    GDALAllRegister();
    const char *drivers[] = {"GPKG", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(source, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    bool is = ds && GDALDatasetGetLayerByName(ds, "register_meta");
    if (ds)
        GDALClose(ds);
    return is;
}

/* ------------------------------------------------------------------ */
/* Statuses as of a year, and the rank inventory                        */
/* ------------------------------------------------------------------ */

typedef struct {
    gt__register_status *s;
    int n, cap;
} status_list;

static bool status_row(gt_context *ctx, OGRFeatureH f, void *arg)
{
    status_list *l = arg;
    const char *id = OGR_F_GetFieldAsString(f, 0);
    /* rows come sorted by site, date, id: the last of a site wins */
    if (l->n && !strcmp(l->s[l->n - 1].site_id, id)) {
        gt__register_status *s = &l->s[l->n - 1];
        s->status = gt__reg_index(gt__reg_status_names, OGR_F_GetFieldAsString(f, 1));
        snprintf(s->date, sizeof s->date, "%s", OGR_F_GetFieldAsString(f, 2));
        free(s->source);
        s->source = gt__strdup(ctx, OGR_F_GetFieldAsString(f, 3));
        return s->source != NULL;
    }
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 64;
        gt__register_status *ns = realloc(l->s, sizeof *ns * (size_t)cap);
        if (!ns) {
            gt__error(ctx, GT_ERR_NOMEM, "out of memory");
            return false;
        }
        l->s = ns, l->cap = cap;
    }
    gt__register_status *s = &l->s[l->n];
    memset(s, 0, sizeof *s);
    s->site_id = gt__strdup(ctx, id);
    s->source = gt__strdup(ctx, OGR_F_GetFieldAsString(f, 3));
    s->status = gt__reg_index(gt__reg_status_names, OGR_F_GetFieldAsString(f, 1));
    snprintf(s->date, sizeof s->date, "%s", OGR_F_GetFieldAsString(f, 2));
    l->n++;
    return s->site_id && s->source;
}

gt_status gt__register_statuses(gt_context *ctx, gt__register *r, int as_of,
                                gt__register_status **out, int *n)
{
    char sql[256];
    if (as_of)
        snprintf(sql, sizeof sql,
                 "SELECT site_id, status, date, source FROM status_history WHERE date <= "
                 "'%04d-12-31' ORDER BY site_id, date, id",
                 as_of);
    else
        snprintf(sql, sizeof sql,
                 "SELECT site_id, status, date, source FROM status_history ORDER BY site_id, "
                 "date, id");
    status_list l = {0};
    gt_status st = gt__register_query(ctx, r, sql, status_row, &l);
    if (st) {
        gt__register_statuses_free(l.s, l.n);
        return st;
    }
    *out = l.s;
    *n = l.n;
    return GT_OK;
}

void gt__register_statuses_free(gt__register_status *s, int n)
{
    for (int i = 0; i < n; i++) {
        free(s[i].site_id);
        free(s[i].source);
    }
    free(s);
}

const char *const gt__register_inventory_fields[] = {
    "site_id", "name",           "commune",    "type",  "status", "status_year", "area_ha",
    "volume_m3", "years_operated", "waste_type", "liner", "cover",  "leachate",    "burning",
    NULL};

static int find_status(const gt__register_status *s, int n, const char *id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(s[mid].site_id, id);
        if (!c)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

gt_status gt__register_inventory(gt_context *ctx, gt__register *r, int as_of, GDALDatasetH *out)
{
    *out = NULL;
    gt__register_status *s = NULL;
    int n = 0;
    gt_status st = gt__register_statuses(ctx, r, as_of, &s, &n);
    if (st)
        return st;
    /* The ORDER BY of the two backends may collate differently: sort. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(s[j - 1].site_id, s[j].site_id) > 0; j--) {
            gt__register_status t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    GDALDriverH mem = GDALGetDriverByName("Memory");
    GDALDatasetH ds = mem ? GDALCreate(mem, "register", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH lyr = ds ? GDALDatasetCreateLayer(ds, "landfills", wgs, wkbUnknown, NULL) : NULL;
    OSRDestroySpatialReference(wgs);
    OGRLayerH src = GDALDatasetGetLayerByName(r->ds, "facilities");
    if (!lyr || !src) {
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "register '%s': cannot read the facilities",
                            r->dsn);
        goto done;
    }
    for (int k = 0; gt__register_inventory_fields[k]; k++) {
        const char *name = gt__register_inventory_fields[k];
        OGRFieldDefnH fd = OGR_Fld_Create(name, !strcmp(name, "status_year") ||
                                                        !strcmp(name, "years_operated")
                                                    ? OFTInteger
                                                : !strcmp(name, "area_ha") ||
                                                        !strcmp(name, "volume_m3")
                                                    ? OFTReal
                                                    : OFTString);
        OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
    }
    OGRFeatureDefnH sd = OGR_L_GetLayerDefn(src);
    /* The facilities rank leaves out by kind; any other kind (one the
     * schema's CHECK refuses, written with the checks off) goes on to
     * rank's inventory check, which refuses it naming the site. */
    OGR_L_SetAttributeFilter(src, "kind IS NULL OR kind NOT IN ('incinerator', "
                                  "'composting_plant', 'transfer_station', "
                                  "'collection_point')");
    OGR_L_ResetReading(src);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(src))) {
        const char *id = OGR_F_GetFieldAsString(f, OGR_FD_GetFieldIndex(sd, "site_id"));
        int i = find_status(s, n, id);
        if (i >= 0 && s[i].status >= 0) {
            OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
            for (int k = 0; gt__register_inventory_fields[k]; k++) {
                const char *name = gt__register_inventory_fields[k];
                if (!strcmp(name, "status")) {
                    OGR_F_SetFieldString(g, k, gt__reg_status_names[s[i].status]);
                } else if (!strcmp(name, "status_year")) {
                    OGR_F_SetFieldInteger(g, k, atoi(s[i].date));
                } else {
                    int si = OGR_FD_GetFieldIndex(sd, !strcmp(name, "type") ? "kind" : name);
                    if (si >= 0 && OGR_F_IsFieldSetAndNotNull(f, si))
                        OGR_F_SetFieldString(g, k, OGR_F_GetFieldAsString(f, si));
                }
            }
            OGR_F_SetGeometry(g, OGR_F_GetGeometryRef(f));
            if (OGR_L_CreateFeature(lyr, g) != OGRERR_NONE)
                st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "register: cannot copy site %s", id);
            OGR_F_Destroy(g);
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetAttributeFilter(src, NULL);
done:
    gt__register_statuses_free(s, n);
    if (st && ds)
        GDALClose(ds);
    else
        *out = ds;
    return st;
}

gt_status gt__register_inventory_open(gt_context *ctx, const char *source, int as_of,
                                      GDALDatasetH *out)
{
    gt__register *r;
    gt_status st = gt__register_open(ctx, source, &r);
    if (st)
        return st;
    st = gt__register_inventory(ctx, r, as_of, out);
    gt__register_close(r);
    return st;
}
