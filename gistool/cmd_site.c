/*
 * cmd_site.c: `gistool site SCENARIO.yaml`: parse options in the library,
 * load the scenario, run, return the status. SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "cli.h"

int cmd_site(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    gt_site_options *o = gt_site_options_create(ctx, argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("site"), stdout);
    } else {
        gt_site_options_set_progress(o, cli_progress_fn(g), NULL);
        gt_site_options_set_command_line(o, g->argc, g->argv);
        gt_scenario *s =
            gt_scenario_load(ctx, gt_site_options_scenario(o), gt_site_options_overrides(o));
        rc = s ? gt_site_run(ctx, s, o) : gt_context_status(ctx);
        gt_scenario_destroy(s);
    }
    gt_site_options_destroy(o);
    return rc;
}
