/*
 * output_names.h: the names of gistool's output tables, of the fields that
 * styles, map sheets and reports read, of the risk classes and of the
 * run_info keys (internal). The writers (the site and rank pipelines) and
 * the readers (styles.c, map_sheet.c, report.c, provenance.c) spell them
 * through these macros only, so that renaming one renames it everywhere
 * instead of silently breaking a map. They are macros, not an enum, so that
 * styles can paste them into QGIS expressions at compile time.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_OUTPUT_NAMES_H
#define GT_OUTPUT_NAMES_H

/* --- tables of a run's GeoPackage ----------------------------------------- */
#define GT__TABLE_PARCELS "parcels"
#define GT__TABLE_CONSTRAINT_ZONES "constraint_zones"
#define GT__TABLE_CANDIDATE_REGIONS "candidate_regions"
#define GT__TABLE_SENSITIVITY_PARCELS "sensitivity_parcels"
#define GT__TABLE_SUITABILITY "suitability" /* the raster table */
#define GT__TABLE_LANDFILLS "landfills"
#define GT__TABLE_PLAN_BY_YEAR "plan_by_year"
/* rank: each site the plan passed over in a year for a lower-priority one */
#define GT__TABLE_PLAN_SKIPS "plan_skips"
#define GT__TABLE_RUN_INFO "run_info"
#define GT__TABLE_RUN_INPUTS "run_inputs"
#define GT__TABLE_RUN_WEIGHTS "run_weights"
#define GT__TABLE_RUN_RULES "run_rules"

/* --- fields that styles, sheets and reports read -------------------------- */
#define GT__FIELD_RANK "rank"
#define GT__FIELD_RANK_BASE "rank_base" /* sensitivity_parcels */
#define GT__FIELD_SCORE "score"
#define GT__FIELD_EXCLUDED "excluded"
#define GT__FIELD_RISK_CLASS "risk_class"
/* plan_by_year */
#define GT__FIELD_UNSANITARY_PCT "unsanitary_pct"
#define GT__FIELD_DUMPS_PCT "dumps_pct"
/* run_info: one row per key */
#define GT__FIELD_KEY "key"
#define GT__FIELD_VALUE "value"
/* run_inputs: one row per file of each input. The source columns record how
 * the input was read, so that map sheets can draw it again without the
 * scenario: the dataset path (relative to the scenario's folder when it lies
 * inside it), the layer in it, the CRS assumed, the attribute filter and the
 * classes kept. */
#define GT__FIELD_INPUT_ROLE "layer"
#define GT__FIELD_INPUT_PATH "path"
#define GT__FIELD_INPUT_SIZE "size_bytes"
#define GT__FIELD_INPUT_SHA256 "sha256"
#define GT__FIELD_INPUT_LABEL "label"
#define GT__FIELD_INPUT_SOURCE "source"
#define GT__FIELD_INPUT_SOURCE_LAYER "source_layer"
#define GT__FIELD_INPUT_SRS "srs"
#define GT__FIELD_INPUT_WHERE "where_sql"
#define GT__FIELD_INPUT_CLASS_FIELD "class_field"
#define GT__FIELD_INPUT_CLASSES "classes"

/* --- values of landfills.risk_class ---------------------------------------- */
#define GT__RISK_HIGH "High"
#define GT__RISK_MODERATE "Moderate"
#define GT__RISK_LOW "Low"

/* --- run_inputs roles that are not scenario layers -------------------------- */
#define GT__ROLE_SCENARIO "scenario"
#define GT__ROLE_STUDY_AREA "study_area"

/* --- run_info keys ---------------------------------------------------------- */
/* The header every run writes (gt__run_info_begin), in this order. */
#define GT__KEY_TOOL "tool"
#define GT__KEY_COMMAND "command"
#define GT__KEY_COMMAND_LINE "command_line"
#define GT__KEY_VERSIONS "versions"
#define GT__KEY_STARTED_UTC "started_utc"
#define GT__KEY_SCENARIO_NAME "scenario_name"
#define GT__KEY_SCENARIO_PATH "scenario_path"
#define GT__KEY_SCENARIO_SHA256 "scenario_sha256"
#define GT__KEY_SCENARIO_OVERRIDES "scenario_overrides"
#define GT__KEY_SCENARIO_TEXT "scenario_text"
#define GT__KEY_FACILITY "facility"
#define GT__KEY_WORKING_CRS "working_crs"
#define GT__KEY_PROFILE "profile"
#define GT__KEY_PROFILE_PATH "profile_path"
/* Keys of one command that the report shows. */
#define GT__KEY_RESOLUTION_M "resolution_m"
#define GT__KEY_GRID "grid"
#define GT__KEY_WEIGHTS_METHOD "weights_method"
#define GT__KEY_AGGREGATION "aggregation"
#define GT__KEY_AHP_CR "ahp.cr"
#define GT__KEY_AHP_LAMBDA_MAX "ahp.lambda_max"
#define GT__KEY_AHP_RI "ahp.ri"
#define GT__KEY_AHP_RI_TABLE "ahp.ri_table"
#define GT__KEY_DEMAND_REQUIRED_HA "demand.required_ha"
#define GT__KEY_DEMAND_SIZE_CLASS "demand.size_class"
#define GT__KEY_SITES "sites"
#define GT__KEY_PARCELS "parcels"
#define GT__KEY_CLASSES "classes"
#define GT__KEY_PLAN_YEARS "plan.years"
#define GT__KEY_PLAN_ANNUAL_BUDGET "plan.annual_budget"
#define GT__KEY_TARGET_UNSANITARY "target.unsanitary"
#define GT__KEY_TARGET_DUMPS "target.dumps"
#define GT__KEY_BUDGET_NEEDED "budget_needed"

/* --- data gaps (gistool/gaps.c): the table every run writes -------------- */
#define GT__TABLE_DATA_GAPS "data_gaps"
#define GT__FIELD_GAP_ITEM "item"
#define GT__FIELD_GAP_ITEM_TYPE "item_type"
#define GT__FIELD_GAP_LAYER "layer"
#define GT__FIELD_GAP_KIND "gap"
#define GT__FIELD_GAP_EFFECT "consequence"
#define GT__FIELD_GAP_WEIGHT_BEFORE "weight_before"
#define GT__FIELD_GAP_WEIGHT_AFTER "weight_after"
#define GT__FIELD_GAP_ASSUMED "assumed"
#define GT__FIELD_GAP_AFFECTS "affects"
/* run_info: the number of gaps and a summary */
#define GT__KEY_DATA_GAPS "data_gaps"
/* landfills: the linkages of a site scored with a worst-case assumption */
#define GT__FIELD_WORST_CASE "worst_case"

/* Values of run_info.command. */
#define GT__CMD_SITE "site"
#define GT__CMD_RANK "rank"

/* --- gistool init: the layers of a province folder (docs/init.md) --------- */
#define GT__TABLE_INIT_PROVINCE "province"
#define GT__TABLE_INIT_COMMUNES "communes"
#define GT__TABLE_INIT_LANDUSE "landuse"
#define GT__TABLE_INIT_ROADS "roads"
#define GT__TABLE_INIT_PROTECTED "protected_areas"
/* --- gistool network ------------------------------------------------------ */
#define GT__TABLE_NETWORK_EDGES "network_edges"
#define GT__TABLE_DEMAND_POINTS "demand_points"
#define GT__TABLE_TREATMENT_SITES "treatment_sites"
#define GT__TABLE_TRANSFER_STATIONS "transfer_stations"
#define GT__TABLE_COLLECTION_POINTS "collection_points"
#define GT__TABLE_ALLOCATION "allocation"
#define GT__TABLE_SERVICE_AREAS "service_areas"
#define GT__FIELD_TONNES_DAY "tonnes_day"
#define GT__FIELD_MINUTES "minutes"
#define GT__CMD_NETWORK "network"
#define GT__KEY_NETWORK "network"
#define GT__KEY_DEMAND_TONNES "demand.tonnes_day"
#define GT__KEY_TKM_DIRECT "haul.direct_tkm_day"
#define GT__KEY_STATIONS "stations"
#define GT__KEY_STATIONS_GAP "stations.gap_pct"
#define GT__KEY_TKM_STATIONS "haul.with_stations"
#define GT__KEY_COLLECTION "collection_points"

#endif
