/*
 * cmd_site.c: `gistool site SCENARIO.yaml` and `gistool sensitivity
 * SCENARIO.yaml`: load the scenario, run the site pipeline (and, for
 * sensitivity, the analysis of the weights). SPDX-License-Identifier: MIT
 */
#include "gistool/cli/cli.h"

static void *create_site(gt_context *ctx, int argc, char *const *argv)
{
    return gt_site_options_create(ctx, argc, argv);
}

static void *create_sensitivity(gt_context *ctx, int argc, char *const *argv)
{
    return gt_sensitivity_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_site_options_destroy(o);
}

static int help(const void *o)
{
    return gt_site_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_site_options *o = opts;
    gt_site_options_set_progress(o, cli_progress_fn(g), NULL);
    gt_site_options_set_command_line(o, g->argc, g->argv);
    gt_scenario *s =
        gt_scenario_load(ctx, gt_site_options_scenario(o), gt_site_options_overrides(o));
    int rc = s ? gt_site_run(ctx, s, o) : gt_context_status(ctx);
    gt_scenario_destroy(s);
    return rc;
}

const cli_command cli_site = {
    "site",      "score and rank candidate sites for a waste-treatment facility",
    create_site, destroy,
    help,        run};

const cli_command cli_sensitivity = {
    "sensitivity",
    "site, then how its ranking moves with the weights (OAT, Monte Carlo)",
    create_sensitivity,
    destroy,
    help,
    run};
