/*
 * site_haul.c: the haul factor of `gistool site` (`measure: haul`,
 * docs/site.md): the cost of bringing the province's waste to each cell,
 * measured on the road network. SPDX-License-Identifier: MIT
 *
 *   roads (the factor's layer) ─► network (layers/graph.c, as `gistool
 *     network` builds it) ─► demand: communes × per-capita rates at their
 *     nearest nodes (network.c, the network scenario's keys and defaults)
 *     ─► per node: the demand-weighted sum of shortest-path costs from
 *     every demand node (igraph's Dijkstra, sources in chunks)
 *     ─► per cell: the nearest node's value plus the straight access leg
 *     from the cell to that node for all the tonnes.
 *
 * tonne_km: H(v) = Σ_i w_i (a_i + d(n_i, v)) / 1000, in t-km a day, with
 * w_i the commune's tonnes a day, a_i its straight access distance and
 * d the network length; a cell c joined to node v at straight distance
 * a_c: H(c) = H(v) + W a_c / 1000 (W = Σ w_i).
 * minutes: the tonne-weighted mean travel time,
 * T(v) = Σ_i w_i (a_i / s_a + t(n_i, v)) / W, T(c) = T(v) + a_c / s_a, with
 * s_a the access speed (network.access_speed_kmh) and t the network time
 * by the speed profile.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/network_stages.h"
#include "gistool/site_stages.h"

/* Memory for one chunk of Dijkstra answers (sources x nodes doubles). */
#define HAUL_CHUNK_BYTES (32u << 20)

static const char *const haul_only_keys[] = {"unit", "network", "demand"};

gt_status gt__haul_factor_parse(gt_scenario *s, struct fy_node *n, const char *name,
                                gt__factor *f)
{
    const gt__yaml *y = &s->yaml;
    struct fy_node *v;
    if (f->measure != GT__MEASURE_HAUL) {
        for (size_t k = 0; k < sizeof haul_only_keys / sizeof *haul_only_keys; k++)
            if ((v = gt__yaml_get(n, haul_only_keys[k])))
                return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                      "factor '%s': `%s` belongs to `measure: haul` only", name,
                                      haul_only_keys[k]);
        return GT_OK;
    }
    f->haul_minutes = false;
    if ((v = gt__yaml_get(n, "unit"))) {
        const char *u = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
        if (u && !strcmp(u, "minutes"))
            f->haul_minutes = true;
        else if (!u || strcmp(u, "tonne_km"))
            return gt__yaml_error(y, v, GT_ERR_SCENARIO,
                                  "factor '%s': unit is tonne_km (t-km a day) or minutes "
                                  "(tonne-weighted mean travel time)",
                                  name);
    }
    /* Roads declared absent: the factor is a data gap, dropped before it
     * is measured (site_inputs.c); there is no network to read keys for. */
    if (gt__scenario_layer_absent(s, f->layer))
        return GT_OK;
    gt_status st = gt__network_haul_parse(s, n, f->layer, &f->haul);
    return st;
}

void gt__haul_factor_free(gt__factor *f)
{
    gt__network_haul_free(f->haul);
    f->haul = NULL;
}

bool gt__haul_factor_uses(const gt__factor *f, const char *layer)
{
    return f->measure == GT__MEASURE_HAUL && f->haul &&
           ((f->haul->demand_layer && !strcmp(f->haul->demand_layer, layer)) ||
            (f->haul->residential_layer && !strcmp(f->haul->residential_layer, layer)));
}

/* --- nearest node: points in square buckets ------------------------------- */

typedef struct {
    double x0, y0, size;
    int w, h;
    int *start, *item; /* bucket b holds item[start[b] .. start[b+1]) */
    const double *x, *y;
    int n;
} buckets;

static gt_status buckets_build(gt_context *ctx, const double *x, const double *y, int n,
                               buckets *b)
{
    memset(b, 0, sizeof *b);
    b->x = x;
    b->y = y;
    b->n = n;
    if (n == 0)
        return GT_OK;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < n; i++) {
        x0 = fmin(x0, x[i]);
        x1 = fmax(x1, x[i]);
        y0 = fmin(y0, y[i]);
        y1 = fmax(y1, y[i]);
    }
    /* About two points a bucket, and no more buckets along a side than
     * points (points on a line would otherwise make thousands of empty
     * buckets, and far queries walk rings of them). */
    double area = fmax((x1 - x0) * (y1 - y0), 1.0);
    b->size = fmax(fmax(sqrt(2.0 * area / n), fmax(x1 - x0, y1 - y0) / n), 1.0);
    b->w = (int)fmin(floor((x1 - x0) / b->size) + 1, 4096);
    b->h = (int)fmin(floor((y1 - y0) / b->size) + 1, 4096);
    b->size = fmax((x1 - x0) / b->w, (y1 - y0) / b->h) * (1 + 1e-9) + 1e-6;
    b->x0 = x0;
    b->y0 = y0;
    size_t nb = (size_t)b->w * b->h;
    b->start = gt__calloc(ctx, nb + 1, sizeof *b->start);
    b->item = gt__malloc(ctx, (size_t)n * sizeof *b->item);
    if (!b->start || !b->item)
        return gt_context_status(ctx);
    for (int i = 0; i < n; i++) {
        int cx = (int)((x[i] - x0) / b->size), cy = (int)((y[i] - y0) / b->size);
        b->start[(size_t)cy * b->w + cx + 1]++;
    }
    for (size_t k = 0; k < nb; k++)
        b->start[k + 1] += b->start[k];
    int *fill = gt__malloc(ctx, nb * sizeof *fill);
    if (!fill)
        return gt_context_status(ctx);
    memcpy(fill, b->start, nb * sizeof *fill);
    for (int i = 0; i < n; i++) {
        int cx = (int)((x[i] - x0) / b->size), cy = (int)((y[i] - y0) / b->size);
        b->item[fill[(size_t)cy * b->w + cx]++] = i;
    }
    free(fill);
    return GT_OK;
}

static void buckets_free(buckets *b)
{
    free(b->start);
    free(b->item);
}

/* The nearest point to (px, py) and its distance; -1 when there are none.
 * Rings of buckets around the query until the ring is farther than the
 * best found. Ties go to the lowest index, as a linear search would. */
static int buckets_nearest(const buckets *b, double px, double py, double *dist)
{
    *dist = INFINITY;
    if (b->n == 0)
        return -1;
    int best = -1;
    double bd2 = INFINITY;
    int cx = (int)floor((px - b->x0) / b->size), cy = (int)floor((py - b->y0) / b->size);
    int rmax = b->w + b->h + abs(cx) + abs(cy) + 2;
    for (int r = 0; r <= rmax; r++) {
        /* Points in ring r are at least (r - 1) buckets away. */
        double ring = (r - 1) * b->size;
        if (r > 0 && ring > 0 && ring * ring > bd2)
            break;
        int gy0 = cy - r < 0 ? 0 : cy - r, gy1 = cy + r >= b->h ? b->h - 1 : cy + r;
        for (int gy = gy0; gy <= gy1; gy++) {
            bool edge_row = gy == cy - r || gy == cy + r;
            for (int gx = cx - r; gx <= cx + r; gx += edge_row ? 1 : 2 * r) {
                if (gx >= 0 && gx < b->w) {
                    size_t k = (size_t)gy * b->w + gx;
                    for (int j = b->start[k]; j < b->start[k + 1]; j++) {
                        int i = b->item[j];
                        double dx = b->x[i] - px, dy = b->y[i] - py, d2 = dx * dx + dy * dy;
                        if (d2 < bd2 || (d2 == bd2 && i < best)) {
                            bd2 = d2;
                            best = i;
                        }
                    }
                }
                if (r == 0)
                    break;
            }
        }
    }
    *dist = sqrt(bd2);
    return best;
}

/* --- per node: the demand-weighted cost ----------------------------------- */

/* value[v] for every node: tonne-km a day (or tonne-minutes a day) of
 * bringing every commune's waste to v, access legs of the communes
 * included. Sources are the distinct demand nodes, in chunks of at most
 * HAUL_CHUNK_BYTES of answers. igraph's Debian build is not thread-safe
 * (IGRAPH_THREAD_SAFE 0), so the chunks run one after another. */
static gt_status node_values(gt_context *ctx, const gt__network *net, const gt__demand *d, int nd,
                             bool minutes, double access_speed_kmh, double *value, double *total_t)
{
    int nn = net->n_nodes;
    double *w = gt__calloc(ctx, (size_t)nn, sizeof *w);
    int *src = gt__malloc(ctx, (size_t)nn * sizeof *src);
    int *all = gt__malloc(ctx, (size_t)nn * sizeof *all);
    size_t chunk = HAUL_CHUNK_BYTES / ((size_t)nn * sizeof(double));
    chunk = chunk < 1 ? 1 : chunk > (size_t)nn ? (size_t)nn : chunk;
    double *buf = gt__malloc(ctx, chunk * (size_t)nn * sizeof *buf);
    gt_status st = w && src && all && buf ? GT_OK : gt_context_status(ctx);
    double access = 0, total = 0;
    int ns = 0;
    for (int i = 0; !st && i < nd; i++) {
        w[d[i].node] += d[i].tonnes_day;
        total += d[i].tonnes_day;
        access += d[i].tonnes_day *
                  (minutes ? d[i].access_m / (access_speed_kmh / 3.6) / 60 : d[i].access_m / 1000);
    }
    for (int v = 0; !st && v < nn; v++) {
        all[v] = v;
        value[v] = access;
        if (w[v] > 0)
            src[ns++] = v;
    }
    for (int k = 0; !st && k < ns; k += (int)chunk) {
        int c = ns - k < (int)chunk ? ns - k : (int)chunk;
        st = gt__network_costs(ctx, net, src + k, c, all, nn, minutes, buf);
        for (int s = 0; !st && s < c; s++) {
            double ws = w[src[k + s]] / (minutes ? 60.0 : 1000.0);
            const double *row = buf + (size_t)s * nn;
            for (int v = 0; v < nn; v++)
                value[v] += ws * row[v];
        }
    }
    /* minutes: tonne-minutes over the tonnes, the mean time of a tonne */
    for (int v = 0; !st && minutes && total > 0 && v < nn; v++)
        value[v] /= total;
    free(w);
    free(src);
    free(all);
    free(buf);
    *total_t = total;
    return st;
}

/* --- per cell ---------------------------------------------------------- */

typedef struct {
    const site_grid *g;
    const buckets *nodes, *cut;
    const double *value;
    double total_t, limit_m, access_speed_kmh;
    bool minutes;
    float *out;
    long *far, *cut_off; /* per row */
} cell_job;

static void cell_rows(int r0, int r1, void *arg)
{
    cell_job *j = arg;
    const gt__grid *gr = &j->g->grid;
    for (int row = r0; row < r1; row++) {
        long far = 0, cut_off = 0;
        for (int col = 0; col < gr->w; col++) {
            size_t k = (size_t)row * gr->w + col;
            if (!j->g->inside[k]) {
                j->out[k] = NAN;
                continue;
            }
            double x = gt__grid_cx(gr, col), y = gt__grid_cy(gr, row), a, ac;
            int v = buckets_nearest(j->nodes, x, y, &a);
            if (buckets_nearest(j->cut, x, y, &ac) >= 0 && ac < a) {
                cut_off++;
                j->out[k] = INFINITY;
            } else if (a > j->limit_m) {
                far++;
                j->out[k] = INFINITY;
            } else {
                j->out[k] = (float)(j->minutes
                                        ? j->value[v] + a / (j->access_speed_kmh / 3.6) / 60
                                        : j->value[v] + j->total_t * a / 1000);
            }
        }
        j->far[row] = far;
        j->cut_off[row] = cut_off;
    }
}

static const char *unit_name(const gt__factor *fac)
{
    return fac->haul_minutes ? "min (tonne-weighted mean)" : "t-km/day";
}

/* The cells left without a haul value: a warning and a data gap each. */
static gt_status record_gaps(gt_context *ctx, const site_grid *g, const gt__factor *fac,
                             long far, long cut_off, double cut_km, gt__gaps *gaps)
{
    const gt__network_scenario *ns = fac->haul;
    double km2 = g->grid.res * g->grid.res / 1e6;
    gt_status st = GT_OK;
    if (far) {
        gt__log(ctx, GT_LOG_WARNING,
                "factors.%s: %ld cells (%.1f km2) are farther than access_limit_m = %.0f m "
                "from a node of the road network '%s': they take the worst haul value",
                fac->name, far, far * km2, ns->access_limit_m, fac->layer);
        st = gt__gaps_add(ctx, gaps, "factor", fac->name, fac->layer, GT__GAP_NONE_NEAR,
                          GT__GAP_WORST_CASE, NAN, NAN,
                          "parcels.score, f_ fields, rank; suitability",
                          "%ld cells (%.1f km2) farther than network.access_limit_m = %.0f m "
                          "from the road network: worst haul value (the membership at "
                          "+infinity)",
                          far, far * km2, ns->access_limit_m);
    }
    if (!st && cut_off) {
        gt__log(ctx, GT_LOG_WARNING,
                "factors.%s: %ld cells (%.1f km2) are nearest to a road piece not connected "
                "to the network '%s': they take the worst haul value",
                fac->name, cut_off, cut_off * km2, fac->layer);
        st = gt__gaps_add(ctx, gaps, "factor", fac->name, fac->layer, GT__GAP_NONE_NEAR,
                          GT__GAP_WORST_CASE, NAN, NAN,
                          "parcels.score, f_ fields, rank; suitability",
                          "%ld cells (%.1f km2) nearest to a road piece not connected to the "
                          "network (%.1f km of roads left out): worst haul value (the "
                          "membership at +infinity)",
                          cut_off, cut_off * km2, cut_km);
    }
    return st;
}

gt_status gt__site_haul_measure(gt_context *ctx, const gt_scenario *s, const site_grid *g,
                                const site_layers *in, const gt__factor *fac, gt__gaps *gaps,
                                float *out)
{
    const gt__network_scenario *ns = fac->haul;
    if (!ns)
        return gt__error(ctx, GT_ERR_INTERNAL, "factors.%s: haul settings missing", fac->name);
    int ri = gt__site_layer_index(s, fac->layer), di = gt__site_layer_index(s, ns->demand_layer);
    const gt__features *roads = ri >= 0 ? in->layer[ri] : NULL;
    const gt__features *communes = di >= 0 ? in->layer[di] : NULL;
    int hi = ns->residential_layer ? gt__site_layer_index(s, ns->residential_layer) : -1;
    const gt__features *resid = hi >= 0 ? in->layer[hi] : NULL;
    if (!roads || !communes || (ns->residential_layer && !resid))
        return gt__error(ctx, GT_ERR_INTERNAL, "factors.%s: layers not loaded", fac->name);
    if (communes->n == 0)
        return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                         "factors.%s: the demand layer '%s' has no commune within reach of the "
                         "study area",
                         fac->name, ns->demand_layer);
    gt__speed_profile prof;
    gt_status st = gt__speed_profile_load(ctx, ns->speeds_name, s->dir, &prof);
    if (st) {
        gt__error_prefix(ctx, "factors.%s", fac->name);
        return st;
    }
    gt__speed_warn_unlisted(ctx, roads, &prof);
    gt__network_opts opts = {ns->snap_m, gt__speed_lookup, &prof};
    gt__network *net = NULL;
    gt__demand *dem = NULL;
    int nd = 0;
    double *value = NULL, total_t = 0;
    buckets nodes = {0}, cut = {0};
    st = gt__network_build(ctx, roads, &opts, &net);
    if (!st)
        st = gt__network_demand(ctx, ns, net, communes, resid, &dem, &nd);
    if (st)
        gt__error_prefix(ctx, "factors.%s", fac->name);
    if (!st && !(value = gt__malloc(ctx, (size_t)net->n_nodes * sizeof *value)))
        st = gt_context_status(ctx);
    if (!st)
        st = node_values(ctx, net, dem, nd, fac->haul_minutes, ns->access_speed_kmh, value,
                         &total_t);
    if (!st && !(total_t > 0))
        st = gt__error(ctx, GT_ERR_INPUT_FIELD,
                       "factors.%s: the communes of layer '%s' have no population (field "
                       "population_field): no waste to haul",
                       fac->name, ns->demand_layer);
    if (!st)
        st = buckets_build(ctx, net->nx, net->ny, net->n_nodes, &nodes);
    if (!st)
        st = buckets_build(ctx, net->cut_x, net->cut_y, net->n_cut_nodes, &cut);
    long *far = st ? NULL : gt__calloc(ctx, (size_t)g->grid.h * 2, sizeof(long));
    if (!st && !far)
        st = gt_context_status(ctx);
    if (!st) {
        cell_job job = {g,     &nodes, &cut, value, total_t, ns->access_limit_m,
                        ns->access_speed_kmh, fac->haul_minutes, out, far, far + g->grid.h};
        gt__parallel_for(ctx, g->grid.h, cell_rows, &job);
        long n_far = 0, n_cut = 0;
        for (int r = 0; r < g->grid.h; r++) {
            n_far += far[r];
            n_cut += far[g->grid.h + r];
        }
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < g->ncell; k++)
            if (isfinite(out[k])) {
                lo = fmin(lo, out[k]);
                hi = fmax(hi, out[k]);
            }
        gt__log(ctx, GT_LOG_INFO,
                "factors.%s: network of %d nodes, %d edges (%d pieces left out, %.1f km); "
                "%d communes, %.1f t/day; haul %.4g to %.4g %s",
                fac->name, net->n_nodes, net->n_edges, net->n_pieces,
                net->dropped_length_m / 1000, nd, total_t, lo, hi, unit_name(fac));
        st = record_gaps(ctx, g, fac, n_far, n_cut, net->dropped_length_m / 1000, gaps);
    }
    free(far);
    buckets_free(&nodes);
    buckets_free(&cut);
    free(value);
    gt__network_demand_free(dem, nd);
    gt__network_free(ctx, net);
    gt__speed_profile_free(&prof);
    return st;
}

gt_status gt__site_haul_gaps_merge(gt_context *ctx, gt__gaps *into, gt__gaps *from)
{
    gt_status st = GT_OK;
    for (int i = 0; !st && i < from->n; i++) {
        const gt__gap *gp = &from->v[i];
        st = gt__gaps_add(ctx, into, gp->item_type, gp->item, gp->layer, gp->kind, gp->effect,
                          gp->weight_before, gp->weight_after, gp->affects, "%s", gp->assumed);
    }
    gt__gaps_free(from);
    return st;
}
