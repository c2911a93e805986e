/*
 * vdistance.c: exact vector distances from a geometry to the nearest
 * feature of a layer, with a GEOS STRtree (GEOSSTRtree_nearest_generic_r)
 * and exact GEOSDistance on the candidates; interior-overlap tests with
 * prepared geometries. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "layers/layers.h"

struct gt__index {
    const gt__features *f;
    GEOSSTRtree *tree;
    int *slots; /* slots[i] = i: stable item pointers */
    /* Prepared features, built on first use: their distance uses an index of
     * segments (GEOS IndexedFacetDistance), still exact, and much faster
     * than plain GEOSDistance against long river or road lines. */
    const GEOSPreparedGeometry **prep;
    /* Envelopes of the features for the settling test (near_any), built on
     * first use: a line feature's by runs of NEAR_RUN segments, so that a
     * long river's box does not cover the whole province; a polygon's or a
     * point's whole (a parcel inside a polygon is near it). */
    GEOSSTRtree *near;
    /* Pieces of the features for the distance of many queries (run_nearest),
     * built on first use: a line's or a polygon ring's segments by runs of
     * NEAR_RUN, each point of a point feature, each its own small geometry
     * in an STRtree of their envelopes; whether each feature is an area. */
    struct run_item *runs;
    int n_runs;
    GEOSSTRtree *rtree;
    unsigned char *area;
    bool any_area;
    /* Whether the pieces' envelopes are those of the settling test: every
     * feature a point, a line or lines (not a polygon's or a multi-point's
     * whole envelope), so one query of the pieces serves both. */
    bool pieces_settle;
    /* Whether every feature is a polygon or a multi-polygon (not empty):
     * the settling tree holds their whole envelopes, those of the features'
     * tree, so one query of that tree settles a query, finds the areas it
     * may meet and the features whose pieces may be nearest (area_nearest).
     * Then each feature's envelope and its pieces, runs[first_run[i],
     * first_run[i + 1]). */
    bool areas_settle;
    double (*fenv)[4];
    int *first_run;
    /* One query's candidate pieces and features, reused. */
    struct run_cand *cand;
    int n_cand, cap_cand;
    bool cand_failed;
    int *fcand;
    int n_fcand, cap_fcand;
};

enum { NEAR_RUN = 16 };

typedef struct run_item {
    GEOSGeometry *g; /* a LineString of at most NEAR_RUN segments, or a Point */
    double x0, y0, x1, y1;
    int feat;
    bool point;
} run_item;

typedef struct run_cand {
    const run_item *r;
    double d; /* the distance between the piece's and the query's envelopes */
} run_cand;

gt__index *gt__index_create(gt_context *ctx, const gt__features *f)
{
    gt__index *ix = gt__calloc(ctx, 1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->f = f;
    ix->slots = gt__malloc(ctx, sizeof(int) * (size_t)(f->n ? f->n : 1));
    ix->prep = gt__calloc(ctx, (size_t)(f->n ? f->n : 1), sizeof *ix->prep);
    ix->tree = GEOSSTRtree_create_r(gt__geos(ctx), 10);
    if (!ix->slots || !ix->prep || !ix->tree) {
        if (!ix->tree)
            GT_GEOS_FAIL(ctx, "STRtree");
        gt__index_destroy(ctx, ix);
        return NULL;
    }
    for (int i = 0; i < f->n; i++) {
        ix->slots[i] = i;
        GEOSSTRtree_insert_r(gt__geos(ctx), ix->tree, f->geoms[i], &ix->slots[i]);
    }
    /* GEOS 3.11 builds the tree on the first query. */
    return ix;
}

void gt__index_destroy(gt_context *ctx, gt__index *ix)
{
    if (!ix)
        return;
    if (ix->prep)
        for (int i = 0; i < ix->f->n; i++)
            if (ix->prep[i])
                GEOSPreparedGeom_destroy_r(gt__geos(ctx), ix->prep[i]);
    if (ix->tree)
        GEOSSTRtree_destroy_r(gt__geos(ctx), ix->tree);
    if (ix->near)
        GEOSSTRtree_destroy_r(gt__geos(ctx), ix->near);
    if (ix->rtree)
        GEOSSTRtree_destroy_r(gt__geos(ctx), ix->rtree);
    for (int k = 0; k < ix->n_runs; k++)
        GEOSGeom_destroy_r(gt__geos(ctx), ix->runs[k].g);
    free(ix->runs);
    free(ix->area);
    free(ix->cand);
    free(ix->fcand);
    free(ix->fenv);
    free(ix->first_run);
    free(ix->prep);
    free(ix->slots);
    free(ix);
}

typedef struct {
    gt_context *ctx;
    const gt__index *ix;
    const GEOSGeometry *query;
    bool failed;
} nearest_arg;

static const GEOSPreparedGeometry *prepared(gt_context *ctx, const gt__index *ix, int i)
{
    if (!ix->prep[i])
        ix->prep[i] = GEOSPrepare_r(gt__geos(ctx), ix->f->geoms[i]);
    return ix->prep[i];
}

/* Distance between a tree item (an int slot) and the query (passed as the
 * address of the nearest_arg). */
static int item_distance(const void *item1, const void *item2, double *d, void *userdata)
{
    nearest_arg *a = userdata;
    const void *item = item1 == (const void *)a ? item2 : item1;
    if (item == (const void *)a) { /* never asked for, but answer it */
        *d = 0;
        return 1;
    }
    const GEOSPreparedGeometry *pg = prepared(a->ctx, a->ix, *(const int *)item);
    if (!pg || !GEOSPreparedDistance_r(gt__geos(a->ctx), pg, a->query, d)) {
        a->failed = true;
        return 0;
    }
    return 1;
}

/* The nearest feature by GEOS's prepared distance to each whole feature
 * (for queries run_nearest does not take). */
static gt_status whole_nearest(gt_context *ctx, const gt__index *ix, const GEOSGeometry *g,
                               double *dist, int *nearest)
{
    *dist = INFINITY;
    *nearest = -1;
    if (ix->f->n == 0)
        return GT_OK;
    nearest_arg a = {ctx, ix, g, false};
    const void *hit =
        GEOSSTRtree_nearest_generic_r(gt__geos(ctx), ix->tree, &a, g, item_distance, &a);
    if (!hit || a.failed)
        return GT_GEOS_FAIL(ctx, "nearest-feature search");
    int i = *(const int *)hit;
    const GEOSPreparedGeometry *pg = prepared(ctx, ix, i);
    if (!pg || !GEOSPreparedDistance_r(gt__geos(ctx), pg, g, dist))
        return GT_GEOS_FAIL(ctx, "distance");
    *nearest = i;
    return GT_OK;
}

typedef struct {
    gt_context *ctx;
    const gt__index *ix;
    const GEOSGeometry *g;
    int found;
    bool failed;
} overlap_arg;

static void overlap_visit(void *item, void *userdata)
{
    overlap_arg *a = userdata;
    int i = *(int *)item;
    if (a->found >= 0 && a->found < i)
        return; /* report the lowest index, whatever order the tree gives */
    GEOSContextHandle_t h = gt__geos(a->ctx);
    /* Interiors meet: intersects but does not only touch (both symmetric:
     * the feature is prepared, once, and tests each query). A query inside
     * the feature's interior (prepared containsProperly, indexed) meets it
     * there: the touch test, a full relate, is left for the queries that
     * cross or touch its boundary. */
    const GEOSPreparedGeometry *pf = prepared(a->ctx, a->ix, i);
    char in = pf ? GEOSPreparedIntersects_r(h, pf, a->g) : 2;
    if (in == 2) {
        a->failed = true;
        return;
    }
    char inside = in == 1 ? GEOSPreparedContainsProperly_r(h, pf, a->g) : 0;
    if (inside == 2) {
        a->failed = true;
    } else if (inside == 1) {
        a->found = i;
    } else if (in == 1) {
        char t = GEOSPreparedTouches_r(h, pf, a->g);
        if (t == 2)
            a->failed = true;
        else if (t == 0)
            a->found = i;
    }
}

gt_status gt__index_overlaps(gt_context *ctx, const gt__index *ix, const GEOSGeometry *g,
                             bool *overlaps, int *which)
{
    *overlaps = false;
    *which = -1;
    if (ix->f->n == 0)
        return GT_OK;
    overlap_arg a = {ctx, ix, g, -1, false};
    GEOSSTRtree_query_r(gt__geos(ctx), ix->tree, g, overlap_visit, &a);
    if (a.failed)
        return GT_GEOS_FAIL(ctx, "overlap test");
    *overlaps = a.found >= 0;
    *which = a.found;
    return GT_OK;
}

/* Population within `radius` of g from census polygons by areal weighting:
 * sum over polygons of population x area(polygon ∩ buffer) / area(polygon). */
gt_status gt__population_within(gt_context *ctx, const gt__features *pop, const GEOSGeometry *g,
                                double radius, double *out)
{
    *out = 0;
    GEOSGeometry *buf = GEOSBuffer_r(gt__geos(ctx), g, radius, 16);
    if (!buf)
        return GT_GEOS_FAIL(ctx, "buffer");
    const GEOSPreparedGeometry *pb = GEOSPrepare_r(gt__geos(ctx), buf);
    gt_status st = pb ? GT_OK : GT_GEOS_FAIL(ctx, "prepare");
    for (int i = 0; !st && i < pop->n; i++) {
        if (isnan(pop->values[i]) || pop->values[i] <= 0)
            continue;
        if (GEOSPreparedIntersects_r(gt__geos(ctx), pb, pop->geoms[i]) != 1)
            continue;
        double area, part;
        GEOSArea_r(gt__geos(ctx), pop->geoms[i], &area);
        if (!(area > 0))
            continue;
        if (GEOSPreparedContains_r(gt__geos(ctx), pb, pop->geoms[i]) == 1) {
            *out += pop->values[i];
            continue;
        }
        GEOSGeometry *x = GEOSIntersection_r(gt__geos(ctx), buf, pop->geoms[i]);
        if (!x) {
            st = GT_GEOS_FAIL(ctx, "intersection");
            break;
        }
        GEOSArea_r(gt__geos(ctx), x, &part);
        GEOSGeom_destroy_r(gt__geos(ctx), x);
        *out += pop->values[i] * part / area;
    }
    if (pb)
        GEOSPreparedGeom_destroy_r(gt__geos(ctx), pb);
    GEOSGeom_destroy_r(gt__geos(ctx), buf);
    return st;
}

/* Many queries against one feature set on all the context's threads. Each
 * worker has its own context (so its own GEOS handle) and its own index
 * over the shared, read-only features: an STRtree and prepared geometries
 * are built lazily on first use and are not safe to share. Workers take
 * chunks of queries from a shared counter; every answer depends only on
 * its query, so the results are the same for any number of threads. */
enum { QUERY_CHUNK = 64 };

typedef struct {
    const gt__features *f;
    GEOSGeometry *const *q;
    int nq;
    bool overlaps; /* the interior-overlap test instead of the distance */
    double beyond; /* distance queries: NAN when no feature is within this (finite) */
    double *out;
    size_t stride;
    int next; /* next query, taken atomically */
    int failed;
    gt_status st;
    char msg[512];
    pthread_mutex_t lock;
} many_job;

static void many_fail(many_job *j, gt_status st, const char *msg)
{
    pthread_mutex_lock(&j->lock);
    if (!j->failed) {
        j->failed = 1;
        j->st = st ? st : GT_ERR_DEPENDENCY;
        snprintf(j->msg, sizeof j->msg, "%s", msg);
    }
    pthread_mutex_unlock(&j->lock);
}

/* Whether any feature's envelope meets the envelope of g widened by `by`
 * metres (an STRtree query: no exact geometry). When none does, every
 * feature is farther than `by` from g: the distance between two geometries
 * is at least the distance between their envelopes. */
static void near_visit(void *item, void *userdata)
{
    (void)item;
    *(bool *)userdata = true;
}

/* Insert the envelope of the points [a, b] of a coordinate sequence. */
static bool near_insert_run(GEOSContextHandle_t h, GEOSSTRtree *t, const GEOSCoordSequence *cs,
                            unsigned a, unsigned b, int *slot)
{
    double x, y, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (unsigned k = a; k <= b; k++) {
        if (!GEOSCoordSeq_getXY_r(h, cs, k, &x, &y))
            return false;
        x0 = fmin(x0, x), y0 = fmin(y0, y), x1 = fmax(x1, x), y1 = fmax(y1, y);
    }
    GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x0, y0, x1, y1);
    if (!box)
        return false;
    /* The tree keeps a copy of the envelope, not the geometry. */
    GEOSSTRtree_insert_r(h, t, box, slot);
    GEOSGeom_destroy_r(h, box);
    return true;
}

static bool near_insert(GEOSContextHandle_t h, GEOSSTRtree *t, const GEOSGeometry *g, int *slot)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        for (int k = 0; k < GEOSGetNumGeometries_r(h, g); k++)
            if (!near_insert(h, t, GEOSGetGeometryN_r(h, g, k), slot))
                return false;
        return true;
    }
    const GEOSCoordSequence *cs = NULL;
    unsigned n = 0;
    if ((type == GEOS_LINESTRING || type == GEOS_LINEARRING) &&
        (cs = GEOSGeom_getCoordSeq_r(h, g)) && GEOSCoordSeq_getSize_r(h, cs, &n) && n >= 2) {
        for (unsigned a = 0; a + 1 < n; a += NEAR_RUN)
            if (!near_insert_run(h, t, cs, a, a + NEAR_RUN < n - 1 ? a + NEAR_RUN : n - 1, slot))
                return false;
        return true;
    }
    if (GEOSisEmpty_r(h, g) == 1)
        return true;
    GEOSSTRtree_insert_r(h, t, g, slot); /* its whole envelope */
    return true;
}

static bool near_any(gt_context *ctx, gt__index *ix, const GEOSGeometry *g, double by,
                     gt_status *st)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double x0, y0, x1, y1;
    *st = GT_OK;
    if (ix->f->n == 0)
        return true; /* the nearest search answers INFINITY, as before */
    if (!ix->near) {
        if (!(ix->near = GEOSSTRtree_create_r(h, 10))) {
            *st = GT_GEOS_FAIL(ctx, "STRtree");
            return true;
        }
        for (int i = 0; i < ix->f->n; i++)
            if (!near_insert(h, ix->near, ix->f->geoms[i], &ix->slots[i])) {
                *st = GT_GEOS_FAIL(ctx, "feature envelopes");
                return true;
            }
    }
    if (!GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
        !GEOSGeom_getXMax_r(h, g, &x1) || !GEOSGeom_getYMax_r(h, g, &y1))
        return true; /* empty or odd: measure it exactly */
    GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x0 - by, y0 - by, x1 + by, y1 + by);
    if (!box) {
        *st = GT_GEOS_FAIL(ctx, "query envelope");
        return true;
    }
    bool hit = false;
    GEOSSTRtree_query_r(h, ix->near, box, near_visit, &hit);
    GEOSGeom_destroy_r(h, box);
    return hit;
}

/* --- exact distances by pieces of the features ---------------------------
 * The distance from a query q to a feature set is the least distance from
 * q to a piece of a feature (a run of NEAR_RUN segments of a line or of a
 * polygon's ring, or a point), except where q meets the interior of an
 * area, where it is 0: the distance between two geometries is the least
 * distance between their parts. So the search measures with GEOS only the
 * few small pieces whose envelopes come nearest q, never a whole river or
 * road against q (an indexed facet distance builds an index of q for every
 * feature it measures). */
typedef struct {
    run_item *runs;
    int n, cap;
    int feat; /* the feature being cut into pieces */
} run_list;

static bool run_push(GEOSContextHandle_t h, run_list *l, GEOSGeometry *g, bool point)
{
    if (!g)
        return false;
    double x0, y0, x1, y1;
    if (!GEOSGeom_getXMin_r(h, g, &x0) || !GEOSGeom_getYMin_r(h, g, &y0) ||
        !GEOSGeom_getXMax_r(h, g, &x1) || !GEOSGeom_getYMax_r(h, g, &y1)) {
        GEOSGeom_destroy_r(h, g);
        return false;
    }
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 256;
        run_item *r = realloc(l->runs, sizeof *r * (size_t)cap);
        if (!r) {
            GEOSGeom_destroy_r(h, g);
            return false;
        }
        l->runs = r, l->cap = cap;
    }
    l->runs[l->n++] = (run_item){g, x0, y0, x1, y1, l->feat, point};
    return true;
}

/* The runs of the points [a, b] of a coordinate sequence, as a line. */
static bool run_line(GEOSContextHandle_t h, run_list *l, const GEOSCoordSequence *cs, unsigned a,
                     unsigned b)
{
    GEOSCoordSequence *run = GEOSCoordSeq_create_r(h, b - a + 1, 2);
    if (!run)
        return false;
    double x, y;
    for (unsigned k = a; k <= b; k++)
        if (!GEOSCoordSeq_getXY_r(h, cs, k, &x, &y) || !GEOSCoordSeq_setXY_r(h, run, k - a, x, y)) {
            GEOSCoordSeq_destroy_r(h, run);
            return false;
        }
    return run_push(h, l, GEOSGeom_createLineString_r(h, run), false);
}

static bool run_pieces(GEOSContextHandle_t h, run_list *l, const GEOSGeometry *g)
{
    if (GEOSisEmpty_r(h, g) != 0)
        return true; /* empty (or odd): no piece, as GEOS finds no distance to it */
    int type = GEOSGeomTypeId_r(h, g);
    switch (type) {
    case GEOS_POINT:
        return run_push(h, l, GEOSGeom_clone_r(h, g), true);
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
        unsigned n = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
            return false;
        if (n < 2)
            return run_push(h, l, GEOSGeom_clone_r(h, g), false);
        for (unsigned a = 0; a + 1 < n; a += NEAR_RUN)
            if (!run_line(h, l, cs, a, a + NEAR_RUN < n - 1 ? a + NEAR_RUN : n - 1))
                return false;
        return true;
    }
    case GEOS_POLYGON: {
        const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, g);
        if (!ring || !run_pieces(h, l, ring))
            return false;
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int k = 0; k < holes; k++)
            if (!(ring = GEOSGetInteriorRingN_r(h, g, k)) || !run_pieces(h, l, ring))
                return false;
        return true;
    }
    default: /* multi-part geometries and collections */
        for (int k = 0; k < GEOSGetNumGeometries_r(h, g); k++)
            if (!run_pieces(h, l, GEOSGetGeometryN_r(h, g, k)))
                return false;
        return true;
    }
}

/* Whether near_insert puts the envelopes of g's pieces (run_pieces) in
 * the settling tree: a point, a line, lines, or a collection of these. */
static bool settles_by_pieces(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT:
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
        return true;
    case GEOS_MULTILINESTRING:
    case GEOS_GEOMETRYCOLLECTION:
        for (int k = 0; k < GEOSGetNumGeometries_r(h, g); k++)
            if (!settles_by_pieces(h, GEOSGetGeometryN_r(h, g, k)))
                return false;
        return true;
    default:
        return false;
    }
}

static gt_status runs_build(gt_context *ctx, gt__index *ix)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    run_list l = {0};
    ix->area = gt__calloc(ctx, (size_t)ix->f->n + 1, 1);
    ix->fenv = ix->area ? gt__malloc(ctx, sizeof *ix->fenv * ((size_t)ix->f->n + 1)) : NULL;
    ix->first_run = ix->fenv ? gt__malloc(ctx, sizeof(int) * ((size_t)ix->f->n + 1)) : NULL;
    if (!ix->first_run)
        return gt_context_status(ctx);
    ix->pieces_settle = ix->areas_settle = true;
    for (int i = 0; i < ix->f->n; i++) {
        const GEOSGeometry *g = ix->f->geoms[i];
        int type = GEOSGeomTypeId_r(h, g);
        double *e = ix->fenv[i];
        ix->area[i] = GEOSisEmpty_r(h, g) == 0 && GEOSGeom_getDimensions_r(h, g) == 2;
        ix->any_area |= ix->area[i];
        ix->pieces_settle = ix->pieces_settle && settles_by_pieces(h, g);
        ix->areas_settle = ix->areas_settle && ix->area[i] &&
                           (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) &&
                           GEOSGeom_getXMin_r(h, g, &e[0]) && GEOSGeom_getYMin_r(h, g, &e[1]) &&
                           GEOSGeom_getXMax_r(h, g, &e[2]) && GEOSGeom_getYMax_r(h, g, &e[3]);
        ix->first_run[i] = l.n;
        l.feat = i;
        if (!run_pieces(h, &l, g)) {
            for (int k = 0; k < l.n; k++)
                GEOSGeom_destroy_r(h, l.runs[k].g);
            free(l.runs);
            return GT_GEOS_FAIL(ctx, "feature pieces");
        }
    }
    ix->runs = l.runs;
    ix->n_runs = l.n;
    ix->first_run[ix->f->n] = l.n;
    ix->areas_settle = ix->areas_settle && ix->f->n > 0 && l.n > 0;
    if (!(ix->rtree = GEOSSTRtree_create_r(h, 10)))
        return GT_GEOS_FAIL(ctx, "STRtree");
    for (int k = 0; k < l.n; k++)
        GEOSSTRtree_insert_r(h, ix->rtree, l.runs[k].g, &l.runs[k]);
    return GT_OK;
}

/* Distance between the envelopes [x0, x1] x [y0, y1] and a piece's. */
static double box_distance(const run_item *r, const double q[4])
{
    double dx = fmax(0, fmax(q[0] - r->x1, r->x0 - q[2]));
    double dy = fmax(0, fmax(q[1] - r->y1, r->y0 - q[3]));
    return sqrt(dx * dx + dy * dy);
}

/* The exact distance from g to one piece: GEOS's distance with the
 * feature's piece first, as GEOS measures a feature (a point's as the
 * length between the nearest points, as GEOS's prepared point does). */
static bool run_distance(GEOSContextHandle_t h, const run_item *r, const GEOSGeometry *g, double *d)
{
    if (!r->point)
        return GEOSDistance_r(h, r->g, g, d) == 1;
    GEOSCoordSequence *cs = GEOSNearestPoints_r(h, r->g, g);
    double x0, y0, x1, y1;
    bool ok = cs && GEOSCoordSeq_getXY_r(h, cs, 0, &x0, &y0) &&
              GEOSCoordSeq_getXY_r(h, cs, 1, &x1, &y1);
    if (cs)
        GEOSCoordSeq_destroy_r(h, cs);
    if (ok)
        *d = sqrt((x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1));
    return ok;
}

typedef struct {
    gt__index *ix;
    const double *q; /* the query's envelope */
} cand_arg;

/* A reused candidate array of `n` entries of `size` bytes with room for
 * one more: arr itself or a larger copy; NULL (arr kept, cand_failed set)
 * when there is no memory. */
static void *cand_room(gt__index *ix, void *arr, int n, int *cap, size_t size)
{
    if (n < *cap)
        return arr;
    int more = *cap ? 2 * *cap : 64;
    void *c = realloc(arr, size * (size_t)more);
    if (!c) {
        ix->cand_failed = true;
        return NULL;
    }
    *cap = more;
    return c;
}

/* Add a candidate piece for the query of envelope q. */
static void cand_push(gt__index *ix, const run_item *r, const double q[4])
{
    run_cand *c = cand_room(ix, ix->cand, ix->n_cand, &ix->cap_cand, sizeof *c);
    if (c) {
        ix->cand = c;
        ix->cand[ix->n_cand++] = (run_cand){r, box_distance(r, q)};
    }
}

static void cand_visit(void *item, void *userdata)
{
    cand_arg *a = userdata;
    cand_push(a->ix, item, a->q);
}

static int cand_cmp(const void *a, const void *b)
{
    const run_cand *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->r < y->r ? -1 : x->r > y->r;
}

/* Whether the envelope [x0, x1] x [y0, y1] meets q widened by `by`: what
 * an STRtree's query tests (GEOS's closed envelope intersection) with the
 * rectangle near_any makes. */
static bool box_meets(double x0, double y0, double x1, double y1, const double q[4], double by)
{
    return !(x0 > q[2] + by || x1 < q[0] - by || y0 > q[3] + by || y1 < q[1] - by);
}

/* Whether a candidate's envelope meets g's widened by `by`, as the
 * settling tree's query tests. */
static bool cand_settles(const gt__index *ix, const double q[4], double by)
{
    for (int k = 0; k < ix->n_cand; k++) {
        const run_item *r = ix->cand[k].r;
        if (box_meets(r->x0, r->y0, r->x1, r->y1, q, by))
            return true;
    }
    return false;
}

/* The least exact distance from g to the candidate pieces (INFINITY when
 * there are none), measuring them in order of their envelopes' distance
 * until that exceeds the least found. */
static gt_status runs_measure(gt_context *ctx, gt__index *ix, const GEOSGeometry *g, double *best,
                              int *feat)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    *best = INFINITY;
    if (ix->n_cand > 1) /* none at all: no array yet (qsort wants one) */
        qsort(ix->cand, (size_t)ix->n_cand, sizeof *ix->cand, cand_cmp);
    for (int k = 0; k < ix->n_cand; k++) {
        if (ix->cand[k].d > *best + 1e-9 * (1 + *best))
            break;
        double d;
        if (!run_distance(h, ix->cand[k].r, g, &d))
            return GT_GEOS_FAIL(ctx, "distance");
        if (d < *best)
            *best = d, *feat = ix->cand[k].r->feat;
        if (*best == 0)
            break;
    }
    return GT_OK;
}

/* A margin for rounding when the pieces within r are sought: envelopes are
 * compared a little generously. */
static double runs_slack(double r)
{
    return 1e-9 * (1 + r);
}

/* The least exact distance from g to the pieces whose envelopes meet g's
 * widened by r (INFINITY when none do), measuring the pieces in order of
 * their envelopes' distance until that exceeds the least found. Every
 * piece nearer g than r is among them, so the answer is exact when it is
 * at most r. With `settle` (r the settling distance, the pieces those of
 * the settling tree): NAN, nothing measured, when no piece's envelope
 * meets g's widened by r, as near_any answers. */
static gt_status runs_within(gt_context *ctx, gt__index *ix, const GEOSGeometry *g,
                             const double q[4], double r, bool settle, double *best, int *feat)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double slack = runs_slack(r);
    *best = INFINITY;
    GEOSGeometry *box = GEOSGeom_createRectangle_r(h, q[0] - r - slack, q[1] - r - slack,
                                                   q[2] + r + slack, q[3] + r + slack);
    if (!box)
        return GT_GEOS_FAIL(ctx, "query envelope");
    ix->n_cand = 0;
    ix->cand_failed = false;
    cand_arg a = {ix, q};
    GEOSSTRtree_query_r(h, ix->rtree, box, cand_visit, &a);
    GEOSGeom_destroy_r(h, box);
    if (ix->cand_failed)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory for distance candidates");
    if (settle && !cand_settles(ix, q, r)) {
        *best = NAN;
        return GT_OK;
    }
    return runs_measure(ctx, ix, g, best, feat);
}

typedef struct {
    const double *q;
} box_arg;

static int box_item_distance(const void *item1, const void *item2, double *d, void *userdata)
{
    box_arg *a = userdata;
    const void *item = item1 == (const void *)a ? item2 : item1;
    *d = item == (const void *)a ? 0 : box_distance(item, a->q);
    return 1;
}

typedef struct {
    gt_context *ctx;
    gt__index *ix;
    const GEOSGeometry *g;
    int hit; /* the lowest area feature g meets, or -1 */
    bool failed;
} area_arg;

static void area_visit(void *item, void *userdata)
{
    area_arg *a = userdata;
    int i = *(int *)item;
    if ((a->hit >= 0 && a->hit < i) || a->failed || !a->ix->area[i])
        return;
    const GEOSPreparedGeometry *pg = prepared(a->ctx, a->ix, i);
    char in = pg ? GEOSPreparedIntersects_r(gt__geos(a->ctx), pg, a->g) : 2;
    a->failed = in == 2;
    if (in == 1)
        a->hit = i;
}

/* The exact distance from g to the nearest feature of ix, as
 * gt__index_nearest gives it (the same GEOS arithmetic on the same
 * segments): 0 where g meets an area feature; otherwise the least distance
 * to a piece. `hint`, when finite, is a distance to look within first.
 * With `settle` (hint the settling distance, and ix's pieces those of the
 * settling tree: pieces_settle, no area): NAN when near_any would find no
 * feature within hint, from the same query of the pieces. */
static gt_status run_nearest(gt_context *ctx, gt__index *ix, const GEOSGeometry *g, double hint,
                             bool settle, double *dist, int *nearest)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double q[4];
    gt_status st = GT_OK;
    *dist = INFINITY;
    *nearest = -1;
    if (ix->f->n == 0)
        return GT_OK;
    if (!ix->area && (st = runs_build(ctx, ix)))
        return st;
    bool odd = GEOSisEmpty_r(h, g) != 0 || !GEOSGeom_getXMin_r(h, g, &q[0]) ||
               !GEOSGeom_getYMin_r(h, g, &q[1]) || !GEOSGeom_getXMax_r(h, g, &q[2]) ||
               !GEOSGeom_getYMax_r(h, g, &q[3]);
    if (settle && !odd && ix->n_runs == 0) {
        *dist = NAN; /* the settling tree is empty too */
        return GT_OK;
    }
    if (ix->n_runs == 0 || odd) {
        /* nothing to measure to, or an odd query: feature by feature */
        return whole_nearest(ctx, ix, g, dist, nearest);
    }
    if (ix->any_area) {
        area_arg a = {ctx, ix, g, -1, false};
        GEOSSTRtree_query_r(h, ix->tree, g, area_visit, &a);
        if (a.failed)
            return GT_GEOS_FAIL(ctx, "intersects test");
        if (a.hit >= 0) {
            *dist = 0;
            *nearest = a.hit;
            return GT_OK;
        }
    }
    double r = isfinite(hint) && hint >= 0 ? hint : NAN, best = INFINITY;
    for (int pass = 0; pass < 3; pass++) {
        if (isnan(r)) {
            /* A bound: the exact distance to the piece whose envelope is
             * nearest g's. */
            box_arg b = {q};
            const void *hit =
                GEOSSTRtree_nearest_generic_r(h, ix->rtree, &b, g, box_item_distance, &b);
            if (!hit || hit == (const void *)&b)
                return GT_GEOS_FAIL(ctx, "nearest-piece search");
            if (!run_distance(h, hit, g, &r))
                return GT_GEOS_FAIL(ctx, "distance");
        }
        if ((st = runs_within(ctx, ix, g, q, r, settle && pass == 0, &best, nearest)))
            return st;
        if (isnan(best)) {
            *dist = NAN;
            return GT_OK;
        }
        if (best <= r) {
            *dist = best;
            return GT_OK;
        }
        r = isfinite(best) ? best : NAN;
    }
    return gt__error(ctx, GT_ERR_INTERNAL, "nearest-piece search did not settle");
}

/* One query of the features' tree for a query settled beyond `by` when
 * every feature is an area (areas_settle), in place of near_any's, the
 * area test's and the first search of the pieces (run_nearest), with the
 * same answers: the features whose envelopes meet g's widened by `by` (and
 * the margin of runs_within) hold every envelope those three queries
 * find, a piece's envelope lying in its feature's. NAN when none meets
 * g's widened by `by` itself; 0 when g meets one (the lowest, as
 * area_visit finds); else the least distance to their pieces, when it is
 * within `by`, or run_nearest's further passes. */
static void fcand_visit(void *item, void *userdata)
{
    gt__index *ix = userdata;
    int *c = cand_room(ix, ix->fcand, ix->n_fcand, &ix->cap_fcand, sizeof *c);
    if (c) {
        ix->fcand = c;
        ix->fcand[ix->n_fcand++] = *(const int *)item;
    }
}

/* The ring that bounds g when g is one polygon without holes (or a
 * multi-polygon of one such), else g. When g meets no area, no piece of
 * an area's ring lies inside g, and GEOS's distance from a piece to g is
 * then the distance from the piece to that ring, from the same segments
 * in the same order; without GEOS's test of the piece's points inside g
 * (a point-in-polygon test for each piece measured). */
static const GEOSGeometry *boundary(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    const GEOSGeometry *p = g;
    if (GEOSGeomTypeId_r(h, p) == GEOS_MULTIPOLYGON && GEOSGetNumGeometries_r(h, p) == 1)
        p = GEOSGetGeometryN_r(h, p, 0);
    if (p && GEOSGeomTypeId_r(h, p) == GEOS_POLYGON && GEOSGetNumInteriorRings_r(h, p) == 0) {
        const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, p);
        if (ring)
            return ring;
    }
    return g;
}

static gt_status area_nearest(gt_context *ctx, gt__index *ix, const GEOSGeometry *g, double by,
                              double *dist)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    double q[4], b[4], slack = runs_slack(by);
    int nearest;
    if (!GEOSGeom_getXMin_r(h, g, &q[0]) || !GEOSGeom_getYMin_r(h, g, &q[1]) ||
        !GEOSGeom_getXMax_r(h, g, &q[2]) || !GEOSGeom_getYMax_r(h, g, &q[3]))
        return run_nearest(ctx, ix, g, by, false, dist, &nearest); /* as near_any: measure it */
    /* The rectangle of runs_within's query, coordinate for coordinate. */
    b[0] = q[0] - by - slack, b[1] = q[1] - by - slack;
    b[2] = q[2] + by + slack, b[3] = q[3] + by + slack;
    GEOSGeometry *box = GEOSGeom_createRectangle_r(h, b[0], b[1], b[2], b[3]);
    if (!box)
        return GT_GEOS_FAIL(ctx, "query envelope");
    ix->n_fcand = 0;
    ix->cand_failed = false;
    GEOSSTRtree_query_r(h, ix->tree, box, fcand_visit, ix);
    GEOSGeom_destroy_r(h, box);
    if (ix->cand_failed)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory for distance candidates");
    bool near = false;
    for (int k = 0; !near && k < ix->n_fcand; k++) {
        const double *e = ix->fenv[ix->fcand[k]];
        near = box_meets(e[0], e[1], e[2], e[3], q, by);
    }
    if (!near) {
        *dist = NAN;
        return GT_OK;
    }
    if (GEOSisEmpty_r(h, g) != 0)
        return run_nearest(ctx, ix, g, by, false, dist, &nearest);
    /* The areas whose envelopes meet g's, lowest first (a few at most):
     * g is at 0 from the first it meets. */
    for (int last = -1;;) {
        int next = -1;
        for (int k = 0; k < ix->n_fcand; k++) {
            int i = ix->fcand[k];
            const double *e = ix->fenv[i];
            if (i > last && (next < 0 || i < next) && box_meets(e[0], e[1], e[2], e[3], q, 0))
                next = i;
        }
        if (next < 0)
            break;
        const GEOSPreparedGeometry *pg = prepared(ctx, ix, next);
        char in = pg ? GEOSPreparedIntersects_r(h, pg, g) : 2;
        if (in == 2)
            return GT_GEOS_FAIL(ctx, "intersects test");
        if (in == 1) {
            *dist = 0;
            return GT_OK;
        }
        last = next;
    }
    /* The pieces of the candidates within runs_within's rectangle. */
    ix->n_cand = 0;
    for (int k = 0; k < ix->n_fcand; k++) {
        int i = ix->fcand[k];
        for (int p = ix->first_run[i]; p < ix->first_run[i + 1]; p++) {
            const run_item *r = &ix->runs[p];
            if (!(r->x0 > b[2] || r->x1 < b[0] || r->y0 > b[3] || r->y1 < b[1]))
                cand_push(ix, r, q);
        }
    }
    if (ix->cand_failed)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory for distance candidates");
    double best;
    gt_status st = runs_measure(ctx, ix, boundary(h, g), &best, &nearest);
    if (st || best <= by) {
        *dist = best;
        return st;
    }
    return run_nearest(ctx, ix, g, isfinite(best) ? best : NAN, false, dist, &nearest);
}

/* Whether queries settled beyond a distance can take the pieces' query
 * for the settling test (runs_within): ix's pieces, built if need be,
 * are the settling tree's envelopes, and no feature is an area; or the
 * features' query (area_nearest): every feature is an area. */
static gt_status settle_by_pieces(gt_context *ctx, gt__index *ix, bool *pieces, bool *areas)
{
    gt_status st = ix->f->n && !ix->area ? runs_build(ctx, ix) : GT_OK;
    *pieces = !st && ix->f->n && ix->pieces_settle && !ix->any_area;
    *areas = !st && ix->f->n && ix->areas_settle;
    return st;
}

static void many_worker(int w0, int w1, void *arg)
{
    many_job *j = arg;
    for (int w = w0; w < w1; w++) {
        gt_context *wctx = gt_context_create();
        gt__index *ix = wctx ? gt__index_create(wctx, j->f) : NULL;
        if (!ix) {
            many_fail(j, wctx ? gt_context_status(wctx) : GT_ERR_NOMEM,
                      wctx ? gt_context_errmsg(wctx) : "out of memory for a worker");
            gt_context_destroy(wctx);
            return;
        }
        gt_context_set_threads(wctx, 1);
        for (;;) {
            int q0 = __atomic_fetch_add(&j->next, QUERY_CHUNK, __ATOMIC_RELAXED);
            if (q0 >= j->nq || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
                break;
            int q1 = q0 + QUERY_CHUNK < j->nq ? q0 + QUERY_CHUNK : j->nq;
            for (int q = q0; q < q1; q++) {
                gt_status st = GT_OK;
                bool settle = false, areas = false;
                int which;
                double *o = &j->out[(size_t)q * j->stride];
                if (j->overlaps) {
                    bool hit = false;
                    st = gt__index_overlaps(wctx, ix, j->q[q], &hit, &which);
                    *o = st ? NAN : which;
                } else if (isfinite(j->beyond) && j->beyond >= 0 &&
                           (st = settle_by_pieces(wctx, ix, &settle, &areas))) {
                    /* the pieces could not be made */
                } else if (settle) {
                    st = run_nearest(wctx, ix, j->q[q], j->beyond, true, o, &which);
                } else if (areas) {
                    st = area_nearest(wctx, ix, j->q[q], j->beyond, o);
                } else if (isfinite(j->beyond) && !near_any(wctx, ix, j->q[q], j->beyond, &st)) {
                    *o = st ? *o : NAN;
                } else if (!st) {
                    st = run_nearest(wctx, ix, j->q[q], j->beyond, false, o, &which);
                }
                if (st) {
                    many_fail(j, st, gt_context_errmsg(wctx));
                    break;
                }
            }
        }
        gt__index_destroy(wctx, ix);
        gt_context_destroy(wctx);
    }
}

static gt_status query_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q,
                            int nq, bool overlaps, double beyond, double *out, size_t stride)
{
    if (nq <= 0)
        return GT_OK;
    /* Envelopes are computed now, on this thread, before workers read them. */
    GEOSContextHandle_t h = gt__geos(ctx);
    double v;
    for (int i = 0; i < f->n; i++)
        GEOSGeom_getXMin_r(h, f->geoms[i], &v);
    for (int i = 0; i < nq; i++)
        GEOSGeom_getXMin_r(h, q[i], &v);
    many_job job = {.f = f,
                    .q = q,
                    .nq = nq,
                    .overlaps = overlaps,
                    .beyond = beyond,
                    .out = out,
                    .stride = stride};
    pthread_mutex_init(&job.lock, NULL);
    int workers = gt_context_threads(ctx);
    int chunks = (nq + QUERY_CHUNK - 1) / QUERY_CHUNK;
    gt__parallel_for(ctx, workers < chunks ? workers : chunks, many_worker, &job);
    pthread_mutex_destroy(&job.lock);
    if (job.failed)
        return gt__error(ctx, job.st, "%s", job.msg);
    return GT_OK;
}

gt_status gt__nearest_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q, int nq,
                           double *dist, size_t stride)
{
    return query_many(ctx, f, q, nq, false, NAN, dist, stride);
}

gt_status gt__nearest_beyond_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q,
                                  int nq, double beyond, double *dist, size_t stride)
{
    return query_many(ctx, f, q, nq, false, beyond, dist, stride);
}

gt_status gt__overlaps_many(gt_context *ctx, const gt__features *f, GEOSGeometry *const *q,
                            int nq, double *which, size_t stride)
{
    return query_many(ctx, f, q, nq, true, NAN, which, stride);
}

gt_status gt__index_nearest(gt_context *ctx, const gt__index *ix, const GEOSGeometry *g,
                            double *dist, int *nearest)
{
    /* The index is made by gt__index_create (never const itself); its
     * pieces are built on first use, as its prepared features are. */
    return run_nearest(ctx, (gt__index *)ix, g, NAN, false, dist, nearest);
}
