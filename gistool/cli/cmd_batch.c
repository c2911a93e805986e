/*
 * cmd_batch.c: `gistool batch MANIFEST.yaml`: every run of a manifest as a
 * child process of this same executable (/proc/self/exe), locally or on
 * Slurm. Exit 0 when every run succeeded or was skipped, 80 when the batch
 * ran and a run failed; with --task, the run's own exit code (what Slurm
 * records for the array task). SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_batch_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_batch_options_destroy(o);
}

static int help(const void *o)
{
    return gt_batch_options_help(o);
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_batch_options *o = opts;
    /* The runs are children of this very program, by its absolute path (a
     * Slurm node starts it from the script). */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        fprintf(stderr, "gistool: batch: cannot find this program (/proc/self/exe)\n");
        return GT_ERR_INTERNAL;
    }
    exe[n] = 0;
    gt_batch_options_set_executable(o, exe);
    gt_batch_options_set_progress(o, cli_progress_fn(g), NULL);
    gt_batch_result res;
    char *report = NULL;
    int rc = gt_batch_run(ctx, o, &res, &report);
    if (report && (!g->quiet || rc == GT_OK))
        fputs(report, stdout);
    free(report);
    if (rc != GT_OK)
        return rc;
    if (res.task && res.failed && res.first_exit_code)
        return res.first_exit_code; /* --task: the run's own code */
    return res.failed || res.pending ? GT_BATCH_RUNS_FAILED : GT_OK;
}

const cli_command cli_batch = {
    "batch", "run a manifest of runs (variants, provinces) locally or on Slurm, with a summary",
    create,  destroy,
    help,    run};
