/*
 * cmd_check.c: `gistool check SCENARIO.yaml`: validate a scenario and open
 * its inputs without running. SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "gistool/cli/cli.h"

int cmd_check(gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    gt_site_options *o = gt_command_options_create(ctx, "check", argc, argv);
    if (!o)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (gt_site_options_help(o)) {
        fputs(gt_command_help("check"), stdout);
    } else {
        gt_scenario *s =
            gt_scenario_load(ctx, gt_site_options_scenario(o), gt_site_options_overrides(o));
        rc = s ? gt_scenario_check(ctx, s) : gt_context_status(ctx);
        if (rc == GT_OK)
            printf("%s: OK (%s)\n", gt_site_options_scenario(o), gt_scenario_name(s));
        gt_scenario_destroy(s);
    }
    gt_site_options_destroy(o);
    return rc;
}
