/*
 * cmd_rank.c: `gistool rank SCENARIO.yaml`: landfill remediation priority
 * and the plan to 2030. SPDX-License-Identifier: MIT
 */
#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_rank_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_rank_options_destroy(o);
}

static int help(const void *o)
{
    return gt_rank_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_rank_options *o = opts;
    gt_rank_options_set_progress(o, cli_progress_fn(g), NULL);
    gt_rank_options_set_command_line(o, g->argc, g->argv);
    gt_scenario *s =
        gt_scenario_load(ctx, gt_rank_options_scenario(o), gt_rank_options_overrides(o));
    int rc = s ? gt_rank_run(ctx, s, o) : gt_context_status(ctx);
    gt_scenario_destroy(s);
    return rc;
}

const cli_command cli_rank = {
    "rank", "rank landfills and dumps for remediation; plan to 2030", create, destroy, help, run};
