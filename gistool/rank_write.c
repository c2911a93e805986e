/*
 * rank_write.c: the last stage of `gistool rank`: the GeoPackage (the
 * `landfills` layer, `plan_by_year`, `run_inputs`, `run_info`, default
 * styles and field docs) and the ranked list as CSV, each written to a
 * temporary file and renamed into place. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gistool/rank_stages.h"

/* The `landfills` layer: field names, types and docs in one order. */
static const char *const landfill_fields[] = {"site_id",
                                              "name",
                                              "commune",
                                              "type",
                                              "status",
                                              "status_year",
                                              "risk_pct",
                                              GT__FIELD_RISK_CLASS,
                                              GT__FIELD_RANK,
                                              "worst_linkage",
                                              "l_leachate_groundwater_pct",
                                              "l_leachate_surface_water_pct",
                                              "l_gas_residents_pct",
                                              "l_burning_residents_pct",
                                              "pop_500m",
                                              "pop_1km",
                                              "pop_2km",
                                              "dist_water_m",
                                              "dist_well_m",
                                              "dist_protected_m",
                                              "dist_residential_m",
                                              "in_flood_zone",
                                              "slope_pct",
                                              "landuse_500m",
                                              "area_ha",
                                              "volume_m3",
                                              "waste_type",
                                              "liner",
                                              "cover",
                                              "leachate",
                                              "burning",
                                              "option",
                                              "cost",
                                              "plan_year",
                                              "missing_fields",
                                              GT__FIELD_WORST_CASE};
static const OGRFieldType landfill_types[] = {
    OFTString,  OFTString,  OFTString, OFTString, OFTString, OFTInteger, OFTReal,   OFTString,
    OFTInteger, OFTString,  OFTReal,   OFTReal,   OFTReal,   OFTReal,    OFTReal,   OFTReal,
    OFTReal,    OFTReal,    OFTReal,   OFTReal,   OFTReal,   OFTInteger, OFTReal,   OFTString,
    OFTReal,    OFTReal,    OFTString, OFTString, OFTString, OFTString,  OFTString, OFTString,
    OFTReal,    OFTInteger, OFTString, OFTString};
static const gt__field_doc landfill_docs[] = {
    {"site_id", "Mã bãi", "site id"},
    {"name", "Tên", "name"},
    {"commune", "Xã", "commune"},
    {"type", "Loại", "unsanitary_landfill, spontaneous_dump or sanitary_landfill"},
    {"status", "Hiện trạng", "operating, closed, remediating or remediated"},
    {"status_year", "Năm hiện trạng", "year the status began"},
    {"risk_pct", "Mức rủi ro (%)", "worst source-pathway-receptor linkage, % of its maximum"},
    {GT__FIELD_RISK_CLASS, "Cấp rủi ro", "High >= 70 %, Moderate >= 40 %, Low"},
    {GT__FIELD_RANK, "Thứ tự ưu tiên", "remediation priority (1 = first)"},
    {"worst_linkage", "Liên kết rủi ro cao nhất", "the linkage that sets the risk"},
    {"l_leachate_groundwater_pct", "Nước rỉ → nước ngầm (%)", "leachate to groundwater to wells"},
    {"l_leachate_surface_water_pct", "Nước rỉ → nước mặt (%)", "leachate to surface water"},
    {"l_gas_residents_pct", "Khí bãi rác → dân cư (%)", "landfill gas to residents"},
    {"l_burning_residents_pct", "Đốt rác, tiếp xúc → dân cư (%)",
     "burning and contact to residents"},
    {"pop_500m", "Dân số trong 500 m", "people within 500 m (census, areal weighting)"},
    {"pop_1km", "Dân số trong 1 km", "people within 1 km"},
    {"pop_2km", "Dân số trong 2 km", "people within 2 km"},
    {"dist_water_m", "Khoảng cách tới nước mặt (m)", "exact distance to surface water"},
    {"dist_well_m", "Khoảng cách tới giếng (m)", "exact distance to the nearest well or intake"},
    {"dist_protected_m", "Khoảng cách tới khu bảo tồn (m)", "exact distance to a protected area"},
    {"dist_residential_m", "Khoảng cách tới khu dân cư (m)", "exact distance to residential works"},
    {"in_flood_zone", "Trong vùng ngập (0/1)", "1 when the site overlaps a flood zone"},
    {"slope_pct", "Độ dốc (%)", "slope at the site"},
    {"landuse_500m", "Sử dụng đất trong 500 m", "dominant land use within 500 m"},
    {"area_ha", "Diện tích (ha)", "area as used (defaults included)"},
    {"volume_m3", "Khối lượng (m³)", "volume as used (defaults included)"},
    {"waste_type", "Loại chất thải", "household, hazardous, industrial or mixed"},
    {"liner", "Lớp lót đáy", "yes or no"},
    {"cover", "Lớp phủ", "none, partial or full"},
    {"leachate", "Nước rỉ rác", "evidence of leachate: yes, no or unknown"},
    {"burning", "Đốt rác", "evidence of burning: yes, no or unknown"},
    {"option", "Phương án xử lý", "suggested remediation option"},
    {"cost", "Chi phí", "cost of the option (profile currency)"},
    {"plan_year", "Năm thực hiện", "year the plan remediates or closes the site"},
    {"missing_fields", "Thông tin còn thiếu", "attributes filled by conservative defaults"},
    {GT__FIELD_WORST_CASE, "Liên kết giả định xấu nhất",
     "linkages scored with a worst-case assumption because a layer is missing (see data_gaps)"}};

_Static_assert(sizeof landfill_fields / sizeof *landfill_fields ==
                   sizeof landfill_types / sizeof *landfill_types,
               "one type per landfills field");
_Static_assert(sizeof landfill_fields / sizeof *landfill_fields ==
                   sizeof landfill_docs / sizeof *landfill_docs,
               "one doc per landfills field");

/* Set a field only when the value is known: the field stays NULL. */
static void set_int_if(OGRFeatureH f, int k, bool known, int v)
{
    if (known)
        OGR_F_SetFieldInteger(f, k, v);
}

static void set_string_if(OGRFeatureH f, int k, const char *v)
{
    if (v)
        OGR_F_SetFieldString(f, k, v);
}

/* One feature of `landfills`, its fields in landfill_fields order. */
static void landfill_feature(const gt__rank_outputs *out, int i, OGRFeatureH f)
{
    const gt__rank_site *s = &out->inputs->sites[i];
    const gt__rank_receptors *r = &out->receptors[i];
    const gt__spr_site_result *score = &out->scores[i];
    const gt__rank_plan *plan = out->plan;
    int k = 0;
    OGR_F_SetFieldString(f, k++, s->value[GT__INVENTORY_SITE_ID]);
    set_string_if(f, k++, s->value[GT__INVENTORY_NAME]);
    set_string_if(f, k++, s->value[GT__INVENTORY_COMMUNE]);
    OGR_F_SetFieldString(f, k++, s->value[GT__INVENTORY_TYPE]);
    OGR_F_SetFieldString(f, k++, s->value[GT__INVENTORY_STATUS]);
    set_int_if(f, k++, s->status_year != 0, s->status_year);
    gt__set_real(f, k++, score->risk_pct);
    OGR_F_SetFieldString(f, k++, gt_risk_class_name(score->risk_class));
    set_int_if(f, k++, plan->rank[i] != 0, plan->rank[i]);
    OGR_F_SetFieldString(f, k++, gt__spr_linkage_name(score->worst));
    for (int j = 0; j < GT__N_LINKS; j++)
        gt__set_real(f, k++, score->linkage_pct[j]);
    const double measures[] = {r->pop_500m,          r->pop_1km,     r->pop_2km,
                               r->dist_water_m,      r->dist_well_m, r->dist_protected_m,
                               r->dist_residential_m};
    for (size_t j = 0; j < sizeof measures / sizeof *measures; j++)
        gt__set_real(f, k++, measures[j]);
    set_int_if(f, k++, r->in_flood_zone >= 0, r->in_flood_zone);
    gt__set_real(f, k++, r->slope_pct);
    set_string_if(f, k++, r->landuse_500m[0] ? r->landuse_500m : NULL);
    gt__set_real(f, k++, s->area_ha);
    gt__set_real(f, k++, s->volume_m3);
    for (int j = GT__INVENTORY_WASTE_TYPE; j <= GT__INVENTORY_BURNING; j++)
        OGR_F_SetFieldString(f, k++, s->value[j]);
    OGR_F_SetFieldString(f, k++, gt__remediation_option_name(score->option));
    gt__set_real(f, k++, plan->cost[i]);
    set_int_if(f, k++, plan->plan_year[i] != 0, plan->plan_year[i]);
    set_string_if(f, k++, s->missing[0] ? s->missing : NULL);
    char worst_case[256];
    gt__rank_worst_case(r, worst_case, sizeof worst_case);
    set_string_if(f, k++, worst_case[0] ? worst_case : NULL);
}

static gt_status write_landfills(gt_context *ctx, const gt__rank_outputs *out, GDALDatasetH ds)
{
    OGRLayerH l = gt__out_layer(ctx, ds, GT__TABLE_LANDFILLS, out->srs, wkbUnknown,
                                "Unsanitary landfills and dumps: source-pathway-receptor risk, "
                                "rank, remediation option and plan year (gistool rank)");
    if (!l)
        return gt_context_status(ctx);
    if (!gt__out_fields(l, landfill_fields, landfill_types,
                        sizeof landfill_fields / sizeof *landfill_fields))
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create the fields of 'landfills'");
    GDALDatasetStartTransaction(ds, FALSE);
    gt_status st = GT_OK;
    for (int i = 0; i < out->inputs->n_sites && !st; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        landfill_feature(out, i, f);
        st = gt__out_feature(ctx, l, f, out->inputs->sites[i].geom, false);
        OGR_F_Destroy(f);
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && !st)
        st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing 'landfills' failed");
    return st;
}

static gt_status write_plan(gt_context *ctx, const gt__rank_plan *plan, gt__gpkg *g)
{
    const char *names[] = {"year",
                           "sites",
                           "cost",
                           "unsanitary_done",
                           "unsanitary_total",
                           GT__FIELD_UNSANITARY_PCT,
                           "dumps_done",
                           "dumps_total",
                           GT__FIELD_DUMPS_PCT,
                           "unsanitary_target_met",
                           "dumps_target_met"};
    OGRFieldType types[] = {OFTInteger, OFTInteger, OFTReal, OFTInteger, OFTInteger, OFTReal,
                            OFTInteger, OFTInteger, OFTReal, OFTInteger, OFTInteger};
    _Static_assert(sizeof names / sizeof *names == sizeof types / sizeof *types,
                   "one type per plan_by_year field");
    OGRLayerH l = gt__gpkg_table(ctx, g, GT__TABLE_PLAN_BY_YEAR, names, types,
                                 (int)(sizeof names / sizeof *names));
    if (!l)
        return gt_context_status(ctx);
    for (int y = 0; y < plan->n_years; y++) {
        const gt_plan_year *p = &plan->years[y];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, p->year);
        OGR_F_SetFieldInteger(f, 1, p->scheduled);
        OGR_F_SetFieldDouble(f, 2, p->cost);
        OGR_F_SetFieldInteger(f, 3, p->unsanitary_done);
        OGR_F_SetFieldInteger(f, 4, p->unsanitary_total);
        OGR_F_SetFieldDouble(f, 5, p->unsanitary_pct);
        OGR_F_SetFieldInteger(f, 6, p->dumps_done);
        OGR_F_SetFieldInteger(f, 7, p->dumps_total);
        OGR_F_SetFieldDouble(f, 8, p->dumps_pct);
        OGR_F_SetFieldInteger(f, 9, p->unsanitary_met);
        OGR_F_SetFieldInteger(f, 10, p->dumps_met);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (e != OGRERR_NONE)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing plan_by_year failed");
    }
    return GT_OK;
}

/* --- plan_skips: why the plan passed over a higher-priority site ---------- */
/* The scheduler's own record (gt_plan_skips) of each year's sites passed
 * over in favour of lower-priority ones: the sites given to it again in the
 * order rank_plan.c gave them (ranked by rank, then those already done), so
 * the reasons are those of the schedule in `landfills`. */
static gt_status write_plan_skips(gt_context *ctx, const gt__rank_outputs *out, gt__gpkg *g)
{
    const gt__rank_plan *plan = out->plan;
    int n = out->inputs->n_sites, k = 0;
    int *order = gt__calloc(ctx, (size_t)n + 1, sizeof(int));
    gt_plan_site *sites = gt__calloc(ctx, (size_t)n + 1, sizeof *sites);
    gt_plan_skip *skips = NULL;
    int n_skips = 0;
    gt_status st = order && sites ? GT_OK : gt_context_status(ctx);
    for (int r = 1; !st && r <= n; r++)
        for (int i = 0; i < n; i++)
            if (plan->rank[i] == r)
                order[k++] = i;
    for (int i = 0; !st && i < n; i++)
        if (!plan->rank[i])
            order[k++] = i;
    for (int j = 0; !st && j < k; j++) {
        gt__landfill_type t = out->inputs->sites[order[j]].type;
        sites[j] = (gt_plan_site){t == GT__UNSANITARY_LANDFILL ? GT_SITE_UNSANITARY
                                  : t == GT__SPONTANEOUS_DUMP  ? GT_SITE_DUMP
                                                               : GT_SITE_OTHER,
                                  plan->cost[order[j]], plan->done_year[order[j]]};
    }
    gt_plan_options o = {plan->start_year, plan->start_year + plan->n_years - 1,
                         out->scenario->rank->annual_budget, out->scenario->rank->sites_per_year};
    if (!st)
        st = gt_plan_skips(ctx, sites, k, &o, &skips, &n_skips);
    const char *names[] = {"year", "site_id", "rank", "cost", "budget_left"};
    OGRFieldType types[] = {OFTInteger, OFTString, OFTInteger, OFTReal, OFTReal};
    OGRLayerH l = st ? NULL : gt__gpkg_table(ctx, g, GT__TABLE_PLAN_SKIPS, names, types, 5);
    if (!st && !l)
        st = gt_context_status(ctx);
    for (int s = 0; !st && s < n_skips; s++) {
        int i = order[skips[s].site];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, 0, skips[s].year);
        OGR_F_SetFieldString(f, 1, out->inputs->sites[i].value[GT__INVENTORY_SITE_ID]);
        OGR_F_SetFieldInteger(f, 2, plan->rank[i]);
        OGR_F_SetFieldDouble(f, 3, skips[s].cost);
        OGR_F_SetFieldDouble(f, 4, skips[s].budget_left);
        if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing plan_skips failed");
        OGR_F_Destroy(f);
    }
    free(order);
    free(sites);
    free(skips);
    return st;
}

/* run_info: a 2030 target's line and the year it is met (0: not met, or
 * nothing to measure); `what` holds a doubled %% for the format. */
static void info_target(gt_context *ctx, OGRLayerH l, gt_status *st, const char *key,
                        const char *year_key, const char *what, const char *kind, int met_year,
                        int done, int total, double pct, int year)
{
    char fmt[160];
    if (total) {
        snprintf(fmt, sizeof fmt, "%s: %%s (%%d of %%d, %%.1f %%%% by %%d)", what);
        gt__run_info_add(ctx, l, st, key, fmt, met_year ? "met" : "NOT met", done, total, pct,
                         year);
    } else {
        snprintf(fmt, sizeof fmt, "%s: no data (no %%s in the inventory)", what);
        gt__run_info_add(ctx, l, st, key, fmt, kind);
    }
    gt__run_info_add(ctx, l, st, year_key, "%d", total ? met_year : 0);
}

/* The run's provenance as key/value rows; long because it is one list. */
/* run_info: the plan's settings, the targets and the budget they need. */
static void info_plan(gt_context *ctx, const gt__rank_outputs *out, OGRLayerH l, gt_status *st)
{
    const gt__spr_profile *prof = out->profile;
    const gt__rank_part *settings = out->scenario->rank;
    const gt__rank_plan *plan = out->plan;
    int end_year = plan->start_year + plan->n_years - 1;
    gt__run_info_add(ctx, l, st, "as_of", "%d", out->as_of);
    gt__run_info_add(ctx, l, st, GT__KEY_PLAN_YEARS, "%d-%d", plan->start_year, end_year);
    gt__run_info_add(ctx, l, st, GT__KEY_PLAN_ANNUAL_BUDGET, "%.0f %s", settings->annual_budget,
                     prof->currency);
    gt__run_info_add(ctx, l, st, "plan.sites_per_year", "%d", settings->sites_per_year);
    gt__run_info_add(ctx, l, st, "plan.scheduler",
                     "priority order, skip-and-fill within each year's budget and count");
    const gt_plan_year *last = plan->n_years ? &plan->years[plan->n_years - 1] : NULL;
    /* A target over no site of its kind is not met or missed: nothing to
     * measure (gistool progress: no data), not "met (0 of 0, 100.0 %)". */
    if (last) {
        info_target(ctx, l, st, GT__KEY_TARGET_UNSANITARY, "target.unsanitary_year",
                    "> 50 %% remediated", "unsanitary landfill", plan->year_unsanitary_met,
                    last->unsanitary_done, last->unsanitary_total, last->unsanitary_pct,
                    last->year);
        info_target(ctx, l, st, GT__KEY_TARGET_DUMPS, "target.dumps_year", "100 %% closed",
                    "spontaneous dump", plan->year_dumps_met, last->dumps_done,
                    last->dumps_total, last->dumps_pct, last->year);
    }
    if (!isnan(plan->budget_needed) && isinf(plan->budget_needed))
        gt__run_info_add(ctx, l, st, GT__KEY_BUDGET_NEEDED,
                         "no annual budget meets both targets by %d (too few years or sites "
                         "per year)",
                         end_year);
    else if (!isnan(plan->budget_needed))
        gt__run_info_add(ctx, l, st, GT__KEY_BUDGET_NEEDED,
                         "%.0f %s a year meets both targets by %d", plan->budget_needed,
                         prof->currency, end_year);
}

/* run_info: the common header (provenance.c), then the rank run's keys. */
static gt_status write_run_info(gt_context *ctx, const gt__rank_outputs *out, gt__gpkg *g)
{
    const gt_scenario *s = out->scenario;
    const gt__spr_profile *prof = out->profile;
    const gt__rank_plan *plan = out->plan;
    const gt__run_header h = {
        .command = GT__CMD_RANK,
        .argc = out->options->argc,
        .argv = out->options->argv,
        .overrides = out->options->overrides,
        .n_overrides = out->options->n_overrides,
        .scenario_name = s->name,
        .scenario_path = s->yaml.file,
        .scenario_text = s->yaml.text,
        .working_crs = s->crs,
        .profile_id = prof->id,
        .profile_path = prof->path,
    };
    OGRLayerH l = gt__run_info_begin(ctx, g, &h);
    if (!l)
        return gt_context_status(ctx);
    int n = out->inputs->n_sites, high = 0, moderate = 0, low = 0, done = 0, other = 0;
    for (int i = 0; i < n; i++) {
        if (plan->rank[i]) {
            high += out->scores[i].risk_class == GT_RISK_HIGH;
            moderate += out->scores[i].risk_class == GT_RISK_MODERATE;
            low += out->scores[i].risk_class == GT_RISK_LOW;
        }
        done += plan->done_year[i] > 0;
        other += out->inputs->sites[i].type == GT__SANITARY_LANDFILL;
    }
    gt_status st = GT_OK;
    gt__run_info_add(ctx, l, &st, GT__KEY_CLASSES, "High >= %g %%, Moderate >= %g %%, Low below",
                     prof->high_min_pct, prof->moderate_min_pct);
    gt__run_info_add(ctx, l, &st, GT__KEY_SITES,
                     "%d sites: %d ranked (High %d, Moderate %d, Low %d); %d remediated or "
                     "closed by %d (or remediating, done in %d), not ranked; %d sanitary "
                     "landfills ranked, not in the targets",
                     n, high + moderate + low, high, moderate, low, done, plan->start_year - 1,
                     plan->start_year, other);
    info_plan(ctx, out, l, &st);
    gt__gaps_run_info(ctx, l, &st, &out->inputs->gaps);
    return st;
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* CSV rows: ranked sites by rank, then the unranked by id. */
typedef struct {
    int rank; /* 0: not ranked */
    const char *id;
    int index;
} csv_row;

static int csv_row_cmp(const void *a, const void *b)
{
    const csv_row *x = a, *y = b;
    int rx = x->rank ? x->rank : 1 << 30, ry = y->rank ? y->rank : 1 << 30;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(x->id, y->id);
}

static void csv_line(FILE *f, const gt__rank_outputs *out, int i)
{
    const gt__rank_site *s = &out->inputs->sites[i];
    const gt__rank_receptors *r = &out->receptors[i];
    const gt__spr_site_result *score = &out->scores[i];
    const gt__rank_plan *plan = out->plan;
    if (plan->rank[i])
        fprintf(f, "%d,", plan->rank[i]);
    else
        fputc(',', f);
    csv_field(f, s->value[GT__INVENTORY_SITE_ID]);
    fputc(',', f);
    csv_field(f, s->value[GT__INVENTORY_NAME]);
    fputc(',', f);
    csv_field(f, s->value[GT__INVENTORY_COMMUNE]);
    fprintf(f, ",%s,%s,%.2f,%s,%s", s->value[GT__INVENTORY_TYPE], s->value[GT__INVENTORY_STATUS],
            score->risk_pct, gt_risk_class_name(score->risk_class),
            gt__spr_linkage_name(score->worst));
    for (int k = 0; k < GT__N_LINKS; k++)
        fprintf(f, ",%.2f", score->linkage_pct[k]);
    const double nums[] = {r->pop_500m, r->pop_1km, r->pop_2km, r->dist_water_m, r->dist_well_m};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
        isnan(nums[k]) ? (void)fputc(',', f) : (void)fprintf(f, ",%.1f", nums[k]);
    fprintf(f, ",%s,%s,%.0f,",
            r->in_flood_zone < 0 ? ""
            : r->in_flood_zone   ? "1"
                                 : "0",
            gt__remediation_option_name(score->option), plan->cost[i]);
    if (plan->plan_year[i])
        fprintf(f, "%d", plan->plan_year[i]);
    fputc(',', f);
    csv_field(f, s->missing);
    fputc('\n', f);
}

/* The ranked list as CSV (RFC 4180), written to a temporary file and
 * renamed, like the GeoPackage. */
static gt_status write_csv(gt_context *ctx, const gt__rank_outputs *out, const char *path)
{
    char *tmp = gt__output_stage(ctx, path, NULL);
    if (!tmp)
        return gt_context_status(ctx);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        free(tmp);
        return gt__error(ctx, GT_ERR_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
    }
    int n = out->inputs->n_sites;
    csv_row *rows = gt__calloc(ctx, (size_t)n, sizeof *rows);
    for (int i = 0; rows && i < n; i++)
        rows[i] =
            (csv_row){out->plan->rank[i], out->inputs->sites[i].value[GT__INVENTORY_SITE_ID], i};
    if (rows)
        qsort(rows, (size_t)n, sizeof *rows, csv_row_cmp);
    fprintf(f, "rank,site_id,name,commune,type,status,risk_pct,risk_class,worst_linkage,"
               "l_leachate_groundwater_pct,l_leachate_surface_water_pct,l_gas_residents_pct,"
               "l_burning_residents_pct,pop_500m,pop_1km,pop_2km,dist_water_m,dist_well_m,"
               "in_flood_zone,option,cost,plan_year,missing_fields\n");
    for (int i = 0; rows && i < n; i++)
        csv_line(f, out, rows[i].index);
    free(rows);
    gt_status st = GT_OK;
    if (ferror(f) | fclose(f))
        st = gt__error(ctx, GT_ERR_OUTPUT, "writing '%s' failed", tmp);
    return gt__replace_file(ctx, st, tmp, path);
}

gt_status gt__rank_write(gt_context *ctx, const gt__rank_outputs *out)
{
    const gt_scenario *s = out->scenario;
    const char *path = out->options->output ? out->options->output : s->out_gpkg;
    const char *csv = out->options->csv ? out->options->csv : s->rank->out_csv;
    gt__gpkg *g = gt__gpkg_begin(ctx, path);
    if (!g)
        return gt_context_status(ctx);
    gt_status st = write_landfills(ctx, out, gt__gpkg_dataset(g));
    if (!st)
        st = write_plan(ctx, out->plan, g);
    if (!st)
        st = write_plan_skips(ctx, out, g);
    if (!st)
        st = gt__out_inputs(ctx, g, s, &s->rank->inventory);
    if (!st)
        st = write_run_info(ctx, out, g);
    if (!st) /* data gaps (gaps.c): always written, empty without gaps */
        st = gt__gaps_write(ctx, g, &out->inputs->gaps);
    if (!st)
        st = gt__out_style(ctx, gt__gpkg_dataset(g), GT__TABLE_LANDFILLS, landfill_docs,
                           (int)(sizeof landfill_docs / sizeof *landfill_docs),
                           "Sites by risk class; top 10 priorities labelled");
    /* Both are staged in the run's output transaction (gt_rank_run): a
     * failure of either leaves both previous outputs in place. */
    if (!st && csv)
        st = write_csv(ctx, out, csv);
    if (!st)
        st = gt__gpkg_commit(ctx, g);
    else
        gt__gpkg_fail(ctx, g, st);
    if (!st)
        gt__log(ctx, GT_LOG_INFO, "wrote %s%s%s", path, csv ? " and " : "", csv ? csv : "");
    return st;
}
