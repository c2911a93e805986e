/*
 * cmd_rank.c: `gistool rank SCENARIO.yaml`: landfill remediation priority
 * and the plan to 2030. SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "gistool/cli/cli.h"

int cmd_rank(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    gt_site_options *o = gt_command_options_create(ctx, "rank", argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("rank"), stdout);
    } else {
        gt_site_options_set_progress(o, cli_progress_fn(g), NULL);
        gt_site_options_set_command_line(o, g->argc, g->argv);
        gt_scenario *s =
            gt_scenario_load(ctx, gt_site_options_scenario(o), gt_site_options_overrides(o));
        rc = s ? gt_rank_run(ctx, s, o) : gt_context_status(ctx);
        gt_scenario_destroy(s);
    }
    gt_site_options_destroy(o);
    return rc;
}
