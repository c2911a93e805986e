/*
 * network_stages.h: `gistool network` (internal): its scenario, the road
 * speed profile, and what each stage hands on. SPDX-License-Identifier: MIT
 *
 *   network.yaml ─► scenario (network_scenario.c) ─► inputs: roads, communes,
 *     treatment sites, candidates (network.c) ─► road graph (layers/graph.c)
 *     ─► demand points joined to the network ─► haul to treatment, service
 *     areas ─► transfer stations (p-median / covering) ─► collection points
 *     ─► GeoPackage (network_write.c) ─► map sheet (network_sheet.c)
 */
#ifndef GT_NETWORK_STAGES_H
#define GT_NETWORK_STAGES_H

#include "gistool/i18n.h"
#include "gistool/options.h"
#include "gistool/scenario.h"
#include "layers/network.h"

/** Travel speeds by road class (gistool/profiles/road-speeds.yaml). */
typedef struct gt__speed_profile {
    char *id, *title, *path, *status;
    int n;
    char **cls; /* folded (lower case, no marks) */
    double *kmh;
    double default_kmh;
} gt__speed_profile;

typedef enum { GT__SOLVER_AUTO, GT__SOLVER_EXACT, GT__SOLVER_HEURISTIC } gt__solver;

/** Where facilities come from: a layer of the scenario, or the best
 *  parcels of a `gistool site` run. */
typedef struct gt__facility_source {
    char *layer;   /* a scenario layer name, or NULL */
    char *run;     /* a site run's GeoPackage (resolved against the current folder) */
    int best;      /* parcels with rank 1..best */
    char *origin;  /* "file:line" */
} gt__facility_source;

/** A network scenario: the common keys in `base`, then its own. */
typedef struct gt__network_scenario {
    gt_scenario *base;
    char *roads_layer;
    char *speeds_name;
    double snap_m, access_limit_m, access_speed_kmh;
    /* demand */
    char *demand_layer;
    char *residential_layer; /* polygons the demand is split over, or NULL */
    char **urban_prefixes;
    int n_urban_prefixes;
    double kg_urban, kg_rural;
    /* treatment and service areas */
    gt__facility_source treatment;
    double isochrones_min[8];
    int n_isochrones;
    double service_buffer_m;
    /* transfer stations */
    bool has_stations;
    gt__facility_source stations;
    int p;
    double max_haul_min;
    double capacity_t_day; /* 0: uncapacitated */
    double transfer_factor;
    gt__solver solver;
    double exact_time_s;
    long exact_max_pairs;
    char *stations_origin;
    /* collection points */
    bool has_collection;
    char *settlement_layer;
    double walk_m;
    int k; /* 0: set covering; > 0: maximal covering with k points */
    double spacing_m;
} gt__network_scenario;

gt_status gt__network_scenario_load(gt_context *ctx, const char *path,
                                    const char *const *overrides, gt__network_scenario **out);
void gt__network_scenario_free(gt__network_scenario *s);
/** The haul settings of a `gistool site` factor with `measure: haul`: its
 *  `network:` (speeds, snap_m, access_limit_m, access_speed_kmh; the roads
 *  are the factor's layer `roads`) and `demand:` mappings under `n`, read
 *  by the same code and with the same defaults as a network scenario's.
 *  `base` is the site scenario (borrowed). Free with gt__network_haul_free. */
gt_status gt__network_haul_parse(gt_scenario *base, struct fy_node *n, const char *roads,
                                 gt__network_scenario **out);
void gt__network_haul_free(gt__network_scenario *ns);
gt_status gt__speed_profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                                 gt__speed_profile *out);
void gt__speed_profile_free(gt__speed_profile *p);
double gt__speed_lookup(const char *cls, void *profile);
/** A warning when the profile lists the class of none of the roads: every
 *  road then takes default_kmh, most often because `class_field:` names
 *  another field. */
void gt__speed_warn_unlisted(gt_context *ctx, const gt__features *roads,
                             const gt__speed_profile *p);

/** A point facility: treatment site, transfer station candidate. */
typedef struct gt__facility {
    char *id;
    double x, y;
    int node;
    double access_m;
} gt__facility;

/** One commune's demand, or the share of it in one residential polygon. */
typedef struct gt__demand {
    char *id, *name;
    double x, y;
    int residential; /* index of the residential polygon it stands for, -1: the commune */
    double share;    /* of the commune's demand (1 for the commune's point) */
    double population;
    bool urban;
    double kg_per_person_day, tonnes_day;
    int node;         /* -1: farther than the access limit */
    double access_m;
    double dist_m, time_s; /* to the nearest treatment site, access leg included */
    int treatment;         /* index of it */
    int station;           /* index into candidates, -1: direct */
    double via_dist_m, via_time_s; /* commune -> station -> treatment */
    double saved_tkm;
} gt__demand;

/** The demand of communes `c` (population x the scenario's rate) at a
 *  point on each one's surface, joined to the nearest node of `net`. With
 *  residential polygons `res` (may be NULL), a commune's demand is split
 *  over the parts of them inside it, by area, each at a point on its
 *  surface; a commune with none keeps its own point.
 *  GT_ERR_INPUT_EXTENT listing the communes beyond access_limit_m. Used by
 *  `gistool network` and by a site factor with `measure: haul`. */
gt_status gt__network_demand(gt_context *ctx, const gt__network_scenario *s,
                             const gt__network *net, const gt__features *c,
                             const gt__features *res, gt__demand **out, int *n_out);
void gt__network_demand_free(gt__demand *d, int n);

/** Everything one run computes, handed to the writer and the sheet. */
typedef struct gt__network_run {
    const gt__network_scenario *s;
    const gt_network_options *o;
    OGRSpatialReferenceH srs;
    gt__speed_profile speeds;
    gt__features *roads, *communes, *settlements_f;
    gt__features *residential; /* demand.residential, or NULL */
    gt__network *net;
    gt__demand *demand;
    int n_demand;
    gt__facility *treatment;
    int n_treatment;
    double *node_dist_m, *node_time_s; /* to the nearest treatment site, per node */
    int *node_treatment;
    double *edge_tonnes;
    double tkm_direct; /* tonne-km a day, every commune straight to treatment */
    /* service areas: one polygon per (isochrone, treatment site) */
    GEOSGeometry **service;
    int n_service;
    double *service_min;
    int *service_site;
    /* transfer stations */
    gt__facility *cand;
    int n_cand;
    int n_open;
    int *open; /* candidate indices */
    double *station_dist_m, *station_time_s; /* per candidate, to treatment */
    double obj_heuristic, obj_exact, gap_pct;
    const char *solver_used;
    const char *exact_status;
    double tkm_with_stations;
    /* collection points */
    int n_points;
    double *pt_x, *pt_y;
    int *pt_settlements;
    double *pt_population;
    int n_settlements, n_uncovered, n_uncoverable;
    const char *cover_solver;
    int cover_greedy_count, cover_exact_count;
    double cover_population, cover_total_population;
} gt__network_run;

gt_status gt__network_write(gt_context *ctx, const gt__network_run *r);

/** What a map sheet of a network run draws over the base layers, read from
 *  its GeoPackage (network_sheet.c; drawn by map_sheet.c). */
typedef struct gt__network_layers {
    GEOSGeometry **overlay; /* service areas, legs to stations, roads */
    unsigned *color;
    double *width, *alpha;
    int n_overlay, cap;
    GEOSGeometry **sites; /* stations (class 0), collection points (1), treatment (2) */
    int *site_class;
    int n_sites, cap_sites, n_points;
    double lx[64], ly[64]; /* station numbers */
    int lrank[64], n_labels;
    double minutes[8]; /* service-area times, shortest first */
    int n_minutes;
    bool has_legs;
    gt__map_legend legend[8];
    int n_legend;
    char subtitle[512];
    char *notes;
    double extent[4]; /* of everything drawn */
} gt__network_layers;

gt_status gt__network_map_layers(gt_context *ctx, GDALDatasetH ds, gt__lang L,
                                 gt__network_layers *out);
void gt__network_map_layers_free(gt_context *ctx, gt__network_layers *nl);

/** The report's sections on a network run (network_report.c). */
void gt__network_report(gt_context *ctx, FILE *f, GDALDatasetH ds, gt__lang L);

#endif
