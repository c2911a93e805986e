/*
 * scenario.h: the in-memory scenario and constraint profile (internal).
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_SCENARIO_H
#define GT_SCENARIO_H

#include "gistool/yaml.h"
#include "layers/layers.h"

typedef enum { GT__RULE_DISTANCE, GT__RULE_INSIDE, GT__RULE_MAX_SLOPE } gt__rule_kind;

/** One constraint: a row of the profile or a scenario `extra` rule. */
typedef struct gt__rule {
    char *id;
    char *layer; /* layer name it applies to ("residential", "dem") */
    gt__rule_kind kind;
    double min_distance_m; /* GT__RULE_DISTANCE */
    double max_slope_pct;  /* GT__RULE_MAX_SLOPE */
    char **classes;        /* only features of these classes (NULL: all) */
    int n_classes;
    char **facilities; /* facility types it applies to (NULL: all) */
    int n_facilities;
    char *source; /* legal source, quoted in outputs */
    char *date;   /* date the source took effect */
    char *status; /* "verified" or "verify" */
    char *origin; /* "file:line" where the rule was read */
} gt__rule;

typedef struct gt__profile {
    char *id, *title, *path;
    gt__rule *rules;
    int n_rules;
} gt__profile;

typedef enum {
    GT__MEASURE_DISTANCE,
    GT__MEASURE_SLOPE,
    GT__MEASURE_CLASS,
    GT__MEASURE_HAUL /* network tonne-km or minutes from the demand (site_haul.c) */
} gt__measure;

struct gt__network_scenario;

typedef struct gt__factor {
    char *name;
    char *layer;
    gt__measure measure;
    gt_fuzzy fuzzy;       /* DISTANCE and SLOPE */
    char **score_classes; /* CLASS: class -> score */
    double *scores;
    int n_scores;
    double default_score; /* CLASS: for classes not listed; NAN = NoData */
    double nodata_fill;   /* score for NoData cells (NAN: NoData stays NoData) */
    struct gt__network_scenario *haul; /* HAUL: road network and demand (owned) */
    bool haul_minutes;                 /* HAUL: travel time, not tonne-km */
} gt__factor;

typedef enum { GT__WEIGHTS_DIRECT, GT__WEIGHTS_AHP, GT__WEIGHTS_RANK } gt__weights_mode;
typedef enum { GT__AGG_WLC, GT__AGG_WPM, GT__AGG_OWA } gt__aggregation;

typedef enum { GT__SCENARIO_SITE, GT__SCENARIO_RANK } gt__scenario_kind;

/** The inventory schema of a rank scenario (docs/rank.md): the fields a
 *  site may have, in this order; `inventory_fields:` renames them. */
typedef enum gt__inventory_field {
    GT__INVENTORY_SITE_ID, /* must stay first: the id */
    GT__INVENTORY_NAME,
    GT__INVENTORY_COMMUNE,
    GT__INVENTORY_TYPE,
    GT__INVENTORY_STATUS,
    GT__INVENTORY_STATUS_YEAR,
    GT__INVENTORY_AREA_HA,
    GT__INVENTORY_VOLUME_M3,
    GT__INVENTORY_YEARS_OPERATED,
    GT__INVENTORY_WASTE_TYPE,
    GT__INVENTORY_LINER,
    GT__INVENTORY_COVER,
    GT__INVENTORY_LEACHATE,
    GT__INVENTORY_BURNING,
    GT__INVENTORY_COUNT
} gt__inventory_field;
/** "site_id", "name", ...: the schema's field names, NULL-terminated so
 *  that the key check can take it as a list (scenario_rank.c). */
extern const char *const gt__inventory_schema[GT__INVENTORY_COUNT + 1];

/** A category's values as an inventory writes them, each with the schema
 *  code it means (`inventory_values:`, or the shipped default table). */
typedef struct gt__value_map {
    char **from, **to;
    int n;
} gt__value_map;

/** The code `value` means in the map, matched without case, surrounding
 *  blanks and, with `strip_marks`, Vietnamese marks; NULL when not there. */
const char *gt__value_map_find(const gt__value_map *m, const char *value, bool strip_marks);

/** The keys only a rank scenario has (scenario_rank.c). */
typedef struct gt__rank_part {
    gt__layer_spec inventory;
    char *source_fields[GT__INVENTORY_COUNT]; /* NULL: the schema name */
    gt__value_map values[GT__N_CATEGORIES];   /* the scenario's map, else the default table */
    bool values_strip_marks;                  /* `ignore_diacritics: true` */
    char *profile_name;                       /* the SPR risk profile: shipped id or path */
    int start_year, end_year;                 /* of the plan */
    double annual_budget;                     /* 0: no limit */
    int sites_per_year;                       /* 0: no limit */
    char *out_csv;
} gt__rank_part;
/** The shipped table of category values as communes write them
 *  (vn-inventory-values) into r->values (gistool register import); free
 *  with gt__rank_part_free(). */
gt_status gt__inventory_values_load(gt_context *ctx, gt__rank_part *r);

struct gt_scenario {
    gt__yaml yaml;
    gt__scenario_kind kind; /* RANK when the file has `inventory:` */
    gt__rank_part *rank;    /* the rank-only keys (scenario_rank.c) */
    char *dir;              /* the scenario file's folder: sources are relative to it */
    char *name;
    char *crs; /* working CRS, e.g. "EPSG:32648" */
    double resolution_m;
    char *facility; /* sanitary_landfill, transfer_station, ... */
    gt__layer_spec study_area;
    gt__layer_spec *layers;
    int n_layers;
    char *profile_name; /* a shipped id or a path */
    char **disabled_rules;
    int n_disabled;
    gt__rule *extra;
    int n_extra;
    gt__factor *factors;
    int n_factors;
    gt__weights_mode weights_mode;
    double *direct_weights;   /* per factor, in factor order */
    double *ahp_matrix;       /* n_factors^2, in factor order */
    double cr_limit;          /* 0.10 */
    gt_ri_table ri_table;     /* saaty1980 unless the scenario says */
    gt_ahp_method ahp_method; /* eigen unless the scenario says */
    bool allow_inconsistent;
    gt__aggregation aggregation;        /* wlc unless the scenario says */
    double order_weights[GT_AHP_MAX_N]; /* OWA, n_factors of them */
    gt_rank_weights rank_method;        /* GT__WEIGHTS_RANK */
    bool has_demand;                    /* `demand:` */
    gt_demand demand;
    char *demand_layer; /* population from this layer's counts */
    bool has_regions;   /* `regions:` */
    double regions_min_score;
    double regions_min_area_ha; /* NAN: the required area (or 0) */
    int regions_connectivity;   /* 4 or 8 */
    char *regions_road_layer;   /* NULL: "roads" when there is one */
    double regions_max_area_ha; /* NAN: grow to the minimum area */
    bool regions_components;    /* method: components (whole areas, not grown) */
    double regions_score_band;  /* scores equal to this while growing (0.05) */
    bool has_sensitivity;       /* `sensitivity:` */
    double oat_steps[16];       /* relative weight changes, e.g. -0.2 .. 0.2 */
    int n_oat_steps;
    int mc_runs;
    double mc_concentration;
    uint64_t mc_seed;
    int top_k;
    /* `tie_break:` (site_parcels.c; docs/site.md "Ties") */
    double tie_precision;                /* scores rounded to this tie (0.01) */
    int n_tie_keys;                      /* then these keys, in order */
    char *tie_keys[GT__TIE_MAX_KEYS];    /* area_ha, parcel_id, f_<factor>, d_<layer>_m */
    bool tie_desc[GT__TIE_MAX_KEYS];
    char *tie_origin;                    /* "site.yaml:40" or NULL for the default */
    char *parcels_layer;       /* name of the layer holding parcels */
    char *out_gpkg;            /* resolved path */
    bool out_maps, out_report; /* also write the map sheets, the HTML report */
    char *out_lang;            /* vi or en, for them */
    char *out_cog;             /* also write the surface as a COG (site) */
    /* Data gaps (gistool/gaps.h): layers declared absent (`name: ~` under
     * `layers:`), and whether a gap stops the run (`on_missing: fail`). */
    char **absent_layers, **absent_origins;
    int n_absent;
    bool on_missing_fail;
};

/* The keys common to site and rank scenarios, each read by one function
 * of scenario.c; each kind calls them in the order its checks run. */
/** `name:` (default "unnamed scenario") and `crs:`; `crs_hint` ends the
 *  message when crs is missing. */
gt_status gt__scenario_parse_name_crs(gt_scenario *s, struct fy_node *root, const char *crs_hint);
/** `study_area:` (required). */
gt_status gt__scenario_parse_study_area(gt_scenario *s, struct fy_node *root);
/** Parse a layer mapping. */
gt_status gt__scenario_parse_layer(gt_scenario *s, struct fy_node *n, const char *name,
                                   gt__layer_spec *l);
/** Parse the `layers:` mapping into s->layers. */
gt_status gt__scenario_parse_layers(gt_scenario *s, struct fy_node *layers);
/** `outputs:`: the keys `allowed` (NULL-terminated), `gpkg:` required;
 *  `file_key` (cog, csv) is the kind's own extra file, read into
 *  *file_path; then maps, report and lang. `missing` is the message when
 *  there is no `outputs:`. */
gt_status gt__scenario_parse_outputs(gt_scenario *s, struct fy_node *root,
                                     const char *const *allowed, const char *missing,
                                     const char *file_key, char **file_path);
/** The path of a profile: a shipped id looked up in $GISTOOL_DATA, the build
 *  and the install folders, or a path relative to `base_dir`. NULL (with
 *  GT_ERR_PROFILE on the context) when not found. Caller frees. */
char *gt__profile_path(gt_context *ctx, const char *name_or_path, const char *base_dir);
/** The rank-scenario keys into s->rank (scenario_rank.c). */
gt_status gt__rank_parse(gt_scenario *s);
void gt__rank_part_free(gt__rank_part *p);

/** `on_missing: fail | warn` (warn unless given), site and rank. */
gt_status gt__scenario_parse_on_missing(gt_scenario *s, struct fy_node *root);
/** Where layer `name` is declared absent ("site.yaml:30"), or NULL. */
const char *gt__scenario_layer_absent(const gt_scenario *s, const char *name);

/** A factor's haul keys (site_haul.c): `unit`, `network` and `demand`
 *  with `measure: haul`, an error on them with any other measure. */
gt_status gt__haul_factor_parse(gt_scenario *s, struct fy_node *n, const char *name,
                                gt__factor *f);
void gt__haul_factor_free(gt__factor *f);

/** Find a layer spec by name (NULL if the scenario has none). */
const gt__layer_spec *gt__scenario_layer(const gt_scenario *s, const char *name);

/** Load a constraint profile by shipped id (looked up in GISTOOL_DATA, then
 *  the build and install folders) or by path (relative to `base_dir`). */
gt_status gt__profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                           gt__profile *out);
void gt__profile_free(gt__profile *p);
/** Load an SPR risk profile (gistool/profiles/vn-spr-2026.yaml), found like
 *  a constraint profile; its tables are checked against the inventory's
 *  values. On error *out is freed. */
gt_status gt__spr_profile_load(gt_context *ctx, const char *name_or_path, const char *base_dir,
                               gt__spr_profile *out);
void gt__spr_profile_free(gt__spr_profile *p);
/** Parse one rule mapping (shared by profiles and scenario `extra`). */
gt_status gt__rule_parse(const gt__yaml *y, struct fy_node *n, gt_status status, gt__rule *out);
void gt__rule_free(gt__rule *r);
/** Does the rule apply to this facility type? */
bool gt__rule_applies(const gt__rule *r, const char *facility);
/** Is `name` a facility type of `facility:` (GT__FACILITY_NAMES)? */
bool gt__facility_known(const char *name);
#define GT__FACILITY_NAMES                                                                         \
    "sanitary_landfill, hazardous_landfill, inert_landfill, transfer_station, treatment_complex"

/** Every judgment of an AHP matrix on Saaty's scale, 1/9 to 9 (2 %
 *  tolerance, so 0.11 is 1/9): the scenario's and the ahp command's CSV
 *  (rules.c). GT_ERR_AHP_MATRIX naming the cell. */
gt_status gt__ahp_check_scale(gt_context *ctx, int n, const double *a);

/** Household waste a person a day, kg: the range `demand.kg_per_person_day`
 *  takes (site and network). National means run from 0.11 to 4.54 (S. Kaza
 *  et al., What a Waste 2.0, World Bank 2018); the bounds, rounded outward,
 *  are a local assumption (docs/scenario.md). */
#define GT__KG_PER_PERSON_DAY_MIN 0.1
#define GT__KG_PER_PERSON_DAY_MAX 5.0

#endif
