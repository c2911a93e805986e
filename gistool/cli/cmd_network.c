/*
 * cmd_network.c: `gistool network SCENARIO.yaml`: haul on the road network,
 * transfer stations and collection points. SPDX-License-Identifier: MIT
 */
#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_network_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_network_options_destroy(o);
}

static int help(const void *o)
{
    return gt_network_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_network_options *o = opts;
    gt_network_options_set_progress(o, cli_progress_fn(g), NULL);
    gt_network_options_set_command_line(o, g->argc, g->argv);
    return gt_network_run(ctx, o);
}

const cli_command cli_network = {
    "network", "haul on roads; transfer stations (p-median); collection points", create,
    destroy,   help,
    run};
