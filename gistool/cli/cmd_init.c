/*
 * cmd_init.c: `gistool init PROVINCE DIR`: a ready-to-run folder for a
 * province from the national sources. SPDX-License-Identifier: MIT
 */
#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_init_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_init_options_destroy(o);
}

static int help(const void *o)
{
    return gt_init_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_init_options *o = opts;
    gt_init_options_set_progress(o, cli_progress_fn(g), NULL);
    gt_init_options_set_command_line(o, g->argc, g->argv);
    return gt_init_run(ctx, o);
}

const cli_command cli_init = {
    "init", "a ready-to-run province folder from the national data (site.yaml, rank.yaml)",
    create, destroy,
    help,   run};
