/*
 * cmd_site.c: `gistool site SCENARIO.yaml`: parse options in the library,
 * load the scenario, run, return the status; `gistool sensitivity` too. SPDX-License-Identifier:
 * MIT
 */
#include <stdio.h>

#include "gistool/cli/cli.h"

/* `site` and `sensitivity` share the pipeline; `sensitivity` adds the
 * analysis of the weights. */
static int run(const char *command, gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    gt_site_options *o = gt_command_options_create(ctx, command, argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help(command), stdout);
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

int cmd_site(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    return run("site", ctx, g, argc, argv);
}

int cmd_sensitivity(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    return run("sensitivity", ctx, g, argc, argv);
}
