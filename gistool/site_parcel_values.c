/*
 * site_parcel_values.c: each parcel's factor values and score from sample
 * points fixed in geographic coordinates (docs/site.md "Parcel values").
 * SPDX-License-Identifier: MIT
 *
 * A parcel's points are a lattice over its longitude/latitude bounding box
 * (the parcel's vertices transformed to WGS 84), kept where they fall inside
 * the parcel's rings in longitude/latitude: the same points whatever the
 * working CRS. At each point a distance factor takes the exact distance to
 * the nearest feature (nearest point in the working CRS, length on the
 * ellipsoid through the CRS's local metric), a class factor the class of the
 * polygon holding the point, and a slope factor the slope grid bilinearly
 * interpolated (taken from each band of the slope as it is made, so no
 * slope grid is needed: gt__psample_slope_*). A parcel's factor value is the mean over its points, its
 * score the mean of the points' aggregated scores.
 *
 * Work is shared among the context's threads by chunks of parcels; each
 * worker has its own context (GEOS handle) and coordinate transformations;
 * the segment indexes are built before the workers start and only read by
 * them. Every answer depends only on its parcel, so the results are the
 * same bits for any number of threads.
 */
#include <geodesic.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/site_stages.h"

/* Lattice points per side for a parcel that fills its bounding box; more
 * for one that fills less of it, so that about PS_SIDE^2 points fall inside
 * every parcel. */
#define PS_SIDE 5
#define PS_SIDE_MAX 40
#define PS_CHUNK 32
/* A parcel's lattice in the working CRS: PROJ at 3 x 3 nodes and 2 check
 * points, the rest interpolated (lattice_interpolated), for a parcel of
 * more than PS_INTERP_MIN points, when the check points' interpolation is
 * within PS_INTERP_TOL_M of PROJ's. */
#define PS_INTERP_MIN 11
#define PS_INTERP_TOL_M 1e-8
/* Spacing (working units) of the lattice of the CRS's local metric, and the
 * step of its central differences. */
#define METRIC_STEP 2000.0
#define METRIC_H 50.0

/* --- the working CRS's metric ------------------------------------------------
 * ds^2 = gxx dx^2 + 2 gxy dx dy + gyy dy^2 (ellipsoidal metres per working
 * unit), from geodesic lengths of short central differences, on a lattice
 * over the area of interest and interpolated bilinearly. The length of a
 * segment (p, q) is its length under the metric at its midpoint: for a
 * segment up to 20 km long this is the geodesic length to better than 1e-7
 * (the metric is smooth: it changes by about x / R^2 per metre). */
typedef struct {
    double x0, y0, step;
    int nx, ny;        /* nodes */
    double *g;         /* 3 per node */
    double smin, smax; /* bounds of ds / d(working units) over the lattice */
} metric;

static gt_status metric_build(gt_context *ctx, const site_grid *grid, metric *m)
{
    memset(m, 0, sizeof *m);
    m->x0 = grid->aoi[0];
    m->y0 = grid->aoi[1];
    m->step = METRIC_STEP;
    m->nx = (int)ceil((grid->aoi[2] - grid->aoi[0]) / m->step) + 1;
    m->ny = (int)ceil((grid->aoi[3] - grid->aoi[1]) / m->step) + 1;
    if (m->nx < 2)
        m->nx = 2;
    if (m->ny < 2)
        m->ny = 2;
    size_t nn = (size_t)m->nx * m->ny;
    m->g = gt__malloc(ctx, nn * 3 * sizeof(double));
    double *x = m->g ? gt__malloc(ctx, nn * 6 * 2 * sizeof(double)) : NULL;
    if (!x) {
        free(m->g);
        m->g = NULL;
        return gt_context_status(ctx);
    }
    double *y = x + nn * 6, h = METRIC_H;
    static const double dx[6] = {-1, 1, 0, 0, -1, 1}, dy[6] = {0, 0, -1, 1, -1, 1};
    for (int j = 0; j < m->ny; j++)
        for (int i = 0; i < m->nx; i++)
            for (int k = 0; k < 6; k++) {
                size_t n = ((size_t)j * m->nx + i) * 6 + k;
                x[n] = m->x0 + i * m->step + dx[k] * h;
                y[n] = m->y0 + j * m->step + dy[k] * h;
            }
    gt_status st = GT_OK;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    if (wgs && OSRImportFromEPSG(wgs, 4326) == OGRERR_NONE) {
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(grid->srs, wgs);
    }
    if (!ct || !OCTTransform(ct, (int)(nn * 6), x, y, NULL))
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY,
                            "parcel values: the area of interest could not be transformed to "
                            "WGS 84");
    struct geod_geodesic geod;
    geod_init(&geod, 6378137.0, 1 / 298.257223563);
    m->smin = INFINITY;
    m->smax = 0;
    for (size_t n = 0; !st && n < nn; n++) {
        double l[3], *p = x + n * 6, *q = y + n * 6;
        for (int k = 0; k < 3; k++)
            geod_inverse(&geod, q[2 * k], p[2 * k], q[2 * k + 1], p[2 * k + 1], &l[k], NULL, NULL);
        double gxx = (l[0] / (2 * h)) * (l[0] / (2 * h)), gyy = (l[1] / (2 * h)) * (l[1] / (2 * h));
        double gxy = (l[2] * l[2] / (4 * h * h) - gxx - gyy) / 2;
        m->g[n * 3] = gxx;
        m->g[n * 3 + 1] = gxy;
        m->g[n * 3 + 2] = gyy;
        /* eigenvalues of the metric: the squared scale's range */
        double tr = (gxx + gyy) / 2, det = sqrt(((gxx - gyy) / 2) * ((gxx - gyy) / 2) + gxy * gxy);
        m->smin = fmin(m->smin, sqrt(fmax(tr - det, 0)));
        m->smax = fmax(m->smax, sqrt(tr + det));
        if (!(m->smin > 0) || !isfinite(m->smax))
            st = gt__error(ctx, GT_ERR_DEPENDENCY,
                           "parcel values: the working CRS has no usable scale near (%.0f, %.0f)",
                           x[n * 6], y[n * 6]);
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs)
        OSRDestroySpatialReference(wgs);
    free(x);
    if (st) {
        free(m->g);
        m->g = NULL;
    }
    return st;
}

struct gt__psample {
    int np, nf;
    size_t npts;
    size_t *off;              /* np + 1: parcel p's points are off[p] .. off[p + 1] - 1 */
    double *x, *y;            /* the points in the working CRS */
    float *col[GT_AHP_MAX_N]; /* each factor's standardised value at each point */
    double weights[GT_AHP_MAX_N];
    metric metric;
    struct geod_geodesic geod; /* WGS 84 */
    double *area_m2;           /* np: each parcel's area on the ellipsoid */
    /* The slope taken at the points while it is made band by band
     * (gt__psample_slope_*): each point's bilinear value (until the slope
     * factor's column is made from it) and each parcel's mean. */
    double *slope_pt;
    double *slope_mean;
    uint32_t *by_row;  /* the points in order of their first bilinear row */
    size_t *row_start; /* h + 1: points of row r are by_row[row_start[r] ..] */
};

/* The ellipsoidal length of the segment (px, py) - (qx, qy). */
static double metric_length(const metric *m, double px, double py, double qx, double qy)
{
    double fx = ((px + qx) / 2 - m->x0) / m->step, fy = ((py + qy) / 2 - m->y0) / m->step;
    int i = (int)floor(fx), j = (int)floor(fy);
    i = i < 0 ? 0 : i > m->nx - 2 ? m->nx - 2 : i;
    j = j < 0 ? 0 : j > m->ny - 2 ? m->ny - 2 : j;
    double tx = fx - i, ty = fy - j, g[3];
    const double *a = m->g + ((size_t)j * m->nx + i) * 3, *b = a + 3, *c = a + (size_t)m->nx * 3,
                 *d = c + 3;
    for (int k = 0; k < 3; k++)
        g[k] = (1 - ty) * ((1 - tx) * a[k] + tx * b[k]) + ty * ((1 - tx) * c[k] + tx * d[k]);
    double dx = qx - px, dy = qy - py;
    return sqrt(fmax(g[0] * dx * dx + 2 * g[1] * dx * dy + g[2] * dy * dy, 0));
}

/* --- segment index -----------------------------------------------------------
 * The segments of a layer (a point is a segment of length 0, a polygon its
 * rings) in a uniform grid of buckets: nearest segment by rings of buckets
 * around the point, point in polygon by a ray to the east. Read-only once
 * built, so shared by the workers. */
typedef struct {
    double x0, y0, x1, y1;
    int feat;
    bool ring;
} seg;

typedef struct {
    seg *s;
    size_t n, cap;
    int nfeat;
    bool has_rings;
    double gx0, gy0, cs;
    int nx, ny;
    size_t *start; /* nx * ny + 1 */
    uint32_t *ids;
    /* nx * ny: 1 where the bounding box of some feature's rings reaches the
     * bucket. A point in any other bucket is outside every polygon, so
     * seg_inside answers without casting its ray across the row (most of
     * the points of a million parcels are outside the residential areas). */
    unsigned char *ring_cover;
} segindex;

static bool seg_push(segindex *ix, double x0, double y0, double x1, double y1, int feat, bool ring)
{
    if (!gt__grow(&ix->s, &ix->cap, ix->n + 1, sizeof *ix->s))
        return false;
    ix->s[ix->n++] = (seg){x0, y0, x1, y1, feat, ring};
    return true;
}

static gt_status seg_collect(gt_context *ctx, segindex *ix, const GEOSGeometry *g, int feat,
                             bool ring)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g))
            return GT_OK;
        gt_status st = seg_collect(ctx, ix, GEOSGetExteriorRing_r(h, g), feat, true);
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; !st && i < holes; i++)
            st = seg_collect(ctx, ix, GEOSGetInteriorRingN_r(h, g, i), feat, true);
        ix->has_rings = true;
        return st;
    }
    if (type == GEOS_POINT || type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
        unsigned int n = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
            return GT_OK; /* empty */
        double px = 0, py = 0;
        for (unsigned int k = 0; k < n; k++) {
            double x, y;
            if (!GEOSCoordSeq_getXY_r(h, cs, k, &x, &y))
                return GT_GEOS_FAIL(ctx, "coordinates");
            bool ok = true;
            if (n == 1)
                ok = seg_push(ix, x, y, x, y, feat, false);
            else if (k > 0)
                ok = seg_push(ix, px, py, x, y, feat, ring);
            if (!ok)
                return gt__error(ctx, GT_ERR_NOMEM, "out of memory for the segment index");
            px = x;
            py = y;
        }
        return GT_OK;
    }
    int n = GEOSGetNumGeometries_r(h, g);
    gt_status st = GT_OK;
    for (int i = 0; !st && i < n; i++)
        st = seg_collect(ctx, ix, GEOSGetGeometryN_r(h, g, i), feat, ring);
    return st;
}

static void segindex_free(segindex *ix)
{
    free(ix->s);
    free(ix->start);
    free(ix->ids);
    free(ix->ring_cover);
    memset(ix, 0, sizeof *ix);
}

static void cell_range(const segindex *ix, double lo, double hi, double o, int n, int *a, int *b)
{
    *a = (int)floor((lo - o) / ix->cs);
    *b = (int)floor((hi - o) / ix->cs);
    *a = *a < 0 ? 0 : *a > n - 1 ? n - 1 : *a;
    *b = *b < 0 ? 0 : *b > n - 1 ? n - 1 : *b;
}

/* ix->ring_cover from the bounding box of each feature's ring segments. */
static gt_status ring_cover_build(gt_context *ctx, segindex *ix)
{
    size_t nf = (size_t)(ix->nfeat ? ix->nfeat : 1);
    double *box = gt__malloc(ctx, nf * 4 * sizeof *box);
    ix->ring_cover = box ? gt__calloc(ctx, (size_t)ix->nx * ix->ny, 1) : NULL;
    if (!ix->ring_cover) {
        free(box);
        return gt_context_status(ctx);
    }
    for (size_t i = 0; i < nf; i++)
        box[4 * i] = box[4 * i + 2] = INFINITY, box[4 * i + 1] = box[4 * i + 3] = -INFINITY;
    for (size_t k = 0; k < ix->n; k++) {
        const seg *s = &ix->s[k];
        if (!s->ring)
            continue;
        double *b = box + 4 * (size_t)s->feat;
        b[0] = fmin(b[0], fmin(s->x0, s->x1));
        b[1] = fmax(b[1], fmax(s->x0, s->x1));
        b[2] = fmin(b[2], fmin(s->y0, s->y1));
        b[3] = fmax(b[3], fmax(s->y0, s->y1));
    }
    for (size_t i = 0; i < nf; i++) {
        const double *b = box + 4 * i;
        if (!(b[0] <= b[1]))
            continue;
        int i0, i1, j0, j1;
        cell_range(ix, b[0], b[1], ix->gx0, ix->nx, &i0, &i1);
        cell_range(ix, b[2], b[3], ix->gy0, ix->ny, &j0, &j1);
        for (int j = j0; j <= j1; j++)
            memset(ix->ring_cover + (size_t)j * ix->nx + i0, 1, (size_t)(i1 - i0 + 1));
    }
    free(box);
    return GT_OK;
}

static gt_status segindex_build(gt_context *ctx, const gt__features *f, segindex *ix)
{
    memset(ix, 0, sizeof *ix);
    ix->nfeat = f->n;
    gt_status st = GT_OK;
    for (int i = 0; !st && i < f->n; i++)
        st = seg_collect(ctx, ix, f->geoms[i], i, false);
    if (st || ix->n == 0)
        return st;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t k = 0; k < ix->n; k++) {
        const seg *s = &ix->s[k];
        x0 = fmin(x0, fmin(s->x0, s->x1));
        x1 = fmax(x1, fmax(s->x0, s->x1));
        y0 = fmin(y0, fmin(s->y0, s->y1));
        y1 = fmax(y1, fmax(s->y0, s->y1));
    }
    /* about two segments a bucket, at most 1024 x 1024 buckets */
    double w = fmax(x1 - x0, 1), hgt = fmax(y1 - y0, 1);
    ix->cs = fmax(sqrt(w * hgt * 2 / (double)ix->n), fmax(w, hgt) / 1024);
    ix->gx0 = x0;
    ix->gy0 = y0;
    ix->nx = (int)(w / ix->cs) + 1;
    ix->ny = (int)(hgt / ix->cs) + 1;
    size_t nc = (size_t)ix->nx * ix->ny;
    ix->start = gt__calloc(ctx, nc + 1, sizeof *ix->start);
    if (!ix->start)
        return gt_context_status(ctx);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < ix->n; k++) {
            const seg *s = &ix->s[k];
            int i0, i1, j0, j1;
            cell_range(ix, fmin(s->x0, s->x1), fmax(s->x0, s->x1), ix->gx0, ix->nx, &i0, &i1);
            cell_range(ix, fmin(s->y0, s->y1), fmax(s->y0, s->y1), ix->gy0, ix->ny, &j0, &j1);
            for (int j = j0; j <= j1; j++)
                for (int i = i0; i <= i1; i++) {
                    size_t c = (size_t)j * ix->nx + i;
                    if (pass == 0)
                        ix->start[c + 1]++;
                    else
                        ix->ids[ix->start[c]++] = (uint32_t)k;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++)
                ix->start[c + 1] += ix->start[c];
            ix->ids = gt__malloc(ctx, (ix->start[nc] ? ix->start[nc] : 1) * sizeof *ix->ids);
            if (!ix->ids)
                return gt_context_status(ctx);
        } else { /* start[c] now holds the end of bucket c: shift back */
            memmove(ix->start + 1, ix->start, nc * sizeof *ix->start);
            ix->start[0] = 0;
        }
    }
    return ix->has_rings ? ring_cover_build(ctx, ix) : GT_OK;
}

/* Per-worker scratch of the index queries: a stamp per segment (each
 * segment looked at once per query) and the parity of each feature. */
typedef struct {
    uint32_t *stamp;
    uint32_t cur;
    unsigned char *parity;
    int *touched;
    int ntouched;
    uint32_t *near; /* seg_within's answer */
    size_t nnear, near_cap;
} segscratch;

static double seg_dist2(const seg *s, double px, double py, double *qx, double *qy)
{
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - s->x0) * dx + (py - s->y0) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    *qx = s->x0 + t * dx;
    *qy = s->y0 + t * dy;
    return (px - *qx) * (px - *qx) + (py - *qy) * (py - *qy);
}

static uint32_t next_stamp(const segindex *ix, segscratch *w)
{
    if (++w->cur == 0) {
        memset(w->stamp, 0, ix->n * sizeof *w->stamp);
        w->cur = 1;
    }
    return w->cur;
}

/* The buckets around (px, py) ring by ring, each segment once, until a
 * ring lies beyond sqrt(*bound2): with `collect`, the segments within it
 * go into w->near (false beyond `most` of them, or without memory);
 * otherwise the nearest one's point goes into (qx, qy), *bound2 shrinking
 * to its squared distance, and *found is set. */
static bool seg_rings(const segindex *ix, segscratch *w, double px, double py, double *bound2,
                      bool collect, size_t most, double *qx, double *qy, bool *found)
{
    uint32_t cur = next_stamp(ix, w);
    int ci = (int)floor((px - ix->gx0) / ix->cs), cj = (int)floor((py - ix->gy0) / ix->cs);
    int rmax = 0;
    int far[4] = {ci, ix->nx - 1 - ci, cj, ix->ny - 1 - cj};
    for (int k = 0; k < 4; k++)
        rmax = abs(far[k]) > rmax ? abs(far[k]) : rmax;
    for (int r = 0; r <= rmax; r++) {
        double gap = (r - 1) * ix->cs; /* every bucket of ring r is at least this far */
        if (gap > 0 && gap * gap > *bound2)
            break;
        for (int j = cj - r; j <= cj + r; j++) {
            if (j < 0 || j >= ix->ny)
                continue;
            int step = (j == cj - r || j == cj + r) ? 1 : 2 * r;
            for (int i = ci - r; i <= ci + r; i += step ? step : 1) {
                if (i >= 0 && i < ix->nx) {
                    size_t c = (size_t)j * ix->nx + i;
                    for (size_t k = ix->start[c]; k < ix->start[c + 1]; k++) {
                        uint32_t id = ix->ids[k];
                        if (w->stamp[id] == cur)
                            continue;
                        w->stamp[id] = cur;
                        double x, y, d2 = seg_dist2(&ix->s[id], px, py, &x, &y);
                        if (!collect) {
                            if (d2 < *bound2 || (!*found && d2 <= *bound2)) {
                                *bound2 = d2;
                                *qx = x;
                                *qy = y;
                                *found = true;
                            }
                            continue;
                        }
                        if (d2 > *bound2)
                            continue;
                        if (w->nnear == most)
                            return false;
                        if (!gt__grow(&w->near, &w->near_cap, w->nnear + 1, sizeof *w->near))
                            return false;
                        w->near[w->nnear++] = id;
                    }
                }
                if (r == 0)
                    break;
            }
        }
    }
    return true;
}

/* The nearest segment to (px, py) within `limit` (working units): its
 * distance and nearest point; false when there is none that near. */
static bool seg_nearest(const segindex *ix, segscratch *w, double px, double py, double limit,
                        double *qx, double *qy)
{
    double best2 = limit * limit;
    bool found = false;
    if (ix->n)
        seg_rings(ix, w, px, py, &best2, false, 0, qx, qy, &found);
    return found;
}

/* The segments within `radius` of (px, py) into w->near (w->nnear of
 * them), in the order seg_nearest meets them; false when there are more
 * than `most` (or no memory for them). */
static bool seg_within(const segindex *ix, segscratch *w, double px, double py, double radius,
                       size_t most)
{
    w->nnear = 0;
    double r2 = radius * radius, qx, qy;
    bool found = false;
    return !ix->n || seg_rings(ix, w, px, py, &r2, true, most, &qx, &qy, &found);
}

/* seg_nearest among the segments of w->near only. */
static bool near_nearest(const segindex *ix, const segscratch *w, double px, double py,
                         double limit, double *qx, double *qy)
{
    double best2 = limit * limit;
    bool found = false;
    for (size_t k = 0; k < w->nnear; k++) {
        double x, y, d2 = seg_dist2(&ix->s[w->near[k]], px, py, &x, &y);
        if (d2 < best2 || (!found && d2 <= best2)) {
            best2 = d2;
            *qx = x;
            *qy = y;
            found = true;
        }
    }
    return found;
}

/* The polygons of the index holding (px, py) (even-odd rule on each
 * feature's rings, a ray to the east): the highest feature index, or -1. */
static int seg_inside(const segindex *ix, segscratch *w, double px, double py)
{
    if (!ix->has_rings)
        return -1;
    int ci = (int)floor((px - ix->gx0) / ix->cs), cj = (int)floor((py - ix->gy0) / ix->cs);
    if (cj < 0 || cj >= ix->ny || ci >= ix->nx)
        return -1;
    if (ci >= 0 && !ix->ring_cover[(size_t)cj * ix->nx + ci])
        return -1;
    uint32_t cur = next_stamp(ix, w);
    w->ntouched = 0;
    for (int i = ci < 0 ? 0 : ci; i < ix->nx; i++) {
        size_t c = (size_t)cj * ix->nx + i;
        for (size_t k = ix->start[c]; k < ix->start[c + 1]; k++) {
            uint32_t id = ix->ids[k];
            if (w->stamp[id] == cur)
                continue;
            w->stamp[id] = cur;
            const seg *s = &ix->s[id];
            if (!s->ring || (s->y0 > py) == (s->y1 > py))
                continue;
            double xc = s->x0 + (py - s->y0) * (s->x1 - s->x0) / (s->y1 - s->y0);
            if (xc <= px)
                continue;
            if (!w->parity[s->feat])
                w->touched[w->ntouched++] = s->feat;
            w->parity[s->feat] ^= 2; /* bit 1: parity; bit 0 kept off: see touched */
            w->parity[s->feat] |= 1;
        }
    }
    int best = -1;
    for (int t = 0; t < w->ntouched; t++) {
        int fi = w->touched[t];
        if ((w->parity[fi] & 2) && fi > best)
            best = fi;
        w->parity[fi] = 0;
    }
    return best;
}

/* --- the fuzzy membership's flat parts ---------------------------------- */

/* Is the membership the same for every x in [lo, hi]? */
static bool fuzzy_flat(const gt_fuzzy *f, double lo, double hi)
{
    double a = f->a, b = f->b, c = f->c, d = f->d;
    switch (f->shape) {
    case GT_FUZZY_TABLE:
        return hi <= f->px[0] || lo >= f->px[f->n_points - 1];
    case GT_FUZZY_GAUSSIAN:
    case GT_FUZZY_NEAR:
    case GT_FUZZY_LARGE:
    case GT_FUZZY_SMALL:
        return false;
    default:
        break;
    }
    /* rising on (a, b), 1 on [b, c], falling on (c, d); missing points are
     * infinite */
    if (hi <= a || lo >= d)
        return true;
    if (isfinite(b) && isfinite(c) && lo >= b && hi <= c)
        return true;
    if (!isfinite(a) && !isfinite(b) && hi <= c)
        return true;
    if (!isfinite(c) && !isfinite(d) && lo >= b)
        return true;
    return false;
}

/* The distance beyond which the membership no longer changes (INFINITY if
 * it always does). */
static double fuzzy_upper(const gt_fuzzy *f)
{
    switch (f->shape) {
    case GT_FUZZY_TABLE:
        return f->px[f->n_points - 1];
    case GT_FUZZY_GAUSSIAN:
    case GT_FUZZY_NEAR:
    case GT_FUZZY_LARGE:
    case GT_FUZZY_SMALL:
        return INFINITY;
    default:
        break;
    }
    double u = -INFINITY, pts[4] = {f->a, f->b, f->c, f->d};
    for (int k = 0; k < 4; k++)
        if (isfinite(pts[k]))
            u = fmax(u, pts[k]);
    return isfinite(f->d) || (!isfinite(f->c) && isfinite(u)) ? u : INFINITY;
}

/* --- the workers ---------------------------------------------------------- */

typedef struct pjob pjob;
typedef struct {
    gt_context *ctx;
    OGRCoordinateTransformationH to_geo, from_geo;
    const GEOSPreparedGeometry *study;
    segscratch sc;
    double *buf; /* scratch coordinates */
    size_t nbuf;
    int *cell; /* the lattice cell (a + b k) of each point */
    size_t ncell;
} pworker;

typedef gt_status (*parcel_fn)(pjob *j, pworker *w, int p);

struct pjob {
    const site_grid *g;
    const site_layers *in;
    gt__psample *ps;
    parcel_fn fn;
    /* lattice */
    double **px, **py;
    int *pn;
    /* a factor */
    const gt__factor *fac;
    int fi;
    const segindex *six;
    const double *class_score; /* per feature */
    const float *grid;         /* bilinear source */
    bool grid_raw;             /* grid holds the raw measure: apply the membership */
    const double *pt_raw;      /* or the raw measure at each point (the slope) */
    pworker *w;
    int nw;
    int next;
    int failed;
    gt_status st;
    char msg[512];
    pthread_mutex_t lock;
};

static void job_fail(pjob *j, gt_status st, const char *msg)
{
    pthread_mutex_lock(&j->lock);
    if (!j->failed) {
        j->failed = 1;
        j->st = st ? st : GT_ERR_DEPENDENCY;
        snprintf(j->msg, sizeof j->msg, "%s", msg);
    }
    pthread_mutex_unlock(&j->lock);
}

static void job_worker(int w0, int w1, void *arg)
{
    pjob *j = arg;
    for (int wi = w0; wi < w1; wi++) {
        pworker *w = &j->w[wi];
        for (;;) {
            int p0 = __atomic_fetch_add(&j->next, PS_CHUNK, __ATOMIC_RELAXED);
            if (p0 >= j->in->np || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
                break;
            int p1 = p0 + PS_CHUNK < j->in->np ? p0 + PS_CHUNK : j->in->np;
            for (int p = p0; p < p1; p++) {
                gt_status st = j->fn(j, w, p);
                if (st) {
                    job_fail(j, st, gt_context_errmsg(w->ctx));
                    break;
                }
            }
        }
    }
}

static gt_status run_job(gt_context *ctx, pjob *j)
{
    j->next = 0;
    j->failed = 0;
    gt__parallel_for(ctx, j->nw, job_worker, j);
    if (j->failed)
        return gt__error(ctx, j->st, "%s", j->msg);
    return GT_OK;
}

/* --- the lattice ------------------------------------------------------------ */

/* The parcel's rings in longitude/latitude into w->buf: per ring its
 * vertex count then the vertices (lon, lat); returns the number of doubles,
 * or -1. */
static long rings_geo(gt_context *ctx, pworker *w, const struct geod_geodesic *geod,
                      const GEOSGeometry *g, long at, double *sarea, double *garea)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; at >= 0 && i < GEOSGetNumGeometries_r(h, g); i++)
            at = rings_geo(ctx, w, geod, GEOSGetGeometryN_r(h, g, i), at, sarea, garea);
        return at;
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g))
        return at;
    int nr = 1 + GEOSGetNumInteriorRings_r(h, g);
    for (int r = 0; r < nr; r++) {
        const GEOSGeometry *ring =
            r ? GEOSGetInteriorRingN_r(h, g, r - 1) : GEOSGetExteriorRing_r(h, g);
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
        unsigned int n = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
            return -1;
        if (!gt__grow(&w->buf, &w->nbuf, (size_t)at + 1 + 2 * n, sizeof *w->buf))
            return -1;
        double *v = w->buf + at + 1, *x = v, *y = v + n;
        for (unsigned int k = 0; k < n; k++)
            if (!GEOSCoordSeq_getXY_r(h, cs, k, &x[k], &y[k]))
                return -1;
        if (n && !OCTTransform(w->to_geo, (int)n, x, y, NULL))
            return -1;
        double a = 0;
        for (unsigned int k = 0; k + 1 < n; k++)
            a += x[k] * y[k + 1] - x[k + 1] * y[k];
        *sarea += (r ? -1 : 1) * fabs(a) / 2;
        /* The area on the ellipsoid, as layers/geodesic.c measures it (the
         * closing vertex repeats the first; y holds latitudes). */
        double ga = 0, gp = 0;
        if (n >= 4)
            geod_polygonarea(geod, y, x, (int)n - 1, &ga, &gp);
        *garea += (r ? -1 : 1) * fabs(ga);
        w->buf[at] = n;
        at += 1 + 2 * (long)n;
    }
    return at;
}

static bool inside_rings(const double *buf, long len, double x, double y)
{
    bool in = false;
    for (long at = 0; at < len;) {
        long n = (long)buf[at];
        const double *vx = buf + at + 1, *vy = vx + n;
        for (long k = 0, l = n - 1; k < n; l = k++)
            if ((vy[k] > y) != (vy[l] > y) &&
                x < vx[l] + (y - vy[l]) * (vx[k] - vx[l]) / (vy[k] - vy[l]))
                in = !in;
        at += 1 + 2 * n;
    }
    return in;
}

/* Lagrange's weights at lattice index a of the nodes nd[0 .. 2]. */
static void lagrange3(const int nd[3], int a, double wt[3])
{
    for (int i = 0; i < 3; i++) {
        wt[i] = 1;
        for (int m = 0; m < 3; m++)
            if (m != i)
                wt[i] *= (double)(a - nd[m]) / (nd[i] - nd[m]);
    }
}

/* The biquadratic interpolation at lattice cell (a, b) of the values at the
 * 3 x 3 nodes (vx, vy at 3 j + i: row nd[j], column nd[i]). */
static void biquadratic(const int nd[3], const double *vx, const double *vy, int a, int b,
                        double *x, double *y)
{
    double wa[3], wb[3], ix = 0, iy = 0;
    lagrange3(nd, a, wa);
    lagrange3(nd, b, wb);
    for (int r = 0; r < 9; r++) {
        ix += wb[r / 3] * wa[r % 3] * vx[r];
        iy += wb[r / 3] * wa[r % 3] * vy[r];
    }
    *x = ix;
    *y = iy;
}

/* The n lattice points (x, y: longitude, latitude; w->cell their cells of
 * the k x k lattice over `box`) into the working CRS, PROJ's transformation
 * taken at 3 x 3 nodes of the lattice and interpolated (biquadratic) at
 * the other points: false, the points untouched, unless it is within
 * PS_INTERP_TOL_M of the transformation at two check points. Those are
 * where the error of a quadratic through 3 nodes peaks (0.21 of the side
 * from a node) on both diagonals, so that the third derivatives along
 * either axis, whatever their signs, show in one of them; measured with UTM
 * 48N from the equator to 60 degrees north, the worst point of a lattice is
 * within 2.5 times the worse check point. For a parcel of 70 m (about 25
 * points) the interpolation is within 6e-9 m of PROJ (PROJ's own rounding
 * at northings of 10^6 m is 5e-10 m), and parcels of more than about 300 m
 * fail the check and are transformed point by point: 11 transformations
 * instead of about 25, the dearest step of the lattice. */
static bool lattice_interpolated(pworker *w, const metric *m, int k, const double box[4], int n,
                                 double *x, double *y)
{
    int nd[3] = {0, (k - 1) / 2, k - 1}, c0 = (int)lround((k - 1) * 0.2113), c1 = k - 1 - c0;
    /* the nodes at 0 .. 8 (3 i + j: row j, column i), the checks at 9, 10;
     * longitudes and latitudes as lattice_parcel makes them */
    int ca[11], cb[11];
    double nx[11], ny[11];
    for (int q = 0; q < 9; q++)
        ca[q] = nd[q % 3], cb[q] = nd[q / 3];
    ca[9] = c0, cb[9] = c0, ca[10] = c0, cb[10] = c1;
    for (int q = 0; q < 11; q++) {
        nx[q] = box[0] + (ca[q] + 0.5) * (box[2] - box[0]) / k;
        ny[q] = box[1] + (cb[q] + 0.5) * (box[3] - box[1]) / k;
    }
    if (!OCTTransform(w->from_geo, 11, nx, ny, NULL))
        return false;
    for (int q = 0; q < 11; q++)
        if (!isfinite(nx[q]) || !isfinite(ny[q]))
            return false;
    double tol = PS_INTERP_TOL_M / m->smax; /* working units */
    for (int q = 9; q < 11; q++) {
        double ix, iy;
        biquadratic(nd, nx, ny, ca[q], cb[q], &ix, &iy);
        if (!(hypot(ix - nx[q], iy - ny[q]) <= tol))
            return false;
    }
    for (int i = 0; i < n; i++) {
        int a = w->cell[i] % k, b = w->cell[i] / k, q = -1;
        for (int r = 0; r < 11 && q < 0; r++)
            if (ca[r] == a && cb[r] == b)
                q = r;
        if (q >= 0) { /* transformed: PROJ's value */
            x[i] = nx[q];
            y[i] = ny[q];
            continue;
        }
        biquadratic(nd, nx, ny, a, b, &x[i], &y[i]);
    }
    return true;
}

static gt_status lattice_parcel(pjob *j, pworker *w, int p)
{
    gt_context *ctx = w->ctx;
    GEOSContextHandle_t h = gt__geos(ctx);
    const GEOSGeometry *pg = j->in->parcels->geoms[p];
    double sarea = 0, garea = 0;
    long len = rings_geo(ctx, w, &j->ps->geod, pg, 0, &sarea, &garea);
    if (len < 0)
        return gt__error(ctx, GT_ERR_DEPENDENCY,
                         "parcel %s: its vertices could not be transformed to WGS 84",
                         j->in->parcels->ids[p]);
    j->ps->area_m2[p] = garea > 0 ? garea : 0;
    double lx0 = INFINITY, ly0 = INFINITY, lx1 = -INFINITY, ly1 = -INFINITY;
    for (long at = 0; at < len;) {
        long n = (long)w->buf[at];
        for (long k = 0; k < n; k++) {
            double x = w->buf[at + 1 + k], y = w->buf[at + 1 + n + k];
            lx0 = fmin(lx0, x), lx1 = fmax(lx1, x), ly0 = fmin(ly0, y), ly1 = fmax(ly1, y);
        }
        at += 1 + 2 * n;
    }
    double *x = NULL, *y = NULL;
    int n = 0;
    if (len > 0 && lx1 > lx0 && ly1 > ly0) {
        double fill = sarea / ((lx1 - lx0) * (ly1 - ly0));
        int k = fill > 0 ? (int)lround(PS_SIDE / sqrt(fill)) : PS_SIDE_MAX, side = 0;
        k = k < PS_SIDE ? PS_SIDE : k > PS_SIDE_MAX ? PS_SIDE_MAX : k;
        for (int pass = 0; pass < 2 && !n; pass++, k = PS_SIDE_MAX) {
            free(x);
            x = malloc(sizeof(double) * 2 * (size_t)k * k);
            if (!x || !gt__grow(&w->cell, &w->ncell, (size_t)k * k, sizeof *w->cell)) {
                free(x);
                return gt__error(ctx, GT_ERR_NOMEM, "out of memory for the parcel points");
            }
            y = x + (size_t)k * k;
            side = k;
            for (int b = 0; b < k; b++)
                for (int a = 0; a < k; a++) {
                    double lon = lx0 + (a + 0.5) * (lx1 - lx0) / k;
                    double lat = ly0 + (b + 0.5) * (ly1 - ly0) / k;
                    if (inside_rings(w->buf, len, lon, lat)) {
                        w->cell[n] = a + b * k;
                        x[n] = lon;
                        y[n++] = lat;
                    }
                }
        }
        double box[4] = {lx0, ly0, lx1, ly1};
        if (n && !(n > PS_INTERP_MIN &&
                   lattice_interpolated(w, &j->ps->metric, side, box, n, x, y)) &&
            !OCTTransform(w->from_geo, n, x, y, NULL)) {
            free(x);
            return gt__error(ctx, GT_ERR_DEPENDENCY,
                             "parcel %s: its sample points could not be transformed to the "
                             "working CRS",
                             j->in->parcels->ids[p]);
        }
    }
    if (!n) { /* a sliver: its point on surface */
        free(x);
        x = malloc(2 * sizeof(double));
        y = x ? x + 1 : NULL;
        GEOSGeometry *pt = x ? GEOSPointOnSurface_r(h, pg) : NULL;
        if (pt && !GEOSisEmpty_r(h, pt) && GEOSGeomGetX_r(h, pt, x) && GEOSGeomGetY_r(h, pt, y))
            n = 1;
        if (pt)
            GEOSGeom_destroy_r(h, pt);
    }
    /* Points outside the study area count as the grid's cells outside it:
     * not at all. */
    if (n && GEOSPreparedContains_r(h, w->study, pg) != 1) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
            char in = pt ? GEOSPreparedIntersects_r(h, w->study, pt) : 2;
            if (pt)
                GEOSGeom_destroy_r(h, pt);
            if (in == 2) {
                free(x);
                return GT_GEOS_FAIL(ctx, "point in the study area");
            }
            if (in) {
                x[kept] = x[i];
                y[kept++] = y[i];
            }
        }
        n = kept;
    }
    if (n) { /* x then y, packed */
        memmove(x + n, y, n * sizeof(double));
        j->px[p] = x;
        j->py[p] = x + n;
    } else {
        free(x);
    }
    j->pn[p] = n;
    return GT_OK;
}

/* --- a factor at the points -------------------------------------------------- */

/* Bilinear in the grid's rows row0 .. (v holds them from row row0 on). */
static inline int bilinear_row(const site_grid *g, double y)
{
    return (int)floor((g->grid.y0 - y) / g->grid.res - 0.5);
}

static double bilinear_rows(const site_grid *g, const float *v, int row0, double x, double y)
{
    double fx = (x - g->grid.x0) / g->grid.res - 0.5, fy = (g->grid.y0 - y) / g->grid.res - 0.5;
    int c = (int)floor(fx), r = (int)floor(fy);
    double tx = fx - c, ty = fy - r, sum = 0, wsum = 0;
    for (int b = 0; b < 2; b++)
        for (int a = 0; a < 2; a++) {
            int cc = c + a, rr = r + b;
            cc = cc < 0 ? 0 : cc >= g->grid.w ? g->grid.w - 1 : cc;
            rr = rr < 0 ? 0 : rr >= g->grid.h ? g->grid.h - 1 : rr;
            double wt = (a ? tx : 1 - tx) * (b ? ty : 1 - ty);
            float val = v[(size_t)(rr - row0) * g->grid.w + cc];
            if (wt > 0 && !isnan(val)) {
                sum += wt * val;
                wsum += wt;
            }
        }
    return wsum > 0 ? sum / wsum : NAN;
}

static double bilinear(const site_grid *g, const float *v, double x, double y)
{
    return bilinear_rows(g, v, 0, x, y);
}

static gt_status factor_parcel(pjob *j, pworker *w, int p)
{
    gt__psample *ps = j->ps;
    const gt__factor *fac = j->fac;
    size_t o = ps->off[p], n = ps->off[p + 1] - o;
    float *out = ps->col[j->fi] + o;
    const double *x = ps->x + o, *y = ps->y + o;
    if (!n)
        return GT_OK;
    if (j->six && fac->measure == GT__MEASURE_CLASS) {
        for (size_t i = 0; i < n; i++) {
            int fi = seg_inside(j->six, &w->sc, x[i], y[i]);
            out[i] = (float)(fi >= 0 ? j->class_score[fi] : fac->default_score);
        }
    } else if (j->six) { /* distance */
        const metric *m = &ps->metric;
        double upper = fuzzy_upper(&fac->fuzzy);
        /* the points' Euclidean distances lie in [dlo, dhi]: from the
         * nearest point's distance, to it plus the parcel's diameter */
        double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
        for (size_t i = 0; i < n; i++)
            bx0 = fmin(bx0, x[i]), bx1 = fmax(bx1, x[i]), by0 = fmin(by0, y[i]),
            by1 = fmax(by1, y[i]);
        double qx, qy, diam = hypot(bx1 - bx0, by1 - by0);
        double limit = isfinite(upper) ? upper / m->smin + 1 : INFINITY;
        double d0 = seg_nearest(j->six, &w->sc, x[0], y[0], limit, &qx, &qy)
                        ? hypot(x[0] - qx, y[0] - qy)
                        : limit;
        double dlo = fmax(d0 - diam, 0), dhi = d0 + diam;
        if (fuzzy_flat(&fac->fuzzy, dlo * m->smin, dhi * m->smax)) {
            float v = (float)gt_fuzzy_eval(&fac->fuzzy, dlo * m->smin);
            for (size_t i = 0; i < n; i++)
                out[i] = v;
            return GT_OK;
        }
        if (dhi < limit)
            limit = dhi + 1;
        /* A point's nearest segment within `limit` is within limit + diam
         * of the first point: those few segments, found once, are all the
         * parcel's points look at (unless the parcel is so large that there
         * are many). */
        bool near = n > 1 && seg_within(j->six, &w->sc, x[0], y[0], limit + diam, 128);
        for (size_t i = 0; i < n; i++) {
            double d;
            if (j->six->has_rings && seg_inside(j->six, &w->sc, x[i], y[i]) >= 0)
                d = 0;
            else if (near ? near_nearest(j->six, &w->sc, x[i], y[i], limit, &qx, &qy)
                          : seg_nearest(j->six, &w->sc, x[i], y[i], limit, &qx, &qy))
                d = metric_length(m, x[i], y[i], qx, qy);
            else /* beyond `upper`, where the membership is flat */
                d = upper + 1;
            out[i] = (float)gt_fuzzy_eval(&fac->fuzzy, d);
        }
    } else if (j->pt_raw) {
        for (size_t i = 0; i < n; i++)
            out[i] = (float)gt_fuzzy_eval(&fac->fuzzy, j->pt_raw[o + i]);
    } else {
        for (size_t i = 0; i < n; i++) {
            double v = bilinear(j->g, j->grid, x[i], y[i]);
            out[i] = (float)(j->grid_raw ? gt_fuzzy_eval(&fac->fuzzy, v) : v);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (isnan(out[i]) && !isnan(fac->nodata_fill))
            out[i] = (float)fac->nodata_fill;
    return GT_OK;
}

/* --- workers' set-up ---------------------------------------------------------- */

static void workers_free(pjob *j)
{
    for (int i = 0; j->w && i < j->nw; i++) {
        pworker *w = &j->w[i];
        if (w->study)
            GEOSPreparedGeom_destroy_r(gt__geos(w->ctx), w->study);
        if (w->to_geo)
            OCTDestroyCoordinateTransformation(w->to_geo);
        if (w->from_geo)
            OCTDestroyCoordinateTransformation(w->from_geo);
        free(w->sc.stamp);
        free(w->sc.parity);
        free(w->sc.touched);
        free(w->sc.near);
        free(w->buf);
        free(w->cell);
        gt_context_destroy(w->ctx);
    }
    free(j->w);
    j->w = NULL;
}

static gt_status workers_create(gt_context *ctx, const site_grid *g, pjob *j)
{
    j->nw = gt_context_threads(ctx);
    int chunks = (j->in->np + PS_CHUNK - 1) / PS_CHUNK;
    if (j->nw > chunks)
        j->nw = chunks > 0 ? chunks : 1;
    j->w = gt__calloc(ctx, (size_t)j->nw, sizeof *j->w);
    if (!j->w)
        return gt_context_status(ctx);
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    gt_status st = GT_OK;
    if (!wgs || OSRImportFromEPSG(wgs, 4326) != OGRERR_NONE)
        st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY, "parcel values: PROJ does not know EPSG:4326");
    else
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    /* envelopes cached now, before the workers read the geometries */
    double v;
    GEOSGeom_getXMin_r(gt__geos(ctx), g->study_geom, &v);
    for (int p = 0; p < j->in->np; p++)
        GEOSGeom_getXMin_r(gt__geos(ctx), j->in->parcels->geoms[p], &v);
    for (int i = 0; !st && i < j->nw; i++) {
        pworker *w = &j->w[i];
        w->ctx = gt_context_create();
        if (!w->ctx) {
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory for a worker");
            break;
        }
        gt_context_set_threads(w->ctx, 1);
        w->to_geo = OCTNewCoordinateTransformation(g->srs, wgs);
        w->from_geo = OCTNewCoordinateTransformation(wgs, g->srs);
        w->study = GEOSPrepare_r(gt__geos(w->ctx), g->study_geom);
        if (!w->to_geo || !w->from_geo)
            st = gt__gdal_error(ctx, GT_ERR_DEPENDENCY,
                                "parcel values: no transformation between the working CRS and "
                                "WGS 84");
        else if (!w->study)
            st = GT_GEOS_FAIL(ctx, "prepare the study area");
    }
    if (wgs)
        OSRDestroySpatialReference(wgs);
    return st;
}

static gt_status scratch_for(gt_context *ctx, pjob *j, const segindex *ix)
{
    for (int i = 0; i < j->nw; i++) {
        segscratch *s = &j->w[i].sc;
        free(s->stamp);
        free(s->parity);
        free(s->touched);
        s->stamp = gt__calloc(ctx, ix->n ? ix->n : 1, sizeof *s->stamp);
        s->parity = gt__calloc(ctx, (size_t)(ix->nfeat ? ix->nfeat : 1), 1);
        s->touched = gt__malloc(ctx, sizeof(int) * (size_t)(ix->nfeat ? ix->nfeat : 1));
        s->cur = 0;
        if (!s->stamp || !s->parity || !s->touched)
            return gt_context_status(ctx);
    }
    return GT_OK;
}

/* --- the public side ------------------------------------------------------------ */

/* Chunks c0 .. c1 of parcels: their points copied to where off says. */
static void points_gather(int c0, int c1, void *arg)
{
    const pjob *j = arg;
    const gt__psample *ps = j->ps;
    int p1 = c1 * PS_CHUNK < ps->np ? c1 * PS_CHUNK : ps->np;
    for (int p = c0 * PS_CHUNK; p < p1; p++)
        if (j->pn[p]) {
            memcpy(ps->x + ps->off[p], j->px[p], sizeof(double) * (size_t)j->pn[p]);
            memcpy(ps->y + ps->off[p], j->py[p], sizeof(double) * (size_t)j->pn[p]);
        }
}

gt_status gt__psample_create(gt_context *ctx, const site_grid *g, const site_layers *in,
                             const double *weights, int nf, gt__psample **out)
{
    *out = NULL;
    gt__psample *ps = gt__calloc(ctx, 1, sizeof *ps);
    if (!ps)
        return gt_context_status(ctx);
    ps->np = in->np;
    ps->nf = nf;
    memcpy(ps->weights, weights, sizeof(double) * (size_t)nf);
    size_t np = (size_t)(in->np ? in->np : 1);
    pjob j = {.g = g, .in = in, .ps = ps, .fn = lattice_parcel};
    pthread_mutex_init(&j.lock, NULL);
    j.px = gt__calloc(ctx, np, sizeof *j.px);
    j.pn = gt__calloc(ctx, np, sizeof *j.pn);
    ps->off = gt__calloc(ctx, np + 1, sizeof *ps->off);
    ps->area_m2 = gt__calloc(ctx, np, sizeof *ps->area_m2);
    geod_init(&ps->geod, 6378137.0, 1 / 298.257223563);
    gt_status st = j.px && j.pn && ps->off && ps->area_m2 ? GT_OK : gt_context_status(ctx);
    j.py = gt__calloc(ctx, np, sizeof *j.py);
    if (!st && !j.py)
        st = gt_context_status(ctx);
    if (!st)
        st = metric_build(ctx, g, &ps->metric);
    if (!st)
        st = workers_create(ctx, g, &j);
    if (!st)
        st = run_job(ctx, &j);
    for (int p = 0; !st && p < in->np; p++)
        ps->off[p + 1] = ps->off[p] + (size_t)j.pn[p];
    if (!st) {
        ps->npts = ps->off[in->np];
        ps->x = gt__malloc(ctx, sizeof(double) * 2 * (ps->npts ? ps->npts : 1));
        if (!ps->x)
            st = gt_context_status(ctx);
        else
            ps->y = ps->x + ps->npts;
    }
    /* the parcels' points into ps->x, ps->y on all threads (the first
     * touch of their pages is the dear part) */
    if (!st)
        gt__parallel_for(ctx, (in->np + PS_CHUNK - 1) / PS_CHUNK, points_gather, &j);
    for (int p = 0; j.px && p < in->np; p++)
        free(j.px[p]);
    free(j.px);
    free(j.py);
    free(j.pn);
    workers_free(&j);
    pthread_mutex_destroy(&j.lock);
    if (st) {
        gt__psample_free(ps);
        return st;
    }
    *out = ps;
    return GT_OK;
}

const double *gt__psample_areas(const gt__psample *ps)
{
    return ps->area_m2;
}

void gt__psample_free(gt__psample *ps)
{
    if (!ps)
        return;
    for (int i = 0; i < GT_AHP_MAX_N; i++)
        free(ps->col[i]);
    free(ps->off);
    free(ps->area_m2);
    free(ps->x);
    free(ps->metric.g);
    free(ps->slope_pt);
    free(ps->slope_mean);
    free(ps->by_row);
    free(ps->row_start);
    free(ps);
}

gt_status gt__psample_factor(gt_context *ctx, gt__psample *ps, const gt_scenario *s,
                             const site_grid *g, const site_layers *in, int i, const float *raw,
                             const float *standardised, double *f_mean)
{
    const gt__factor *fac = &s->factors[i];
    ps->col[i] = gt__malloc(ctx, sizeof(float) * (ps->npts ? ps->npts : 1));
    if (!ps->col[i])
        return gt_context_status(ctx);
    segindex six = {0};
    double *class_score = NULL;
    pjob j = {.g = g, .in = in, .ps = ps, .fn = factor_parcel, .fac = fac, .fi = i};
    pthread_mutex_init(&j.lock, NULL);
    gt_status st = GT_OK;
    const gt__features *f = fac->layer && gt__site_layer_index(s, fac->layer) >= 0
                                ? in->layer[gt__site_layer_index(s, fac->layer)]
                                : NULL;
    if (f && (fac->measure == GT__MEASURE_DISTANCE || fac->measure == GT__MEASURE_CLASS)) {
        st = segindex_build(ctx, f, &six);
        j.six = &six;
        if (!st && fac->measure == GT__MEASURE_CLASS) {
            class_score = gt__malloc(ctx, sizeof(double) * (size_t)(f->n ? f->n : 1));
            if (!class_score)
                st = gt_context_status(ctx);
            for (int k = 0; !st && k < f->n; k++) {
                class_score[k] = fac->default_score;
                for (int c = 0; c < fac->n_scores; c++)
                    if (f->classes && f->classes[k] &&
                        !strcmp(f->classes[k], fac->score_classes[c]))
                        class_score[k] = fac->scores[c];
            }
            j.class_score = class_score;
        }
    } else if (fac->measure == GT__MEASURE_SLOPE && ps->slope_pt) {
        j.pt_raw = ps->slope_pt;
    } else if (raw) {
        j.grid = raw;
        j.grid_raw = true;
    } else {
        j.grid = standardised;
    }
    if (!st)
        st = workers_create(ctx, g, &j);
    if (!st && j.six)
        st = scratch_for(ctx, &j, &six);
    if (!st)
        st = run_job(ctx, &j);
    workers_free(&j);
    pthread_mutex_destroy(&j.lock);
    segindex_free(&six);
    free(class_score);
    if (j.pt_raw) { /* the points' slope is in the column now */
        free(ps->slope_pt);
        ps->slope_pt = NULL;
    }
    for (int p = 0; !st && p < ps->np; p++) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t k = ps->off[p]; k < ps->off[p + 1]; k++)
            if (!isnan(ps->col[i][k])) {
                sum += ps->col[i][k];
                cnt++;
            }
        f_mean[(size_t)p * ps->nf + i] = cnt ? sum / (double)cnt : NAN;
    }
    return st;
}

gt_status gt__psample_scores(gt_context *ctx, const gt__psample *ps, const gt_scenario *s,
                             const double *weights, double *mean, double *min, double *max)
{
    float *sc = gt__malloc(ctx, sizeof(float) * (ps->npts ? ps->npts : 1));
    if (!sc)
        return gt_context_status(ctx);
    gt_status st = ps->npts ? gt__site_aggregate(ctx, s, (const float *const *)ps->col,
                                                 weights ? weights : ps->weights, ps->npts, sc)
                            : GT_OK;
    for (int p = 0; !st && p < ps->np; p++) {
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        size_t cnt = 0;
        for (size_t k = ps->off[p]; k < ps->off[p + 1]; k++)
            if (!isnan(sc[k])) {
                sum += sc[k];
                lo = fmin(lo, sc[k]);
                hi = fmax(hi, sc[k]);
                cnt++;
            }
        mean[p] = cnt ? sum / (double)cnt : NAN;
        if (min)
            min[p] = cnt ? lo : NAN;
        if (max)
            max[p] = cnt ? hi : NAN;
    }
    free(sc);
    return st;
}

void gt__psample_grid_mean(const gt__psample *ps, const site_grid *g, const float *grid,
                           double *mean)
{
    for (int p = 0; p < ps->np; p++) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t k = ps->off[p]; k < ps->off[p + 1]; k++) {
            double v = bilinear(g, grid, ps->x[k], ps->y[k]);
            if (!isnan(v)) {
                sum += v;
                cnt++;
            }
        }
        mean[p] = cnt ? sum / (double)cnt : NAN;
    }
}

/* --- the slope, band by band --------------------------------------------------- */

bool gt__psample_slope_means(const gt__psample *ps, double *mean)
{
    if (!ps || !ps->slope_mean)
        return false;
    memcpy(mean, ps->slope_mean, sizeof(double) * (size_t)ps->np);
    return true;
}

bool gt__psample_slope_wanted(const gt__psample *ps)
{
    return ps && !ps->slope_pt;
}

/* The points in blocks, one a thread: each block's rows counted, then
 * scattered, so that by_row is in the order of the serial counting sort
 * (row by row, each row's points in their order). */
typedef struct {
    gt__psample *ps;
    const site_grid *g;
    int nb;
    size_t *at; /* nb * h: block b's count, then next slot, of row r at at[b * h + r] */
    bool scatter;
} rowsort_job;

static inline int point_row(const site_grid *g, double y)
{
    int r = bilinear_row(g, y); /* clamped to the grid, as bilinear() clamps it */
    return r < 0 ? 0 : r >= g->grid.h ? g->grid.h - 1 : r;
}

/* Blocks b0 .. b1: their points' rows counted into at (first pass) or
 * the points scattered to the slots at says (second pass). */
static void rowsort_blocks(int b0, int b1, void *arg)
{
    const rowsort_job *j = arg;
    gt__psample *ps = j->ps;
    size_t h = (size_t)j->g->grid.h;
    for (int b = b0; b < b1; b++) {
        size_t *at = j->at + (size_t)b * h;
        for (size_t k = ps->npts * b / j->nb; k < ps->npts * (b + 1) / j->nb; k++) {
            int r = point_row(j->g, ps->y[k]);
            if (j->scatter) {
                ps->by_row[at[r]++] = (uint32_t)k;
            } else {
                at[r]++;
                ps->slope_pt[k] = NAN;
            }
        }
    }
}

gt_status gt__psample_slope_begin(gt_context *ctx, gt__psample *ps, const site_grid *g)
{
    size_t n = ps->npts ? ps->npts : 1, h = (size_t)g->grid.h;
    if (ps->npts > UINT32_MAX)
        return gt__error(ctx, GT_ERR_NOMEM, "parcel values: more than 2^32 sample points");
    int nb = gt_context_threads(ctx);
    nb = nb < 1 ? 1 : (size_t)nb > n ? (int)n : nb;
    rowsort_job j = {ps, g, nb, gt__calloc(ctx, (size_t)nb * h, sizeof(size_t)), false};
    ps->slope_pt = j.at ? gt__malloc(ctx, sizeof(double) * n) : NULL;
    ps->by_row = ps->slope_pt ? gt__malloc(ctx, sizeof(uint32_t) * n) : NULL;
    ps->row_start = ps->by_row ? gt__calloc(ctx, h + 1, sizeof(size_t)) : NULL;
    if (!ps->row_start) {
        free(j.at);
        return gt_context_status(ctx);
    }
    /* A point is taken with the band holding the first of its two rows;
     * counting sort, on all threads. */
    gt__parallel_for(ctx, nb, rowsort_blocks, &j);
    size_t sum = 0;
    for (size_t r = 0; r < h; r++) {
        ps->row_start[r] = sum;
        for (int b = 0; b < nb; b++) {
            size_t c = j.at[(size_t)b * h + r];
            j.at[(size_t)b * h + r] = sum;
            sum += c;
        }
    }
    ps->row_start[h] = sum;
    j.scatter = true;
    gt__parallel_for(ctx, nb, rowsort_blocks, &j);
    free(j.at);
    return GT_OK;
}

/* A band's points (by_row[i0 .. i1)) in blocks, one a thread: each point
 * is written once, so the blocks share nothing. */
typedef struct {
    gt__psample *ps;
    const site_grid *g;
    const float *rows;
    int r0, nb;
    size_t i0, i1;
} slope_take_job;

static void slope_take_block(int b0, int b1, void *arg)
{
    const slope_take_job *j = arg;
    gt__psample *ps = j->ps;
    size_t n = j->i1 - j->i0;
    for (size_t i = j->i0 + n * b0 / j->nb; i < j->i0 + n * b1 / j->nb; i++) {
        uint32_t k = ps->by_row[i];
        ps->slope_pt[k] = bilinear_rows(j->g, j->rows, j->r0, ps->x[k], ps->y[k]);
    }
}

void gt__psample_slope_take(gt_context *ctx, gt__psample *ps, const site_grid *g,
                            const float *rows, int r0, int r1)
{
    slope_take_job j = {ps, g, rows, r0, gt_context_threads(ctx), ps->row_start[r0],
                        ps->row_start[r1]};
    if (j.nb < 1 || j.i1 - j.i0 < 4096)
        j.nb = 1;
    gt__parallel_for(ctx, j.nb, slope_take_block, &j);
}

gt_status gt__psample_slope_end(gt_context *ctx, gt__psample *ps, bool keep_points)
{
    free(ps->by_row);
    free(ps->row_start);
    ps->by_row = NULL;
    ps->row_start = NULL;
    free(ps->slope_mean);
    ps->slope_mean = gt__malloc(ctx, sizeof(double) * (size_t)(ps->np ? ps->np : 1));
    if (!ps->slope_mean)
        return gt_context_status(ctx);
    /* the sum in the points' order, as gt__psample_grid_mean adds them */
    for (int p = 0; p < ps->np; p++) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t k = ps->off[p]; k < ps->off[p + 1]; k++)
            if (!isnan(ps->slope_pt[k])) {
                sum += ps->slope_pt[k];
                cnt++;
            }
        ps->slope_mean[p] = cnt ? sum / (double)cnt : NAN;
    }
    if (!keep_points) {
        free(ps->slope_pt);
        ps->slope_pt = NULL;
    }
    return GT_OK;
}
