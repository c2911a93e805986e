/*
 * graph.c: a routable road network from line features. GEOS nodes the lines
 * at every intersection (GEOSNode), dangling endpoints within the snap
 * tolerance are joined to the nearest line by a short connector, nodes are
 * the noded lines' endpoints merged at 1 mm, and only the largest connected
 * component is kept (igraph_connected_components), the others listed.
 * Shortest paths are igraph's Dijkstra. SPDX-License-Identifier: MIT
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/network.h"

/* igraph's default error handler aborts; the ignoring one frees igraph's
 * temporaries and returns the code, which every call here checks. */
static void igraph_quiet(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

#define IG_CHECK(ctx, call)                                                                        \
    (((call) == IGRAPH_SUCCESS) ? GT_OK                                                            \
                                : gt__error((ctx), GT_ERR_DEPENDENCY, "igraph: %s failed", #call))

/* One line to be noded, with the feature it came from. */
typedef struct {
    GEOSGeometry *g;
    int feature;
    double speed;
} part;

typedef struct {
    part *v;
    int n, cap;
} parts;

static bool parts_add(parts *p, GEOSGeometry *g, int feature, double speed)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 256;
        part *v = realloc(p->v, (size_t)cap * sizeof *v);
        if (!v)
            return false;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (part){g, feature, speed};
    return true;
}

static void parts_free(GEOSContextHandle_t h, parts *p)
{
    for (int i = 0; i < p->n; i++)
        if (p->v[i].g)
            GEOSGeom_destroy_r(h, p->v[i].g);
    free(p->v);
}

/* GEOS's name of a geometry type, for messages (GEOSGeomType_r returns an
 * allocated string; this one is static). */
static const char *type_name(int type)
{
    static const char *const names[] = {"Point",      "LineString",      "LinearRing",
                                        "Polygon",    "MultiPoint",      "MultiLineString",
                                        "MultiPolygon", "GeometryCollection"};
    return type >= 0 && type < 8 ? names[type] : "geometry of an unknown type";
}

/* The line parts of every feature whose class has a speed. */
static gt_status collect(gt_context *ctx, const gt__features *f, const gt__network_opts *o,
                         gt__network *net, parts *p)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    for (int i = 0; i < f->n; i++) {
        const GEOSGeometry *g = f->geoms[i];
        int type = GEOSGeomTypeId_r(h, g);
        if (type != GEOS_LINESTRING && type != GEOS_MULTILINESTRING &&
            type != GEOS_GEOMETRYCOLLECTION)
            return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                             "layers.%s: feature '%s' is a %s; a road network needs lines",
                             f->name, f->ids[i], type_name(type));
        const char *cls = f->classes ? f->classes[i] : NULL;
        double speed = o->speed_kmh(cls, o->speed_arg);
        if (!(speed > 0)) {
            net->n_features_skipped++;
            continue;
        }
        net->n_features_used++;
        int k = GEOSGetNumGeometries_r(h, g);
        for (int j = 0; j < k; j++) {
            const GEOSGeometry *c = GEOSGetGeometryN_r(h, g, j);
            if (GEOSGeomTypeId_r(h, c) != GEOS_LINESTRING)
                return gt__error(ctx, GT_ERR_INPUT_GEOMETRY,
                                 "layers.%s: feature '%s' holds a %s; a road network needs lines",
                                 f->name, f->ids[i], type_name(GEOSGeomTypeId_r(h, c)));
            if (GEOSisEmpty_r(h, c) == 1)
                continue;
            GEOSGeometry *cl = GEOSGeom_clone_r(h, c);
            if (!cl || !parts_add(p, cl, i, speed)) {
                if (cl)
                    GEOSGeom_destroy_r(h, cl);
                return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
            }
        }
    }
    return GT_OK;
}

typedef struct {
    const parts *p;
    GEOSContextHandle_t h;
    const GEOSGeometry *pt;
    int self;
    double best;
    int which;
} near_q;

static void near_cb(void *item, void *arg)
{
    near_q *q = arg;
    int k = (int)(intptr_t)item;
    if (k == q->self)
        return;
    double d;
    if (GEOSDistance_r(q->h, q->pt, q->p->v[k].g, &d) == 1 && d < q->best) {
        q->best = d;
        q->which = k;
    }
}

/* Join each dangling endpoint to the nearest other line within snap_m by a
 * straight connector (it carries the speed of the line it leaves). An
 * endpoint that already touches another line is left alone. */
static gt_status snap_endpoints(gt_context *ctx, const gt__network_opts *o, gt__network *net,
                                parts *p)
{
    if (!(o->snap_m > 0) || p->n < 2)
        return GT_OK;
    GEOSContextHandle_t h = gt__geos(ctx);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree)
        return GT_GEOS_FAIL(ctx, "STRtree");
    for (int k = 0; k < p->n; k++)
        GEOSSTRtree_insert_r(h, tree, p->v[k].g, (void *)(intptr_t)k);
    int n0 = p->n;
    gt_status st = GT_OK;
    for (int k = 0; k < n0 && !st; k++) {
        for (int end = 0; end < 2 && !st; end++) {
            GEOSGeometry *pt = end ? GEOSGeomGetEndPoint_r(h, p->v[k].g)
                                   : GEOSGeomGetStartPoint_r(h, p->v[k].g);
            if (!pt) {
                st = GT_GEOS_FAIL(ctx, "endpoint");
                break;
            }
            GEOSGeometry *box = GEOSBuffer_r(h, pt, o->snap_m, 1);
            near_q q = {p, h, pt, k, INFINITY, -1};
            if (box)
                GEOSSTRtree_query_r(h, tree, box, near_cb, &q);
            if (q.which >= 0 && q.best > 0 && q.best <= o->snap_m) {
                GEOSCoordSequence *ns = GEOSNearestPoints_r(h, pt, p->v[q.which].g);
                GEOSGeometry *conn = ns ? GEOSGeom_createLineString_r(h, ns) : NULL;
                if (!conn || !parts_add(p, conn, p->v[k].feature, p->v[k].speed)) {
                    if (conn)
                        GEOSGeom_destroy_r(h, conn);
                    st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
                } else {
                    net->n_snapped++;
                }
            }
            if (box)
                GEOSGeom_destroy_r(h, box);
            GEOSGeom_destroy_r(h, pt);
        }
    }
    GEOSSTRtree_destroy_r(h, tree);
    return st;
}

typedef struct {
    double x, y;
    long long kx, ky;
    int id; /* endpoint slot: edge * 2 + end */
} endpoint;

static int cmp_endpoint(const void *a, const void *b)
{
    const endpoint *p = a, *q = b;
    if (p->kx != q->kx)
        return p->kx < q->kx ? -1 : 1;
    if (p->ky != q->ky)
        return p->ky < q->ky ? -1 : 1;
    return p->id - q->id;
}

typedef struct {
    const parts *p;
    GEOSContextHandle_t h;
    const GEOSGeometry *pt;
    double speed;
    int which;
} class_q;

static void class_cb(void *item, void *arg)
{
    class_q *q = arg;
    int k = (int)(intptr_t)item;
    double d;
    if (GEOSDistance_r(q->h, q->pt, q->p->v[k].g, &d) == 1 && d < 1e-3 &&
        q->p->v[k].speed > q->speed) {
        q->speed = q->p->v[k].speed;
        q->which = k;
    }
}

/* The noded lines become edges: each gets the speed of the fastest input
 * line under its midpoint, its endpoints become nodes (merged at 1 mm). */
static gt_status make_edges(gt_context *ctx, const gt__features *f, parts *p, GEOSGeometry *noded,
                            gt__network *net, int *n_nodes_out)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    int ne = GEOSGetNumGeometries_r(h, noded);
    net->from = calloc((size_t)ne + 1, sizeof *net->from);
    net->to = calloc((size_t)ne + 1, sizeof *net->to);
    net->length_m = calloc((size_t)ne + 1, sizeof *net->length_m);
    net->speed_kmh = calloc((size_t)ne + 1, sizeof *net->speed_kmh);
    net->time_s = calloc((size_t)ne + 1, sizeof *net->time_s);
    net->cls = calloc((size_t)ne + 1, sizeof *net->cls);
    net->feature = calloc((size_t)ne + 1, sizeof *net->feature);
    net->geoms = calloc((size_t)ne + 1, sizeof *net->geoms);
    endpoint *ep = calloc((size_t)ne * 2 + 1, sizeof *ep);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!net->from || !net->to || !net->length_m || !net->speed_kmh || !net->time_s || !net->cls ||
        !net->feature || !net->geoms || !ep || !tree) {
        free(ep);
        if (tree)
            GEOSSTRtree_destroy_r(h, tree);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < p->n; k++)
        GEOSSTRtree_insert_r(h, tree, p->v[k].g, (void *)(intptr_t)k);
    gt_status st = GT_OK;
    int m = 0;
    for (int e = 0; e < ne && !st; e++) {
        const GEOSGeometry *g = GEOSGetGeometryN_r(h, noded, e);
        double len = 0;
        if (GEOSLength_r(h, g, &len) != 1 || !(len > 0))
            continue; /* a zero-length piece of noding: nothing to travel */
        GEOSGeometry *mid = GEOSInterpolateNormalized_r(h, g, 0.5);
        GEOSGeometry *a = GEOSGeomGetStartPoint_r(h, g), *b = GEOSGeomGetEndPoint_r(h, g);
        if (!mid || !a || !b) {
            st = GT_GEOS_FAIL(ctx, "noded line");
        } else {
            GEOSGeometry *box = GEOSBuffer_r(h, mid, 0.01, 1);
            class_q q = {p, h, mid, 0, -1};
            if (box) {
                GEOSSTRtree_query_r(h, tree, box, class_cb, &q);
                GEOSGeom_destroy_r(h, box);
            }
            if (q.which < 0) {
                st = gt__error(ctx, GT_ERR_INTERNAL,
                               "network: a noded line matches no input line");
            } else {
                double ax, ay, bx, by;
                GEOSGeomGetX_r(h, a, &ax);
                GEOSGeomGetY_r(h, a, &ay);
                GEOSGeomGetX_r(h, b, &bx);
                GEOSGeomGetY_r(h, b, &by);
                ep[2 * m] = (endpoint){ax, ay, llround(ax * 1000), llround(ay * 1000), 2 * m};
                ep[2 * m + 1] = (endpoint){bx, by, llround(bx * 1000), llround(by * 1000),
                                           2 * m + 1};
                net->length_m[m] = len;
                net->speed_kmh[m] = q.speed;
                net->time_s[m] = len / (q.speed / 3.6);
                net->feature[m] = p->v[q.which].feature;
                net->cls[m] = f->classes ? f->classes[net->feature[m]] : NULL;
                net->geoms[m] = GEOSGeom_clone_r(h, g);
                if (!net->geoms[m])
                    st = GT_GEOS_FAIL(ctx, "clone");
                m++;
            }
        }
        if (mid)
            GEOSGeom_destroy_r(h, mid);
        if (a)
            GEOSGeom_destroy_r(h, a);
        if (b)
            GEOSGeom_destroy_r(h, b);
    }
    GEOSSTRtree_destroy_r(h, tree);
    net->n_edges = m;
    if (st) {
        free(ep);
        return st;
    }
    qsort(ep, (size_t)m * 2, sizeof *ep, cmp_endpoint);
    int nn = 0;
    net->nx = malloc(((size_t)m * 2 + 1) * sizeof *net->nx);
    net->ny = malloc(((size_t)m * 2 + 1) * sizeof *net->ny);
    if (!net->nx || !net->ny) {
        free(ep);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < 2 * m; k++) {
        if (k == 0 || ep[k].kx != ep[k - 1].kx || ep[k].ky != ep[k - 1].ky) {
            net->nx[nn] = ep[k].x;
            net->ny[nn] = ep[k].y;
            nn++;
        }
        if (ep[k].id % 2)
            net->to[ep[k].id / 2] = nn - 1;
        else
            net->from[ep[k].id / 2] = nn - 1;
    }
    free(ep);
    *n_nodes_out = nn;
    return GT_OK;
}

/* Duplicate edges (the same road digitised twice): same end nodes and the
 * same length within 1 cm; the faster is kept. */
static void drop_duplicates(GEOSContextHandle_t h, gt__network *net, unsigned char *drop)
{
    for (int e = 0; e < net->n_edges; e++)
        for (int k = e + 1; k < net->n_edges; k++) {
            if (drop[k] || drop[e])
                continue;
            bool same = (net->from[e] == net->from[k] && net->to[e] == net->to[k]) ||
                        (net->from[e] == net->to[k] && net->to[e] == net->from[k]);
            if (same && fabs(net->length_m[e] - net->length_m[k]) < 0.01)
                drop[net->speed_kmh[k] > net->speed_kmh[e] ? e : k] = 1;
        }
    (void)h;
}


/* Keep the edges of the largest component (and not dropped), renumber the
 * nodes, list the other components as pieces. */
static gt_status keep_largest(gt_context *ctx, const gt__features *f, gt__network *net, int nn,
                              unsigned char *drop)
{
    GEOSContextHandle_t h = gt__geos(ctx);
    igraph_t g;
    igraph_vector_int_t ev, memb, csize;
    igraph_integer_t ncomp = 0;
    if (igraph_vector_int_init(&ev, 0) != IGRAPH_SUCCESS)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    for (int e = 0; e < net->n_edges; e++)
        if (!drop[e] && (igraph_vector_int_push_back(&ev, net->from[e]) != IGRAPH_SUCCESS ||
                         igraph_vector_int_push_back(&ev, net->to[e]) != IGRAPH_SUCCESS)) {
            igraph_vector_int_destroy(&ev);
            return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        }
    gt_status st = IG_CHECK(ctx, igraph_create(&g, &ev, nn, IGRAPH_UNDIRECTED));
    igraph_vector_int_destroy(&ev);
    if (st)
        return st;
    igraph_vector_int_init(&memb, 0);
    igraph_vector_int_init(&csize, 0);
    st = IG_CHECK(ctx, igraph_connected_components(&g, &memb, &csize, &ncomp, IGRAPH_WEAK));
    igraph_destroy(&g);
    int big = 0;
    for (int c = 1; !st && c < ncomp; c++)
        if (VECTOR(csize)[c] > VECTOR(csize)[big])
            big = c;
    /* Isolated nodes (no edge left) are components too: not pieces. */
    int *newid = st ? NULL : malloc(((size_t)nn + 1) * sizeof *newid);
    int *piece_of = st ? NULL : malloc(((size_t)ncomp + 1) * sizeof *piece_of);
    if (!st && (!newid || !piece_of))
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    int keep_n = 0;
    if (!st) {
        for (int v = 0; v < nn; v++)
            newid[v] = VECTOR(memb)[v] == big ? keep_n++ : -1;
        for (int c = 0; c < ncomp; c++)
            piece_of[c] = -1;
        net->pieces = calloc((size_t)ncomp + 1, sizeof *net->pieces);
        if (!net->pieces)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    /* The nodes of the pieces, kept apart: a point nearer to one of them
     * than to the network is on a road the network does not reach. */
    if (!st) {
        unsigned char *cut = calloc((size_t)nn + 1, 1);
        int n_cut = 0;
        for (int e = 0; cut && e < net->n_edges; e++)
            if (!drop[e] && VECTOR(memb)[net->from[e]] != big)
                for (int k = 0; k < 2; k++) {
                    int v = k ? net->to[e] : net->from[e];
                    n_cut += !cut[v];
                    cut[v] = 1;
                }
        net->cut_x = cut ? malloc(((size_t)n_cut + 1) * sizeof *net->cut_x) : NULL;
        net->cut_y = cut ? malloc(((size_t)n_cut + 1) * sizeof *net->cut_y) : NULL;
        if (!cut || !net->cut_x || !net->cut_y)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        for (int v = 0; !st && v < nn; v++)
            if (cut[v]) {
                net->cut_x[net->n_cut_nodes] = net->nx[v];
                net->cut_y[net->n_cut_nodes++] = net->ny[v];
            }
        free(cut);
    }
    int m = 0;
    for (int e = 0; !st && e < net->n_edges; e++) {
        int c = (int)VECTOR(memb)[net->from[e]];
        if (drop[e] || c != big) {
            if (!drop[e]) {
                if (piece_of[c] < 0) {
                    piece_of[c] = net->n_pieces++;
                    gt__network_piece *pc = &net->pieces[piece_of[c]];
                    pc->x = net->nx[net->from[e]];
                    pc->y = net->ny[net->from[e]];
                }
                gt__network_piece *pc = &net->pieces[piece_of[c]];
                pc->n_edges++;
                pc->length_m += net->length_m[e];
                net->dropped_length_m += net->length_m[e];
                const char *id = f->ids[net->feature[e]];
                int listed = 0;
                bool have = false;
                if (pc->feature_ids) {
                    /* listed already? (ids are short; a linear look is enough) */
                    const char *s = pc->feature_ids;
                    size_t L = strlen(id);
                    for (const char *q = s; *q;) {
                        const char *comma = strstr(q, ", ");
                        size_t len = comma ? (size_t)(comma - q) : strlen(q);
                        if (len == L && !strncmp(q, id, L))
                            have = true;
                        listed++;
                        q += len + (comma ? 2 : 0);
                    }
                }
                if (!have && listed < 8) {
                    char *s = gt__asprintf("%s%s%s", pc->feature_ids ? pc->feature_ids : "",
                                           pc->feature_ids ? ", " : "", id);
                    if (!s) {
                        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
                        break;
                    }
                    free(pc->feature_ids);
                    pc->feature_ids = s;
                }
            }
            GEOSGeom_destroy_r(h, net->geoms[e]);
            net->geoms[e] = NULL;
            continue;
        }
        net->from[m] = newid[net->from[e]];
        net->to[m] = newid[net->to[e]];
        net->length_m[m] = net->length_m[e];
        net->speed_kmh[m] = net->speed_kmh[e];
        net->time_s[m] = net->time_s[e];
        net->cls[m] = net->cls[e];
        net->feature[m] = net->feature[e];
        net->geoms[m] = net->geoms[e];
        m++;
    }
    if (!st) {
        for (int v = 0; v < nn; v++)
            if (newid[v] >= 0) {
                net->nx[newid[v]] = net->nx[v];
                net->ny[newid[v]] = net->ny[v];
            }
        net->n_edges = m;
        net->n_nodes = keep_n;
    }
    free(newid);
    free(piece_of);
    igraph_vector_int_destroy(&memb);
    igraph_vector_int_destroy(&csize);
    return st;
}

static gt_status make_graph(gt_context *ctx, gt__network *net)
{
    igraph_vector_int_t ev;
    if (igraph_vector_int_init(&ev, 2 * (igraph_integer_t)net->n_edges) != IGRAPH_SUCCESS)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    for (int e = 0; e < net->n_edges; e++) {
        VECTOR(ev)[2 * e] = net->from[e];
        VECTOR(ev)[2 * e + 1] = net->to[e];
    }
    igraph_t *g = malloc(sizeof *g);
    gt_status st = g ? IG_CHECK(ctx, igraph_create(g, &ev, net->n_nodes, IGRAPH_UNDIRECTED))
                     : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    igraph_vector_int_destroy(&ev);
    if (st)
        free(g);
    else
        net->graph = g;
    return st;
}

gt_status gt__network_build(gt_context *ctx, const gt__features *f, const gt__network_opts *o,
                            gt__network **out)
{
    *out = NULL;
    igraph_quiet();
    GEOSContextHandle_t h = gt__geos(ctx);
    gt__network *net = gt__calloc(ctx, 1, sizeof *net);
    if (!net)
        return GT_ERR_NOMEM;
    parts p = {0};
    gt_status st = collect(ctx, f, o, net, &p);
    if (!st && p.n == 0)
        st = gt__error(ctx, GT_ERR_INPUT_EXTENT,
                       "layers.%s: no line with a travel speed within the study area (%d "
                       "features read, %d outside, %d of a class without a speed)",
                       f->name, f->n_read, f->n_outside, net->n_features_skipped);
    if (!st)
        st = snap_endpoints(ctx, o, net, &p);
    GEOSGeometry *noded = NULL;
    if (!st) {
        GEOSGeometry **gs = malloc((size_t)p.n * sizeof *gs);
        if (!gs)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        for (int k = 0; !st && k < p.n; k++)
            gs[k] = GEOSGeom_clone_r(h, p.v[k].g);
        GEOSGeometry *all = gs ? GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, gs,
                                                             (unsigned)p.n)
                               : NULL;
        free(gs);
        noded = all ? GEOSNode_r(h, all) : NULL;
        if (all)
            GEOSGeom_destroy_r(h, all);
        if (!st && !noded)
            st = GT_GEOS_FAIL(ctx, "noding the roads");
    }
    int nn = 0;
    if (!st)
        st = make_edges(ctx, f, &p, noded, net, &nn);
    if (noded)
        GEOSGeom_destroy_r(h, noded);
    parts_free(h, &p);
    unsigned char *drop = st ? NULL : calloc((size_t)net->n_edges + 1, 1);
    if (!st && !drop)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st) {
        drop_duplicates(h, net, drop);
        st = keep_largest(ctx, f, net, nn, drop);
    }
    free(drop);
    if (!st)
        st = make_graph(ctx, net);
    if (st) {
        gt__network_free(ctx, net);
        return st;
    }
    *out = net;
    return GT_OK;
}

void gt__network_free(gt_context *ctx, gt__network *net)
{
    if (!net)
        return;
    GEOSContextHandle_t h = gt__geos(ctx);
    if (net->geoms)
        for (int e = 0; e < net->n_edges; e++)
            if (net->geoms[e])
                GEOSGeom_destroy_r(h, net->geoms[e]);
    if (net->graph) {
        igraph_destroy(net->graph);
        free(net->graph);
    }
    for (int k = 0; k < net->n_pieces; k++)
        free(net->pieces[k].feature_ids);
    free(net->pieces);
    free(net->geoms);
    free(net->nx);
    free(net->ny);
    free(net->cut_x);
    free(net->cut_y);
    free(net->from);
    free(net->to);
    free(net->length_m);
    free(net->speed_kmh);
    free(net->time_s);
    free(net->cls);
    free(net->feature);
    free(net);
}

int gt__network_nearest_node(const gt__network *net, double x, double y, double *dist_m)
{
    int best = -1;
    double bd = INFINITY;
    for (int v = 0; v < net->n_nodes; v++) {
        double d = hypot(net->nx[v] - x, net->ny[v] - y);
        if (d < bd) {
            bd = d;
            best = v;
        }
    }
    *dist_m = bd;
    return best;
}

static gt_status weights_init(gt_context *ctx, const gt__network *net, bool by_time,
                              igraph_vector_t *w)
{
    if (igraph_vector_init(w, net->n_edges) != IGRAPH_SUCCESS)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    for (int e = 0; e < net->n_edges; e++)
        VECTOR(*w)[e] = by_time ? net->time_s[e] : net->length_m[e];
    return GT_OK;
}

gt_status gt__network_costs(gt_context *ctx, const gt__network *net, const int *sources, int ns,
                            const int *targets, int nt, bool by_time, double *out)
{
    igraph_quiet();
    /* igraph refuses a target twice: ask for each node once, then copy
     * each answer to every target that is that node. */
    int *col = malloc(((size_t)net->n_nodes + 1) * sizeof *col);
    if (!col)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    for (int v = 0; v < net->n_nodes; v++)
        col[v] = -1;
    igraph_vector_t w;
    gt_status st = weights_init(ctx, net, by_time, &w);
    if (st) {
        free(col);
        return st;
    }
    igraph_vector_int_t src, dst;
    igraph_vector_int_init(&src, ns);
    igraph_vector_int_init(&dst, 0);
    for (int s = 0; s < ns; s++)
        VECTOR(src)[s] = sources[s];
    int nu = 0;
    for (int t = 0; t < nt && !st; t++)
        if (col[targets[t]] < 0) {
            col[targets[t]] = nu++;
            if (igraph_vector_int_push_back(&dst, targets[t]) != IGRAPH_SUCCESS)
                st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        }
    /* Sources may repeat too: igraph allows that. */
    igraph_matrix_t res;
    igraph_matrix_init(&res, 0, 0);
    if (!st)
        st = IG_CHECK(ctx, igraph_distances_dijkstra(net->graph, &res, igraph_vss_vector(&src),
                                                     igraph_vss_vector(&dst), &w, IGRAPH_ALL));
    for (int s = 0; !st && s < ns; s++)
        for (int t = 0; t < nt; t++)
            out[(size_t)s * nt + t] = MATRIX(res, s, col[targets[t]]); /* unreachable: INFINITY */
    igraph_matrix_destroy(&res);
    igraph_vector_int_destroy(&src);
    igraph_vector_int_destroy(&dst);
    igraph_vector_destroy(&w);
    free(col);
    return st;
}

gt_status gt__network_tree(gt_context *ctx, const gt__network *net, const int *sources, int ns,
                           bool by_time, double *out, int *nearest, const int *load_node,
                           const double *loads, int n_loads, double *edge_load)
{
    igraph_quiet();
    int *own = nearest ? NULL : malloc(((size_t)net->n_nodes + 1) * sizeof *own);
    if (!nearest && !own)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!nearest)
        nearest = own;
    for (int v = 0; v < net->n_nodes; v++) {
        out[v] = INFINITY;
        nearest[v] = -1;
    }
    double *cost = malloc(((size_t)net->n_nodes + 1) * sizeof *cost);
    int *all = malloc(((size_t)net->n_nodes + 1) * sizeof *all);
    int *src_of_load = n_loads ? malloc((size_t)n_loads * sizeof *src_of_load) : NULL;
    if (!cost || !all || (n_loads && !src_of_load)) {
        free(cost);
        free(all);
        free(src_of_load);
        free(own);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    for (int v = 0; v < net->n_nodes; v++)
        all[v] = v;
    gt_status st = GT_OK;
    for (int s = 0; s < ns && !st; s++) {
        st = gt__network_costs(ctx, net, &sources[s], 1, all, net->n_nodes, by_time, cost);
        for (int v = 0; !st && v < net->n_nodes; v++)
            if (cost[v] < out[v]) {
                out[v] = cost[v];
                nearest[v] = s;
            }
    }
    if (!st && edge_load) {
        for (int e = 0; e < net->n_edges; e++)
            edge_load[e] = 0;
        for (int k = 0; k < n_loads; k++)
            src_of_load[k] = -1;
        for (int s = 0; s < ns && !st; s++) {
            igraph_vector_t w;
            if ((st = weights_init(ctx, net, by_time, &w)))
                break;
            igraph_vector_int_t inbound;
            igraph_vector_int_init(&inbound, 0);
            st = IG_CHECK(ctx, igraph_get_shortest_paths_dijkstra(
                                   net->graph, NULL, NULL, sources[s], igraph_vss_all(), &w,
                                   IGRAPH_ALL, NULL, &inbound));
            for (int k = 0; !st && k < n_loads; k++) {
                int v = load_node[k];
                if (v < 0 || !isfinite(out[v]) || nearest[v] != s)
                    continue;
                while (v != sources[s] && VECTOR(inbound)[v] >= 0) {
                    int e = (int)VECTOR(inbound)[v];
                    edge_load[e] += loads[k];
                    v = net->from[e] == v ? net->to[e] : net->from[e];
                }
            }
            igraph_vector_int_destroy(&inbound);
            igraph_vector_destroy(&w);
        }
    }
    free(cost);
    free(all);
    free(src_of_load);
    free(own);
    return st;
}
