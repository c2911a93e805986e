/*
 * output.h: helpers for writing pipeline outputs (internal).
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_OUTPUT_H
#define GT_OUTPUT_H

#include "gistool/scenario.h"

/** Set a real field, NULL for NAN or infinity. */
void gt__set_real(OGRFeatureH f, int i, double v);
/** A vector layer with geometry column `geom`, FID `fid`, a description. */
OGRLayerH gt__out_layer(gt_context *ctx, GDALDatasetH ds, const char *name,
                        OGRSpatialReferenceH srs, OGRwkbGeometryType type, const char *description);
bool gt__out_field(OGRLayerH l, const char *name, OGRFieldType t);
/* Creates n fields, names[i] of type types[i]; false if any cannot be created. */
bool gt__out_fields(OGRLayerH l, const char *const *names, const OGRFieldType *types, size_t n);
/** Write a feature with geometry g (NULL: none); multi_polygon promotes it. */
gt_status gt__out_feature(gt_context *ctx, OGRLayerH l, OGRFeatureH f, const GEOSGeometry *g,
                          bool multi_polygon);
/** Fill the fields of feature f, row i of a table, and set *geom to its
 *  geometry (NULL: none); false: the row has no feature. Called on worker
 *  threads, so it only reads what it is given. */
typedef bool (*gt__out_row_fn)(void *arg, int i, OGRFeatureH f, const GEOSGeometry **geom);
/** Write rows 0 .. n-1 of l in order, each feature made by row() with its
 *  geometry (promoted to multi-polygon when multi_polygon) and added to
 *  index (NULL: none). The features are made on worker threads, in batches
 *  ahead of the calling thread, which only writes them: the features, their
 *  order and their FIDs are those of writing them one by one. */
gt_status gt__out_rows(gt_context *ctx, OGRLayerH l, int n, gt__out_row_fn row, void *arg,
                       bool multi_polygon, gt__gpkg_index *index);
/** The run_inputs table: `extra` (may be NULL), scenario, study area and
 *  every layer, each file with size, SHA-256, label and how it was read
 *  (gt__run_inputs_put). */
gt_status gt__out_inputs(gt_context *ctx, gt__gpkg *g, const gt_scenario *s,
                         const gt__layer_spec *extra);
/** Default QGIS style, SLD and field documentation of an output layer. */
gt_status gt__out_style(gt_context *ctx, GDALDatasetH ds, const char *table,
                        const gt__field_doc *docs, int n, const char *description);

/** A GeoPackage field name from printf(fmt, a): lower case, with every
 *  character other than a-z and 0-9 as '_' ("d_%s_m" of "Rivers-2" gives
 *  "d_rivers_2_m"). */
void gt__field_name(char *dst, size_t size, const char *fmt, const char *a);

/** Open the run `path` for `who` ("report", "map", "compare"): a GeoPackage
 *  whose run_info names its command, with every table a run of that command
 *  has (report.c). A batch summary is refused naming one of its runs; a run
 *  missing a table, naming the table (GT_ERR_INPUT_LAYER). *command is
 *  malloc'ed; close *ds with GDALClose. */
gt_status gt__run_open(gt_context *ctx, const char *who, const char *path, GDALDatasetH *ds,
                       char **command);

#endif
