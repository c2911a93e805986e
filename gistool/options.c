/*
 * options.c: one option table per subcommand, the single source of truth
 * for parsing, for `--help` and for the options section of docs/<cmd>.md
 * (tests/cli/test_docs_help.sh fails when they drift; GRASS
 * G_define_option, curl test1139). The parser lives in the library so that
 * scripts and the CLI share it (GDAL's gdal_utils.h pattern).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/options.h"

typedef struct {
    const char *name; /* long name without "--" */
    char short_name;  /* 0: none */
    const char *arg;  /* NULL: a flag */
    const char *help;
} opt_def;

typedef struct {
    const char *command;
    const char *usage;
    const char *summary;
    const opt_def *opts;
} cmd_def;

static const opt_def site_opts[] = {
    {"output", 'o', "FILE", "write the GeoPackage to FILE instead of the scenario's outputs.gpkg"},
    {"set", 0, "KEY=VALUE", "override a scenario value, e.g. --set resolution_m=100 (repeatable)"},
    {"threads", 0, "N", "worker threads for the distance transform and slope (default: all cores)"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const opt_def check_opts[] = {
    {"set", 0, "KEY=VALUE", "override a scenario value before checking (repeatable)"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const opt_def rank_opts[] = {
    {"output", 'o', "FILE", "write the GeoPackage to FILE instead of the scenario's outputs.gpkg"},
    {"csv", 0, "FILE", "write the ranked list to FILE instead of the scenario's outputs.csv"},
    {"as-of", 0, "YEAR", "take statuses as of YEAR and plan from YEAR + 1 (progress tracking)"},
    {"set", 0, "KEY=VALUE",
     "override a scenario value, e.g. --set plan.annual_budget=8e10 (repeatable)"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const opt_def ahp_opts[] = {
    {"method", 0, "NAME",
     "eigen (principal eigenvector, default) or geometric (row geometric mean)"},
    {"ri-table", 0, "NAME", "random index: saaty1980 (default), saaty2005 or donegan-dodd"},
    {"cr-limit", 0, "X", "consistency ratio limit (default 0.10, or the scenario's cr_limit)"},
    {"format", 0, "FMT", "text (default) or json"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const opt_def map_opts[] = {
    {"output", 'o', "PREFIX",
     "write PREFIX-A4.png, -A4.pdf, -A3.png, -A3.pdf (default: the run's name)"},
    {"lang", 0, "LANG", "text of the sheets: vi (default) or en"},
    {"dpi", 0, "N", "resolution of the PNG sheets (default 300)"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const opt_def report_opts[] = {
    {"output", 'o', "FILE", "write the report to FILE (default: the run's name with .html)"},
    {"lang", 0, "LANG", "text of the report: vi (default) or en"},
    {"help", 'h', NULL, "show this help and exit"},
    {NULL, 0, NULL, NULL}};

static const cmd_def commands[] = {
    {"site", "gistool site [OPTIONS] SCENARIO.yaml",
     "Score and rank candidate sites for a waste-treatment facility: legal\n"
     "constraints (exact vector distances for parcels), fuzzy-standardised\n"
     "factors, AHP or direct weights, weighted linear combination. Writes one\n"
     "GeoPackage with the layers parcels and constraint_zones, the raster\n"
     "suitability and the provenance tables run_info, run_inputs, run_weights\n"
     "and run_rules.",
     site_opts},
    {"check", "gistool check [OPTIONS] SCENARIO.yaml",
     "Validate a scenario and open every input without running the analysis:\n"
     "the YAML keys and values, the constraint profile, the AHP matrix, and for\n"
     "each layer that the file opens, the layer and fields exist, a CRS is known\n"
     "and the extent overlaps the study area.",
     check_opts},
    {"sensitivity", "gistool sensitivity [OPTIONS] SCENARIO.yaml",
     "Run `gistool site` and test how its ranking depends on the weights:\n"
     "one-at-a-time changes of each weight (default -20, -10, -5, +5, +10,\n"
     "+20 %, the others rescaled in proportion) and Monte Carlo weights\n"
     "(Dirichlet around the base weights, seeded). Adds to the site outputs\n"
     "the layer sensitivity_parcels (rank at base, best and worst rank, share\n"
     "of runs in the top k), the raster suitability_cv (coefficient of\n"
     "variation per cell) and the table rank_reversals. Settings: the\n"
     "scenario's `sensitivity:` block (docs/sensitivity.md).",
     site_opts},
    {"rank", "gistool rank [OPTIONS] SCENARIO.yaml",
     "Rank a province's unsanitary landfills and dumps for remediation with a\n"
     "source-pathway-receptor risk model, suggest a remediation option per site,\n"
     "and schedule them year by year against the 2030 targets (> 50 % of\n"
     "unsanitary landfills remediated, 100 % of dumps closed). Writes a\n"
     "GeoPackage with the layer landfills and the tables plan_by_year, run_info\n"
     "and run_inputs, and a CSV of the ranked list.",
     rank_opts},
    {"map", "gistool map [OPTIONS] RUN.gpkg",
     "Map sheets of a site or rank run, A4 and A3 landscape, as PNG (300 dpi)\n"
     "and vector PDF with embedded fonts: title, the map (suitability, parcels\n"
     "or landfills, candidate regions, base layers from the run's inputs),\n"
     "legend, scale bar, north arrow, an inset locating the province, CRS,\n"
     "sources and date. Vietnamese text by default (--lang en for English).",
     map_opts},
    {"report", "gistool report [OPTIONS] RUN.gpkg",
     "A self-contained HTML report of a site or rank run (inline CSS and SVG\n"
     "charts, no network access, prints on A4): the scenario, weights and CR,\n"
     "the top parcels with their criterion scores and why parcels were\n"
     "excluded, or the top landfills, risk classes and the plan by year against\n"
     "the 2030 targets; inputs with checksums and provenance.",
     report_opts},
    {"ahp", "gistool ahp [OPTIONS] MATRIX.csv|SCENARIO.yaml [MORE...]",
     "Weights and consistency of an AHP pairwise matrix, from a CSV file (first\n"
     "row: an empty cell then the criterion names; each next row: a name then\n"
     "its judgments; row i, column j = how much more important i is than j;\n"
     "1/3 allowed) or from a scenario's weights.ahp block. Prints the weights,\n"
     "lambda_max, CI, CR under the named random-index table and a verdict;\n"
     "when not consistent, the judgments furthest from the weights and the\n"
     "values that would be consistent. Several files are one group decision:\n"
     "their element-wise geometric mean. Exit code 40 when not consistent.",
     ahp_opts},
    {NULL, NULL, NULL, NULL}};

static const cmd_def *find_cmd(const char *command)
{
    for (const cmd_def *c = commands; c->command; c++)
        if (!strcmp(c->command, command))
            return c;
    return NULL;
}

const char *gt_command_help(const char *command)
{
    static char buf[7][4096];
    const cmd_def *c = find_cmd(command);
    if (!c)
        return NULL;
    char *b = buf[c - commands];
    if (b[0])
        return b;
    size_t o = 0;
    o += (size_t)snprintf(b + o, 4096 - o, "Usage: %s\n\n%s\n\nOptions:\n", c->usage, c->summary);
    for (const opt_def *d = c->opts; d->name && o < 4096; d++) {
        char left[64];
        if (d->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name, d->name, d->arg ? " " : "",
                     d->arg ? d->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", d->name, d->arg ? " " : "",
                     d->arg ? d->arg : "");
        o += (size_t)snprintf(b + o, 4096 - o, "  %-24s %s\n", left, d->help);
    }
    if (o < 4096)
        snprintf(b + o, 4096 - o,
                 "\nGlobal options (before or after the command): --quiet,\n"
                 "--progress=bar|json|none, --version, --help.\n"
                 "Exit codes: docs/exit-codes.md.\n");
    return b;
}

void gt_site_options_destroy(gt_site_options *o)
{
    if (!o)
        return;
    free(o->overrides);
    free(o->files);
    free(o);
}

gt_site_options *gt_command_options_create(gt_context *ctx, const char *command, int argc,
                                           char *const *argv)
{
    const cmd_def *c = find_cmd(command);
    gt_site_options *o = gt__calloc(ctx, 1, sizeof *o);
    if (!o || !c) {
        free(o);
        if (!c)
            gt__error(ctx, GT_ERR_USAGE, "unknown command '%s'", command);
        return NULL;
    }
    o->sensitivity = !strcmp(command, "sensitivity");
    o->dpi = 300;
    o->overrides = gt__calloc(ctx, (size_t)argc + 1, sizeof(char *));
    o->files = gt__calloc(ctx, (size_t)argc + 1, sizeof(char *));
    if (!o->overrides || !o->files) {
        free(o->overrides);
        free(o->files);
        free(o);
        return NULL;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const opt_def *d = NULL;
        const char *val = NULL;
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            for (const opt_def *p = c->opts; p->name; p++)
                if (strlen(p->name) == len && !strncmp(p->name, a + 2, len))
                    d = p;
            if (d && eq)
                val = eq + 1;
        } else if (a[0] == '-' && a[1] && a[1] != '-' && !a[2]) {
            for (const opt_def *p = c->opts; p->name; p++)
                if (p->short_name == a[1])
                    d = p;
        } else if ((a[0] != '-' || !a[1]) && !strcmp(command, "ahp")) {
            o->files[o->n_files++] = a;
            o->scenario = o->files[0];
            continue;
        } else if (a[0] != '-' || !a[1]) {
            if (o->scenario) {
                gt__error(ctx, GT_ERR_USAGE, "%s: one scenario at a time ('%s' and '%s')", command,
                          o->scenario, a);
                goto fail;
            }
            o->scenario = a;
            continue;
        }
        if (!d) {
            gt__error(ctx, GT_ERR_USAGE, "%s: unknown option '%s' (see gistool %s --help)", command,
                      a, command);
            goto fail;
        }
        if (d->arg && !val) {
            if (i + 1 >= argc) {
                gt__error(ctx, GT_ERR_USAGE, "%s: option --%s needs a value (%s)", command, d->name,
                          d->arg);
                goto fail;
            }
            val = argv[++i];
        } else if (!d->arg && val) {
            gt__error(ctx, GT_ERR_USAGE, "%s: option --%s takes no value", command, d->name);
            goto fail;
        }
        if (!strcmp(d->name, "help")) {
            o->help = 1;
        } else if (!strcmp(d->name, "output")) {
            o->output = val;
        } else if (!strcmp(d->name, "set")) {
            o->overrides[o->n_overrides++] = val;
        } else if (!strcmp(d->name, "lang")) {
            if (strcmp(val, "vi") && strcmp(val, "en")) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --lang is vi or en (got '%s')", command, val);
                goto fail;
            }
            o->lang = val;
        } else if (!strcmp(d->name, "dpi")) {
            char *end;
            long v = strtol(val, &end, 10);
            if (*end || v < 36 || v > 1200) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --dpi must be 36 to 1200 (got '%s')", command,
                          val);
                goto fail;
            }
            o->dpi = (int)v;
        } else if (!strcmp(d->name, "method")) {
            if (gt_ahp_method_from_name(ctx, val, &o->ahp_method))
                goto fail;
            o->ahp_method_set = 1;
        } else if (!strcmp(d->name, "ri-table")) {
            if (gt_ri_table_from_name(ctx, val, &o->ri_table))
                goto fail;
            o->ri_table_set = 1;
        } else if (!strcmp(d->name, "format")) {
            if (strcmp(val, "json") && strcmp(val, "text")) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --format is text or json (got '%s')", command,
                          val);
                goto fail;
            }
            o->json = !strcmp(val, "json");
        } else if (!strcmp(d->name, "cr-limit")) {
            char *end;
            o->cr_limit = strtod(val, &end);
            if (*end || !(o->cr_limit > 0) || o->cr_limit >= 1) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --cr-limit must be between 0 and 1 (got '%s')",
                          command, val);
                goto fail;
            }
        } else if (!strcmp(d->name, "csv")) {
            o->csv = val;
        } else if (!strcmp(d->name, "as-of")) {
            char *end;
            long y = strtol(val, &end, 10);
            if (*end || y < 2000 || y > 2100) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --as-of must be a year (got '%s')", command, val);
                goto fail;
            }
            o->as_of = (int)y;
        } else if (!strcmp(d->name, "threads")) {
            char *end;
            long t = strtol(val, &end, 10);
            if (*end || t < 1 || t > 64) {
                gt__error(ctx, GT_ERR_USAGE, "%s: --threads must be 1 to 64 (got '%s')", command,
                          val);
                goto fail;
            }
            o->threads = (int)t;
        }
    }
    if (!o->scenario && !o->help) {
        gt__error(ctx, GT_ERR_USAGE, "%s: missing SCENARIO.yaml (usage: %s)", command, c->usage);
        goto fail;
    }
    return o;
fail:
    gt_site_options_destroy(o);
    return NULL;
}

gt_site_options *gt_site_options_create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_command_options_create(ctx, "site", argc, argv);
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

gt_map_options *gt_site_options_map(const gt_site_options *o)
{
    gt_map_options *m = calloc(1, sizeof *m);
    if (m)
        *m = (gt_map_options){o->scenario, o->output,   o->lang,        o->dpi,
                              o->help,     o->progress, o->progress_arg};
    return m;
}

gt_report_options *gt_site_options_report(const gt_site_options *o)
{
    gt_report_options *r = calloc(1, sizeof *r);
    if (r)
        *r = (gt_report_options){o->scenario, o->output, o->lang, o->help};
    return r;
}
