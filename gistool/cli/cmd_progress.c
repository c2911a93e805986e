/*
 * cmd_progress.c: `gistool progress REGISTER --year YEAR`: the yearly
 * progress report of the waste register (docs/progress.md).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/cli/cli.h"
#include "gistool/progress.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_progress_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_progress_options_destroy(o);
}

static int help(const void *o)
{
    return gt_progress_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    char *written = NULL;
    int rc = gt_progress_run(ctx, opts, &written);
    /* One "wrote PATH" line per output. */
    for (char *p = written, *nl; p && *p && !g->quiet; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        printf("wrote %.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
    }
    free(written);
    return rc;
}

const cli_command cli_progress = {"progress",
                                  "yearly progress report of the waste register against the 2030 targets",
                                  create, destroy, help, run};
