/*
 * layers.h: the I/O boundary (internal): reading vector and raster layers
 * through GDAL/OGR, reprojecting, repairing, rasterizing; exact vector
 * distances; the GeoPackage writer; provenance. SPDX-License-Identifier: MIT
 */
#ifndef GT_LAYERS_H
#define GT_LAYERS_H

#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "algorithms/internal.h"
#include "layers/output_names.h"

/* --- the context's I/O state (geos_context.c, gdal_bridge.c) ------------- */
/** The context's reentrant GEOS handle (one per context, so per thread). */
GEOSContextHandle_t gt__geos(const gt_context *ctx);
/** The last message GEOS gave on this context ("unknown error" if none). */
const char *gt__geos_errmsg(const gt_context *ctx);
/** GEOS failure with the caller's name (PostGIS GEOS_FAIL pattern). */
#define GT_GEOS_FAIL(ctx, what)                                                                    \
    gt__error((ctx), GT_ERR_DEPENDENCY, "%s: GEOS: %s: %s", __func__, (what), gt__geos_errmsg(ctx))
/** Take the last GDAL/CPL error as ours. */
gt_status gt__gdal_error(gt_context *ctx, gt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** While a pipeline runs, GDAL's messages go to the context's log instead
 *  of stderr: warnings as warnings, failures at debug level (the caller
 *  reports them with its own context through gt__gdal_error). */
void gt__gdal_log_push(gt_context *ctx);
void gt__gdal_log_pop(void);

/* --- shipped data (data_files.c) ---------------------------------------- */
/** A file shipped with gistool (profiles, the country outline): the first
 *  of $GISTOOL_DATA, the build and the install folders that has it; NULL
 *  when none does. Caller frees with free(). */
char *gt__data_file(const char *file_name);
/** What `path` is when it is not a regular file an input can be read
 *  from: "folder", "named pipe", "socket" or "device"; NULL for a regular
 *  file or a path stat(2) cannot see (the open that follows says why). */
const char *gt__not_a_file(const char *path);

/** mkdir -p: make `dir` and its missing parents; 0 on success, -1 with
 *  errno set. */
int gt__make_dirs(const char *dir);
/* --- atomic file output (atomic_file.c) ---------------------------------- */
/* A run's outputs are one transaction: gt__outputs_begin(), then every
 * writer stages its file with gt__tmp_path() or gt__output_stage() (a
 * hidden temporary file beside the final path; ext keeps a suffix GDAL or
 * cairo needs), writes it, and calls gt__replace_file() with the status of
 * its writing; gt__outputs_end() with the run's status then renames every
 * temporary file into place in one final step, or removes them all. The
 * transaction is the thread's (one context per thread); a begin inside an
 * open one nests into it (a map drawn by a site run commits with the run).
 * Without a transaction, gt__replace_file() renames at once. */
gt_status gt__outputs_begin(gt_context *ctx);
/** Commit (st == GT_OK, outermost end) or discard the thread's outputs;
 *  returns the final status. */
gt_status gt__outputs_end(gt_context *ctx, gt_status st);
/** True while a transaction is open on this thread. */
bool gt__outputs_open(void);
/** The temporary path for `path` (caller frees with free(), or hands it to
 *  gt__replace_file); NULL with errno when `path` is a folder (EISDIR),
 *  named twice in the transaction (EEXIST), or memory ran out. Temporary
 *  files of `path` left by killed processes are removed. */
char *gt__tmp_path(const char *path, const char *ext);
/** Note a file the run reads: an output that would replace it fails with
 *  GT_ERR_OUTPUT and replaces nothing (until the transaction ends). */
void gt__outputs_note_input(const char *path);
/** gt__tmp_path with the error on the context (GT_ERR_OUTPUT). */
char *gt__output_stage(gt_context *ctx, const char *path, const char *ext);
/** In a transaction: on failure remove `tmp`, otherwise leave it to the
 *  commit. Without one: move `tmp` over `path` (following a symbolic link
 *  to its target), or remove it on failure. Frees `tmp`; returns the final
 *  status. */
gt_status gt__replace_file(gt_context *ctx, gt_status st, char *tmp, const char *path);
/** Remove a staged temporary file now (and drop it from the transaction). */
void gt__output_discard(const char *tmp);
/** Where to read `path` now: its temporary file when this thread's
 *  transaction has staged it (the GeoPackage a site run's map is drawn
 *  from), otherwise `path`. Borrowed. */
const char *gt__output_readable(const char *path);
/** Unlink every registered temporary file of the process (and what GDAL
 *  and SQLite put beside them). Async-signal-safe: for signal handlers. */
void gt__outputs_discard_all(void);

/** What the scenario says about one input layer. */
typedef struct gt__layer_spec {
    char *name;        /* the key in the scenario (role): "roads", "dem" */
    char *source;      /* path, resolved against the scenario's folder */
    char *layer;       /* layer inside the source (NULL: the only one) */
    char *srs;         /* CRS to assume when the source has none */
    char *id_field;    /* feature id (NULL: the OGR FID) */
    char *class_field; /* class attribute (land use, road class, ...) */
    char **classes;    /* keep only these classes (NULL: all) */
    int n_classes;
    char *population_field;
    char *where;   /* OGR attribute filter (SQL WHERE syntax) */
    char *label;   /* what the data is ("real: ...", "synthetic: ..."), for provenance */
    char *origin;  /* "scenario.yaml:12:3" for messages */
    bool required; /* `required: true`: no features is an error, not a data gap */
    int as_of;     /* a register as the inventory: statuses at the end of this year (0: latest) */
} gt__layer_spec;

void gt__layer_spec_free(gt__layer_spec *s);

/** Features of one layer in the working CRS, repaired, as GEOS geometries. */
typedef struct gt__features {
    char *name;
    int n;
    GEOSGeometry **geoms;
    char **ids;        /* id_field values, or the FID as text */
    char **classes;    /* class_field values (NULL array when no field) */
    double *values;    /* population_field values (NULL when no field) */
    int n_read;        /* features read from the source */
    int n_repaired;    /* invalid geometries repaired with GEOS MakeValid */
    int n_no_geometry; /* features without a geometry (skipped) */
    int n_outside;     /* features outside the area of interest (skipped) */
    int max_dim;       /* 0 points, 1 lines, 2 polygons */
} gt__features;

void gt__features_free(gt_context *ctx, gt__features *f);

/** The working grid: north-up, square cells of `res` metres. */
typedef struct gt__grid {
    int w, h;
    double x0, y0; /* top-left corner */
    double res;
} gt__grid;

static inline double gt__grid_cx(const gt__grid *g, int col)
{
    return g->x0 + (col + 0.5) * g->res;
}
static inline double gt__grid_cy(const gt__grid *g, int row)
{
    return g->y0 - (row + 0.5) * g->res;
}

/** Make the working spatial reference from "EPSG:32648", WKT or PROJ text,
 *  with the traditional x=easting axis order. Caller frees with
 *  OSRDestroySpatialReference(). */
OGRSpatialReferenceH gt__srs_create(gt_context *ctx, const char *text);

/** "EPSG:32648", or the CRS's name when it has no authority code. Caller
 *  frees with free(). */
char *gt__srs_name(gt_context *ctx, OGRSpatialReferenceH srs);

/** The CRS a source's `srs:` gives (*out, caller frees), refused (exit 23)
 *  when the source has a CRS of its own (`own`, may be NULL) that is
 *  another: `srs:` is for a source without one, and would read its
 *  coordinates in the wrong CRS. Messages name the spec's scenario key. */
gt_status gt__srs_given(gt_context *ctx, const gt__layer_spec *spec, OGRSpatialReferenceH own,
                        OGRSpatialReferenceH *out);

/** Apply the spec's `where` filter to lyr (nothing without one). A filter
 *  the driver rejects, now or on the first read, is GT_ERR_INPUT_FIELD with
 *  GDAL's message. */
gt_status gt__layer_filter(gt_context *ctx, const gt__layer_spec *spec, OGRLayerH lyr);

/** Check that a spec's source opens and names a layer with the fields it
 *  needs and a CRS. Gives the feature count, the CRS name (caller frees)
 *  and the extent (xmin, ymin, xmax, ymax) in the working CRS. */
gt_status gt__vector_probe(gt_context *ctx, const gt__layer_spec *spec,
                           OGRSpatialReferenceH work_srs, int *feature_count, char **srs_name,
                           double *extent);

/** Transform an extent from a layer's CRS to the working CRS. */
gt_status gt__srs_extent_to_work(gt_context *ctx, const gt__layer_spec *spec,
                                 OGRSpatialReferenceH src, OGRSpatialReferenceH work,
                                 const double in[4], double out[4]);

/** GEOS -> OGR through WKB. Caller frees with OGR_G_DestroyGeometry(). */
OGRGeometryH gt__geos_to_ogr(gt_context *ctx, const GEOSGeometry *g);
/** The same with the caller's WKB writer (made on ctx's GEOS handle), for
 *  many geometries. */
OGRGeometryH gt__geos_to_ogr_with(gt_context *ctx, GEOSWKBWriter *w, const GEOSGeometry *g);

/** OGR -> GEOS through WKB. When `repaired` is not NULL, an invalid
 *  geometry is repaired with GEOS MakeValid and *repaired tells what
 *  happened: 0 valid as read, 1 repaired, -1 the repair failed (NULL is
 *  returned). NULL also when GEOS cannot read the geometry (its message in
 *  gt__geos_errmsg). No error is set: each caller reports in its own words.
 *  Caller frees with GEOSGeom_destroy_r(). */
GEOSGeometry *gt__ogr_to_geos(gt_context *ctx, OGRGeometryH g, int *repaired);

/** The first of f's ids (in sorted order) that two features share, into
 *  *repeated (NULL when every id is unique); GT_ERR_NOMEM without memory. */
gt_status gt__features_repeated_id(gt_context *ctx, const gt__features *f, const char **repeated);

/** The attributes the scenario names are data: an error (exit 22) when the
 *  features kept have a class_field empty (NULL or '') in every one, or a
 *  population_field with no value above 0 in any. Such a layer gave every
 *  feature the default class or no people, and exit 0. */
gt_status gt__features_check_values(gt_context *ctx, const gt__layer_spec *spec,
                                    const gt__features *f);

/** A population_field's values are counts of people: one negative,
 *  infinite or above 1e9 is an error (exit 22) naming the feature; the
 *  features without one (NULL) are warned of. (gt__features_check_values
 *  runs it.) */
gt_status gt__features_check_population(gt_context *ctx, const gt__layer_spec *spec,
                                        const gt__features *f);

/** Read a vector layer into the working CRS. Features whose envelope misses
 *  `aoi` (xmin, ymin, xmax, ymax in the working CRS; NULL: keep all) are
 *  skipped and counted. Caller frees with gt__features_free(). */
gt_status gt__vector_load(gt_context *ctx, const gt__layer_spec *spec,
                          OGRSpatialReferenceH work_srs, const double *aoi, gt__features **out);

/** A large GeoPackage layer is read in parts, each a range of FIDs on its
 *  own thread: the number of parts (at most `most`; 1: read it whole) and
 *  the layer's range of FIDs. Only layers without a `where` filter, of at
 *  least GT__VECTOR_PART_MIN features: 100,000 parcels read in about
 *  0.4 s, while the other layers fill the other threads. */
enum { GT__VECTOR_PART_MIN = 200000 };
int gt__vector_parts(gt_context *ctx, const gt__layer_spec *spec, int most, long long range[2]);
/** Part `part` of `parts` of the layer (as gt__vector_load, no message). */
gt_status gt__vector_load_part(gt_context *ctx, const gt__layer_spec *spec,
                               OGRSpatialReferenceH work_srs, const double *aoi,
                               const long long range[2], int part, int parts, gt__features **out);
/** The parts joined in order (taken: NULLed), with the message of what was
 *  kept: what one reading gives. */
gt_status gt__vector_join(gt_context *ctx, const gt__layer_spec *spec, gt__features **parts,
                          int n, gt__features **out);

/** Burn geometries into a grid buffer (GDALRasterizeGeometries). `type` is
 *  GDT_Byte or GDT_Int32; burn[i] is the value of geometry i (NULL: 1).
 *  all_touched: every cell a geometry touches, otherwise cells whose centre
 *  is inside. */
gt_status gt__rasterize(gt_context *ctx, const gt__grid *grid, GEOSGeometry *const *geoms, int n,
                        const double *burn, GDALDataType type, bool all_touched, void *buffer);

/** The height of the fixed bands of rows gt__rasterize burns (band b is
 *  rows b * GT__RASTER_BAND_ROWS onwards), whatever the thread count. */
enum { GT__RASTER_BAND_ROWS = 512 };

/** Called with each band burnt by gt__rasterize_bands: `cells` holds rows x
 *  grid->w cells from row r0; `worker` (0 .. gt_context_threads() - 1) is
 *  the caller's thread, which handles one band at a time. */
typedef void (*gt__band_fn)(void *arg, int worker, int r0, int rows, const void *cells);

/** gt__rasterize without the whole grid: each band is burnt into a buffer
 *  of the worker's own (zeroed first) and handed to fn, on all threads, in
 *  no fixed order. The cells are those gt__rasterize burns; bands that no
 *  geometry reaches are skipped. */
gt_status gt__rasterize_bands(gt_context *ctx, const gt__grid *grid, GEOSGeometry *const *geoms,
                              int n, const double *burn, GDALDataType type, bool all_touched,
                              gt__band_fn fn, void *arg);
/** The same for OGR geometries, burn[i] the value of geometry i (not NULL;
 *  the geometries are the caller's, burnt as they are: a
 *  multi-part geometry is not split into its parts as gt__rasterize does).
 *  Polygons burnt as Int32 values (not all_touched) are filled by GDAL's
 *  scanline rule straight into the buffer, and fn may then get a band in
 *  pieces of rows: one worker hands on a band's pieces in row order. */
gt_status gt__rasterize_ogr_bands(gt_context *ctx, const gt__grid *grid, OGRGeometryH *geoms, int n,
                                  const double *burn, GDALDataType type, bool all_touched,
                                  gt__band_fn fn, void *arg);

/** Resample a raster layer (band 1) onto the grid with bilinear
 *  interpolation (GDALReprojectImage). NoData becomes NAN. */
gt_status gt__raster_load(gt_context *ctx, const gt__layer_spec *spec, const gt__grid *grid,
                          OGRSpatialReferenceH work_srs, float *out);
/** n floats set to v in blocks on all threads: the first touch of a
 *  fresh grid's pages is the dear part, and it is shared too. */
void gt__fill_floats(gt_context *ctx, float *p, size_t n, float v);
/** n bytes set to 0 in blocks on all threads (a reused grid cleared). */
void gt__zero_bytes(gt_context *ctx, void *p, size_t n);
/** Make room for `need` elements of `size` bytes in the array *pp of
 *  capacity *cap (twice `need` when it grows, so appends cost amortised
 *  constant time); false when memory runs out, *pp untouched. */
bool gt__grow(void *pp, size_t *cap, size_t need, size_t size);
/** A raster layer opened once and resampled onto windows of a grid
 *  (gt__raster_load in parts, e.g. bands of rows): gt__raster_warp_open
 *  opens the source, checks the source pixels under the whole `grid` (as
 *  gt__raster_load does) and builds the transformer; gt__raster_warp_load
 *  resamples one window (a grid with the same cells, any rows and columns
 *  of it) as gt__raster_load would, the same bits, on the context's threads.
 *  One thread at a time uses a gt__raster_warp; work_srs must outlive it. */
typedef struct gt__raster_warp gt__raster_warp;
gt_status gt__raster_warp_open(gt_context *ctx, const gt__layer_spec *spec, const gt__grid *grid,
                               OGRSpatialReferenceH work_srs, gt__raster_warp **out);
gt_status gt__raster_warp_load(gt_context *ctx, gt__raster_warp *w, const gt__grid *window,
                               float *out);
void gt__raster_warp_close(gt__raster_warp *w);
/** A DEM's elevations within the heights on Earth (-11 000 to 9 000 m):
 *  those of `dem` (n cells resampled by gt__raster_load, those with
 *  `inside` 0 left out; inside may be NULL), and when some of them are no
 *  data, or dem is NULL, the source's (dem_check.c). GT_ERR_INPUT_FIELD
 *  naming the layer and the range found. With `holes` (a DEM checked band
 *  by band) the source is not read: *holes is set when some cells are no
 *  data, and the caller checks the source once with dem NULL. */
gt_status gt__dem_check_values(gt_context *ctx, const gt__layer_spec *spec, const float *dem,
                               const unsigned char *inside, size_t n, bool *holes);
gt_status gt__raster_probe(gt_context *ctx, const gt__layer_spec *spec,
                           OGRSpatialReferenceH work_srs, char **srs_name, double *extent);

/** Turn a mask (non-zero cells) into polygons in the working CRS
 *  (GDALPolygonize, 8-connected). Returns one geometry (may be empty).
 *  Caller frees with GEOSGeom_destroy_r(). */
GEOSGeometry *gt__polygonize_mask(gt_context *ctx, const gt__grid *grid, const unsigned char *mask);

/** Polygons of labelled regions (labels 1..n, 0 = none), with the same
 *  connectivity as the labelling (GDALPolygonize). out[i] is region i + 1 as
 *  a MultiPolygon, or NULL. Caller frees each with GEOSGeom_destroy_r(). */
gt_status gt__polygonize_labels(gt_context *ctx, const gt__grid *grid, const int32_t *labels,
                                int32_t n, int connectivity, GEOSGeometry **out);

/** Write a Float32 grid as a Cloud Optimized GeoTIFF (GDAL COG driver,
 *  DEFLATE), through a temporary file renamed into place. */
gt_status gt__write_cog(gt_context *ctx, const gt__grid *grid, OGRSpatialReferenceH srs,
                        const float *data, const char *path);

/* --- exact vector distances (vdistance.c) -------------------------------- */
typedef struct gt__index gt__index;
/** STRtree over a feature set (borrowed; must outlive the index). */
gt__index *gt__index_create(gt_context *ctx, const gt__features *f);
void gt__index_destroy(gt_context *ctx, gt__index *ix);
/** Exact distance (m) from g to the nearest feature (GEOS's distance: 0
 *  when they meet, one inside the other included), measured on the pieces
 *  of the features nearest g (runs of 16 segments, points); INFINITY when
 *  the layer is empty; *nearest gets the feature index (or -1). */
gt_status gt__index_nearest(gt_context *ctx, const gt__index *ix, const GEOSGeometry *g,
                            double *dist, int *nearest);
/** Does g's interior meet the interior of some feature (area overlap for
 *  polygons)? *which gets the feature index or -1. */
gt_status gt__index_overlaps(gt_context *ctx, const gt__index *ix, const GEOSGeometry *g,
                             bool *overlaps, int *which);
/** The same queries for many geometries q[0..nq), on all the context's
 *  threads, each worker with its own GEOS handle and index: the distance to
 *  the nearest feature (INFINITY when f is empty) into dist[i * stride], or
 *  the lowest index of a feature whose interior meets q[i] (-1 for none)
 *  into which[i * stride]. Same results for any number of threads. */
gt_status gt__nearest_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q, int nq,
                           double *dist, size_t stride);
gt_status gt__overlaps_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q, int nq,
                            double *which, size_t stride);
/** gt__nearest_many for a distance rule: a query whose envelope, widened
 *  by `beyond` metres, meets no feature's envelope is farther than `beyond`
 *  from every feature and gets NAN, without an exact distance; every other
 *  query gets the exact distance of gt__nearest_many. `beyond` INFINITY or
 *  NAN: every query is measured. */
gt_status gt__nearest_beyond_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q,
                                  int nq, double beyond, double *dist, size_t stride);

/** Population within `radius` metres of g (0: inside g), by areal weighting
 *  of census polygons: sum of population x area(polygon ∩ buffer(g)) /
 *  area(polygon); `pop->values` holds the counts (NAN or <= 0: skipped).
 *  The buffer has 16 segments per quarter circle. */
gt_status gt__population_within(gt_context *ctx, const gt__features *pop, const GEOSGeometry *g,
                                double radius, double *out);

/* --- GeoPackage writer (gpkg.c) ------------------------------------------ */
typedef struct gt__gpkg gt__gpkg;
/** Start writing `final_path` through a temporary file in the same folder. */
gt__gpkg *gt__gpkg_begin(gt_context *ctx, const char *final_path);
GDALDatasetH gt__gpkg_dataset(gt__gpkg *g);
/** Close the vector part and append a Float32 raster table. */
gt_status gt__gpkg_add_raster(gt_context *ctx, gt__gpkg *g, const char *table,
                              const char *description, const gt__grid *grid,
                              OGRSpatialReferenceH srs, const float *data);
/** Start encoding the tiles of a raster that gt__gpkg_add_raster will write
 *  with the same `data` (which must stay unchanged until then), on worker
 *  threads while the caller writes other tables. Optional: add_raster
 *  encodes what is not ready. */
void gt__gpkg_prepare_raster(gt_context *ctx, gt__gpkg *g, const gt__grid *grid,
                             const float *data);
/** Reopen after the raster for more vector/attribute tables. */
gt_status gt__gpkg_reopen(gt_context *ctx, gt__gpkg *g);
/** Close and move into place. */
gt_status gt__gpkg_commit(gt_context *ctx, gt__gpkg *g);
/** Drop the temporary file; the previous output stays. NULL-safe. */
void gt__gpkg_abort(gt__gpkg *g);
/** gt__gpkg_abort after a failed write with status st (returned): an
 *  output error that does not name the file gets its name appended. */
gt_status gt__gpkg_fail(gt_context *ctx, gt__gpkg *g, gt_status st);
/** The spatial index of `l`, a new layer of g's dataset with no feature
 *  yet, filled in one bulk pass when the dataset is next closed instead of
 *  one R-tree insertion per feature (most of writing a million features).
 *  Each feature written to `l` must then be passed to gt__gpkg_index_add.
 *  NULL (nothing to free): the driver keeps its own index. */
typedef struct gt__gpkg_index gt__gpkg_index;
gt__gpkg_index *gt__gpkg_index_defer(gt_context *ctx, gt__gpkg *g, OGRLayerH l);
/** Record a feature just created in the layer of x (NULL-safe). */
gt_status gt__gpkg_index_add(gt_context *ctx, gt__gpkg_index *x, OGRFeatureH f);
/** Key/value attribute table helper. */
OGRLayerH gt__gpkg_table(gt_context *ctx, gt__gpkg *g, const char *name, const char *const *fields,
                         const OGRFieldType *types, int n);

/* --- landfill inventory (inventory.c) ------------------------------------ */
typedef struct gt__inventory {
    int n;
    int nfields;
    GEOSGeometry **geoms; /* in the working CRS, repaired */
    char **values;        /* values[i * nfields + k]: text of field k of site i, or NULL */
    long *rows;           /* rows[i]: site i's row in the source (a sheet's header is row 1) */
    bool table;           /* rows are spreadsheet rows, not feature ids */
    int n_repaired;
} gt__inventory;

/** A number as a spreadsheet writes it: surrounding blanks allowed, and a
 *  decimal comma ("105,97") when the text has no point. */
bool gt__parse_number(const char *text, double *out);

/** Bad inventory rows, gathered so that every one is reported at once: each
 *  failing check's message is moved off the context into the list. */
typedef struct gt__problems {
    char first[1024]; /* the first message, as its check wrote it */
    char list[1536];  /* one line per problem, up to GT__PROBLEMS_SHOWN */
    long first_row;
    int n, shown; /* problems, and those in the list */
    bool table;
    gt_status status; /* the first problem's */
} gt__problems;
#define GT__PROBLEMS_SHOWN 20

/** Move the context's error, about `row`, into the list; false when it is
 *  not a problem of the data (out of memory...), which stays on the context. */
bool gt__problems_add(gt_context *ctx, gt__problems *p, long row);
/** GT_OK without problems, else one error listing them after `lead`. */
gt_status gt__problems_report(gt_context *ctx, const gt__problems *p, const char *lead);

/** Read an inventory. `fields` are the schema names (fields[0] is the site
 *  id), `source_fields` their names in the source. A CSV (.csv) with lon/lat
 *  (longitude/latitude, x/y) columns works, taken as WGS 84 unless the spec
 *  gives `srs`. Caller frees with gt__inventory_free(). */
gt_status gt__inventory_load(gt_context *ctx, const gt__layer_spec *spec,
                             OGRSpatialReferenceH work_srs, const char *const *fields,
                             const char *const *source_fields, int nfields, gt__inventory **out);
void gt__inventory_free(gt_context *ctx, gt__inventory *inv);

/* --- AHP matrix from CSV (matrix_csv.c) --------------------------------- */
/** Names (NULL-terminated, caller frees each and the array) and the n x n
 *  matrix (caller frees); errors name file:line, row and column. */
gt_status gt__ahp_read_csv(gt_context *ctx, const char *path, char ***names, int *n,
                           double **matrix);

/* --- styles and field documentation (styles.c) --------------------------- */
/** A field as a planner reads it: Vietnamese alias (QGIS attribute table,
 *  gpkg_data_columns.title) and English description. */
typedef struct gt__field_doc {
    const char *field, *vi, *en;
} gt__field_doc;

/** Append s (NULL: nothing) as XML or HTML text: & < > " escaped. */
void gt__xml_escape(gt__sbuf *b, const char *s);

/** QGIS QML (with aliases) and SLD of gistool's layers; NULL for others.
 *  Caller frees with free(). */
char *gt__style_qml(const char *table, const gt__field_doc *docs, int n);
char *gt__style_sld(const char *table);
char *gt__style_raster_qml(void);
/** Add a default style for `table` to the layer_styles table (made the way
 *  QGIS makes it). */
gt_status gt__gpkg_style(gt_context *ctx, GDALDatasetH ds, const char *table, const char *geom_col,
                         const char *qml, const char *sld, const char *description);
/** Titles and descriptions of a table's fields in gpkg_data_columns
 *  (GeoPackage schema extension, created when missing). */
gt_status gt__gpkg_data_columns(gt_context *ctx, GDALDatasetH ds, const char *table,
                                const gt__field_doc *docs, int n);

/* --- map sheets (map_render.c) ----------------------------------------------- */
typedef struct gt__map_legend {
    unsigned color; /* 0xRRGGBB */
    bool hatch, dot;
    const char *label;
    bool line; /* a line of this colour (a line layer), not a filled box */
} gt__map_legend;

/** What a map sheet shows; geometries in the working CRS (the inset in
 *  lon/lat). Everything is borrowed. */
typedef struct gt__map {
    const char *title, *subtitle, *legend_title, *notes;
    double extent[4]; /* xmin, ymin, xmax, ymax of the main map */
    gt__grid grid;    /* the suitability raster, when `raster` */
    const float *raster;
    const gt__features *boundary, *communes, *rivers, *roads, *protected_areas;
    GEOSGeometry *const *parcels;
    const double *parcel_score;
    const int *parcel_excluded;
    int n_parcels;
    GEOSGeometry *const *regions;
    int n_regions;
    GEOSGeometry *const *sites;
    const int *site_class; /* 0 low, 1 moderate, 2 high */
    int n_sites;
    const double *label_x, *label_y;
    const int *label_rank;
    int n_labels;
    const GEOSGeometry *inset, *inset_area;
    const gt__map_legend *legend;
    int n_legend;
    const char *north; /* the north arrow's letter ("N"; "B" for Bắc) */
    /* Optional, filled by gt__map_render when not NULL: the box of each
     * rank label as placed on the page, x0, y0, x1, y1 in mm from the top
     * left corner (4 * n_labels values, in label order). */
    double *label_boxes_mm;
    /* gistool network: lines and translucent areas drawn over the base
     * layers, before the sites: overlay_alpha[i] > 0 fills area i with that
     * opacity, 0 strokes the geometry with overlay_width_pt[i]. */
    GEOSGeometry *const *overlay;
    const unsigned *overlay_color;
    const double *overlay_width_pt, *overlay_alpha;
    int n_overlay;
} gt__map;

/** A Pango layout of s in Noto Sans at size_pt (bold or not), wrapped to
 *  `width` (0: no wrap), for the sheets and the PDF reports. Caller frees
 *  with g_object_unref(). */
struct _cairo;
struct _PangoContext;
struct _PangoLayout;
struct _PangoLayout *gt__text_layout(struct _cairo *cr, struct _PangoContext *pango, const char *s,
                                     double size_pt, bool bold, double width);

/** Draw a sheet of page_w_mm x page_h_mm: PNG at `dpi`, or vector PDF. */
gt_status gt__map_render(gt_context *ctx, const gt__map *m, const char *path, bool pdf,
                         double page_w_mm, double page_h_mm, int dpi);

/* --- provenance (provenance.c) ------------------------------------------- */
/** SHA-256 of a file as 64 hex digits; false when it cannot be read. */
bool gt__sha256_file(const char *path, char hex[65], long long *size);

/** A run_info row written by the caller, already formatted. */
typedef struct gt__run_kv {
    const char *key, *value;
} gt__run_kv;

/** What every run records about itself first (everything borrowed). */
typedef struct gt__run_header {
    const char *command; /* GT__CMD_SITE, GT__CMD_RANK */
    int argc;            /* the command line */
    char *const *argv;
    const char *const *overrides; /* --set KEY=VALUE, n_overrides of them */
    int n_overrides;
    const char *scenario_name, *scenario_path, *scenario_text;
    const char *facility; /* NULL: no facility key (rank) */
    const char *working_crs;
    const gt__run_kv *space; /* keys of the working space, written after the */
    int n_space;             /* CRS (site: resolution_m and grid) */
    const char *profile_id;  /* NULL: "(none)" */
    const char *profile_path;
} gt__run_header;

/** Create the run_info table of `g` (key, value) and write the header, in
 *  this order: tool, command, command_line, versions, started_utc,
 *  scenario_name, scenario_path, scenario_sha256, scenario_overrides
 *  (joined by "; "), scenario_text, facility (when given), working_crs, the
 *  space keys, profile, profile_path. Returns the table for the command's
 *  own keys, or NULL with the error on the context. */
OGRLayerH gt__run_info_begin(gt_context *ctx, gt__gpkg *g, const gt__run_header *h);
/** One more run_info row: the key and the printf-formatted value. */
gt_status gt__run_info_put(gt_context *ctx, OGRLayerH l, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
gt_status gt__run_info_vput(gt_context *ctx, OGRLayerH l, const char *key, const char *fmt,
                            va_list ap) __attribute__((format(printf, 4, 0)));
/** gt__run_info_put with a sticky status: does nothing when *st already
 *  holds an error, otherwise writes the row and stores its status in *st, so
 *  a writer lists its keys one per line and checks once at the end. */
void gt__run_info_add(gt_context *ctx, OGRLayerH l, gt_status *st, const char *key, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
/** The value of a run_info key of an open run, NULL when the run has no
 *  run_info or no such key. Keys are unique in a run; should a table hold
 *  a key twice, the first row wins (the header is written first, so a
 *  command's own rows cannot override it). Caller frees with free(). */
char *gt__run_info_get(gt_context *ctx, GDALDatasetH ds, const char *key);

/** Create the run_inputs table of `g`: one row per file of each input, with
 *  its size, SHA-256, label and how it was read (source, layer, CRS,
 *  filter, classes). */
OGRLayerH gt__run_inputs_begin(gt_context *ctx, gt__gpkg *g);
/** The rows of one input read as `spec` (spec->name is its role). A
 *  dataset is opened to list all its files (a shapefile's .shp, .dbf, ...);
 *  otherwise the source is hashed as one file. The source is recorded
 *  relative to `scenario_dir` when it lies inside it. */
gt_status gt__run_inputs_put(gt_context *ctx, OGRLayerH l, const char *scenario_dir,
                             const gt__layer_spec *spec, bool dataset);
/** How the run read the input of `role`, to read it again: the source
 *  resolved against the folder of the run's recorded scenario. *out is NULL
 *  when the run recorded no such input. Free with gt__layer_spec_free() and
 *  free(). */
gt_status gt__run_input_spec(gt_context *ctx, GDALDatasetH ds, const char *role,
                             gt__layer_spec **out);

#endif
