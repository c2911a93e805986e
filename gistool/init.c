/*
 * init.c: `gistool init PROVINCE DIR`: a ready-to-run folder for a province
 * from the national sources (data/vn/national): the province boundary, its
 * communes with census population, roads and protected areas clipped with
 * a margin, land use derived from the commune type, candidate parcels, a
 * landfill inventory, site.yaml, rank.yaml and a README with the sources'
 * SHA-256 (docs/init.md).
 *
 * The folder is written under a temporary name beside DIR and renamed into
 * place only when everything is written, so a failed init leaves nothing
 * half-made. SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cpl_error.h>
#include <gdal_utils.h>

#include "algorithms/vn2000.h"
#include "gistool/national.h"
#include "gistool/options.h"
#include "gistool/output.h"

/* The national sources, by file and layer (data/vn/national/PROVENANCE.md). */
#define ROADS_FILE "vn_roads_rail_legocity.gpkg"
#define ROADS_LAYER "roads_rail"
#define PROTECTED_FILE "vn_intl_protected_areas_legocity.gpkg"
#define PROTECTED_LAYER "protected_areas"

#define CENSUS_CREDIT "censusVN2009 (Choisy & Contamin), MIT; population: GSO 2009 census"
#define LEGOCITY_CREDIT "CTU-SematX LegoCity open data, CC BY-SA 4.0"

/* A parcel of the grid cut by the province outline is kept when at least
 * this share of its square lies inside (smaller slivers are dropped). */
#define PARCEL_MIN_SHARE 0.1
/* Synthetic sites lie at least this far inside the province outline (the
 * census outline is of low resolution). */
#define SITE_INSET_M 300.0

/* The commune type, from the first words of the census name. */
enum { WARD, TOWNSHIP, RURAL, OTHER, N_TYPES };
static const char *const type_class[N_TYPES] = {"urban_ward", "township", "rural_commune", "other"};

typedef struct {
    GEOSGeometry *g; /* working CRS, repaired */
    char *name, *district, *province;
    double population; /* NAN when missing */
    double census_id;
    int type;
} commune;

/* One init: what it read, what it wrote. */
typedef struct {
    gt_context *ctx;
    const gt_init_options *o;
    gt__progress prog;
    const gt_vn2000_preset *preset;
    char name[128]; /* the province as planners write it: "Lạng Sơn" */
    char slug[128]; /* "lang-son", for output names */
    char *members[GT__PROVINCE_MEMBERS_MAX];
    int n_members;
    char *national, *census, *roads, *protected_src;
    char *dir, *tmp;
    OGRSpatialReferenceH work;
    int epsg;
    char crs_yaml[256], crs_note[256];
    commune *c;
    int n_c, n_type[N_TYPES];
    double pop_total, pop_urban;
    GEOSGeometry *boundary, *margin;
    int holes_filled, holes_kept;
    double holes_ha, area_ha;
    int n_roads, n_protected, n_parcels, n_sites[3];
    char *inventory_rel;
} init_run;

/* ------------------------------------------------------------------ */
/* Files and folders                                                    */
/* ------------------------------------------------------------------ */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 1 when the folder has an entry other than . and .., 0 when empty, -1
 * when it cannot be read. */
static int dir_has_entries(const char *p)
{
    DIR *d = opendir(p);
    if (!d)
        return -1;
    struct dirent *e;
    int any = 0;
    while (!any && (e = readdir(d)))
        any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return any;
}

/* rm -rf, without following symbolic links. */
static void remove_tree(const char *p)
{
    struct stat st;
    if (lstat(p, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(p);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *c = gt__asprintf("%s/%s", p, e->d_name);
            if (c)
                remove_tree(c);
            free(c);
        }
        if (d)
            closedir(d);
        rmdir(p);
    } else {
        unlink(p);
    }
}

static int make_dirs(const char *dir)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static gt_status copy_file(gt_context *ctx, const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "cannot open '%s': %s", from, strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return gt__error(ctx, GT_ERR_OUTPUT, "cannot create '%s': %s", to, strerror(errno));
    }
    char buf[65536];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    bool read_ok = !ferror(in);
    int read_errno = errno;
    fclose(in);
    if (fclose(out) != 0)
        ok = false;
    if (!read_ok)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "cannot read '%s': %s", from,
                         strerror(read_errno));
    return ok ? GT_OK : gt__error(ctx, GT_ERR_OUTPUT, "copying '%s' to '%s' failed", from, to);
}

/* The folder of the national sources: --national, or the shipped copy. */
/* An SQL string literal's content: ' doubled. */
static void sql_quote(char *out, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 3 < size; s++) {
        if (*s == '\'')
            out[o++] = '\'';
        out[o++] = *s;
    }
    out[o] = '\0';
}

/* A YAML double-quoted string's content: " and \ escaped. */
static void yaml_quote(char *out, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 3 < size; s++) {
        if (*s == '"' || *s == '\\')
            out[o++] = '\\';
        out[o++] = *s;
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------------ */
/* The province                                                         */
/* ------------------------------------------------------------------ */

static gt_status resolve_province(init_run *r)
{
    const gt_init_options *o = r->o;
    gt__sbuf words = {0};
    for (int i = 0; i < o->n_words - 1; i++)
        gt__sbuf_add(&words, "%s%s", i ? " " : "", o->words[i]);
    if (words.nomem)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    r->preset = gt_vn2000_lookup(r->ctx, words.s);
    if (!r->preset) {
        free(words.s);
        gt__error_prefix(r->ctx, "init");
        return gt_context_status(r->ctx);
    }
    free(words.s);
    snprintf(r->name, sizeof r->name, "%s", r->preset->name);
    char *paren = strstr(r->name, " (2025)");
    if (paren)
        *paren = '\0';
    char folded[128];
    gt__vn2000_fold(r->preset->name, folded, sizeof folded);
    snprintf(r->slug, sizeof r->slug, "%s", folded);
    for (char *p = r->slug; *p; p++)
        if (*p == ' ')
            *p = '-';
    /* The former provinces of a 2025 province, else the province itself. */
    r->n_members = gt__province_members(r->ctx, r->preset, r->members);
    if (r->n_members < 0) {
        r->n_members = 0;
        return GT_ERR_NOMEM;
    }
    return GT_OK;
}

static gt_status working_crs(init_run *r)
{
    const gt_vn2000_preset *p = r->preset;
    char dm[16];
    if (!strcmp(r->o->crs, "utm")) {
        int zone = (int)floor((p->central_meridian_deg + 180.0) / 6.0) + 1;
        r->epsg = 32600 + zone;
        snprintf(r->crs_yaml, sizeof r->crs_yaml, "EPSG:%d", r->epsg);
        snprintf(r->crs_note, sizeof r->crs_note,
                 "WGS 84 / UTM zone %dN, metres (gistool init --crs utm)", zone);
    } else {
        r->epsg = p->epsg;
        snprintf(r->crs_yaml, sizeof r->crs_yaml, "VN-2000 %s", p->name);
        snprintf(r->crs_note, sizeof r->crs_note,
                 "VN-2000 TM-3, central meridian %s, EPSG:%d%s (docs/crs.md)",
                 gt_vn2000_meridian_text(p, dm, sizeof dm), p->epsg,
                 p->verify ? "; meridian to verify for a merged province" : "");
    }
    char code[32];
    snprintf(code, sizeof code, "EPSG:%d", r->epsg);
    r->work = gt__srs_create(r->ctx, code);
    return r->work ? GT_OK : gt_context_status(r->ctx);
}

/* A layer of the national sources, with its CRS in x = easting order. */
static gt_status open_national(init_run *r, const char *path, const char *layer, GDALDatasetH *ds,
                               OGRLayerH *lyr, OGRCoordinateTransformationH *to_work)
{
    *ds = NULL;
    *lyr = NULL;
    *to_work = NULL;
    if (access(path, R_OK) != 0)
        return gt__error(r->ctx, GT_ERR_INPUT_OPEN,
                         "init: national source '%s' not found or not readable (give the folder "
                         "with --national DIR; docs/init.md)",
                         path);
    CPLErrorReset();
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!*ds)
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_OPEN,
                              "init: '%s' is not a vector source GDAL "
                              "can open",
                              path);
    *lyr = GDALDatasetGetLayerByName(*ds, layer);
    if (!*lyr)
        return gt__error(r->ctx, GT_ERR_INPUT_LAYER, "init: '%s' has no layer '%s'", path, layer);
    OGRSpatialReferenceH s = OGR_L_GetSpatialRef(*lyr);
    if (!s)
        return gt__error(r->ctx, GT_ERR_INPUT_CRS, "init: layer '%s' of '%s' has no CRS", layer,
                         path);
    OGRSpatialReferenceH src = OSRClone(s);
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    *to_work = OCTNewCoordinateTransformation(src, r->work);
    OSRDestroySpatialReference(src);
    if (!*to_work)
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_CRS,
                              "init: no transformation from '%s' to the working CRS", path);
    return GT_OK;
}

/* A feature's geometry in the working CRS, repaired; NULL (no error) when
 * it has none or nothing is left of it. */
static gt_status feature_geometry(init_run *r, OGRFeatureH f, OGRCoordinateTransformationH ct,
                                  const char *path, GEOSGeometry **out)
{
    *out = NULL;
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
    if (!og || OGR_G_IsEmpty(og))
        return GT_OK;
    OGRGeometryH g = OGR_G_Clone(og);
    OGR_G_FlattenTo2D(g);
    if (OGR_G_Transform(g, ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(g);
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_CRS,
                              "init: feature %lld of '%s' cannot be transformed to the working "
                              "CRS",
                              (long long)OGR_F_GetFID(f), path);
    }
    int repaired = 0;
    GEOSGeometry *gg = gt__ogr_to_geos(r->ctx, g, &repaired);
    OGR_G_DestroyGeometry(g);
    if (!gg)
        return gt__error(r->ctx, GT_ERR_INPUT_GEOMETRY,
                         "init: feature %lld of '%s': geometry cannot be read or repaired (GEOS: "
                         "%s)",
                         (long long)OGR_F_GetFID(f), path, gt__geos_errmsg(r->ctx));
    if (GEOSisEmpty_r(gt__geos(r->ctx), gg) == 1) {
        GEOSGeom_destroy_r(gt__geos(r->ctx), gg);
        return GT_OK;
    }
    *out = gg;
    return GT_OK;
}

static int commune_type(const char *name)
{
    if (!strncmp(name, "Phường ", strlen("Phường ")))
        return WARD;
    if (!strncmp(name, "Thị trấn ", strlen("Thị trấn ")))
        return TOWNSHIP;
    if (!strncmp(name, "Xã ", strlen("Xã ")))
        return RURAL;
    return OTHER;
}

static char *field_text(gt_context *ctx, OGRFeatureH f, int i)
{
    return gt__strdup(ctx, i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i)
                                                                      : "");
}

static gt_status add_commune(init_run *r, OGRFeatureH f, GEOSGeometry *g, const int *idx)
{
    commune *grown = realloc(r->c, sizeof *grown * (size_t)(r->n_c + 1));
    if (!grown) {
        GEOSGeom_destroy_r(gt__geos(r->ctx), g);
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    }
    r->c = grown;
    commune *c = &r->c[r->n_c++];
    memset(c, 0, sizeof *c);
    c->g = g;
    c->name = field_text(r->ctx, f, idx[0]);
    c->district = field_text(r->ctx, f, idx[1]);
    c->province = field_text(r->ctx, f, idx[2]);
    c->population = idx[3] >= 0 && OGR_F_IsFieldSetAndNotNull(f, idx[3])
                        ? OGR_F_GetFieldAsDouble(f, idx[3])
                        : NAN;
    c->census_id = idx[4] >= 0 ? OGR_F_GetFieldAsDouble(f, idx[4]) : NAN;
    if (!c->name || !c->district || !c->province)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    c->type = commune_type(c->name);
    r->n_type[c->type]++;
    if (!isnan(c->population)) {
        r->pop_total += c->population;
        if (c->type == WARD || c->type == TOWNSHIP)
            r->pop_urban += c->population;
    }
    return GT_OK;
}

static gt_status read_communes(init_run *r)
{
    GDALDatasetH ds;
    OGRLayerH l;
    OGRCoordinateTransformationH ct;
    char *names[GT__PROVINCE_MEMBERS_MAX] = {0};
    gt_status st = open_national(r, r->census, GT__CENSUS_LAYER, &ds, &l, &ct);
    if (!st)
        st = gt__census_names(r->ctx, "init", ds, r->census, r->members, r->n_members, names);
    if (!st) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        const char *fields[] = {"commune_vn", "district_vn", "province_vn", "population",
                                "commune_id"};
        int idx[5];
        for (int k = 0; k < 5; k++)
            idx[k] = OGR_FD_GetFieldIndex(d, fields[k]);
        if (idx[0] < 0 || idx[3] < 0)
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD,
                           "init: layer '%s' of '%s' needs the fields commune_vn and population",
                           GT__CENSUS_LAYER, r->census);
        for (int m = 0; !st && m < r->n_members; m++) {
            char q[256], where[300];
            sql_quote(q, sizeof q, names[m]);
            snprintf(where, sizeof where, "province_vn = '%s'", q);
            OGR_L_SetAttributeFilter(l, where);
            OGR_L_ResetReading(l);
            OGRFeatureH f;
            while (!st && (f = OGR_L_GetNextFeature(l))) {
                GEOSGeometry *g;
                st = feature_geometry(r, f, ct, r->census, &g);
                if (!st && g)
                    st = add_commune(r, f, g, idx);
                OGR_F_Destroy(f);
            }
        }
    }
    for (int m = 0; m < GT__PROVINCE_MEMBERS_MAX; m++)
        free(names[m]);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (ds)
        GDALClose(ds);
    if (!st && r->n_c == 0)
        st = gt__error(r->ctx, GT_ERR_INPUT_EXTENT, "init: no commune of %s has a geometry in '%s'",
                       r->name, r->census);
    if (!st)
        gt__log(r->ctx, GT_LOG_INFO,
                "init: %s: %d communes (%d wards, %d townships, %d rural), population %.0f (2009)",
                r->name, r->n_c, r->n_type[WARD], r->n_type[TOWNSHIP], r->n_type[RURAL],
                r->pop_total);
    return st;
}

/* Points inside the communes of other provinces near the province: a hole
 * of the union that holds one is an enclave, not a gap between communes. */
static gt_status enclave_points(init_run *r, const GEOSGeometry *area, GEOSGeometry ***pts, int *n)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    *pts = NULL;
    *n = 0;
    GDALDatasetH ds;
    OGRLayerH l;
    OGRCoordinateTransformationH ct;
    gt_status st = open_national(r, r->census, GT__CENSUS_LAYER, &ds, &l, &ct);
    OGRCoordinateTransformationH back = NULL;
    if (!st) {
        double x0, y0, x1, y1, b[4];
        GEOSGeom_getXMin_r(h, area, &x0);
        GEOSGeom_getYMin_r(h, area, &y0);
        GEOSGeom_getXMax_r(h, area, &x1);
        GEOSGeom_getYMax_r(h, area, &y1);
        back = OCTNewCoordinateTransformation(r->work, OCTGetSourceCS(ct));
        if (!back || !OCTTransformBounds(back, x0, y0, x1, y1, &b[0], &b[1], &b[2], &b[3], 21))
            st = gt__gdal_error(r->ctx, GT_ERR_INPUT_CRS,
                                "init: the province's extent cannot be transformed");
        else
            OGR_L_SetSpatialFilterRect(l, b[0], b[1], b[2], b[3]);
    }
    /* the census spellings of the province's own communes */
    gt__sbuf where = {0};
    gt__sbuf_add(&where, "province_vn NOT IN (");
    for (int i = 0, shown = 0; i < r->n_c; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = !strcmp(r->c[i].province, r->c[j].province);
        if (seen)
            continue;
        char q[256];
        sql_quote(q, sizeof q, r->c[i].province);
        gt__sbuf_add(&where, "%s'%s'", shown++ ? ", " : "", q);
    }
    gt__sbuf_add(&where, ")");
    if (!st && !where.nomem)
        OGR_L_SetAttributeFilter(l, where.s);
    OGRFeatureH f;
    int cap = 0;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        GEOSGeometry *g;
        st = feature_geometry(r, f, ct, r->census, &g);
        OGR_F_Destroy(f);
        if (st || !g)
            continue;
        GEOSGeometry *p = GEOSPointOnSurface_r(h, g);
        GEOSGeom_destroy_r(h, g);
        if (!p) {
            st = GT_GEOS_FAIL(r->ctx, "point on surface");
            break;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            GEOSGeometry **grown = realloc(*pts, sizeof *grown * (size_t)cap);
            if (!grown) {
                GEOSGeom_destroy_r(h, p);
                st = gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
                break;
            }
            *pts = grown;
        }
        (*pts)[(*n)++] = p;
    }
    free(where.s);
    if (back)
        OCTDestroyCoordinateTransformation(back);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (ds)
        GDALClose(ds);
    return st;
}

/* One polygon with every interior ring filled except those holding an
 * enclave point. */
static GEOSGeometry *fill_polygon(init_run *r, const GEOSGeometry *poly, GEOSGeometry *const *pts,
                                  int n_pts)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    int nh = GEOSGetNumInteriorRings_r(h, poly);
    GEOSGeometry *shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, poly));
    GEOSGeometry **kept = calloc((size_t)(nh > 0 ? nh : 1), sizeof *kept);
    int nk = 0;
    if (!shell || !kept) {
        if (shell)
            GEOSGeom_destroy_r(h, shell);
        free(kept);
        return NULL;
    }
    for (int k = 0; k < nh; k++) {
        const GEOSGeometry *ring = GEOSGetInteriorRingN_r(h, poly, k);
        GEOSGeometry *hole = GEOSGeom_createPolygon_r(h, GEOSGeom_clone_r(h, ring), NULL, 0);
        bool enclave = false;
        double a = 0;
        if (hole) {
            const GEOSPreparedGeometry *ph = GEOSPrepare_r(h, hole);
            for (int i = 0; ph && !enclave && i < n_pts; i++)
                enclave = GEOSPreparedContains_r(h, ph, pts[i]) == 1;
            if (ph)
                GEOSPreparedGeom_destroy_r(h, ph);
            GEOSArea_r(h, hole, &a);
            GEOSGeom_destroy_r(h, hole);
        }
        if (enclave) {
            kept[nk++] = GEOSGeom_clone_r(h, ring);
            r->holes_kept++;
        } else {
            r->holes_filled++;
            r->holes_ha += a / 1e4;
        }
    }
    GEOSGeometry *out = GEOSGeom_createPolygon_r(h, shell, kept, (unsigned)nk);
    free(kept);
    return out;
}

/* The province: the union of its communes, interior holes filled. */
static gt_status make_boundary(init_run *r)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)r->n_c);
    if (!parts)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    for (int i = 0; i < r->n_c; i++)
        parts[i] = GEOSGeom_clone_r(h, r->c[i].g);
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)r->n_c);
    free(parts);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    if (!u)
        return GT_GEOS_FAIL(r->ctx, "union of the communes");
    int np = GEOSGetNumGeometries_r(h, u), holes = 0;
    if (np < 1) {
        GEOSGeom_destroy_r(h, u);
        return gt__error(r->ctx, GT_ERR_INPUT_GEOMETRY, "init: the communes of %s have no area",
                         r->name);
    }
    for (int i = 0; i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, u, i);
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON)
            holes += GEOSGetNumInteriorRings_r(h, p);
    }
    GEOSGeometry **pts = NULL;
    int n_pts = 0;
    gt_status st = holes ? enclave_points(r, u, &pts, &n_pts) : GT_OK;
    GEOSGeometry **polys = st ? NULL : calloc((size_t)np, sizeof *polys);
    int n_polys = 0;
    for (int i = 0; polys && i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, u, i);
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON)
            continue;
        if (!(polys[n_polys] = fill_polygon(r, p, pts, n_pts))) {
            st = GT_GEOS_FAIL(r->ctx, "filling holes");
            break;
        }
        n_polys++;
    }
    if (!st && !polys)
        st = gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    if (!st) {
        r->boundary = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)n_polys);
        if (!r->boundary)
            st = GT_GEOS_FAIL(r->ctx, "province outline");
        n_polys = 0;
    }
    for (int i = 0; i < n_polys; i++)
        GEOSGeom_destroy_r(h, polys[i]);
    free(polys);
    for (int i = 0; i < n_pts; i++)
        GEOSGeom_destroy_r(h, pts[i]);
    free(pts);
    GEOSGeom_destroy_r(h, u);
    if (st)
        return st;
    GEOSArea_r(h, r->boundary, &r->area_ha);
    r->area_ha /= 1e4;
    r->margin = r->o->margin_m > 0 ? GEOSBuffer_r(h, r->boundary, r->o->margin_m, 8)
                                   : GEOSGeom_clone_r(h, r->boundary);
    if (!r->margin)
        return GT_GEOS_FAIL(r->ctx, "margin buffer");
    gt__log(r->ctx, GT_LOG_INFO,
            "init: province outline %.0f ha; %d interior hole%s filled (%.1f ha), %d enclave%s "
            "kept",
            r->area_ha, r->holes_filled, r->holes_filled == 1 ? "" : "s", r->holes_ha,
            r->holes_kept, r->holes_kept == 1 ? "" : "s");
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* Writing layers                                                       */
/* ------------------------------------------------------------------ */

static GDALDatasetH gpkg_create(init_run *r, const char *rel)
{
    char *p = gt__asprintf("%s/%s", r->tmp, rel);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    CPLErrorReset();
    GDALDatasetH ds = p && drv ? GDALCreate(drv, p, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ds)
        gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: cannot create '%s'", p ? p : rel);
    free(p);
    return ds;
}

static gt_status gpkg_close(init_run *r, GDALDatasetH ds, const char *rel)
{
    CPLErrorReset();
    GDALClose(ds);
    if (CPLGetLastErrorType() >= CE_Failure)
        return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing '%s' failed", rel);
    return GT_OK;
}

/* Vietnamese titles and English descriptions of the fields, written to
 * gpkg_data_columns so that QGIS shows the titles as aliases. */
static const gt__field_doc province_docs[] = {
    {"name", "Tên tỉnh", "province name"},
    {"gso_code", "Mã tỉnh (TCTK)", "GSO code (none for a 2025 province)"},
    {"former", "Các tỉnh cũ", "former provinces joined in 2025"},
    {"n_communes", "Số xã", "census communes in the union"},
    {"population_2009", "Dân số 2009", "2009 census population of the communes"},
    {"area_ha", "Diện tích (ha)", "area of the outline in the working CRS, hectares"},
    {"holes_filled", "Số lỗ hổng đã lấp", "interior holes between communes filled"},
    {"holes_filled_ha", "Diện tích lỗ hổng đã lấp (ha)", "area of the holes filled, hectares"},
    {"derived", "Dữ liệu dẫn xuất", "how the outline was derived"}};
static const gt__field_doc commune_docs[] = {
    {"commune", "Xã, phường, thị trấn", "commune name (2009 census)"},
    {"district", "Huyện", "district name"},
    {"province", "Tỉnh", "province name before 2025"},
    {"census_id", "Mã điều tra dân số", "census id of the commune (not the GSO code)"},
    {"population", "Dân số 2009", "2009 census population"},
    {"commune_type", "Loại đơn vị (dẫn xuất)",
     "derived from the name: urban_ward, township, "
     "rural_commune, other"}};
static const gt__field_doc landuse_docs[] = {
    {"class", "Loại sử dụng đất (dẫn xuất)", "derived class from the commune type"},
    {"commune", "Xã, phường, thị trấn", "commune the polygon is"},
    {"derived", "Dữ liệu dẫn xuất", "how the class was derived"}};
static const gt__field_doc road_docs[] = {{"ten", "Tên đường", "road name"},
                                          {"loai_duong", "Loại đường", "road type"},
                                          {"cap_duong", "Cấp đường", "road level"},
                                          {"ma", "Mã", "code in the source"}};
static const gt__field_doc protected_docs[] = {{"Ten", "Tên khu", "name"},
                                               {"Kieu_BT", "Loại bảo tồn", "designation"}};
static const gt__field_doc grid_docs[] = {
    {"parcel_id", "Mã thửa (lưới)", "grid cell id, row-column"},
    {"grid_row", "Hàng", "grid row from the north"},
    {"grid_col", "Cột", "grid column from the west"},
    {"area_ha", "Diện tích (ha)", "area inside the province, hectares"},
    {"clipped", "Bị cắt bởi ranh giới (0/1)", "1 when the square is cut by the outline"},
    {"synthetic", "Dữ liệu giả lập", "what the parcel is"}};

static gt_status document(init_run *r, GDALDatasetH ds, const char *table,
                          const gt__field_doc *docs, int n)
{
    gt_status st = gt__gpkg_data_columns(r->ctx, ds, table, docs, n);
    if (st)
        gt__error_prefix(r->ctx, "init: field titles of '%s'", table);
    return st;
}

/* A geometry of the layer's kind as OGR, made multi. */
static gt_status put_geometry(init_run *r, OGRLayerH l, OGRFeatureH f, const GEOSGeometry *g,
                              int dim)
{
    OGRGeometryH og = gt__geos_to_ogr(r->ctx, g);
    if (!og)
        return gt_context_status(r->ctx);
    if (dim == 2)
        og = OGR_G_ForceToMultiPolygon(og);
    else if (dim == 1)
        og = OGR_G_ForceToMultiLineString(og);
    OGR_F_SetGeometryDirectly(f, og);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        return gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing a feature of '%s' failed",
                              OGR_L_GetName(l));
    return GT_OK;
}

/* The parts of g of dimension `dim` (an intersection may add points or
 * lines where polygons touch); NULL when there are none. */
static GEOSGeometry *parts_of_dim(init_run *r, GEOSGeometry *g, int dim)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    int n = GEOSGetNumGeometries_r(h, g), keep = 0;
    GEOSGeometry **parts = calloc((size_t)(n > 0 ? n : 1), sizeof *parts);
    if (!parts)
        return NULL;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSisEmpty_r(h, p) != 1 && GEOSGeom_getDimensions_r(h, p) == dim)
            parts[keep++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeometry *out =
        keep ? GEOSGeom_createCollection_r(h, dim == 2 ? GEOS_MULTIPOLYGON : GEOS_MULTILINESTRING,
                                           parts, (unsigned)keep)
             : NULL;
    free(parts);
    return out;
}

static gt_status write_province(init_run *r)
{
    GDALDatasetH ds = gpkg_create(r, "data/province.gpkg");
    if (!ds)
        return gt_context_status(r->ctx);
    OGRLayerH l = gt__out_layer(r->ctx, ds, GT__TABLE_INIT_PROVINCE, r->work, wkbMultiPolygon,
                                "derived: union of the 2009 census communes, interior holes "
                                "filled (gistool init)");
    const char *names[] = {"name",         "gso_code",        "former",
                           "n_communes",   "population_2009", "area_ha",
                           "holes_filled", "holes_filled_ha", "derived"};
    const OGRFieldType types[] = {OFTString, OFTString,  OFTString, OFTInteger, OFTReal,
                                  OFTReal,   OFTInteger, OFTReal,   OFTString};
    gt_status st = l && gt__out_fields(l, names, types, 9)
                       ? GT_OK
                       : gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: province layer");
    if (!st) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, r->name);
        OGR_F_SetFieldString(f, 1, r->preset->gso_code);
        if (r->preset->former)
            OGR_F_SetFieldString(f, 2, r->preset->former);
        OGR_F_SetFieldInteger(f, 3, r->n_c);
        OGR_F_SetFieldDouble(f, 4, r->pop_total);
        OGR_F_SetFieldDouble(f, 5, r->area_ha);
        OGR_F_SetFieldInteger(f, 6, r->holes_filled);
        OGR_F_SetFieldDouble(f, 7, r->holes_ha);
        OGR_F_SetFieldString(f, 8, "derived: union of the census communes, holes filled");
        st = put_geometry(r, l, f, r->boundary, 2);
        OGR_F_Destroy(f);
    }
    if (!st)
        st = document(r, ds, GT__TABLE_INIT_PROVINCE, province_docs, 9);
    gt_status cst = gpkg_close(r, ds, "data/province.gpkg");
    return st ? st : cst;
}

/* Communes (real, with their derived type) and land use (derived). */
static gt_status write_communes(init_run *r, bool landuse)
{
    const char *rel = landuse ? "data/landuse.gpkg" : "data/communes.gpkg";
    GDALDatasetH ds = gpkg_create(r, rel);
    if (!ds)
        return gt_context_status(r->ctx);
    OGRLayerH l =
        landuse ? gt__out_layer(r->ctx, ds, GT__TABLE_INIT_LANDUSE, r->work, wkbMultiPolygon,
                                "derived: land-use class of each commune from its type in the "
                                "2009 census (gistool init)")
                : gt__out_layer(r->ctx, ds, GT__TABLE_INIT_COMMUNES, r->work, wkbMultiPolygon,
                                "real: communes with 2009 census population (" CENSUS_CREDIT ")");
    static const char *const cnames[] = {"commune",   "district",   "province",
                                         "census_id", "population", "commune_type"};
    static const OGRFieldType ctypes[] = {OFTString, OFTString, OFTString,
                                          OFTReal,   OFTReal,   OFTString};
    static const char *const lnames[] = {"class", "commune", "derived"};
    static const OGRFieldType ltypes[] = {OFTString, OFTString, OFTString};
    bool ok = l && (landuse ? gt__out_fields(l, lnames, ltypes, 3)
                            : gt__out_fields(l, cnames, ctypes, 6));
    gt_status st = ok ? GT_OK : gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: layer of '%s'", rel);
    if (!st && OGR_L_StartTransaction(l) != OGRERR_NONE)
        st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing '%s' failed", rel);
    for (int i = 0; !st && i < r->n_c; i++) {
        const commune *c = &r->c[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (landuse) {
            OGR_F_SetFieldString(f, 0, type_class[c->type]);
            OGR_F_SetFieldString(f, 1, c->name);
            OGR_F_SetFieldString(f, 2,
                                 "derived: commune type (Phường, Thị trấn, Xã) in the "
                                 "2009 census name");
        } else {
            OGR_F_SetFieldString(f, 0, c->name);
            OGR_F_SetFieldString(f, 1, c->district);
            OGR_F_SetFieldString(f, 2, c->province);
            gt__set_real(f, 3, c->census_id);
            gt__set_real(f, 4, c->population);
            OGR_F_SetFieldString(f, 5, type_class[c->type]);
        }
        st = put_geometry(r, l, f, c->g, 2);
        OGR_F_Destroy(f);
    }
    if (!st && OGR_L_CommitTransaction(l) != OGRERR_NONE)
        st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing '%s' failed", rel);
    if (!st)
        st = landuse ? document(r, ds, GT__TABLE_INIT_LANDUSE, landuse_docs, 3)
                     : document(r, ds, GT__TABLE_INIT_COMMUNES, commune_docs, 6);
    gt_status cst = gpkg_close(r, ds, rel);
    return st ? st : cst;
}

/* A national layer clipped to the province and its margin; the file is
 * removed when nothing is left (the scenarios then leave the layer out). */
/* Not split: one read-clip-write loop over a layer, whose resources are
 * released together at the end. */
static gt_status clip_layer(init_run *r, const char *src, const char *src_layer, const char *rel,
                            const char *out_layer, const char *description,
                            const char *const *fields, int nfields, int dim, int *n_out)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    *n_out = 0;
    GDALDatasetH in, ds = NULL;
    OGRLayerH l, out = NULL;
    OGRCoordinateTransformationH ct, back = NULL;
    const GEOSPreparedGeometry *pm = NULL;
    gt_status st = open_national(r, src, src_layer, &in, &l, &ct);
    int idx[8];
    for (int k = 0; !st && k < nfields; k++)
        if ((idx[k] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), fields[k])) < 0)
            st = gt__error(r->ctx, GT_ERR_INPUT_FIELD, "init: layer '%s' of '%s' has no field '%s'",
                           src_layer, src, fields[k]);
    if (!st) {
        double x0, y0, x1, y1, b[4];
        GEOSGeom_getXMin_r(h, r->margin, &x0);
        GEOSGeom_getYMin_r(h, r->margin, &y0);
        GEOSGeom_getXMax_r(h, r->margin, &x1);
        GEOSGeom_getYMax_r(h, r->margin, &y1);
        back = OCTNewCoordinateTransformation(r->work, OCTGetSourceCS(ct));
        if (back && OCTTransformBounds(back, x0, y0, x1, y1, &b[0], &b[1], &b[2], &b[3], 21))
            OGR_L_SetSpatialFilterRect(l, b[0], b[1], b[2], b[3]);
        pm = GEOSPrepare_r(h, r->margin);
        if (!pm)
            st = GT_GEOS_FAIL(r->ctx, "prepare the margin");
    }
    if (!st && !(ds = gpkg_create(r, rel)))
        st = gt_context_status(r->ctx);
    if (!st) {
        out = gt__out_layer(r->ctx, ds, out_layer, r->work,
                            dim == 2 ? wkbMultiPolygon : wkbMultiLineString, description);
        bool ok = out != NULL;
        for (int k = 0; ok && k < nfields; k++)
            ok = gt__out_field(out, fields[k], OFTString);
        if (!ok)
            st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: layer of '%s'", rel);
    }
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        GEOSGeometry *g = NULL, *cut = NULL, *part = NULL;
        st = feature_geometry(r, f, ct, src, &g);
        if (!st && g && GEOSPreparedIntersects_r(h, pm, g) == 1) {
            cut = GEOSIntersection_r(h, g, r->margin);
            if (!cut)
                st = GT_GEOS_FAIL(r->ctx, "clip to the margin");
            else
                part = parts_of_dim(r, cut, dim);
        }
        if (part) {
            OGRFeatureH o = OGR_F_Create(OGR_L_GetLayerDefn(out));
            for (int k = 0; k < nfields; k++)
                if (OGR_F_IsFieldSetAndNotNull(f, idx[k]))
                    OGR_F_SetFieldString(o, k, OGR_F_GetFieldAsString(f, idx[k]));
            st = put_geometry(r, out, o, part, dim);
            OGR_F_Destroy(o);
            (*n_out)++;
        }
        if (g)
            GEOSGeom_destroy_r(h, g);
        if (cut)
            GEOSGeom_destroy_r(h, cut);
        if (part)
            GEOSGeom_destroy_r(h, part);
        OGR_F_Destroy(f);
    }
    if (!st && ds && *n_out)
        st = document(r, ds, out_layer, dim == 2 ? protected_docs : road_docs, nfields);
    if (ds) {
        gt_status cst = gpkg_close(r, ds, rel);
        st = st ? st : cst;
    }
    if (!st && *n_out == 0) {
        char *p = gt__asprintf("%s/%s", r->tmp, rel);
        if (p)
            unlink(p);
        free(p);
    }
    if (pm)
        GEOSPreparedGeom_destroy_r(h, pm);
    if (back)
        OCTDestroyCoordinateTransformation(back);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (in)
        GDALClose(in);
    return st;
}

/* Candidate parcels: squares of --parcel-size on a grid aligned to
 * multiples of the size in the working CRS, clipped to the province; a cut
 * square is kept when PARCEL_MIN_SHARE of it lies inside. */
/* Not split: the grid loop and the layer it writes share their state. */
static gt_status write_grid(init_run *r)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    const double s = r->o->parcel_size_m;
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(h, r->boundary, &x0);
    GEOSGeom_getYMin_r(h, r->boundary, &y0);
    GEOSGeom_getXMax_r(h, r->boundary, &x1);
    GEOSGeom_getYMax_r(h, r->boundary, &y1);
    x0 = floor(x0 / s) * s;
    y1 = ceil(y1 / s) * s;
    int nx = (int)ceil((x1 - x0) / s), ny = (int)ceil((y1 - y0) / s);
    if ((double)nx * ny > 4e6)
        return gt__error(r->ctx, GT_ERR_USAGE,
                         "init: --parcel-size %g m gives %.0f grid cells over %s; choose a larger "
                         "size",
                         s, (double)nx * ny, r->name);
    GDALDatasetH ds = gpkg_create(r, "data/parcels.gpkg");
    if (!ds)
        return gt_context_status(r->ctx);
    char desc[256];
    snprintf(desc, sizeof desc,
             "synthetic: a %g m grid of candidate parcels clipped to the province (gistool init)",
             s);
    OGRLayerH l = gt__out_layer(r->ctx, ds, GT__TABLE_PARCELS, r->work, wkbMultiPolygon, desc);
    const char *names[] = {"parcel_id", "grid_row", "grid_col", "area_ha", "clipped", "synthetic"};
    const OGRFieldType types[] = {OFTString, OFTInteger, OFTInteger,
                                  OFTReal,   OFTInteger, OFTString};
    const GEOSPreparedGeometry *pb = GEOSPrepare_r(h, r->boundary);
    gt_status st = l && gt__out_fields(l, names, types, 6) && pb
                       ? GT_OK
                       : gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: parcels layer");
    if (!st && OGR_L_StartTransaction(l) != OGRERR_NONE)
        st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing the parcels failed");
    for (int row = 0; !st && row < ny; row++) {
        for (int col = 0; !st && col < nx; col++) {
            double cx = x0 + col * s, cy = y1 - (row + 1) * s;
            GEOSGeometry *sq = GEOSGeom_createRectangle_r(h, cx, cy, cx + s, cy + s), *keep = NULL;
            if (!sq) {
                st = GT_GEOS_FAIL(r->ctx, "grid square");
                break;
            }
            int clipped = 0;
            if (GEOSPreparedContains_r(h, pb, sq) == 1) {
                keep = sq;
                sq = NULL;
            } else if (GEOSPreparedIntersects_r(h, pb, sq) == 1) {
                GEOSGeometry *cut = GEOSIntersection_r(h, sq, r->boundary);
                double a = 0;
                keep = cut ? parts_of_dim(r, cut, 2) : NULL;
                if (cut)
                    GEOSGeom_destroy_r(h, cut);
                if (keep && (GEOSArea_r(h, keep, &a) != 1 || a < PARCEL_MIN_SHARE * s * s)) {
                    GEOSGeom_destroy_r(h, keep);
                    keep = NULL;
                }
                clipped = 1;
            }
            if (sq)
                GEOSGeom_destroy_r(h, sq);
            if (!keep)
                continue;
            double a = 0;
            GEOSArea_r(h, keep, &a);
            char id[32];
            snprintf(id, sizeof id, "G%03d-%03d", row, col);
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldString(f, 0, id);
            OGR_F_SetFieldInteger(f, 1, row);
            OGR_F_SetFieldInteger(f, 2, col);
            OGR_F_SetFieldDouble(f, 3, round(a / 1e2) / 1e2);
            OGR_F_SetFieldInteger(f, 4, clipped);
            OGR_F_SetFieldString(f, 5, "synthetic: grid cell, not a cadastral parcel");
            st = put_geometry(r, l, f, keep, 2);
            OGR_F_Destroy(f);
            GEOSGeom_destroy_r(h, keep);
            r->n_parcels++;
        }
    }
    if (!st && OGR_L_CommitTransaction(l) != OGRERR_NONE)
        st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: writing the parcels failed");
    if (!st)
        st = document(r, ds, GT__TABLE_PARCELS, grid_docs, 6);
    if (pb)
        GEOSPreparedGeom_destroy_r(h, pb);
    gt_status cst = gpkg_close(r, ds, "data/parcels.gpkg");
    if (!st && !cst && r->n_parcels == 0)
        st = gt__error(r->ctx, GT_ERR_INPUT_EXTENT, "init: no grid parcel lies in %s", r->name);
    return st ? st : cst;
}

/* --parcels FILE: the user's layer in the working CRS as data/parcels.gpkg. */
static gt_status copy_parcels(init_run *r)
{
    char *dst = gt__asprintf("%s/data/parcels.gpkg", r->tmp);
    char srs[32];
    snprintf(srs, sizeof srs, "EPSG:%d", r->epsg);
    char *argv[] = {
        "-f",         "GPKG", "-t_srs", srs, "-nln", GT__TABLE_PARCELS, "-nlt", "PROMOTE_TO_MULTI",
        "-makevalid", NULL};
    CPLErrorReset();
    GDALDatasetH src =
        GDALOpenEx(r->o->parcels, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!src || !dst) {
        free(dst);
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_OPEN,
                              "init: --parcels '%s' is not a vector source GDAL can open",
                              r->o->parcels);
    }
    if (GDALDatasetGetLayerCount(src) != 1) {
        GDALClose(src);
        free(dst);
        return gt__error(r->ctx, GT_ERR_INPUT_LAYER,
                         "init: --parcels '%s' has %d layers; give a file with one layer",
                         r->o->parcels, GDALDatasetGetLayerCount(src));
    }
    GDALVectorTranslateOptions *opt = GDALVectorTranslateOptionsNew(argv, NULL);
    int err = 0;
    GDALDatasetH out = opt ? GDALVectorTranslate(dst, NULL, 1, &src, opt, &err) : NULL;
    GDALVectorTranslateOptionsFree(opt);
    gt_status st = GT_OK;
    if (!out || err)
        st = gt__gdal_error(r->ctx, GT_ERR_INPUT_GEOMETRY,
                            "init: --parcels '%s' cannot be copied into the working CRS",
                            r->o->parcels);
    if (out) {
        r->n_parcels = (int)OGR_L_GetFeatureCount(GDALDatasetGetLayer(out, 0), TRUE);
        GDALClose(out);
    }
    /* validation: a folder whose parcels `gistool site` refuses (lines,
     * points, none at all) was written with exit 0 as ready to run */
    OGRwkbGeometryType t = wkbFlatten(OGR_L_GetGeomType(GDALDatasetGetLayer(src, 0)));
    if (!st && t != wkbUnknown && t != wkbPolygon && t != wkbMultiPolygon &&
        t != wkbCurvePolygon && t != wkbMultiSurface)
        st = gt__error(r->ctx, GT_ERR_INPUT_GEOMETRY,
                       "init: --parcels '%s': parcels must be polygons (its layer holds %s)",
                       r->o->parcels, OGRGeometryTypeToName(t));
    else if (!st && r->n_parcels == 0)
        st = gt__error(r->ctx, GT_ERR_INPUT_EXTENT, "init: --parcels '%s' has no features",
                       r->o->parcels);
    GDALClose(src);
    free(dst);
    return st;
}

/* ------------------------------------------------------------------ */
/* The landfill inventory                                               */
/* ------------------------------------------------------------------ */

static const char *pick(gt__rng *rng, const char *const *v, const double *w, int n)
{
    double x = gt__rng_uniform(rng), acc = 0;
    for (int i = 0; i < n; i++)
        if (x < (acc += w[i]))
            return v[i];
    return v[n - 1];
}

static double uniform(gt__rng *rng, double a, double b)
{
    return a + (b - a) * gt__rng_uniform(rng);
}

static int randint(gt__rng *rng, int a, int b)
{
    return a + (int)floor(gt__rng_uniform(rng) * (b - a + 1));
}

/* A random point inside commune c and inside the inset outline; NULL
 * after 5000 tries. */
static GEOSGeometry *point_in(init_run *r, gt__rng *rng, const commune *c,
                              const GEOSPreparedGeometry *inset)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(h, c->g, &x0);
    GEOSGeom_getYMin_r(h, c->g, &y0);
    GEOSGeom_getXMax_r(h, c->g, &x1);
    GEOSGeom_getYMax_r(h, c->g, &y1);
    const GEOSPreparedGeometry *pc = GEOSPrepare_r(h, c->g);
    GEOSGeometry *found = NULL;
    for (int k = 0; pc && !found && k < 5000; k++) {
        GEOSGeometry *p =
            GEOSGeom_createPointFromXY_r(h, uniform(rng, x0, x1), uniform(rng, y0, y1));
        if (p && GEOSPreparedContains_r(h, pc, p) == 1 && GEOSPreparedContains_r(h, inset, p) == 1)
            found = p;
        else if (p)
            GEOSGeom_destroy_r(h, p);
    }
    if (pc)
        GEOSPreparedGeom_destroy_r(h, pc);
    return found;
}

/* The attributes of one synthetic site of `kind` (0 communal landfill, 1
 * dump, 2 sanitary landfill), drawn with the shares of the Ninh Bình
 * example's generator: communal landfills 0.2-4 ha, fill 2-6 m, operated
 * 5-30 years, operating 60 %, closed 25 %, remediating 5 %, remediated
 * 10 %; waste household 70 %, mixed 25 %, industrial 5 %; liner 10 %;
 * cover none 50 %, partial 35 %, full 15 %; leachate seen 40 %, burning
 * 30 %. Dumps 100-3000 m3, operating 80 %; burning seen 50 %. Sanitary
 * landfills 8-15 ha, lined and covered. */
typedef struct {
    double area, vol;
    const char *status, *waste, *liner, *cover, *leach, *burn;
    int years, status_year;
} site_attrs;

static void draw_attributes(gt__rng *rng, int kind, site_attrs *a)
{
    memset(a, 0, sizeof *a);
    if (kind == 0) {
        static const char *const st4[] = {"operating", "closed", "remediating", "remediated"};
        static const double w4[] = {.6, .25, .05, .10};
        static const char *const wt[] = {"household", "mixed", "industrial"};
        static const double ww[] = {.7, .25, .05};
        static const char *const cv[] = {"none", "partial", "full"};
        static const double wc[] = {.5, .35, .15};
        static const char *const yn[] = {"yes", "no"};
        static const double w10[] = {.1, .9}, w40[] = {.4, .6}, w30[] = {.3, .7};
        a->area = uniform(rng, 0.2, 4.0);
        a->status = pick(rng, st4, w4, 4);
        a->vol = round(a->area * 1e4 * uniform(rng, 2, 6) / 100) * 100;
        a->years = randint(rng, 5, 30);
        a->waste = pick(rng, wt, ww, 3);
        a->liner = pick(rng, yn, w10, 2);
        a->cover = pick(rng, cv, wc, 3);
        a->leach = pick(rng, yn, w40, 2);
        a->burn = pick(rng, yn, w30, 2);
        if (!strcmp(a->status, "closed"))
            a->status_year = randint(rng, 2019, 2025);
        else if (!strcmp(a->status, "remediated"))
            a->status_year = randint(rng, 2023, 2025);
    } else if (kind == 1) {
        static const char *const st2[] = {"operating", "closed"};
        static const double w2[] = {.8, .2};
        static const char *const wt[] = {"household", "mixed"};
        static const double ww[] = {.6, .4};
        static const char *const yn[] = {"yes", "no"};
        static const double w30[] = {.3, .7}, w50[] = {.5, .5};
        a->status = pick(rng, st2, w2, 2);
        a->vol = round(uniform(rng, 100, 3000) / 10) * 10;
        a->area = a->vol / 1.5 / 1e4;
        a->years = randint(rng, 1, 10);
        a->waste = pick(rng, wt, ww, 2);
        a->liner = "no";
        a->cover = "none";
        a->leach = pick(rng, yn, w30, 2);
        a->burn = pick(rng, yn, w50, 2);
        if (!strcmp(a->status, "closed"))
            a->status_year = randint(rng, 2022, 2025);
    } else {
        a->area = uniform(rng, 8, 15);
        a->vol = round(a->area * 1e4 * 8 / 1000) * 1000;
        a->status = "operating";
        a->years = randint(rng, 3, 12);
        a->waste = "household";
        a->liner = "yes";
        a->cover = "full";
        a->leach = "no";
        a->burn = "no";
    }
}

/* The synthetic inventory: sites at random points of random rural communes
 * (300 m inside the outline), attributes drawn from the shares below (the
 * same as the Ninh Bình example's generator), about 10 % of each attribute
 * left empty as in real inventories. One communal landfill per 10 rural
 * communes (at least 5), one dump per 35 (at least 2), 2 sanitary
 * landfills: a local planning assumption, not a count. */
/* Not split: one loop placing the sites; their attributes are drawn by
 * draw_attributes(). */
static gt_status write_inventory(init_run *r)
{
    GEOSContextHandle_t h = gt__geos(r->ctx);
    int *rural = malloc(sizeof *rural * (size_t)r->n_c), n_rural = 0;
    if (!rural)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    for (int i = 0; i < r->n_c; i++)
        if (r->c[i].type == RURAL || (r->n_type[RURAL] == 0 && r->c[i].type != WARD))
            rural[n_rural++] = i;
    GEOSGeometry *inset = GEOSBuffer_r(h, r->boundary, -SITE_INSET_M, 8);
    const GEOSPreparedGeometry *pi = inset ? GEOSPrepare_r(h, inset) : NULL;
    GDALDatasetH ds = n_rural && pi ? gpkg_create(r, "data/landfills.gpkg") : NULL;
    gt_status st = GT_OK;
    if (!n_rural)
        st = gt__error(r->ctx, GT_ERR_INPUT_EXTENT,
                       "init: %s has no rural commune to place the "
                       "synthetic inventory in",
                       r->name);
    else if (!pi)
        st = GT_GEOS_FAIL(r->ctx, "inset outline");
    else if (!ds)
        st = gt_context_status(r->ctx);
    static const char *const names[] = {
        "site_id",   "name",           "commune",    "type",  "status", "status_year", "area_ha",
        "volume_m3", "years_operated", "waste_type", "liner", "cover",  "leachate",    "burning"};
    static const OGRFieldType types[] = {OFTString,  OFTString, OFTString, OFTString,  OFTString,
                                         OFTInteger, OFTReal,   OFTReal,   OFTInteger, OFTString,
                                         OFTString,  OFTString, OFTString, OFTString};
    OGRLayerH l = NULL;
    if (!st) {
        l = gt__out_layer(r->ctx, ds, GT__TABLE_LANDFILLS, r->work, wkbUnknown,
                          "synthetic: landfills and dumps at random points of rural communes "
                          "(gistool init); not real sites");
        if (!l || !gt__out_fields(l, names, types, 14))
            st = gt__gdal_error(r->ctx, GT_ERR_OUTPUT, "init: landfills layer");
    }
    gt__rng rng;
    gt__rng_seed(&rng, (uint64_t)r->o->seed);
    const int counts[3] = {n_rural / 10 > 5 ? n_rural / 10 : 5, n_rural / 35 > 2 ? n_rural / 35 : 2,
                           2};
    static const char *const kinds[3] = {"unsanitary_landfill", "spontaneous_dump",
                                         "sanitary_landfill"};
    static const char *const codes[3] = {"UL", "SD", "SL"};
    static const char *const labels[3] = {"communal landfill", "spontaneous dump",
                                          "sanitary landfill"};
    for (int kind = 0; !st && kind < 3; kind++) {
        for (int k = 1; !st && k <= counts[kind]; k++) {
            const commune *c = NULL;
            GEOSGeometry *p = NULL;
            for (int tries = 0; !p && tries < 100; tries++) {
                c = &r->c[rural[randint(&rng, 0, n_rural - 1)]];
                p = point_in(r, &rng, c, pi);
            }
            if (!p) {
                st =
                    gt__error(r->ctx, GT_ERR_INPUT_EXTENT,
                              "init: no point 300 m inside %s found for a synthetic site", r->name);
                break;
            }
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            char id[32], name[96];
            snprintf(id, sizeof id, "SYN-%s-%03d", codes[kind], k);
            snprintf(name, sizeof name, "Synthetic %s %03d", labels[kind], k);
            OGR_F_SetFieldString(f, 0, id);
            OGR_F_SetFieldString(f, 1, name);
            OGR_F_SetFieldString(f, 2, c->name);
            OGR_F_SetFieldString(f, 3, kinds[kind]);
            site_attrs a;
            draw_attributes(&rng, kind, &a);
            /* about 10 % of each attribute left empty; the status of a dump stays */
            const char *text[] = {a.waste, a.liner, a.cover, a.leach, a.burn};
            for (int t = 0; t < 5; t++)
                if (gt__rng_uniform(&rng) >= 0.10)
                    OGR_F_SetFieldString(f, 9 + t, text[t]);
            if (kind == 1 || gt__rng_uniform(&rng) >= 0.05)
                OGR_F_SetFieldString(f, 4, a.status);
            if (a.status_year)
                OGR_F_SetFieldInteger(f, 5, a.status_year);
            if (gt__rng_uniform(&rng) >= 0.10)
                OGR_F_SetFieldDouble(f, 6, round(a.area * 1000) / 1000);
            if (gt__rng_uniform(&rng) >= 0.10)
                OGR_F_SetFieldDouble(f, 7, a.vol);
            if (gt__rng_uniform(&rng) >= 0.10)
                OGR_F_SetFieldInteger(f, 8, a.years);
            GEOSGeometry *g = kind == 1 ? p : GEOSBuffer_r(h, p, sqrt(a.area * 1e4 / M_PI), 8);
            st = g ? put_geometry(r, l, f, g, 0) : GT_GEOS_FAIL(r->ctx, "site outline");
            if (g && g != p)
                GEOSGeom_destroy_r(h, g);
            GEOSGeom_destroy_r(h, p);
            OGR_F_Destroy(f);
            r->n_sites[kind]++;
        }
    }
    if (ds) {
        gt_status cst = gpkg_close(r, ds, "data/landfills.gpkg");
        st = st ? st : cst;
    }
    if (pi)
        GEOSPreparedGeom_destroy_r(h, pi);
    if (inset)
        GEOSGeom_destroy_r(h, inset);
    free(rural);
    return st;
}

/* --inventory FILE: copied into data/ with its name (a shapefile with its
 * side files). */
static gt_status copy_inventory(init_run *r)
{
    char *b = gt__strdup(r->ctx, r->o->inventory);
    if (!b)
        return GT_ERR_NOMEM;
    const char *base = basename(b);
    r->inventory_rel = gt__asprintf("data/%s", base);
    char *to = gt__asprintf("%s/%s", r->tmp, r->inventory_rel);
    gt_status st = to && r->inventory_rel ? copy_file(r->ctx, r->o->inventory, to) : GT_ERR_NOMEM;
    size_t n = strlen(r->o->inventory);
    if (!st && n > 4 && !strcasecmp(r->o->inventory + n - 4, ".shp")) {
        static const char *const side[] = {".shx", ".dbf", ".prj", ".cpg"};
        for (int k = 0; !st && k < 4; k++) {
            char *f = gt__asprintf("%.*s%s", (int)(n - 4), r->o->inventory, side[k]);
            char *t = gt__asprintf("%.*s%s", (int)(strlen(to) - 4), to, side[k]);
            if (f && t && access(f, R_OK) == 0)
                st = copy_file(r->ctx, f, t);
            free(f);
            free(t);
        }
    }
    free(to);
    free(b);
    if (st)
        return st;
    /* Copied as it is, but only a file `gistool rank` can open. */
    CPLErrorReset();
    GDALDatasetH src =
        GDALOpenEx(r->o->inventory, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    int n_layers = src ? GDALDatasetGetLayerCount(src) : 0;
    if (src)
        GDALClose(src);
    if (n_layers < 1)
        return gt__gdal_error(r->ctx, GT_ERR_INPUT_OPEN,
                              "init: --inventory '%s' is not a vector source GDAL can open",
                              r->o->inventory);
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The scenarios and the README                                         */
/* ------------------------------------------------------------------ */

/* What both scenarios say first: where the data come from (only the
 * sources the scenario reads). */
static void yaml_header(const init_run *r, FILE *f, const char *question, bool rank)
{
    time_t now = time(NULL);
    char day[16];
    strftime(day, sizeof day, "%Y-%m-%d", gmtime(&now));
    fprintf(f,
            "# %s\n"
            "# Written by `gistool init` (gistool %s) on %s from the national\n"
            "# sources (README.md in this folder lists them with their SHA-256).\n"
            "#   real:      communes with 2009 census population (censusVN2009,\n"
            "#              Choisy & Contamin, MIT; population: GSO 2009 census)\n",
            question, gt_version(), day);
    if (!rank && r->n_roads)
        fprintf(f, "#              national roads (" LEGOCITY_CREDIT ")\n");
    if (r->n_protected)
        fprintf(f, "#              international protected areas (" LEGOCITY_CREDIT ")\n");
    fprintf(f, "#   derived:   the province outline (union of its census communes, interior\n"
               "#              holes filled), land use from the commune type (Phường = urban\n"
               "#              ward, Thị trấn = township, Xã = rural commune), and from it the\n"
               "#              urban areas; field `derived` in data/landuse.gpkg says so\n");
}

static void yaml_missing(const init_run *r, FILE *f, bool rank)
{
    if (rank)
        fprintf(f, "#   missing:   the national data has NO DEM (rank reports the slope as\n"
                   "#              missing), no rivers or water bodies, wells or intakes,\n"
                   "#              flood zones or village-level residential works: rank\n"
                   "#              scores every site at the worst case for each missing\n"
                   "#              layer (docs/rank.md), so its risks are upper bounds.\n");
    else
        fprintf(f, "#   missing:   the national data has NO DEM, so slope is neither a factor\n"
                   "#              nor a rule; no rivers or water bodies, wells or intakes,\n"
                   "#              flood zones, village-level residential works, airports,\n"
                   "#              seaports or industrial zones: the profile's rules on them\n"
                   "#              are reported as not applied.\n");
    if (!r->n_protected)
        fprintf(f,
                "#              No international protected area (World Heritage, Ramsar,\n"
                "#              UNESCO-MAB) lies within %g m of the province.\n",
                r->o->margin_m);
    fprintf(f, "#              Add the province's own layers under `layers:` when you have "
               "them.\n");
}

static void yaml_common(const init_run *r, FILE *f)
{
    fprintf(f, "crs: %s%s   # %s\n", r->crs_yaml, strchr(r->crs_yaml, ' ') ? "" : "", r->crs_note);
}

static void yaml_study_area(const init_run *r, FILE *f)
{
    fprintf(f,
            "\nstudy_area:\n"
            "  source: data/province.gpkg\n"
            "  layer: " GT__TABLE_INIT_PROVINCE "\n"
            "  label: \"derived: union of the %d census communes of %s, %d interior hole%s filled "
            "(gistool init)\"\n",
            r->n_c, r->name, r->holes_filled, r->holes_filled == 1 ? "" : "s");
}

static void yaml_urban(FILE *f, const char *role, const char *classes, const char *what)
{
    fprintf(f,
            "  %s:\n"
            "    source: data/landuse.gpkg\n"
            "    class_field: class\n"
            "    classes: [%s]\n"
            "    label: \"derived: %s\"\n",
            role, classes, what);
}

static void yaml_population(FILE *f)
{
    fprintf(f, "  population:\n"
               "    source: data/communes.gpkg\n"
               "    population_field: population\n"
               "    label: \"real: communes with 2009 census population (censusVN2009, MIT; "
               "GSO)\"\n");
}

static void yaml_landuse(FILE *f)
{
    fprintf(f, "  landuse:\n"
               "    source: data/landuse.gpkg\n"
               "    class_field: class\n"
               "    label: \"derived: land use from the commune type in the 2009 census "
               "(gistool init)\"\n");
}

static void yaml_protected(const init_run *r, FILE *f)
{
    if (r->n_protected)
        fprintf(f,
                "  protected:\n"
                "    source: data/protected_areas.gpkg\n"
                "    id_field: Ten\n"
                "    label: \"real: World Heritage, Ramsar and biosphere areas within %g m "
                "(LegoCity open data; CC BY-SA 4.0)\"\n",
                r->o->margin_m);
    else
        fprintf(f, "  # protected: none of the international protected areas lies within %g m\n",
                r->o->margin_m);
}

static const char *const RESIDENTIAL_NOTE =
    "wards and townships from the commune type; rural villages are not in the national data";

/* Not split: the scenario reads top to bottom as the file it writes. */
static gt_status write_site_yaml(init_run *r, FILE *f)
{
    char q[PATH_MAX];
    yaml_header(r, f, "Where could a new sanitary landfill go?", false);
    if (r->o->parcels) {
        yaml_quote(q, sizeof q, r->o->parcels);
        fprintf(f, "#   user's:    candidate parcels from %s\n", q);
    } else {
        fprintf(f, "#   synthetic: candidate parcels: a %g m grid clipped to the province\n",
                r->o->parcel_size_m);
    }
    yaml_missing(r, f, false);
    fprintf(f, "# The results show the method on national data; they are not a siting "
               "proposal.\n");
    fprintf(f, "name: \"%s sanitary-landfill siting (gistool init; %s parcels)\"\n", r->name,
            r->o->parcels ? "user's" : "grid");
    yaml_common(r, f);
    fprintf(f, "resolution_m: %g\nfacility: sanitary_landfill\n", r->o->resolution_m);
    yaml_study_area(r, f);
    fprintf(f, "\nlayers:\n");
    yaml_urban(f, "residential", "urban_ward, township", RESIDENTIAL_NOTE);
    yaml_urban(f, "urban_centre", "urban_ward", "urban wards from the commune type");
    if (r->n_roads) {
        fprintf(f, "  national_roads:\n"
                   "    source: data/roads.gpkg\n"
                   "    class_field: cap_duong\n"
                   "    classes: [Quốc Gia, Asean]\n"
                   "    where: \"loai_duong <> 'Đường sắt'\"     # the railways are in the same "
                   "layer\n"
                   "    label: \"real: national roads (LegoCity open data; CC BY-SA 4.0)\"\n"
                   "  roads:\n"
                   "    source: data/roads.gpkg\n"
                   "    where: \"loai_duong <> 'Đường sắt'\"\n"
                   "    label: \"real: national and provincial roads (LegoCity open data; CC "
                   "BY-SA 4.0)\"\n");
    } else {
        fprintf(f, "  # roads: no road of the national layer lies within %g m\n", r->o->margin_m);
    }
    yaml_protected(r, f);
    yaml_landuse(f);
    yaml_population(f);
    fprintf(f, "  parcels:\n    source: data/parcels.gpkg\n");
    if (r->o->parcels)
        fprintf(f, "    label: \"user's: cadastral parcels from %s\"\n", q);
    else
        fprintf(f,
                "    id_field: parcel_id\n"
                "    label: \"synthetic: %d grid cells of %g m clipped to the province "
                "(gistool init)\"\n",
                r->n_parcels, r->o->parcel_size_m);
    fprintf(f, "\nconstraints:\n  profile: vn-qcvn-01-2025\n");
    fprintf(f, "\nfactors:\n"
               "  remoteness:\n"
               "    layer: residential\n"
               "    measure: distance\n"
               "    fuzzy: {shape: sigmoidal, a: 1000, b: 3000}       # rises from 1 km to 3 km\n");
    if (r->n_roads)
        fprintf(f, "  road_access:\n"
                   "    layer: roads\n"
                   "    measure: distance\n"
                   "    fuzzy: {shape: linear, c: 0, d: 10000}            # 1 on a road, 0 "
                   "beyond 10 km\n");
    fprintf(f, "  landuse:\n"
               "    layer: landuse\n"
               "    measure: class_score\n"
               "    scores: {rural_commune: 1.0, township: 0.1, urban_ward: 0.0}\n"
               "    default_score: 0.5\n"
               "  # slope: not a factor: the national data has no DEM. Add the province's DEM\n"
               "  # as layers.dem and a slope factor (measure: slope_pct) to use it.\n");
    fprintf(f, "\nweights:\n  ahp:\n"
               "    # Row i, column j: how much more important factor i is than factor j.\n");
    if (r->n_roads)
        fprintf(f, "    order: [remoteness, road_access, landuse]\n"
                   "    matrix:\n"
                   "      - [1,   3,   4]\n"
                   "      - [1/3, 1,   2]\n"
                   "      - [1/4, 1/2, 1]\n");
    else
        fprintf(f, "    order: [remoteness, landuse]\n"
                   "    matrix:\n"
                   "      - [1,   3]\n"
                   "      - [1/3, 1]\n");
    fprintf(f, "    ri_table: saaty1980\n    cr_limit: 0.10\n");
    fprintf(f,
            "\n# Required area from demand (TCVN 6696:2009 size class). The urban share is the\n"
            "# census population of wards and townships; the rates are illustrative round\n"
            "# figures (local planning assumption): use the province's statistics.\n"
            "demand:\n"
            "  population_layer: population    # 2009 census: %.0f people\n"
            "  urban_share: %.3f              # derived: wards and townships in the 2009 census\n"
            "  kg_per_person_day: {urban: 1.0, rural: 0.5}\n"
            "  collection_rate: 0.9\n"
            "  landfill_share: 0.5             # Resolution 394/NQ-CP: below 50 %% landfilled by "
            "2030\n"
            "  horizon_years: 20\n"
            "  density_t_per_m3: 0.8\n"
            "  fill_height_m: 15\n"
            "  allowance: 0.3\n",
            r->pop_total, r->pop_total > 0 ? r->pop_urban / r->pop_total : 0);
    fprintf(f, "\nregions:\n  min_score: 0.6\n  connectivity: 4\n");
    if (r->n_roads)
        fprintf(f, "  road_layer: roads\n");
    fprintf(f, "\noutputs:\n  gpkg: out/%s-site.gpkg\n  maps: true\n  report: true\n", r->slug);
    return GT_OK;
}

static gt_status write_rank_yaml(init_run *r, FILE *f)
{
    char q[PATH_MAX];
    yaml_header(r, f, "Which landfills and dumps to remediate first, and a plan to 2030", true);
    if (r->o->inventory) {
        yaml_quote(q, sizeof q, r->o->inventory);
        fprintf(f, "#   user's:    the landfill inventory, copied from %s\n", q);
    } else {
        fprintf(f,
                "#   SYNTHETIC: the landfill inventory: %d communal landfills, %d dumps, %d\n"
                "#              sanitary landfills at random points of rural communes\n"
                "#              (gistool init --seed %d); NOT real sites. Give the province's\n"
                "#              own with `gistool init --inventory FILE`.\n",
                r->n_sites[0], r->n_sites[1], r->n_sites[2], r->o->seed);
    }
    yaml_missing(r, f, true);
    fprintf(f, "# Resolution 394/NQ-CP targets: > 50 %% of unsanitary landfills remediated,\n"
               "# 100 %% of spontaneous dumps closed by 2030. The costs in the profile are "
               "illustrative.\n");
    fprintf(f, "name: \"%s landfill remediation priority (gistool init; %s inventory)\"\n", r->name,
            r->o->inventory ? "user's" : "SYNTHETIC");
    yaml_common(r, f);
    yaml_study_area(r, f);
    fprintf(f, "\ninventory:\n  source: %s\n  id_field: site_id\n",
            r->o->inventory ? r->inventory_rel : "data/landfills.gpkg");
    if (r->o->inventory)
        fprintf(f,
                "  label: \"user's: landfill inventory from %s\"\n"
                "  # id_field, inventory_fields and inventory_values: edit them to match "
                "your file (docs/rank.md)\n",
                q);
    else
        fprintf(f,
                "  label: \"synthetic: %d landfills and dumps at random points of rural "
                "communes (gistool init --seed %d); not real sites\"\n",
                r->n_sites[0] + r->n_sites[1] + r->n_sites[2], r->o->seed);
    fprintf(f, "\nlayers:\n");
    yaml_population(f);
    yaml_landuse(f);
    yaml_urban(f, "residential", "urban_ward, township", RESIDENTIAL_NOTE);
    yaml_protected(r, f);
    fprintf(f, "  # surface_water, wells, flood_zone, dem: not in the national data\n");
    fprintf(f,
            "\nprofile: vn-spr-2026           # point tables, option rules and unit costs\n"
            "\nplan:\n"
            "  start_year: 2026\n"
            "  end_year: 2030\n"
            "  annual_budget: 30000000000   # VND a year (illustrative)\n"
            "  sites_per_year: 0            # 0: no limit on the number of sites\n"
            "\noutputs:\n  gpkg: out/%s-rank.gpkg\n  csv: out/%s-rank.csv\n  maps: true\n"
            "  report: true\n",
            r->slug, r->slug);
    return GT_OK;
}

static gt_status write_text(init_run *r, const char *rel, gt_status (*fn)(init_run *, FILE *))
{
    char *p = gt__asprintf("%s/%s", r->tmp, rel);
    FILE *f = p ? fopen(p, "w") : NULL;
    if (!f) {
        gt_status st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot create '%s': %s", p ? p : rel,
                                 strerror(errno));
        free(p);
        return st;
    }
    gt_status st = fn(r, f);
    if ((ferror(f) | fclose(f)) && !st)
        st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: writing '%s' failed", p);
    free(p);
    return st;
}

/* One manifest line: a file with its size and SHA-256. */
static void manifest_line(FILE *f, const char *path, const char *shown)
{
    char hex[65];
    long long size = 0;
    if (gt__sha256_file(path, hex, &size))
        fprintf(f, "| `%s` | %lld | `%s` |\n", shown, size, hex);
}

/* Not split: the README reads top to bottom as the file it writes. */
static gt_status write_readme(init_run *r, FILE *f)
{
    time_t now = time(NULL);
    char stamp[32], dm[16];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(f, "# %s: a gistool folder made from national data\n\n", r->name);
    fprintf(f,
            "Made by `gistool init` (gistool %s) on %s. Run it with two commands\n"
            "(from the folder above this one, outputs go to `out/`):\n\n"
            "```sh\ngistool site %s/site.yaml\ngistool rank %s/rank.yaml\n```\n\n",
            gt_version(), stamp, r->dir, r->dir);
    /* the program by its name: where it was built is no business of the folder */
    fprintf(f, "Command line: `gistool");
    for (int i = 1; i < r->o->argc; i++)
        fprintf(f, strpbrk(r->o->argv[i], " '\"") ? " \"%s\"" : " %s", r->o->argv[i]);
    fprintf(f, "`\n\n"
               "This folder is generated: to make it again (after a change of gistool or of "
               "the national sources), run the same command line with `--force`. The results "
               "show the method on national data, with derived and synthetic layers listed "
               "below: they are not a siting proposal, and the synthetic sites are not real "
               "landfills.\n\n");
    fprintf(f, "| option | value |\n|---|---|\n");
    fprintf(f, "| province | %s (GSO code %s%s%s) |\n", r->preset->name,
            *r->preset->gso_code ? r->preset->gso_code : "none",
            r->preset->former ? "; former provinces joined: " : "",
            r->preset->former ? r->preset->former : "");
    fprintf(f, "| working CRS | `%s`: %s |\n", r->crs_yaml, r->crs_note);
    fprintf(f, "| central meridian of the preset | %s |\n",
            gt_vn2000_meridian_text(r->preset, dm, sizeof dm));
    fprintf(f, "| margin for roads and protected areas | %g m |\n", r->o->margin_m);
    if (r->o->parcels)
        fprintf(f, "| parcels | user's: `%s` (%d features) |\n", r->o->parcels, r->n_parcels);
    else
        fprintf(f,
                "| parcels | synthetic: %g m grid, %d cells (cut cells kept when at least "
                "%.0f %% inside) |\n",
                r->o->parcel_size_m, r->n_parcels, PARCEL_MIN_SHARE * 100);
    if (r->o->inventory)
        fprintf(f, "| inventory | user's: `%s` |\n", r->o->inventory);
    else
        fprintf(f,
                "| inventory | synthetic, seed %d: %d communal landfills, %d dumps, %d "
                "sanitary landfills |\n",
                r->o->seed, r->n_sites[0], r->n_sites[1], r->n_sites[2]);
    fprintf(f, "| site.yaml resolution | %g m |\n\n", r->o->resolution_m);
    fprintf(f,
            "## What each file is\n\n"
            "| file | kind | content |\n|---|---|---|\n"
            "| `data/province.gpkg` | derived | the outline: union of the %d census communes; "
            "%d interior hole%s between low-resolution communes filled (%.1f ha), %d enclave%s "
            "of another province kept; %.0f ha |\n"
            "| `data/communes.gpkg` | real | the communes with 2009 census population "
            "(%.0f people; %d wards, %d townships, %d rural communes, %d other) |\n"
            "| `data/landuse.gpkg` | derived | one class per commune from its type: "
            "`urban_ward`, `township`, `rural_commune`, `other`; field `derived` says so. Not "
            "a land-use map |\n",
            r->n_c, r->holes_filled, r->holes_filled == 1 ? "" : "s", r->holes_ha, r->holes_kept,
            r->holes_kept == 1 ? "" : "s", r->area_ha, r->pop_total, r->n_type[WARD],
            r->n_type[TOWNSHIP], r->n_type[RURAL], r->n_type[OTHER]);
    if (r->n_roads)
        fprintf(f, "| `data/roads.gpkg` | real | %d roads and railways within %g m, clipped |\n",
                r->n_roads, r->o->margin_m);
    if (r->n_protected)
        fprintf(f,
                "| `data/protected_areas.gpkg` | real | %d international protected areas "
                "within %g m, clipped |\n",
                r->n_protected, r->o->margin_m);
    fprintf(f, "| `data/parcels.gpkg` | %s | candidate parcels |\n",
            r->o->parcels ? "user's" : "synthetic");
    if (r->o->inventory)
        fprintf(f, "| `%s` | user's | the landfill inventory |\n", r->inventory_rel);
    else
        fprintf(f, "| `data/landfills.gpkg` | synthetic | landfills and dumps at random points "
                   "of rural communes; names \"Synthetic ...\"; not real sites |\n");
    fprintf(f, "| `site.yaml`, `rank.yaml` | | the scenarios; their comments repeat what is "
               "real, derived, synthetic or missing |\n\n");
    fprintf(f,
            "Missing from the national data, so not in the scenarios: a DEM (no slope), "
            "rivers and water bodies, wells and intakes, flood zones, village-level "
            "residential works, airports, seaports, industrial zones%s.\n\n",
            r->n_protected ? "" : "; no international protected area lies within the margin");
    fprintf(f, "## Sources\n\n"
               "| national source | credit | licence |\n|---|---|---|\n"
               "| `" GT__CENSUS_FILE "` | censusVN2009 (M. Choisy, L. Contamin), commit 49535c1; "
               "population: GSO Viet Nam, 2009 census | MIT |\n"
               "| `" ROADS_FILE "` | CTU-SematX LegoCity open data, commit a1aabc7 | CC BY-SA "
               "4.0 |\n"
               "| `" PROTECTED_FILE "` | CTU-SematX LegoCity open data, commit a1aabc7 | CC "
               "BY-SA 4.0 |\n\n"
               "Files made from the LegoCity layers (`data/roads.gpkg`, "
               "`data/protected_areas.gpkg`) stay under CC BY-SA 4.0. Full provenance: "
               "`data/vn/national/PROVENANCE.md` in the gistool sources.\n\n");
    fprintf(f, "## Checksums\n\n| file | bytes | SHA-256 |\n|---|---:|---|\n");
    const char *nat[] = {r->census, r->roads, r->protected_src};
    for (int k = 0; k < 3; k++) {
        char *b = gt__strdup(r->ctx, nat[k]);
        if (b)
            manifest_line(f, nat[k], basename(b));
        free(b);
    }
    const char *mine[] = {"data/province.gpkg",
                          "data/communes.gpkg",
                          "data/landuse.gpkg",
                          "data/roads.gpkg",
                          "data/protected_areas.gpkg",
                          "data/parcels.gpkg",
                          "data/landfills.gpkg",
                          r->inventory_rel,
                          "site.yaml",
                          "rank.yaml"};
    for (size_t k = 0; k < sizeof mine / sizeof *mine; k++) {
        if (!mine[k])
            continue;
        char *p = gt__asprintf("%s/%s", r->tmp, mine[k]);
        if (p && access(p, R_OK) == 0)
            manifest_line(f, p, mine[k]);
        free(p);
    }
    return GT_OK;
}

/* ------------------------------------------------------------------ */
/* The run                                                              */
/* ------------------------------------------------------------------ */

/* DIR may be new, empty, or (with --force) replaced. */
static gt_status check_dir(init_run *r)
{
    struct stat sb;
    if (!r->dir[0])
        return gt__error(r->ctx, GT_ERR_USAGE, "init: DIR is empty: give the folder to write");
    if (stat(r->dir, &sb) != 0)
        return GT_OK;
    if (!S_ISDIR(sb.st_mode))
        return gt__error(r->ctx, GT_ERR_OUTPUT, "init: '%s' exists and is not a folder", r->dir);
    int any = dir_has_entries(r->dir);
    if (any < 0)
        return gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot read the folder '%s': %s", r->dir,
                         strerror(errno));
    if (any && !r->o->force)
        return gt__error(r->ctx, GT_ERR_OUTPUT,
                         "init: '%s' exists and is not empty; give --force to replace it", r->dir);
    return GT_OK;
}

/* The temporary sibling folder .NAME.tmp-PID. */
static gt_status make_tmp(init_run *r)
{
    char *d = gt__strdup(r->ctx, r->dir), *b = gt__strdup(r->ctx, r->dir);
    gt_status st = GT_OK;
    if (!d || !b)
        st = GT_ERR_NOMEM;
    else {
        const char *parent = dirname(d), *base = basename(b);
        if (make_dirs(parent) != 0)
            st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot create the folder '%s': %s", parent,
                           strerror(errno));
        else if (!(r->tmp = gt__asprintf("%s/.%s.tmp-%ld", parent, base, (long)getpid())))
            st = GT_ERR_NOMEM;
    }
    if (!st) {
        remove_tree(r->tmp);
        char *data = gt__asprintf("%s/data", r->tmp);
        if (!data || mkdir(r->tmp, 0777) != 0 || mkdir(data, 0777) != 0)
            st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot create the folder '%s': %s", r->tmp,
                           strerror(errno));
        free(data);
    }
    free(d);
    free(b);
    return st;
}

/* Move the finished folder into place; an old DIR (--force) is moved
 * aside first and removed only after the new one is in place. */
static gt_status commit_dir(init_run *r)
{
    char *old = NULL;
    if (is_dir(r->dir)) {
        if (dir_has_entries(r->dir) == 0) {
            rmdir(r->dir);
        } else {
            old = gt__asprintf("%s.old-%ld", r->tmp, (long)getpid());
            if (!old || rename(r->dir, old) != 0) {
                gt_status st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot move '%s' aside: %s",
                                         r->dir, strerror(errno));
                free(old);
                return st;
            }
        }
    }
    if (rename(r->tmp, r->dir) != 0) {
        gt_status st = gt__error(r->ctx, GT_ERR_OUTPUT, "init: cannot move '%s' to '%s': %s",
                                 r->tmp, r->dir, strerror(errno));
        if (old)
            rename(old, r->dir);
        free(old);
        return st;
    }
    if (old)
        remove_tree(old);
    free(old);
    return GT_OK;
}

static bool step(init_run *r, double done, const char *what)
{
    return gt__progress_report(r->ctx, &r->prog, done, what);
}

/* The stages in order; each returns its status and the run stops at the
 * first failure. */
static gt_status run_stages(init_run *r)
{
    gt_status st;
    const gt_init_options *o = r->o;
    if ((st = resolve_province(r)) || (st = check_dir(r)) || (st = working_crs(r)))
        return st;
    r->census = gt__asprintf("%s/%s", r->national, GT__CENSUS_FILE);
    r->roads = gt__asprintf("%s/%s", r->national, ROADS_FILE);
    r->protected_src = gt__asprintf("%s/%s", r->national, PROTECTED_FILE);
    if (!r->census || !r->roads || !r->protected_src)
        return gt__error(r->ctx, GT_ERR_NOMEM, "out of memory");
    if (o->parcels && access(o->parcels, R_OK) != 0)
        return gt__error(r->ctx, GT_ERR_INPUT_OPEN,
                         "init: --parcels '%s': no such file or not "
                         "readable",
                         o->parcels);
    if (o->inventory && access(o->inventory, R_OK) != 0)
        return gt__error(r->ctx, GT_ERR_INPUT_OPEN,
                         "init: --inventory '%s': no such file or not readable", o->inventory);
    if (!step(r, 0.0, "communes") || (st = read_communes(r)))
        return gt_context_status(r->ctx);
    if (!step(r, 0.2, "province outline") || (st = make_boundary(r)) || (st = make_tmp(r)))
        return gt_context_status(r->ctx);
    static const char *const road_fields[] = {"ten", "loai_duong", "cap_duong", "ma"};
    static const char *const pa_fields[] = {"Ten", "Kieu_BT"};
    char rdesc[200], pdesc[200];
    snprintf(rdesc, sizeof rdesc,
             "real: roads and railways within %g m of the province (" LEGOCITY_CREDIT ")",
             o->margin_m);
    snprintf(pdesc, sizeof pdesc,
             "real: international protected areas within %g m of the province (" LEGOCITY_CREDIT
             ")",
             o->margin_m);
    if (!step(r, 0.35, "layers") || (st = write_province(r)) || (st = write_communes(r, false)) ||
        (st = write_communes(r, true)) ||
        (st = clip_layer(r, r->roads, ROADS_LAYER, "data/roads.gpkg", GT__TABLE_INIT_ROADS, rdesc,
                         road_fields, 4, 1, &r->n_roads)) ||
        (st = clip_layer(r, r->protected_src, PROTECTED_LAYER, "data/protected_areas.gpkg",
                         GT__TABLE_INIT_PROTECTED, pdesc, pa_fields, 2, 2, &r->n_protected)))
        return gt_context_status(r->ctx);
    if (!step(r, 0.5, "parcels") || (st = o->parcels ? copy_parcels(r) : write_grid(r)))
        return gt_context_status(r->ctx);
    if (!step(r, 0.85, "inventory") || (st = o->inventory ? copy_inventory(r) : write_inventory(r)))
        return gt_context_status(r->ctx);
    if (!step(r, 0.95, "scenarios") || (st = write_text(r, "site.yaml", write_site_yaml)) ||
        (st = write_text(r, "rank.yaml", write_rank_yaml)) ||
        (st = write_text(r, "README.md", write_readme)) || (st = commit_dir(r)))
        return gt_context_status(r->ctx);
    step(r, 1.0, "done");
    gt__log(r->ctx, GT_LOG_INFO,
            "init: wrote %s: %d communes, %d roads, %d protected areas, %d parcels; run "
            "gistool site %s/site.yaml and gistool rank %s/rank.yaml",
            r->dir, r->n_c, r->n_roads, r->n_protected, r->n_parcels, r->dir, r->dir);
    return GT_OK;
}

gt_status gt_init_run(gt_context *ctx, const gt_init_options *o)
{
    gt__error_clear(ctx);
    init_run r = {.ctx = ctx, .o = o, .prog = {o->progress, o->progress_arg, 0, 1}};
    r.dir = gt__strdup(ctx, o->words[o->n_words - 1]);
    r.national = gt__national_dir(o->national);
    /* a trailing slash would make the temporary folder a child of DIR */
    for (size_t n = r.dir ? strlen(r.dir) : 0; n > 1 && r.dir[n - 1] == '/'; n--)
        r.dir[n - 1] = '\0';
    GDALAllRegister();
    gt__gdal_log_push(ctx);
    gt_status st = r.dir && r.national ? run_stages(&r) : gt__error(ctx, GT_ERR_NOMEM, "no memory");
    gt__gdal_log_pop();
    if (st && r.tmp)
        remove_tree(r.tmp);
    GEOSContextHandle_t h = gt__geos(ctx);
    for (int i = 0; i < r.n_c; i++) {
        GEOSGeom_destroy_r(h, r.c[i].g);
        free(r.c[i].name);
        free(r.c[i].district);
        free(r.c[i].province);
    }
    free(r.c);
    if (r.boundary)
        GEOSGeom_destroy_r(h, r.boundary);
    if (r.margin)
        GEOSGeom_destroy_r(h, r.margin);
    if (r.work)
        OSRDestroySpatialReference(r.work);
    for (int m = 0; m < r.n_members; m++)
        free(r.members[m]);
    free(r.national);
    free(r.census);
    free(r.roads);
    free(r.protected_src);
    free(r.dir);
    free(r.tmp);
    free(r.inventory_rel);
    return st;
}
