/*
 * options.c: one declarative option table per command, the single source
 * for parsing, for `--help`, for `--usage-json` and so for the synopsis in
 * docs/<cmd>.md (tests/cli/test_cli.sh fails when they drift; GRASS
 * G_define_option, curl test1139). The parser lives in the library so that
 * scripts and the CLI share it (GDAL's gdal_utils.h pattern).
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/options.h"
/* batch and compare: their option structs */
#include "gistool/batch.h"
/* gistool progress: its option struct */
#include "gistool/progress.h"

/* ------------------------------------------------------------------ */
/* The tables                                                           */
/* ------------------------------------------------------------------ */

typedef enum {
    OPT_FLAG,   /* int set to 1 */
    OPT_STRING, /* const char *, borrowed from argv */
    OPT_INT,    /* int within [min, max] */
    OPT_DOUBLE, /* double within [min, max], or (min, max) when `open` */
    OPT_CHOICE, /* one of `choices`: its index (int), or its name when by_name */
    OPT_REPEAT  /* const char ** (NULL-terminated) and an int count */
} opt_type;

static const char *const type_names[] = {"flag",   "string", "int",
                                         "double", "choice", "repeatable-string"};

typedef struct {
    const char *name; /* long name without "--" */
    char short_name;  /* 0: none */
    const char *arg;  /* the value's name in the help; NULL for a flag */
    opt_type type;
    double min, max;            /* OPT_INT, OPT_DOUBLE */
    bool open;                  /* OPT_DOUBLE: the range excludes both ends */
    bool out; /* OPT_STRING: a file the command writes, its name checked before any work */
    const char *const *choices; /* OPT_CHOICE, NULL-terminated */
    bool by_name;               /* OPT_CHOICE: store the name, not the index */
    /* OPT_CHOICE of an enum: the library's own name parser, so a bad name
     * gets the message the library gives everywhere else. */
    gt_status (*from_name)(gt_context *ctx, const char *name, void *field);
    const char *def;  /* applied at create; NULL when the run decides (the help says how) */
    const char *unit; /* of the value, for --usage-json */
    const char *help;
    const char *bad;  /* "--NAME <bad> (got 'VALUE')" for a value out of range */
    size_t off;       /* of the value in the command's struct */
    size_t count_off; /* OPT_REPEAT: of its int count */
    size_t set_off;   /* non-zero: of an int set to 1 when the option is given */
} opt_def;

typedef struct {
    const char *command;
    const char *usage;
    const char *summary;
    const opt_def *opts; /* ends with a NULL name */
    size_t size;         /* of the command's struct */
    size_t help_off;
    const char *operand;   /* for "missing OPERAND" */
    const char *noun;      /* one operand: "one NOUN at a time"; NULL: a list */
    size_t operands_off;   /* a list: const char ** of them ... */
    size_t n_operands_off; /* ... and their int count */
} cmd_def;

#define HELP_OPT(T)                                                                                \
    {                                                                                              \
        .name = "help", .short_name = 'h', .type = OPT_FLAG, .help = "show this help and exit",    \
        .off = offsetof(T, help)                                                                   \
    }
#define SET_OPT(T, text)                                                                           \
    {                                                                                              \
        .name = "set", .arg = "KEY=VALUE", .type = OPT_REPEAT, .help = text,                       \
        .off = offsetof(T, overrides), .count_off = offsetof(T, n_overrides)                       \
    }
static const char *const lang_names[] = {"vi", "en", NULL};
static const char *const format_names[] = {"text", "json", NULL};
static const char *const method_names[] = {"eigen", "geometric", NULL};
static const char *const ri_names[] = {"saaty1980", "saaty2005", "donegan-dodd", NULL};

static gt_status method_from_name(gt_context *ctx, const char *name, void *field)
{
    return gt_ahp_method_from_name(ctx, name, field);
}

static gt_status ri_table_from_name(gt_context *ctx, const char *name, void *field)
{
    return gt_ri_table_from_name(ctx, name, field);
}

static const opt_def site_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the GeoPackage to FILE instead of the scenario's outputs.gpkg",
     .off = offsetof(gt_site_options, output)},
    SET_OPT(gt_site_options, "override a scenario value, e.g. --set resolution_m=100 (repeatable)"),
    {.name = "threads",
     .arg = "N",
     .type = OPT_INT,
     .min = 1,
     .max = 64,
     .unit = "threads",
     .help = "worker threads for the distance transform and slope (default: all cores)",
     .bad = "must be 1 to 64",
     .off = offsetof(gt_site_options, threads)},
    HELP_OPT(gt_site_options),
    {0}};

static const opt_def check_opts[] = {
    SET_OPT(gt_check_options, "override a scenario value before checking (repeatable)"),
    HELP_OPT(gt_check_options),
    {0}};

static const opt_def rank_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the GeoPackage to FILE instead of the scenario's outputs.gpkg",
     .off = offsetof(gt_rank_options, output)},
    {.name = "csv",
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the ranked list to FILE instead of the scenario's outputs.csv",
     .off = offsetof(gt_rank_options, csv)},
    {.name = "as-of",
     .arg = "YEAR",
     .type = OPT_INT,
     .min = 2000,
     .max = 2100,
     .unit = "year",
     .help = "take statuses as of YEAR and plan from YEAR + 1 (progress tracking)",
     .bad = "must be a year",
     .off = offsetof(gt_rank_options, as_of)},
    SET_OPT(gt_rank_options,
            "override a scenario value, e.g. --set plan.annual_budget=8e10 (repeatable)"),
    HELP_OPT(gt_rank_options),
    {0}};

static const opt_def ahp_opts[] = {
    {.name = "method",
     .arg = "NAME",
     .type = OPT_CHOICE,
     .choices = method_names,
     .from_name = method_from_name,
     .def = "eigen",
     .help = "eigen (principal eigenvector, default) or geometric (row geometric mean)",
     .off = offsetof(gt_ahp_options, ahp_method),
     .set_off = offsetof(gt_ahp_options, ahp_method_set)},
    {.name = "ri-table",
     .arg = "NAME",
     .type = OPT_CHOICE,
     .choices = ri_names,
     .from_name = ri_table_from_name,
     .def = "saaty1980",
     .help = "random index: saaty1980 (default), saaty2005 or donegan-dodd",
     .off = offsetof(gt_ahp_options, ri_table),
     .set_off = offsetof(gt_ahp_options, ri_table_set)},
    /* No default here: the scenario's cr_limit applies unless given. */
    {.name = "cr-limit",
     .arg = "X",
     .type = OPT_DOUBLE,
     .min = 0,
     .max = 1,
     .open = true,
     .help = "consistency ratio limit (default 0.10, or the scenario's cr_limit)",
     .bad = "must be between 0 and 1",
     .off = offsetof(gt_ahp_options, cr_limit)},
    {.name = "format",
     .arg = "FMT",
     .type = OPT_CHOICE,
     .choices = format_names,
     .def = "text",
     .help = "text (default) or json",
     .bad = "is text or json",
     .off = offsetof(gt_ahp_options, json)},
    {.name = "lang",
     .arg = "LANG",
     .type = OPT_CHOICE,
     .choices = lang_names,
     .by_name = true,
     .def = "vi",
     .help = "text of the report: vi (default) or en (json is the same in both)",
     .bad = "is vi or en",
     .off = offsetof(gt_ahp_options, lang)},
    HELP_OPT(gt_ahp_options),
    {0}};

static const opt_def map_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "PREFIX",
     .type = OPT_STRING,
     .help = "write PREFIX-A4.png, -A4.pdf, -A3.png, -A3.pdf (default: the run's name)",
     .off = offsetof(gt_map_options, output)},
    {.name = "lang",
     .arg = "LANG",
     .type = OPT_CHOICE,
     .choices = lang_names,
     .by_name = true,
     .def = "vi",
     .help = "text of the sheets: vi (default) or en",
     .bad = "is vi or en",
     .off = offsetof(gt_map_options, lang)},
    {.name = "dpi",
     .arg = "N",
     .type = OPT_INT,
     .min = 36,
     .max = 1200,
     .def = "300",
     .unit = "dpi",
     .help = "resolution of the PNG sheets (default 300)",
     .bad = "must be 36 to 1200",
     .off = offsetof(gt_map_options, dpi)},
    HELP_OPT(gt_map_options),
    {0}};

static const opt_def report_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the report to FILE (default: the run's name with .html)",
     .off = offsetof(gt_report_options, output)},
    {.name = "lang",
     .arg = "LANG",
     .type = OPT_CHOICE,
     .choices = lang_names,
     .by_name = true,
     .def = "vi",
     .help = "text of the report: vi (default) or en",
     .bad = "is vi or en",
     .off = offsetof(gt_report_options, lang)},
    HELP_OPT(gt_report_options),
    {0}};

static const opt_def crs_opts[] = {{.name = "format",
                                    .arg = "FMT",
                                    .type = OPT_CHOICE,
                                    .choices = format_names,
                                    .def = "text",
                                    .help = "text (default) or json",
                                    .bad = "is text or json",
                                    .off = offsetof(gt_crs_options, json)},
                                   {.name = "wkt",
                                    .type = OPT_FLAG,
                                    .help = "also print the CRS as WKT2:2019",
                                    .off = offsetof(gt_crs_options, wkt)},
                                   HELP_OPT(gt_crs_options),
                                   {0}};

/* --- gistool init -------------------------------------------------------- */
static const char *const init_crs_names[] = {"vn2000", "utm", NULL};

static const opt_def init_opts[] = {
    {.name = "crs",
     .arg = "KIND",
     .type = OPT_CHOICE,
     .choices = init_crs_names,
     .by_name = true,
     .def = "vn2000",
     .help = "working CRS: vn2000 (the province's VN-2000 TM-3, default) or utm (WGS 84 UTM)",
     .bad = "is vn2000 or utm",
     .off = offsetof(gt_init_options, crs)},
    {.name = "parcel-size",
     .arg = "M",
     .type = OPT_DOUBLE,
     .min = 50,
     .max = 20000,
     .def = "500",
     .unit = "m",
     .help = "side of the square candidate parcels of the grid (default 500 m)",
     .bad = "must be 50 to 20000 metres",
     .off = offsetof(gt_init_options, parcel_size_m)},
    {.name = "parcels",
     .arg = "FILE",
     .type = OPT_STRING,
     .help = "your cadastral parcels (any OGR source) instead of the grid",
     .off = offsetof(gt_init_options, parcels)},
    {.name = "margin",
     .arg = "M",
     .type = OPT_DOUBLE,
     .min = 0,
     .max = 100000,
     .def = "10000",
     .unit = "m",
     .help = "keep roads and protected areas this far outside the province (default 10000 m)",
     .bad = "must be 0 to 100000 metres",
     .off = offsetof(gt_init_options, margin_m)},
    {.name = "resolution",
     .arg = "M",
     .type = OPT_DOUBLE,
     .min = 10,
     .max = 5000,
     .def = "100",
     .unit = "m",
     .help = "resolution_m written in site.yaml (default 100 m)",
     .bad = "must be 10 to 5000 metres",
     .off = offsetof(gt_init_options, resolution_m)},
    {.name = "inventory",
     .arg = "FILE",
     .type = OPT_STRING,
     .help = "the province's landfill inventory, copied in, instead of the synthetic one",
     .off = offsetof(gt_init_options, inventory)},
    {.name = "seed",
     .arg = "N",
     .type = OPT_INT,
     .min = 0,
     .max = 2147483647,
     .def = "394",
     .help = "seed of the synthetic inventory (default 394; the same seed, the same sites)",
     .bad = "must be a whole number 0 or more",
     .off = offsetof(gt_init_options, seed)},
    {.name = "national",
     .arg = "DIR",
     .type = OPT_STRING,
     .help = "folder of the national sources (default: data/vn/national shipped with gistool)",
     .off = offsetof(gt_init_options, national)},
    {.name = "force",
     .type = OPT_FLAG,
     .help = "replace DIR when it exists and is not empty",
     .off = offsetof(gt_init_options, force)},
    HELP_OPT(gt_init_options),
    {0}};

static const cmd_def init_cmd = {
    "init",
    "gistool init [OPTIONS] PROVINCE DIR",
    "Write a ready-to-run folder for a province from the national sources\n"
    "(2009 census communes, national roads, international protected areas):\n"
    "the province boundary (union of its communes, holes filled), communes with\n"
    "population, roads and protected areas clipped with a margin, land use\n"
    "derived from the commune type, candidate parcels (a square grid clipped to\n"
    "the province, or your cadastral layer), a landfill inventory (synthetic,\n"
    "seeded, or yours), and site.yaml and rank.yaml whose comments say what is\n"
    "real, derived, synthetic or missing; README.md records the sources with\n"
    "their SHA-256. PROVINCE: a name with or without diacritics, a GSO code,\n"
    "or a 2025 province (Ninh Bình 2025: its former provinces joined). Then:\n"
    "gistool site DIR/site.yaml; gistool rank DIR/rank.yaml.",
    init_opts,
    .size = sizeof(gt_init_options),
    .help_off = offsetof(gt_init_options, help),
    .operand = "PROVINCE DIR",
    .operands_off = offsetof(gt_init_options, words),
    .n_operands_off = offsetof(gt_init_options, n_words)};
/* --- batch and compare (docs/batch.md, docs/compare.md) --- */
static const char *const scheduler_names[] = {"local", "slurm", NULL};

static const opt_def batch_opts[] = {
    {.name = "jobs",
     .short_name = 'j',
     .arg = "N",
     .type = OPT_INT,
     .min = 1,
     .max = 256,
     .def = "1",
     .unit = "runs",
     .help = "runs at a time on this machine (default 1)",
     .bad = "must be 1 to 256",
     .off = offsetof(gt_batch_options, jobs)},
    {.name = "scheduler",
     .arg = "NAME",
     .type = OPT_CHOICE,
     .choices = scheduler_names,
     .by_name = true,
     .def = "local",
     .help = "local (default) or slurm: one sbatch array job and a dependent summary job",
     .bad = "is local or slurm",
     .off = offsetof(gt_batch_options, scheduler)},
    {.name = "dry-run",
     .type = OPT_FLAG,
     .help = "print the sbatch scripts instead of submitting them",
     .off = offsetof(gt_batch_options, dry_run)},
    {.name = "force",
     .type = OPT_FLAG,
     .help = "run every run, even those whose inputs and options are unchanged",
     .off = offsetof(gt_batch_options, force)},
    {.name = "output",
     .short_name = 'o',
     .arg = "DIR",
     .type = OPT_STRING,
     .help = "write the runs and the summary under DIR instead of the manifest's output",
     .off = offsetof(gt_batch_options, output)},
    {.name = "task",
     .arg = "ID",
     .type = OPT_INT,
     .min = 1,
     .max = 10000,
     .help = "run only the manifest's run number ID (1 = first; what an array task runs)",
     .bad = "must be 1 to 10000",
     .off = offsetof(gt_batch_options, task)},
    {.name = "summary",
     .type = OPT_FLAG,
     .help = "only merge the runs' records into summary.gpkg and summary.csv",
     .off = offsetof(gt_batch_options, summary)},
    HELP_OPT(gt_batch_options),
    {0}};

static const opt_def compare_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the comparison GeoPackage to FILE (default: compare.gpkg)",
     .off = offsetof(gt_compare_options, output)},
    {.name = "html",
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the HTML section to FILE (default: FILE of --output with .html)",
     .off = offsetof(gt_compare_options, html)},
    {.name = "top",
     .arg = "N",
     .type = OPT_INT,
     .min = 1,
     .max = 1000,
     .def = "10",
     .unit = "parcels",
     .help = "the top N parcels or sites whose entries and exits are listed (default 10)",
     .bad = "must be 1 to 1000",
     .off = offsetof(gt_compare_options, top)},
    HELP_OPT(gt_compare_options),
    {0}};

#define SCENARIO_CMD(T)                                                                            \
    .size = sizeof(T), .help_off = offsetof(T, help), .operand = "SCENARIO.yaml", .noun = "scenario"
#define RUN_CMD(T)                                                                                 \
    .size = sizeof(T), .help_off = offsetof(T, help), .operand = "RUN.gpkg", .noun = "run"

static const cmd_def site_cmd = {
    "site", "gistool site [OPTIONS] SCENARIO.yaml",
    "Score and rank candidate sites for a waste-treatment facility: legal\n"
    "constraints (exact vector distances for parcels), fuzzy-standardised\n"
    "factors, AHP or direct weights, weighted linear combination. Writes one\n"
    "GeoPackage with the layers parcels and constraint_zones, the raster\n"
    "suitability and the provenance tables run_info, run_inputs, run_weights\n"
    "and run_rules.",
    site_opts, SCENARIO_CMD(gt_site_options)};

static const cmd_def check_cmd = {
    "check", "gistool check [OPTIONS] SCENARIO.yaml",
    "Validate a scenario and its inputs exactly as the run would, writing\n"
    "nothing: the YAML keys and values, the constraint profile, the weights,\n"
    "and every input read and judged by the same stages as `gistool site`,\n"
    "`gistool rank` or `gistool network` (for a site or network scenario the\n"
    "analysis runs, without its outputs). It fails with the code and message\n"
    "the run would give.",
    check_opts, SCENARIO_CMD(gt_check_options)};

static const cmd_def sensitivity_cmd = {
    "sensitivity", "gistool sensitivity [OPTIONS] SCENARIO.yaml",
    "Run `gistool site` and test how its ranking depends on the weights:\n"
    "one-at-a-time changes of each weight (default -20, -10, -5, +5, +10,\n"
    "+20 %, the others rescaled in proportion) and Monte Carlo weights\n"
    "(Dirichlet around the base weights, seeded). Adds to the site outputs\n"
    "the layer sensitivity_parcels (rank at base, best and worst rank, share\n"
    "of runs in the top k), the raster suitability_cv (coefficient of\n"
    "variation per cell) and the table rank_reversals. Settings: the\n"
    "scenario's `sensitivity:` block (docs/sensitivity.md).",
    site_opts, SCENARIO_CMD(gt_site_options)};

static const cmd_def rank_cmd = {
    "rank", "gistool rank [OPTIONS] SCENARIO.yaml",
    "Rank a province's unsanitary landfills and dumps for remediation with a\n"
    "source-pathway-receptor risk model, suggest a remediation option per site,\n"
    "and schedule them year by year against the 2030 targets (> 50 % of\n"
    "unsanitary landfills remediated, 100 % of dumps closed). Writes a\n"
    "GeoPackage with the layer landfills and the tables plan_by_year, run_info\n"
    "and run_inputs, and a CSV of the ranked list.",
    rank_opts, SCENARIO_CMD(gt_rank_options)};

static const cmd_def map_cmd = {
    "map", "gistool map [OPTIONS] RUN.gpkg",
    "Map sheets of a site, rank or network run, A4 and A3 landscape, as PNG (300 dpi)\n"
    "and vector PDF with embedded fonts: title, the map (suitability, parcels\n"
    "or landfills, candidate regions, base layers from the run's inputs),\n"
    "legend, scale bar, north arrow, an inset locating the province, CRS,\n"
    "sources and date. Vietnamese text by default (--lang en for English).",
    map_opts, RUN_CMD(gt_map_options)};

static const cmd_def report_cmd = {
    "report", "gistool report [OPTIONS] RUN.gpkg",
    "A self-contained HTML report of a site, rank or network run (inline CSS and SVG\n"
    "charts, no network access, prints on A4): the scenario, weights and CR,\n"
    "the top parcels with their criterion scores and why parcels were\n"
    "excluded, or the top landfills, risk classes and the plan by year against\n"
    "the 2030 targets; inputs with checksums and provenance.",
    report_opts, RUN_CMD(gt_report_options)};

static const cmd_def ahp_cmd = {
    "ahp",
    "gistool ahp [OPTIONS] MATRIX.csv|SCENARIO.yaml [MORE...]",
    "Weights and consistency of an AHP pairwise matrix, from a CSV file (first\n"
    "row: an empty cell then the criterion names; each next row: a name then\n"
    "its judgments; row i, column j = how much more important i is than j;\n"
    "1/3 allowed; separated by commas, or by semicolons with decimal commas\n"
    "as a spreadsheet saves them) or from a scenario's weights.ahp block.\n"
    "Prints the weights, lambda_max, CI, CR under the named random-index\n"
    "table and a verdict; when not consistent, the judgments furthest from\n"
    "the weights and the values that would be consistent. Several files are\n"
    "one group decision: their element-wise geometric mean. Exit code 40\n"
    "when not consistent.",
    ahp_opts,
    .size = sizeof(gt_ahp_options),
    .help_off = offsetof(gt_ahp_options, help),
    .operand = "MATRIX.csv|SCENARIO.yaml",
    .operands_off = offsetof(gt_ahp_options, files),
    .n_operands_off = offsetof(gt_ahp_options, n_files)};

static const cmd_def crs_cmd = {
    "crs",
    "gistool crs [OPTIONS] PROVINCE",
    "The VN-2000 CRS of a Vietnamese province: Transverse Mercator, 3-degree\n"
    "zone, scale factor 0.9999, false easting 500 km, the central meridian of\n"
    "the province (Circular 973/2001/TT-TCĐC, as in the EPSG dataset). Prints\n"
    "the province, GSO code, meridian, EPSG code, PROJ's name and PROJ string\n"
    "of the CRS, the operation PROJ uses to WGS 84 and whether the value is to\n"
    "be verified. PROVINCE: a name with or without diacritics (Lạng Sơn, lang\n"
    "son), a GSO code (20), or a 2025 province (Ninh Bình 2025). A scenario\n"
    "takes the same names: `crs: VN-2000 Lạng Sơn`.",
    crs_opts,
    .size = sizeof(gt_crs_options),
    .help_off = offsetof(gt_crs_options, help),
    .operand = "PROVINCE",
    .operands_off = offsetof(gt_crs_options, words),
    .n_operands_off = offsetof(gt_crs_options, n_words)};

/* batch and compare */
static const cmd_def batch_cmd = {
    "batch", "gistool batch [OPTIONS] MANIFEST.yaml",
    "Run the runs a manifest lists (scenario files, one base scenario times a\n"
    "matrix of --set overrides, provinces for gistool init), each in its own\n"
    "folder under the manifest's output, as child processes, N at a time or\n"
    "as one Slurm array job. A run whose inputs and options are unchanged\n"
    "since its last good run is skipped. Writes summary.gpkg and summary.csv:\n"
    "every run with its status, exit code, key results, duration and error.",
    batch_opts, .size = sizeof(gt_batch_options), .help_off = offsetof(gt_batch_options, help),
    .operand = "MANIFEST.yaml", .noun = "manifest"};

static const cmd_def compare_cmd = {
    "compare",
    "gistool compare [OPTIONS] A.gpkg B.gpkg",
    "What changed between two site runs or two rank runs: settings, weights,\n"
    "rules and inputs from their provenance; parcels that entered or left the\n"
    "top N, the largest rank moves and the area newly excluded or released\n"
    "(site); landfills whose risk class or plan year changed and the 2030\n"
    "targets (rank). Writes a GeoPackage and an HTML section and prints a\n"
    "short summary.",
    compare_opts,
    .size = sizeof(gt_compare_options),
    .help_off = offsetof(gt_compare_options, help),
    .operand = "A.gpkg B.gpkg",
    .operands_off = offsetof(gt_compare_options, files),
    .n_operands_off = offsetof(gt_compare_options, n_files)};

/* --- gistool network ------------------------------------------------------ */
static const char *const solver_names[] = {"auto", "exact", "heuristic", NULL};
static const opt_def network_opts[] = {
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "write the GeoPackage to FILE instead of the scenario's outputs.gpkg",
     .off = offsetof(gt_network_options, output)},
    {.name = "stations",
     .arg = "N",
     .type = OPT_INT,
     .min = 1,
     .max = 1000,
     .unit = "stations",
     .help = "choose N transfer stations (overrides transfer_stations.p and max_haul_min)",
     .bad = "must be 1 to 1000",
     .off = offsetof(gt_network_options, stations)},
    {.name = "solver",
     .arg = "NAME",
     .type = OPT_CHOICE,
     .choices = solver_names,
     .by_name = true,
     .help = "auto (exact when small enough, default), exact (GLPK) or heuristic",
     .bad = "is auto, exact or heuristic",
     .off = offsetof(gt_network_options, solver)},
    {.name = "no-maps",
     .type = OPT_FLAG,
     .help = "do not draw the map sheets even if the scenario asks for them",
     .off = offsetof(gt_network_options, no_maps)},
    SET_OPT(gt_network_options,
            "override a scenario value, e.g. --set network.snap_m=50 (repeatable)"),
    HELP_OPT(gt_network_options),
    {0}};

static const cmd_def network_cmd = {
    "network", "gistool network [OPTIONS] SCENARIO.yaml",
    "Haul on the road network: a routable network from a road layer (noded,\n"
    "snapped, largest connected part), the waste of every commune placed on\n"
    "it, network distance and travel time to the treatment sites, service\n"
    "areas, tonne-kilometres a day; transfer stations chosen to minimise\n"
    "tonne-km (p-median, exact with GLPK or by vertex substitution); the\n"
    "fewest collection points within walking distance of every settlement\n"
    "(set covering). Writes a GeoPackage with network_edges, demand_points,\n"
    "transfer_stations, collection_points, allocation, service_areas and the\n"
    "provenance tables run_info and run_inputs.",
    network_opts, SCENARIO_CMD(gt_network_options)};

/* --- gistool progress ----------------------------------------------------- */
static const opt_def progress_opts[] = {
    {.name = "year",
     .arg = "YEAR",
     .type = OPT_INT,
     .min = 2000,
     .max = 2100,
     .unit = "year",
     .help = "the report year (required): indicators for YEAR and every earlier year",
     .bad = "must be a year from 2000 to 2100",
     .off = offsetof(gt_progress_options, year)},
    {.name = "plan",
     .arg = "RANK.gpkg",
     .type = OPT_STRING,
     .help = "the GeoPackage of the last gistool rank run: sites scheduled by YEAR and not done",
     .off = offsetof(gt_progress_options, plan)},
    {.name = "output",
     .short_name = 'o',
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "the HTML report (default: NAME-progress-YEAR.html beside the register)",
     .off = offsetof(gt_progress_options, output)},
    {.name = "pdf",
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "the PDF report (default: NAME-progress-YEAR.pdf beside the register)",
     .off = offsetof(gt_progress_options, pdf)},
    {.name = "csv",
     .arg = "FILE",
     .type = OPT_STRING,
     .out = true,
     .help = "the indicators as CSV, UTF-8 with BOM (default: NAME-progress-YEAR.csv)",
     .off = offsetof(gt_progress_options, csv)},
    {.name = "lang",
     .arg = "LANG",
     .type = OPT_CHOICE,
     .choices = lang_names,
     .by_name = true,
     .def = "vi",
     .help = "text of the report: vi (default) or en",
     .bad = "is vi or en",
     .off = offsetof(gt_progress_options, lang)},
    HELP_OPT(gt_progress_options),
    {0}};

static const cmd_def progress_cmd = {
    "progress", "gistool progress [OPTIONS] REGISTER --year YEAR",
    "The yearly progress report of the provincial waste register against the\n"
    "2030 targets: household waste collected (urban, rural), direct landfill,\n"
    "unsanitary landfills remediated, polluting dumps closed, households\n"
    "sorting at source, for YEAR and every earlier year, each against its\n"
    "target (the province's own from the register's targets table when\n"
    "stricter) with its trajectory to 2030; the sites a rank plan scheduled by\n"
    "YEAR and not done; per commune. REGISTER: a GeoPackage or a PG: string.\n"
    "Writes an HTML and a PDF report and a CSV of the indicators; NAME is the\n"
    "register's name without -register (docs/progress.md).",
    progress_opts, .size = sizeof(gt_progress_options),
    .help_off = offsetof(gt_progress_options, help), .operand = "REGISTER", .noun = "register"};

/* --- gistool register (docs/register.md) -------------------------------- */
static const char *const register_status_names[] = {"operating", "closed", "remediating",
                                                    "remediated", NULL};
#define REGISTER_CMD(verb_opts)                                                                    \
    verb_opts, .size = sizeof(gt_register_options),                                               \
               .help_off = offsetof(gt_register_options, help),                                   \
               .operands_off = offsetof(gt_register_options, words),                              \
               .n_operands_off = offsetof(gt_register_options, n_words)
static const opt_def register_opts[] = {HELP_OPT(gt_register_options), {0}};
static const opt_def register_init_opts[] = {
    {.name = "province",
     .arg = "NAME",
     .type = OPT_STRING,
     .help = "the province: a name with or without diacritics, or its GSO code (required)",
     .off = offsetof(gt_register_options, province)},
    HELP_OPT(gt_register_options),
    {0}};
static const opt_def register_import_opts[] = {
    {.name = "status-date",
     .arg = "DATE",
     .type = OPT_STRING,
     .help = "facilities: date of the status of rows without status_year (YYYY-MM-DD)",
     .off = offsetof(gt_register_options, status_date)},
    {.name = "layer",
     .arg = "NAME",
     .type = OPT_STRING,
     .help = "the layer or sheet of FILE (default: the one named like the table, else the first)",
     .off = offsetof(gt_register_options, layer)},
    HELP_OPT(gt_register_options),
    {0}};
static const opt_def register_update_opts[] = {
    {.name = "status",
     .arg = "S",
     .type = OPT_CHOICE,
     .choices = register_status_names,
     .by_name = true,
     .help = "the new status: operating, closed, remediating or remediated (required)",
     .bad = "is operating, closed, remediating or remediated",
     .off = offsetof(gt_register_options, status)},
    {.name = "date",
     .arg = "D",
     .type = OPT_STRING,
     .help = "the day the status began, YYYY-MM-DD (required)",
     .off = offsetof(gt_register_options, date)},
    {.name = "source",
     .arg = "TEXT",
     .type = OPT_STRING,
     .help = "the decision, report or file the change comes from (required)",
     .off = offsetof(gt_register_options, source)},
    {.name = "note",
     .arg = "TEXT",
     .type = OPT_STRING,
     .help = "a note (required to reopen a remediated site)",
     .off = offsetof(gt_register_options, note)},
    HELP_OPT(gt_register_options),
    {0}};
static const opt_def register_export_opts[] = {
    {.name = "inventory",
     .arg = "OUT",
     .type = OPT_STRING,
     .out = true,
     .help = "write the landfills and dumps as a rank inventory (.gpkg or .csv)",
     .off = offsetof(gt_register_options, inventory)},
    {.name = "snapshot",
     .arg = "OUT.gpkg",
     .type = OPT_STRING,
     .out = true,
     .help = "write a styled GeoPackage for QGIS: facilities with their status, the history",
     .off = offsetof(gt_register_options, snapshot)},
    {.name = "as-of",
     .arg = "YEAR",
     .type = OPT_INT,
     .min = 1900,
     .max = 2199,
     .unit = "year",
     .help = "statuses at the end of YEAR (default: the latest)",
     .bad = "must be a year",
     .off = offsetof(gt_register_options, as_of)},
    HELP_OPT(gt_register_options),
    {0}};

static const cmd_def register_cmd = {
    "register", "gistool register VERB [OPTIONS] REGISTER ...",
    "The province's waste register: every facility with its geometry,\n"
    "attributes and dated status history, yearly commune indicators and the\n"
    "province's targets, in a GeoPackage or a PostgreSQL/PostGIS database\n"
    "(PG:...). VERB is init, import, update, export or history; see\n"
    "gistool register VERB --help and docs/register.md.",
    REGISTER_CMD(register_opts), .operand = "VERB"};
static const cmd_def register_init_cmd = {
    "register init", "gistool register init [OPTIONS] REGISTER --province NAME",
    "Make an empty register for a province: a new GeoPackage REGISTER, or\n"
    "the schema in an empty PostgreSQL database with PostGIS (REGISTER =\n"
    "PG:dbname=... host=...). The tables, constraints and triggers refuse\n"
    "invalid statuses, dates and ids (docs/register.md).",
    REGISTER_CMD(register_init_opts), .operand = "REGISTER"};
static const cmd_def register_import_cmd = {
    "register import",
    "gistool register import [OPTIONS] REGISTER facilities|history|indicators|targets FILE",
    "Add the rows of FILE (XLSX, ODS, CSV or any OGR layer; the template in\n"
    "data/templates/) to a table of the register. Every row is checked and\n"
    "every problem reported at once with its row number; when any row is\n"
    "bad nothing is written. Facilities: the rank inventory's columns are\n"
    "taken too (type as kind; status dated status_year-12-31 or\n"
    "--status-date), and its Vietnamese values.",
    REGISTER_CMD(register_import_opts), .operand = "REGISTER TABLE FILE"};
static const cmd_def register_update_cmd = {
    "register update",
    "gistool register update [OPTIONS] REGISTER SITE_ID --status S --date D --source TEXT",
    "Record a site's new status. Refused (exit 27) when it breaks the status\n"
    "rules: a site's dates never go backwards; remediated only after closed\n"
    "or remediating; after remediated only operating (reopened) with a note.",
    REGISTER_CMD(register_update_opts), .operand = "REGISTER SITE_ID"};
static const cmd_def register_export_cmd = {
    "register export",
    "gistool register export [OPTIONS] REGISTER --inventory OUT | --snapshot OUT.gpkg",
    "Write the landfills and dumps as an inventory that gistool rank reads\n"
    "(status and status_year as of --as-of), or a styled GeoPackage for QGIS\n"
    "with every facility, its current status, Vietnamese aliases and the\n"
    "status_history table.",
    REGISTER_CMD(register_export_opts), .operand = "REGISTER"};
static const cmd_def register_history_cmd = {
    "register history", "gistool register history [OPTIONS] REGISTER SITE_ID",
    "Print a site's dated status history: date, status, source, note, and\n"
    "when and by whom each entry was recorded.",
    REGISTER_CMD(register_opts), .operand = "REGISTER SITE_ID"};
/* Found by find_cmd besides `commands`: `gistool register VERB --help`. */
static const cmd_def *const register_cmds[] = {&register_cmd,        &register_init_cmd,
                                               &register_import_cmd, &register_update_cmd,
                                               &register_export_cmd, &register_history_cmd,
                                               NULL};

/* `gistool register [VERB] --usage-json`: the register's own options and
 * "verbs", each verb as a command of its own ("register init", ...). */
static void put_json_command(gt__sbuf *t, const cmd_def *c);
static void put_json_register_verbs(gt__sbuf *t)
{
    gt__sbuf_add(t, ",\"verbs\":[");
    for (const cmd_def *const *c = register_cmds + 1; *c; c++) {
        gt__sbuf_add(t, "%s", c == register_cmds + 1 ? "" : ",");
        put_json_command(t, *c);
    }
    gt__sbuf_add(t, "]");
}

static const cmd_def *const commands[] = {&site_cmd, &check_cmd, &sensitivity_cmd,
                                          &rank_cmd, &map_cmd,   &report_cmd,
                                          &ahp_cmd,  &crs_cmd,   &init_cmd,
                                          /* batch and compare */
                                          &batch_cmd, &compare_cmd, &network_cmd,
                                          &progress_cmd, /* gistool progress */
                                          &register_cmd, /* gistool register */
                                          NULL};

static const cmd_def *find_cmd(const char *command)
{
    for (const cmd_def *const *c = commands; *c; c++)
        if (!strcmp((*c)->command, command))
            return *c;
    for (const cmd_def *const *c = register_cmds; *c; c++) /* gistool register */
        if (!strcmp((*c)->command, command))
            return *c;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The parser                                                           */
/* ------------------------------------------------------------------ */

#define FIELD(o, off, T) ((T *)(void *)((char *)(o) + (off)))

static void options_free(const cmd_def *c, void *o)
{
    if (!o)
        return;
    for (const opt_def *d = c->opts; d->name; d++)
        if (d->type == OPT_REPEAT)
            free(*FIELD(o, d->off, const char **));
    if (!c->noun)
        free(*FIELD(o, c->operands_off, const char **));
    free(o);
}

/* Allocate the struct and the lists (each can hold every argument). */
static void *options_alloc(gt_context *ctx, const cmd_def *c, int argc)
{
    void *o = gt__calloc(ctx, 1, c->size);
    if (!o)
        return NULL;
    bool ok = true;
    for (const opt_def *d = c->opts; d->name; d++)
        if (d->type == OPT_REPEAT)
            ok &= !!(*FIELD(o, d->off, const char **) =
                         gt__calloc(ctx, (size_t)argc + 1, sizeof(char *)));
    if (!c->noun)
        ok &= !!(*FIELD(o, c->operands_off, const char **) =
                     gt__calloc(ctx, (size_t)argc + 1, sizeof(char *)));
    if (!ok) {
        options_free(c, o);
        return NULL;
    }
    return o;
}

static gt_status bad_value(gt_context *ctx, const cmd_def *c, const opt_def *d, const char *val)
{
    return gt__error(ctx, GT_ERR_USAGE, "%s: --%s %s (got '%s')", c->command, d->name, d->bad, val);
}

/* Convert `val` by the option's type and store it. */
static gt_status set_value(gt_context *ctx, const cmd_def *c, const opt_def *d, void *o,
                           const char *val)
{
    char *end;
    switch (d->type) {
    case OPT_FLAG:
        *FIELD(o, d->off, int) = 1;
        break;
    case OPT_STRING:
        if (d->out && (!*val || val[strlen(val) - 1] == '/'))
            return gt__error(ctx, GT_ERR_OUTPUT, "%s: --%s %s: give a file name; nothing was written",
                             c->command, d->name, *val ? "names a folder" : "is empty");
        if (d->out) {
            /* A name too long for the file system failed only at the final
             * rename, after the whole run. */
            const char *base = strrchr(val, '/');
            base = base ? base + 1 : val;
            if (strlen(base) > NAME_MAX)
                return gt__error(ctx, GT_ERR_OUTPUT,
                                 "%s: --%s '%.40s...': its file name is %zu bytes, more than a "
                                 "file name may have (%d); nothing was written",
                                 c->command, d->name, base, strlen(base), NAME_MAX);
        }
        *FIELD(o, d->off, const char *) = val;
        break;
    case OPT_REPEAT:
        (*FIELD(o, d->off, const char **))[(*FIELD(o, d->count_off, int))++] = val;
        break;
    case OPT_INT: {
        /* strtol reads "" (`--seed ""`, `--seed=`) as 0 without a word */
        long v = strtol(val, &end, 10);
        if (!*val || *end || v < d->min || v > d->max)
            return bad_value(ctx, c, d, val);
        *FIELD(o, d->off, int) = (int)v;
        break;
    }
    case OPT_DOUBLE: {
        double v = strtod(val, &end);
        bool in = d->open ? v > d->min && v < d->max : v >= d->min && v <= d->max;
        if (!*val || *end || !in)
            return bad_value(ctx, c, d, val);
        *FIELD(o, d->off, double) = v;
        break;
    }
    case OPT_CHOICE: {
        if (d->from_name)
            return d->from_name(ctx, val, FIELD(o, d->off, void));
        int k = 0;
        while (d->choices[k] && strcmp(d->choices[k], val))
            k++;
        if (!d->choices[k])
            return bad_value(ctx, c, d, val);
        if (d->by_name)
            *FIELD(o, d->off, const char *) = d->choices[k];
        else
            *FIELD(o, d->off, int) = k;
        break;
    }
    }
    return GT_OK;
}

static const opt_def *find_long(const cmd_def *c, const char *name, size_t len)
{
    for (const opt_def *d = c->opts; d->name; d++)
        if (strlen(d->name) == len && !strncmp(d->name, name, len))
            return d;
    return NULL;
}

static const opt_def *find_short(const cmd_def *c, char name)
{
    for (const opt_def *d = c->opts; d->name; d++)
        if (d->short_name == name)
            return d;
    return NULL;
}

/* An operand: the one scenario or run, or one more file of a list. */
static gt_status add_operand(gt_context *ctx, const cmd_def *c, void *o, const char *a)
{
    if (!c->noun) {
        (*FIELD(o, c->operands_off, const char **))[(*FIELD(o, c->n_operands_off, int))++] = a;
        return GT_OK;
    }
    const char **one = FIELD(o, 0, const char *);
    if (*one)
        return gt__error(ctx, GT_ERR_USAGE, "%s: one %s at a time ('%s' and '%s')", c->command,
                         c->noun, *one, a);
    *one = a;
    return GT_OK;
}

static bool has_operand(const cmd_def *c, const void *o)
{
    return c->noun ? *FIELD(o, 0, const char *) != NULL : *FIELD(o, c->n_operands_off, int) > 0;
}

/* Each argument is an option (--name, --name=value, -x), its value, or an
 * operand; every option's conversion and check comes from the table. */
static void *options_parse(gt_context *ctx, const cmd_def *c, int argc, char *const *argv)
{
    void *o = options_alloc(ctx, c, argc);
    if (!o)
        return NULL;
    /* The value each option was given, to refuse a second one: `-o a.gpkg
     * ... -o b.gpkg` wrote only b.gpkg, with exit 0 and no word of a. */
    size_t n_defs = 0;
    while (c->opts[n_defs].name)
        n_defs++;
    const char **given = gt__calloc(ctx, n_defs + 1, sizeof *given);
    if (!given)
        goto fail;
    for (const opt_def *d = c->opts; d->name; d++)
        if (d->def && set_value(ctx, c, d, o, d->def))
            goto fail;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const opt_def *d = NULL;
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *eq = strchr(a + 2, '=');
            d = find_long(c, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
            val = d && eq ? eq + 1 : NULL;
        } else if (a[0] == '-' && a[1] && a[1] != '-' && !a[2]) {
            d = find_short(c, a[1]);
        } else if (a[0] != '-' || !a[1]) {
            if (add_operand(ctx, c, o, a))
                goto fail;
            continue;
        }
        if (!d) {
            gt__error(ctx, GT_ERR_USAGE, "%s: unknown option '%s' (see gistool %s --help)",
                      c->command, a, c->command);
            goto fail;
        }
        if (d->arg && !val) {
            if (i + 1 >= argc) {
                gt__error(ctx, GT_ERR_USAGE, "%s: option --%s needs a value (%s)", c->command,
                          d->name, d->arg);
                goto fail;
            }
            val = argv[++i];
        } else if (!d->arg && val) {
            gt__error(ctx, GT_ERR_USAGE, "%s: option --%s takes no value", c->command, d->name);
            goto fail;
        }
        const char **was = &given[d - c->opts];
        if (d->arg && d->type != OPT_REPEAT && *was) {
            gt__error(ctx, GT_ERR_USAGE, "%s: option --%s given twice ('%s' and '%s'); give it once",
                      c->command, d->name, *was, val);
            goto fail;
        }
        *was = val;
        if (set_value(ctx, c, d, o, val))
            goto fail;
        if (d->set_off)
            *FIELD(o, d->set_off, int) = 1;
    }
    if (!has_operand(c, o) && !*FIELD(o, c->help_off, int)) {
        gt__error(ctx, GT_ERR_USAGE, "%s: missing %s (usage: %s)", c->command, c->operand,
                  c->usage);
        goto fail;
    }
    free(given);
    return o;
fail:
    free(given);
    options_free(c, o);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Help and --usage-json, from the same tables                          */
/* ------------------------------------------------------------------ */

/* The text built so far, or NULL when memory ran out. */
static char *sbuf_take(gt__sbuf *b)
{
    if (b->nomem) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

char *gt_command_help(const char *command)
{
    const cmd_def *c = find_cmd(command);
    if (!c)
        return NULL;
    gt__sbuf t = {0};
    gt__sbuf_add(&t, "Usage: %s\n\n%s\n\nOptions:\n", c->usage, c->summary);
    for (const opt_def *d = c->opts; d->name; d++) {
        char left[64];
        snprintf(left, sizeof left, "%c%c%c --%s%s%s", d->short_name ? '-' : ' ',
                 d->short_name ? d->short_name : ' ', d->short_name ? ',' : ' ', d->name,
                 d->arg ? " " : "", d->arg ? d->arg : "");
        gt__sbuf_add(&t, "  %-24s %s\n", left, d->help);
    }
    gt__sbuf_add(&t, "\nGlobal options (before or after the command): --quiet,\n"
                     "--progress=bar|json|none, --usage-json, --version, --help.\n"
                     "Exit codes: docs/exit-codes.md.\n");
    return sbuf_take(&t);
}

static void put_json_string(gt__sbuf *t, const char *s)
{
    if (!s) {
        gt__sbuf_add(t, "null");
        return;
    }
    gt__sbuf_add(t, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            gt__sbuf_add(t, "\\%c", *s);
        else if (*s == '\n')
            gt__sbuf_add(t, "\\n");
        else if ((unsigned char)*s < 0x20)
            gt__sbuf_add(t, "\\u%04x", *s);
        else
            gt__sbuf_add(t, "%c", *s);
    }
    gt__sbuf_add(t, "\"");
}

static void put_json_option(gt__sbuf *t, const opt_def *d)
{
    bool ranged = d->type == OPT_INT || d->type == OPT_DOUBLE;
    char short_name[2] = {d->short_name, 0};
    gt__sbuf_add(t, "{\"name\":");
    put_json_string(t, d->name);
    gt__sbuf_add(t, ",\"short\":");
    put_json_string(t, d->short_name ? short_name : NULL);
    gt__sbuf_add(t, ",\"arg\":");
    put_json_string(t, d->arg);
    gt__sbuf_add(t, ",\"type\":\"%s\"", type_names[d->type]);
    if (ranged)
        gt__sbuf_add(t, ",\"min\":%.17g,\"max\":%.17g,\"open_range\":%s", d->min, d->max,
                     d->open ? "true" : "false");
    else
        gt__sbuf_add(t, ",\"min\":null,\"max\":null");
    gt__sbuf_add(t, ",\"choices\":");
    if (d->choices) {
        gt__sbuf_add(t, "[");
        for (int k = 0; d->choices[k]; k++) {
            gt__sbuf_add(t, "%s", k ? "," : "");
            put_json_string(t, d->choices[k]);
        }
        gt__sbuf_add(t, "]");
    } else {
        gt__sbuf_add(t, "null");
    }
    gt__sbuf_add(t, ",\"default\":");
    if (d->def && ranged)
        gt__sbuf_add(t, "%.17g", strtod(d->def, NULL));
    else
        put_json_string(t, d->def);
    gt__sbuf_add(t, ",\"unit\":");
    put_json_string(t, d->unit);
    gt__sbuf_add(t, ",\"help\":");
    put_json_string(t, d->help);
    gt__sbuf_add(t, "}");
}

static void put_json_command(gt__sbuf *t, const cmd_def *c)
{
    gt__sbuf_add(t, "{\"command\":");
    put_json_string(t, c->command);
    gt__sbuf_add(t, ",\"usage\":");
    put_json_string(t, c->usage);
    gt__sbuf_add(t, ",\"summary\":");
    put_json_string(t, c->summary);
    gt__sbuf_add(t, ",\"operand\":");
    put_json_string(t, c->operand);
    gt__sbuf_add(t, ",\"options\":[");
    for (const opt_def *d = c->opts; d->name; d++) {
        gt__sbuf_add(t, "%s", d == c->opts ? "" : ",");
        put_json_option(t, d);
    }
    gt__sbuf_add(t, "]");
    if (c == &register_cmd) /* its verbs, each as a command (gistool register) */
        put_json_register_verbs(t);
    gt__sbuf_add(t, "}");
}

char *gt_command_usage_json(const char *command)
{
    gt__sbuf t = {0};
    if (command) {
        const cmd_def *c = find_cmd(command);
        if (!c)
            return NULL;
        put_json_command(&t, c);
    } else {
        gt__sbuf_add(&t, "{\"commands\":[");
        for (const cmd_def *const *c = commands; *c; c++) {
            gt__sbuf_add(&t, "%s", c == commands ? "" : ",");
            put_json_command(&t, *c);
        }
        gt__sbuf_add(&t, "]}");
    }
    gt__sbuf_add(&t, "\n");
    return sbuf_take(&t);
}

/* ------------------------------------------------------------------ */
/* The public constructors and accessors, one set per command           */
/* ------------------------------------------------------------------ */

gt_site_options *gt_site_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &site_cmd, argc, argv);
}

gt_site_options *gt_sensitivity_options_create(gt_context *ctx, int argc, char *const *argv)
{
    gt_site_options *o = options_parse(ctx, &sensitivity_cmd, argc, argv);
    if (o)
        o->sensitivity = 1;
    return o;
}

void gt_site_options_destroy(gt_site_options *o)
{
    options_free(&site_cmd, o);
}

const char *gt_site_options_scenario(const gt_site_options *o)
{
    return o->scenario;
}

const char *const *gt_site_options_overrides(const gt_site_options *o)
{
    return (const char *const *)o->overrides;
}

int gt_site_options_help(const gt_site_options *o)
{
    return o->help;
}

void gt_site_options_set_progress(gt_site_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

void gt_site_options_set_command_line(gt_site_options *o, int argc, char *const *argv)
{
    o->argc = argc;
    o->argv = argv;
}

gt_check_options *gt_check_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &check_cmd, argc, argv);
}

void gt_check_options_destroy(gt_check_options *o)
{
    options_free(&check_cmd, o);
}

const char *gt_check_options_scenario(const gt_check_options *o)
{
    return o->scenario;
}

const char *const *gt_check_options_overrides(const gt_check_options *o)
{
    return (const char *const *)o->overrides;
}

int gt_check_options_help(const gt_check_options *o)
{
    return o->help;
}

gt_rank_options *gt_rank_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &rank_cmd, argc, argv);
}

void gt_rank_options_destroy(gt_rank_options *o)
{
    options_free(&rank_cmd, o);
}

const char *gt_rank_options_scenario(const gt_rank_options *o)
{
    return o->scenario;
}

const char *const *gt_rank_options_overrides(const gt_rank_options *o)
{
    return (const char *const *)o->overrides;
}

int gt_rank_options_help(const gt_rank_options *o)
{
    return o->help;
}

void gt_rank_options_set_progress(gt_rank_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

void gt_rank_options_set_command_line(gt_rank_options *o, int argc, char *const *argv)
{
    o->argc = argc;
    o->argv = argv;
}

gt_ahp_options *gt_ahp_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &ahp_cmd, argc, argv);
}

void gt_ahp_options_destroy(gt_ahp_options *o)
{
    options_free(&ahp_cmd, o);
}

int gt_ahp_options_help(const gt_ahp_options *o)
{
    return o->help;
}

gt_map_options *gt_map_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &map_cmd, argc, argv);
}

void gt_map_options_destroy(gt_map_options *o)
{
    options_free(&map_cmd, o);
}

const char *gt_map_options_run(const gt_map_options *o)
{
    return o->run;
}

int gt_map_options_help(const gt_map_options *o)
{
    return o->help;
}

void gt_map_options_set_progress(gt_map_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

gt_report_options *gt_report_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &report_cmd, argc, argv);
}

void gt_report_options_destroy(gt_report_options *o)
{
    options_free(&report_cmd, o);
}

const char *gt_report_options_run(const gt_report_options *o)
{
    return o->run;
}

int gt_report_options_help(const gt_report_options *o)
{
    return o->help;
}

gt_crs_options *gt_crs_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &crs_cmd, argc, argv);
}

void gt_crs_options_destroy(gt_crs_options *o)
{
    options_free(&crs_cmd, o);
}

int gt_crs_options_help(const gt_crs_options *o)
{
    return o->help;
}

/* --- gistool init -------------------------------------------------------- */
gt_init_options *gt_init_options_create(gt_context *ctx, int argc, char *const *argv)
{
    gt_init_options *o = options_parse(ctx, &init_cmd, argc, argv);
    if (o && !o->help && o->n_words < 2) {
        gt__error(ctx, GT_ERR_USAGE, "init: missing DIR (usage: %s)", init_cmd.usage);
        options_free(&init_cmd, o);
        return NULL;
    }
    return o;
}

void gt_init_options_destroy(gt_init_options *o)
{
    options_free(&init_cmd, o);
}

int gt_init_options_help(const gt_init_options *o)
{
    return o->help;
}

void gt_init_options_set_progress(gt_init_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

void gt_init_options_set_command_line(gt_init_options *o, int argc, char *const *argv)
{
    o->argc = argc;
    o->argv = argv;
}

/* --- batch and compare ----------------------------------------------- */

gt_batch_options *gt_batch_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &batch_cmd, argc, argv);
}

void gt_batch_options_destroy(gt_batch_options *o)
{
    options_free(&batch_cmd, o);
}

int gt_batch_options_help(const gt_batch_options *o)
{
    return o->help;
}

void gt_batch_options_set_progress(gt_batch_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

void gt_batch_options_set_executable(gt_batch_options *o, const char *path)
{
    o->exe = path;
}

gt_compare_options *gt_compare_options_create(gt_context *ctx, int argc, char *const *argv)
{
    gt_compare_options *o = options_parse(ctx, &compare_cmd, argc, argv);
    if (o && !o->help && o->n_files != 2) {
        gt__error(ctx, GT_ERR_USAGE, "compare: two runs expected (A.gpkg B.gpkg), got %d",
                  o->n_files);
        options_free(&compare_cmd, o);
        return NULL;
    }
    return o;
}

void gt_compare_options_destroy(gt_compare_options *o)
{
    options_free(&compare_cmd, o);
}

int gt_compare_options_help(const gt_compare_options *o)
{
    return o->help;
}

/* --- gistool network ------------------------------------------------------ */
gt_network_options *gt_network_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return options_parse(ctx, &network_cmd, argc, argv);
}

void gt_network_options_destroy(gt_network_options *o)
{
    options_free(&network_cmd, o);
}

int gt_network_options_help(const gt_network_options *o)
{
    return o->help;
}

void gt_network_options_set_progress(gt_network_options *o, gt_progress_fn fn, void *arg)
{
    o->progress = fn;
    o->progress_arg = arg;
}

void gt_network_options_set_command_line(gt_network_options *o, int argc, char *const *argv)
{
    o->argc = argc;
    o->argv = argv;
}

/* --- gistool progress ----------------------------------------------------- */
gt_progress_options *gt_progress_options_create(gt_context *ctx, int argc, char *const *argv)
{
    gt_progress_options *o = options_parse(ctx, &progress_cmd, argc, argv);
    if (o && !o->help && !o->year) {
        gt__error(ctx, GT_ERR_USAGE, "progress: missing --year YEAR (usage: %s)", progress_cmd.usage);
        options_free(&progress_cmd, o);
        return NULL;
    }
    return o;
}

void gt_progress_options_destroy(gt_progress_options *o)
{
    options_free(&progress_cmd, o);
}

int gt_progress_options_help(const gt_progress_options *o)
{
    return o->help;
}
/* --- gistool register ------------------------------------------------------ */
gt_register_options *gt_register_options_create(gt_context *ctx, int argc, char *const *argv)
{
    const char *verb = argc > 0 && argv[0][0] != '-' ? argv[0] : NULL;
    const cmd_def *c = &register_cmd;
    if (verb) {
        char name[64];
        snprintf(name, sizeof name, "register %s", verb);
        if (!(c = find_cmd(name)) || c == &register_cmd) {
            gt__error(ctx, GT_ERR_USAGE,
                      "register: unknown verb '%s' (init, import, update, export, history)", verb);
            return NULL;
        }
        argc--, argv++;
    }
    gt_register_options *o = options_parse(ctx, c, argc, argv);
    if (o)
        o->verb = verb;
    else if (!verb && argc == 0)
        gt__error(ctx, GT_ERR_USAGE,
                  "register: missing verb: init, import, update, export or history (usage: %s)",
                  register_cmd.usage);
    return o;
}

void gt_register_options_destroy(gt_register_options *o)
{
    options_free(&register_cmd, o);
}

int gt_register_options_help(const gt_register_options *o)
{
    return o->help;
}

const char *gt_register_options_verb(const gt_register_options *o)
{
    return o->verb;
}
