/*
 * network.h: road networks and exact location models (internal).
 * graph.c builds a routable network from line features with GEOS (noding,
 * endpoint snapping, components) and finds shortest paths with igraph;
 * lp.c solves p-median and covering problems exactly with GLPK.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_LAYERS_NETWORK_H
#define GT_LAYERS_NETWORK_H

#include "algorithms/facility.h"
#include "layers/layers.h"

/** How to build a network. speed_kmh(class) gives the speed of a road class
 *  (the feature's class_field value, NULL when the layer has none); a value
 *  <= 0 or NAN means the class is not a road for this network (skipped). */
typedef struct gt__network_opts {
    double snap_m; /* dangling endpoints within this distance join the nearest line */
    double (*speed_kmh)(const char *cls, void *arg);
    void *speed_arg;
} gt__network_opts;

/** A dropped piece of the network: a connected component other than the
 *  largest. */
typedef struct gt__network_piece {
    int n_edges;
    double length_m;
    double x, y;        /* a point of it (the first node), for messages */
    char *feature_ids;  /* ids of the source features it holds, "a, b, c" (at most 8 listed) */
} gt__network_piece;

/** A routable network: undirected edges between nodes, in the working CRS.
 *  Lengths are planar lengths in the working CRS (metres). Only the largest
 *  connected component is kept; the others are listed in `pieces`. */
typedef struct gt__network {
    int n_nodes;
    double *nx, *ny;
    int n_edges;
    int *from, *to;
    double *length_m, *speed_kmh, *time_s;
    char **cls;              /* class of each edge (borrowed from the features) */
    int *feature;            /* source feature of each edge */
    GEOSGeometry **geoms;    /* each edge's line */
    int n_pieces;
    gt__network_piece *pieces;
    int n_features_used, n_features_skipped; /* skipped: class without a speed */
    int n_snapped;           /* endpoints joined to a line within snap_m */
    double dropped_length_m; /* in the pieces */
    int n_cut_nodes;         /* the nodes of the pieces (not routable) */
    double *cut_x, *cut_y;
    void *graph;             /* igraph_t (graph.c) */
    void *index;             /* nearest node: sorted node order (graph.c) */
} gt__network;

/** Build the network from line features (borrowed; each feature's class in
 *  f->classes when it has them). Points or polygons are
 *  GT_ERR_INPUT_GEOMETRY; no line with a speed is GT_ERR_INPUT_EXTENT.
 *  Caller frees with gt__network_free(). */
gt_status gt__network_build(gt_context *ctx, const gt__features *f, const gt__network_opts *o,
                            gt__network **out);
void gt__network_free(gt_context *ctx, gt__network *net);

/** The node nearest to (x, y), and its straight-line distance. */
int gt__network_nearest_node(const gt__network *net, double x, double y, double *dist_m);

/** Shortest-path costs between node sets (igraph's Dijkstra): out[s * nt +
 *  t] from sources[s] to targets[t], by length (metres) or, with by_time,
 *  travel time (seconds). INFINITY when unreachable. */
gt_status gt__network_costs(gt_context *ctx, const gt__network *net, const int *sources, int ns,
                            const int *targets, int nt, bool by_time, double *out);

/** Shortest path tree from a set of sources to every node: out[v] is the
 *  cost from the nearest source (length or time), nearest[v] (may be NULL)
 *  which source. Also, when `edge_load` is not NULL, loads[k] (tonnes)
 *  from node load_node[k] are routed to the nearest source along the
 *  shortest path and summed per edge into edge_load[n_edges]. */
gt_status gt__network_tree(gt_context *ctx, const gt__network *net, const int *sources, int ns,
                           bool by_time, double *out, int *nearest, const int *load_node,
                           const double *loads, int n_loads, double *edge_load);

/* --- exact location models with GLPK (lp.c) ----------------------------- */
/** Result of an exact solve: GLPK's verdict. */
typedef enum {
    GT__LP_OPTIMAL,    /* proven optimal */
    GT__LP_FEASIBLE,   /* time limit: the best found, not proven */
    GT__LP_INFEASIBLE, /* no solution (e.g. capacities too small) */
    GT__LP_TIMEOUT,    /* time limit before any solution: nothing to report */
} gt__lp_result;

/** p-median (capacitated when pm->capacity). open[p], assign[n] as in
 *  gt__pmedian_substitution. time_limit_s bounds GLPK's branch and bound. */
gt_status gt__lp_pmedian(gt_context *ctx, const gt__pmedian *pm, int p, double time_limit_s,
                         int *open, int *assign, double *objective, gt__lp_result *result);

/** Set covering: the fewest candidates covering every coverable demand. */
gt_status gt__lp_setcover(gt_context *ctx, int n, int m, const unsigned char *cover,
                          double time_limit_s, unsigned char *chosen, int *count,
                          gt__lp_result *result);

/** Maximal covering: k candidates covering the most weight. */
gt_status gt__lp_maxcover(gt_context *ctx, int n, int m, const unsigned char *cover,
                          const double *weight, int k, double time_limit_s, unsigned char *chosen,
                          double *covered, gt__lp_result *result);

#endif
