/*
 * cmd_check.c: `gistool check SCENARIO.yaml`: validate a scenario and open
 * its inputs without running. SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_check_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_check_options_destroy(o);
}

static int help(const void *o)
{
    return gt_check_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    const gt_check_options *o = opts;
    if (gt_scenario_is_network(ctx, gt_check_options_scenario(o))) {
        int rc = gt_network_check(ctx, gt_check_options_scenario(o), gt_check_options_overrides(o));
        if (rc == GT_OK)
            printf("%s: OK (a network scenario)\n", gt_check_options_scenario(o));
        return rc;
    }
    gt_scenario *s =
        gt_scenario_load(ctx, gt_check_options_scenario(o), gt_check_options_overrides(o));
    int rc = s ? gt_scenario_check(ctx, s) : gt_context_status(ctx);
    if (rc == GT_OK)
        printf("%s: OK (%s)\n", gt_check_options_scenario(o), gt_scenario_name(s));
    gt_scenario_destroy(s);
    return rc;
}

const cli_command cli_check = {
    "check", "validate a scenario and open its inputs without running it", create, destroy, help,
    run};
