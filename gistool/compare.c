/*
 * compare.c: `gistool compare A.gpkg B.gpkg`: what changed between two runs
 * of the same command, read from what each run recorded (run_info,
 * run_rules, run_inputs, and its parcels, constraint zones or landfills).
 * Writes a GeoPackage (changed_settings; parcel_changes and
 * exclusion_changes for site runs, landfill_changes for rank runs), an HTML
 * section, and a short text for the terminal. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/batch.h"
#include "gistool/output.h"
#include "layers/layers.h"

/* --- key/value pairs ---------------------------------------------------------- */

typedef struct {
    char **k, **v;
    int n, cap;
} kv;

static bool kv_add(kv *t, const char *k, const char *v)
{
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        char **nk = realloc(t->k, (size_t)cap * sizeof *nk);
        if (nk)
            t->k = nk;
        char **nv = realloc(t->v, (size_t)cap * sizeof *nv);
        if (nv)
            t->v = nv;
        if (!nk || !nv)
            return false;
        t->cap = cap;
    }
    t->k[t->n] = gt__asprintf("%s", k);
    t->v[t->n] = gt__asprintf("%s", v);
    return t->k[t->n] && t->v[t->n++];
}

static const char *kv_get(const kv *t, const char *k)
{
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->k[i], k))
            return t->v[i];
    return NULL;
}

static void kv_free(kv *t)
{
    for (int i = 0; i < t->n; i++) {
        free(t->k[i]);
        free(t->v[i]);
    }
    free(t->k);
    free(t->v);
}

/* run_info's keys that say when and how a run was made rather than what it
 * computed: not compared. */
static bool ignored_key(const char *k)
{
    return !strcmp(k, GT__KEY_STARTED_UTC) || !strcmp(k, GT__KEY_COMMAND_LINE) ||
           !strcmp(k, GT__KEY_SCENARIO_TEXT) || !strcmp(k, GT__KEY_SCENARIO_PATH) ||
           !strncmp(k, "timing.", 7);
}

/* Every setting of a run as key/value: run_info, each rule (rule.<id>) and
 * each input file (input.<role>: its SHA-256). */
static bool read_settings(GDALDatasetH ds, kv *t)
{
    bool ok = true;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INFO);
    OGRFeatureH f;
    for (OGR_L_ResetReading(l); ok && (f = OGR_L_GetNextFeature(l)); OGR_F_Destroy(f))
        if (!ignored_key(OGR_F_GetFieldAsString(f, 0)))
            ok = kv_add(t, OGR_F_GetFieldAsString(f, 0), OGR_F_GetFieldAsString(f, 1));
    l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_RULES);
    if (l)
        OGR_L_ResetReading(l);
    for (; l && ok && (f = OGR_L_GetNextFeature(l)); OGR_F_Destroy(f)) {
        char key[256], *val;
        snprintf(key, sizeof key, "rule.%s", OGR_F_GetFieldAsString(f, 0));
        int ia = OGR_F_GetFieldIndex(f, "applied"), im = OGR_F_GetFieldIndex(f, "min_distance_m");
        int is = OGR_F_GetFieldIndex(f, "max_slope_pct"), ic = OGR_F_GetFieldIndex(f, "classes");
        val = gt__asprintf("%s; min_distance_m %s; max_slope_pct %s; classes %s",
                           ia >= 0 && OGR_F_GetFieldAsInteger(f, ia) ? "applied" : "not applied",
                           im >= 0 ? OGR_F_GetFieldAsString(f, im) : "",
                           is >= 0 ? OGR_F_GetFieldAsString(f, is) : "",
                           ic >= 0 ? OGR_F_GetFieldAsString(f, ic) : "");
        ok = val && kv_add(t, key, val);
        free(val);
    }
    l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INPUTS);
    if (l)
        OGR_L_ResetReading(l);
    for (; l && ok && (f = OGR_L_GetNextFeature(l)); OGR_F_Destroy(f)) {
        char key[512];
        int ir = OGR_F_GetFieldIndex(f, GT__FIELD_INPUT_ROLE);
        int ip = OGR_F_GetFieldIndex(f, GT__FIELD_INPUT_PATH);
        int ih = OGR_F_GetFieldIndex(f, GT__FIELD_INPUT_SHA256);
        const char *path = OGR_F_GetFieldAsString(f, ip), *base = strrchr(path, '/');
        snprintf(key, sizeof key, "input.%s.%s", OGR_F_GetFieldAsString(f, ir),
                 base ? base + 1 : path);
        if (strcmp(OGR_F_GetFieldAsString(f, ir), "scenario")) /* scenario_sha256 says it */
            ok = kv_add(t, key, OGR_F_GetFieldAsString(f, ih));
    }
    return ok;
}

/* --- features of both runs ---------------------------------------------------- */

typedef struct {
    char *id;
    int rank_a, rank_b;   /* 0: none (excluded, or not in the run) */
    int in_a, in_b;
    int excl_a, excl_b;
    double score_a, score_b;
    char *class_a, *class_b; /* rank runs: risk class */
    int year_a, year_b;      /* rank runs: plan year (0: none) */
    OGRGeometryH geom;       /* from B, else A */
    const char *change;
} item;

typedef struct {
    item *v;
    int n, cap;
} items;

static item *find_or_add(items *s, const char *id)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].id, id))
            return &s->v[i];
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 256;
        item *nv = realloc(s->v, (size_t)cap * sizeof *nv);
        if (!nv)
            return NULL;
        s->v = nv;
        s->cap = cap;
    }
    item *it = &s->v[s->n];
    memset(it, 0, sizeof *it);
    it->score_a = it->score_b = NAN;
    if (!(it->id = gt__asprintf("%s", id)))
        return NULL;
    s->n++;
    return it;
}

static void items_free(items *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].class_a);
        free(s->v[i].class_b);
        if (s->v[i].geom)
            OGR_G_DestroyGeometry(s->v[i].geom);
    }
    free(s->v);
}

static int field_int(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsInteger(f, i) : 0;
}

/* The parcels (site) or landfills (rank) of one run into the items. */
static gt_status read_items(gt_context *ctx, GDALDatasetH ds, bool site, bool is_b, items *s,
                            const char *path)
{
    const char *table = site ? GT__TABLE_PARCELS : GT__TABLE_LANDFILLS;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, table);
    if (!l)
        return gt__error(ctx, GT_ERR_INPUT_LAYER, "'%s' has no layer '%s'", path, table);
    const char *id_field = site ? "parcel_id" : "site_id";
    if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), id_field) < 0)
        return gt__error(ctx, GT_ERR_INPUT_FIELD, "'%s': layer '%s' has no field '%s'", path,
                         table, id_field);
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l))) {
        item *it = find_or_add(s, OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, id_field)));
        if (!it) {
            OGR_F_Destroy(f);
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        }
        int rank = field_int(f, GT__FIELD_RANK);
        int is = OGR_F_GetFieldIndex(f, GT__FIELD_SCORE);
        double score = is >= 0 && OGR_F_IsFieldSetAndNotNull(f, is) ? OGR_F_GetFieldAsDouble(f, is)
                                                                     : NAN;
        int ic = OGR_F_GetFieldIndex(f, GT__FIELD_RISK_CLASS);
        char *cls = ic >= 0 ? gt__asprintf("%s", OGR_F_GetFieldAsString(f, ic)) : NULL;
        if (is_b) {
            it->in_b = 1, it->rank_b = rank, it->score_b = score;
            it->excl_b = field_int(f, GT__FIELD_EXCLUDED);
            it->year_b = field_int(f, "plan_year");
            it->class_b = cls;
        } else {
            it->in_a = 1, it->rank_a = rank, it->score_a = score;
            it->excl_a = field_int(f, GT__FIELD_EXCLUDED);
            it->year_a = field_int(f, "plan_year");
            it->class_a = cls;
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && (is_b || !it->geom)) {
            if (it->geom)
                OGR_G_DestroyGeometry(it->geom);
            it->geom = OGR_G_Clone(g);
        }
        OGR_F_Destroy(f);
    }
    return GT_OK;
}

/* Whether a rank (0: not ranked) is among the top `top`. */
static bool in_top(int rank, int top)
{
    return rank && rank <= top;
}

static const char *classify(const item *it, bool site, int top)
{
    if (!it->in_a)
        return "only in B";
    if (!it->in_b)
        return "only in A";
    if (site) {
        if (!it->excl_a && it->excl_b)
            return "newly excluded";
        if (it->excl_a && !it->excl_b)
            return "released";
        bool ta = in_top(it->rank_a, top), tb = in_top(it->rank_b, top);
        if (!ta && tb)
            return "entered top";
        if (ta && !tb)
            return "left top";
        return it->rank_a != it->rank_b ? "moved" : "same";
    }
    bool cls = strcmp(it->class_a ? it->class_a : "", it->class_b ? it->class_b : "");
    if (cls && it->year_a != it->year_b)
        return "class and plan year changed";
    if (cls)
        return "class changed";
    if (it->year_a != it->year_b)
        return "plan year changed";
    return it->rank_a != it->rank_b ? "moved" : "same";
}

/* --- exclusion changes -------------------------------------------------------- */

/* The union of a run's constraint zones in the CRS `to` (run B's: two runs
 * in different working CRSs compare in one), NULL when it has none. */
static gt_status zones_union(gt_context *ctx, GDALDatasetH ds, const char *path,
                             OGRSpatialReferenceH to, OGRGeometryH *out)
{
    *out = NULL;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_CONSTRAINT_ZONES);
    if (!l)
        return GT_OK;
    OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon);
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            OGRGeometryH m = OGR_G_ForceToMultiPolygon(OGR_G_Clone(g));
            for (int i = 0; i < OGR_G_GetGeometryCount(m); i++)
                OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(m, i));
            OGR_G_DestroyGeometry(m);
        }
        OGR_F_Destroy(f);
    }
    OGRGeometryH u = OGR_G_UnionCascaded(all);
    OGR_G_DestroyGeometry(all);
    OGRSpatialReferenceH from = OGR_L_GetSpatialRef(l);
    if (u && from && to && !OSRIsSame(from, to)) {
        OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
        OGRErr e = ct ? OGR_G_Transform(u, ct) : OGRERR_FAILURE;
        if (ct)
            OCTDestroyCoordinateTransformation(ct);
        if (e != OGRERR_NONE) {
            OGR_G_DestroyGeometry(u);
            return gt__gdal_error(ctx, GT_ERR_INPUT_CRS,
                                  "compare: the constraint zones of '%s' cannot be transformed "
                                  "to the CRS of run B",
                                  path);
        }
    }
    *out = u;
    return GT_OK;
}

/* --- writing -------------------------------------------------------------------- */

static void html_text(gt__sbuf *b, const char *s)
{
    gt__xml_escape(b, s);
}

typedef struct {
    int settings, entered, left, newly, released, moved, classes, years;
    double newly_ha, released_ha;
} counts;

static int by_shift(const void *a, const void *b)
{
    const item *x = *(const item *const *)a, *y = *(const item *const *)b;
    int dx = abs(x->rank_a - x->rank_b), dy = abs(y->rank_a - y->rank_b);
    if (dx != dy)
        return dy - dx;
    return strcmp(x->id, y->id);
}

/* Compares, writes and summarises; long because the three outputs (tables,
 * HTML, text) are written in one pass over the same lists. */
static gt_status compare_run(gt_context *ctx, const gt_compare_options *o, char **summary)
{
    *summary = NULL;
    const char *pa = o->files[0], *pb = o->files[1];
    const char *out = o->output ? o->output : "compare.gpkg";
    /* Each run, its command and every table of that command (report.c). */
    GDALDatasetH a = NULL, b = NULL;
    char *ca = NULL, *cb = NULL;
    gt_status st = gt__run_open(ctx, "compare", pa, &a, &ca);
    if (!st && (st = gt__run_open(ctx, "compare", pb, &b, &cb)) != GT_OK) {
        GDALClose(a);
        free(ca);
    }
    if (st)
        return st;
    if (strcmp(ca, cb))
        st = gt__error(ctx, GT_ERR_USAGE, "'%s' is a %s run and '%s' a %s run: compare two of "
                                          "the same command", pa, ca, pb, cb);
    else if (strcmp(ca, "site") && strcmp(ca, "sensitivity") && strcmp(ca, "rank"))
        st = gt__error(ctx, GT_ERR_USAGE, "'%s': compare reads site and rank runs, not %s", pa,
                       ca);
    bool site = !st && strcmp(ca, "rank");
    kv sa = {0}, sb = {0};
    items its = {0};
    if (!st && (!read_settings(a, &sa) || !read_settings(b, &sb)))
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st)
        st = read_items(ctx, a, site, false, &its, pa);
    if (!st)
        st = read_items(ctx, b, site, true, &its, pb);
    counts n = {0};
    OGRGeometryH newly = NULL, released = NULL;
    /* The output, in B's CRS (A's constraint zones too). */
    OGRLayerH src = GDALDatasetGetLayerByName(b, site ? GT__TABLE_PARCELS : GT__TABLE_LANDFILLS);
    OGRSpatialReferenceH srs = src ? OGR_L_GetSpatialRef(src) : NULL;
    if (!st && site) {
        OGRGeometryH za = NULL, zb = NULL;
        st = zones_union(ctx, a, pa, srs, &za);
        if (!st)
            st = zones_union(ctx, b, pb, srs, &zb);
        if (za && zb) {
            newly = OGR_G_Difference(zb, za);
            released = OGR_G_Difference(za, zb);
        }
        n.newly_ha = newly ? OGR_G_Area(newly) / 1e4 : 0;
        n.released_ha = released ? OGR_G_Area(released) / 1e4 : 0;
        if (za)
            OGR_G_DestroyGeometry(za);
        if (zb)
            OGR_G_DestroyGeometry(zb);
    }
    gt__gpkg *g = st ? NULL : gt__gpkg_begin(ctx, out);
    if (!st && !g)
        st = gt_context_status(ctx);
    GDALDatasetH ds = g ? gt__gpkg_dataset(g) : NULL;
    gt__sbuf html = {0}, text = {0};
    gt__sbuf_add(&html, "<!doctype html>\n<meta charset=\"utf-8\">\n<section class=\"gistool-"
                        "compare\">\n<h2>What changed: ");
    html_text(&html, pa);
    gt__sbuf_add(&html, " &rarr; ");
    html_text(&html, pb);
    gt__sbuf_add(&html, "</h2>\n");
    gt__sbuf_add(&text, "%s runs: A %s, B %s\n", site ? "site" : "rank", pa, pb);
    /* changed_settings */
    const char *sn[] = {"key", "value_a", "value_b"};
    const OGRFieldType stypes[] = {OFTString, OFTString, OFTString};
    OGRLayerH ls = st ? NULL : gt__gpkg_table(ctx, g, "changed_settings", sn, stypes, 3);
    if (!st && !ls)
        st = gt_context_status(ctx);
    gt__sbuf_add(&html, "<h3>Settings, weights, rules and inputs</h3>\n<table>\n"
                        "<tr><th>key</th><th>A</th><th>B</th></tr>\n");
    for (int pass = 0; !st && pass < 2; pass++) {
        const kv *x = pass ? &sb : &sa, *y = pass ? &sa : &sb;
        for (int i = 0; !st && i < x->n; i++) {
            const char *other = kv_get(y, x->k[i]);
            if (pass && other) /* both sides: done in the first pass */
                continue;
            if (other && !strcmp(other, x->v[i]))
                continue;
            const char *va = pass ? other : x->v[i], *vb = pass ? x->v[i] : other;
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(ls));
            OGR_F_SetFieldString(f, 0, x->k[i]);
            if (va)
                OGR_F_SetFieldString(f, 1, va);
            if (vb)
                OGR_F_SetFieldString(f, 2, vb);
            if (OGR_L_CreateFeature(ls, f) != OGRERR_NONE)
                st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing changed_settings failed");
            OGR_F_Destroy(f);
            gt__sbuf_add(&html, "<tr><td>");
            html_text(&html, x->k[i]);
            gt__sbuf_add(&html, "</td><td>");
            html_text(&html, va ? va : "(none)");
            gt__sbuf_add(&html, "</td><td>");
            html_text(&html, vb ? vb : "(none)");
            gt__sbuf_add(&html, "</td></tr>\n");
            if (n.settings < 8)
                gt__sbuf_add(&text, "  %s: %.60s -> %.60s\n", x->k[i], va ? va : "(none)",
                             vb ? vb : "(none)");
            n.settings++;
        }
    }
    gt__sbuf_add(&html, "</table>\n");
    gt__sbuf_add(&text, "settings: %d changed%s\n", n.settings, n.settings > 8 ? " (8 shown)" : "");
    /* the features */
    const char *fn_site[] = {"parcel_id", "rank_a",     "rank_b",     "rank_shift", "score_a",
                             "score_b",   "excluded_a", "excluded_b", "change"};
    const OGRFieldType ft_site[] = {OFTString, OFTInteger, OFTInteger, OFTInteger, OFTReal,
                                    OFTReal,   OFTInteger, OFTInteger, OFTString};
    const char *fn_rank[] = {"site_id", "rank_a",      "rank_b",      "risk_class_a",
                             "risk_class_b", "plan_year_a", "plan_year_b", "change"};
    const OGRFieldType ft_rank[] = {OFTString, OFTInteger, OFTInteger, OFTString,
                                    OFTString, OFTInteger, OFTInteger, OFTString};
    OGRLayerH lf = NULL;
    if (!st) {
        lf = gt__out_layer(ctx, ds, site ? "parcel_changes" : "landfill_changes", srs,
                           site ? wkbMultiPolygon : OGR_L_GetGeomType(src),
                           site ? "each parcel's rank and exclusion in run A and run B"
                                : "each landfill's risk class and plan year in run A and run B");
        if (!lf || !gt__out_fields(lf, site ? fn_site : fn_rank, site ? ft_site : ft_rank,
                                   site ? 9 : 8))
            st = gt_context_status(ctx) ? gt_context_status(ctx)
                                        : gt__gdal_error(ctx, GT_ERR_OUTPUT,
                                                         "cannot create the changes layer");
    }
    item **order = its.n ? calloc((size_t)its.n, sizeof *order) : NULL;
    if (!st && its.n && !order)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st && GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "%s: cannot start a transaction", out);
    for (int i = 0; !st && i < its.n; i++) {
        item *it = &its.v[i];
        order[i] = it;
        it->change = classify(it, site, o->top);
        /* By rank, not by change: a top parcel newly excluded in B (or
         * not in B) left the top too; "0 left" was printed when all had. */
        bool ta = in_top(it->rank_a, o->top), tb = in_top(it->rank_b, o->top);
        n.entered += !ta && tb;
        n.left += ta && !tb;
        n.newly += !strcmp(it->change, "newly excluded");
        n.released += !strcmp(it->change, "released");
        n.moved += it->rank_a != it->rank_b && it->rank_a && it->rank_b;
        n.classes += !site && strstr(it->change, "class") != NULL;
        n.years += !site && strstr(it->change, "year") != NULL;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lf));
        OGR_F_SetFieldString(f, 0, it->id);
        if (it->rank_a)
            OGR_F_SetFieldInteger(f, 1, it->rank_a);
        if (it->rank_b)
            OGR_F_SetFieldInteger(f, 2, it->rank_b);
        if (site) {
            if (it->rank_a && it->rank_b)
                OGR_F_SetFieldInteger(f, 3, it->rank_a - it->rank_b);
            gt__set_real(f, 4, it->score_a);
            gt__set_real(f, 5, it->score_b);
            if (it->in_a)
                OGR_F_SetFieldInteger(f, 6, it->excl_a);
            if (it->in_b)
                OGR_F_SetFieldInteger(f, 7, it->excl_b);
            OGR_F_SetFieldString(f, 8, it->change);
        } else {
            if (it->class_a)
                OGR_F_SetFieldString(f, 3, it->class_a);
            if (it->class_b)
                OGR_F_SetFieldString(f, 4, it->class_b);
            if (it->year_a)
                OGR_F_SetFieldInteger(f, 5, it->year_a);
            if (it->year_b)
                OGR_F_SetFieldInteger(f, 6, it->year_b);
            OGR_F_SetFieldString(f, 7, it->change);
        }
        if (it->geom)
            OGR_F_SetGeometryDirectly(f, site ? OGR_G_ForceToMultiPolygon(it->geom) : it->geom);
        it->geom = NULL;
        if (OGR_L_CreateFeature(lf, f) != OGRERR_NONE)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing the changes of '%s' failed", it->id);
        OGR_F_Destroy(f);
    }
    if (!st && site) {
        OGRLayerH lx = gt__out_layer(ctx, ds, "exclusion_changes", srs, wkbMultiPolygon,
                                     "area excluded in B and not in A (newly excluded), and the "
                                     "reverse (released)");
        const char *xn[] = {"change", "area_ha"};
        const OGRFieldType xt[] = {OFTString, OFTReal};
        if (!lx || !gt__out_fields(lx, xn, xt, 2))
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create exclusion_changes");
        OGRGeometryH gs[2] = {newly, released};
        const char *names[2] = {"newly excluded", "released"};
        for (int k = 0; !st && k < 2; k++) {
            if (!gs[k] || OGR_G_IsEmpty(gs[k]))
                continue;
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lx));
            OGR_F_SetFieldString(f, 0, names[k]);
            OGR_F_SetFieldDouble(f, 1, OGR_G_Area(gs[k]) / 1e4);
            OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(OGR_G_Clone(gs[k])));
            if (OGR_L_CreateFeature(lx, f) != OGRERR_NONE)
                st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing exclusion_changes failed");
            OGR_F_Destroy(f);
        }
    }
    if (!st && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "%s: cannot commit", out);
    /* HTML and text: entries, exits, largest moves. */
    if (!st && its.n)
        qsort(order, (size_t)its.n, sizeof *order, by_shift);
    if (!st && site) {
        gt__sbuf_add(&html, "<h3>Top %d</h3>\n<p>%d entered, %d left; %d parcels newly excluded, "
                            "%d released; area newly excluded %.1f ha, released %.1f ha.</p>\n",
                     o->top, n.entered, n.left, n.newly, n.released, n.newly_ha, n.released_ha);
        gt__sbuf_add(&text, "top %d: %d entered, %d left\n", o->top, n.entered, n.left);
        for (int i = 0; i < its.n; i++) {
            const item *it = &its.v[i];
            bool ta = in_top(it->rank_a, o->top), tb = in_top(it->rank_b, o->top);
            char ra[16] = "none", rb[16] = "none";
            if (it->rank_a)
                snprintf(ra, sizeof ra, "%d", it->rank_a);
            if (it->rank_b)
                snprintf(rb, sizeof rb, "%d", it->rank_b);
            if (ta != tb)
                gt__sbuf_add(&text, "  %s %s: rank %s -> %s (%s)\n", tb ? "+" : "-", it->id, ra,
                             rb, it->change);
        }
        gt__sbuf_add(&text, "excluded: %d parcels newly excluded, %d released; %.1f ha newly "
                            "excluded, %.1f ha released\n",
                     n.newly, n.released, n.newly_ha, n.released_ha);
    } else if (!st) {
        gt__sbuf_add(&html, "<p>%d landfills changed risk class, %d changed plan year.</p>\n",
                     n.classes, n.years);
        gt__sbuf_add(&text, "landfills: %d changed risk class, %d changed plan year\n", n.classes,
                     n.years);
        const char *targets[] = {GT__KEY_TARGET_UNSANITARY, GT__KEY_TARGET_DUMPS};
        for (int k = 0; k < 2; k++)
            gt__sbuf_add(&text, "  %s: A %s; B %s\n", targets[k],
                         kv_get(&sa, targets[k]) ? kv_get(&sa, targets[k]) : "(none)",
                         kv_get(&sb, targets[k]) ? kv_get(&sb, targets[k]) : "(none)");
    }
    if (!st) {
        gt__sbuf_add(&html, "<h3>Largest rank moves</h3>\n<table>\n<tr><th>id</th><th>rank A"
                            "</th><th>rank B</th><th>change</th></tr>\n");
        gt__sbuf_add(&text, "largest moves:%s\n", n.moved ? "" : " none");
        for (int i = 0, shown = 0; i < its.n && shown < 10; i++) {
            const item *it = order[i];
            if (!it->rank_a || !it->rank_b || it->rank_a == it->rank_b)
                continue;
            shown++;
            gt__sbuf_add(&html, "<tr><td>");
            html_text(&html, it->id);
            gt__sbuf_add(&html, "</td><td>%d</td><td>%d</td><td>%+d</td></tr>\n", it->rank_a,
                         it->rank_b, it->rank_a - it->rank_b);
            if (shown <= 5)
                gt__sbuf_add(&text, "  %s: %d -> %d (%+d)\n", it->id, it->rank_a, it->rank_b,
                             it->rank_a - it->rank_b);
        }
        gt__sbuf_add(&html, "</table>\n</section>\n");
    }
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_abort(g);
    /* The HTML section beside it. */
    char *html_path = NULL;
    if (!st) {
        if (o->html) {
            html_path = gt__asprintf("%s", o->html);
        } else {
            const char *dot = strrchr(out, '.');
            size_t len = dot && !strchr(dot, '/') ? (size_t)(dot - out) : strlen(out);
            html_path = gt__asprintf("%.*s.html", (int)len, out);
        }
        /* A folder that cannot be made is an output error, not memory. */
        char *tmp = html_path ? gt__output_stage(ctx, html_path, ".html") : NULL;
        FILE *f = tmp ? fopen(tmp, "w") : NULL;
        if (html_path && !tmp)
            st = gt_context_status(ctx);
        else if (!tmp || html.nomem || text.nomem)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        else if (!f)
            st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write: %s", html_path,
                           strerror(errno));
        if (f && (fputs(html.s, f) < 0) + (fclose(f) != 0))
            st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write", html_path);
        if (tmp)
            st = gt__replace_file(ctx, st, tmp, html_path);
    }
    if (!st) {
        gt__sbuf_add(&text, "wrote %s, %s\n", out, html_path);
        *summary = text.nomem ? NULL : text.s;
        text.s = NULL;
    }
    free(html_path);
    free(html.s);
    free(text.s);
    free(order);
    if (newly)
        OGR_G_DestroyGeometry(newly);
    if (released)
        OGR_G_DestroyGeometry(released);
    items_free(&its);
    kv_free(&sa);
    kv_free(&sb);
    free(ca);
    free(cb);
    GDALClose(a);
    GDALClose(b);
    return st;
}

/* The GeoPackage and the HTML section are one transaction (both or
 * neither), and neither may replace one of the two runs compared. */
gt_status gt_compare_run(gt_context *ctx, const gt_compare_options *o, char **summary)
{
    *summary = NULL;
    gt_status st = gt__outputs_begin(ctx);
    if (st)
        return st;
    gt__outputs_note_input(o->files[0]);
    gt__outputs_note_input(o->files[1]);
    st = gt__outputs_end(ctx, compare_run(ctx, o, summary));
    if (st) {
        free(*summary);
        *summary = NULL;
    }
    return st;
}
