/*
 * api_site.c: the site-suitability pipeline through the public API only
 * (gistool.h): options from a command line, a progress callback, a run.
 * Build: part of the CMake build (target example_site).
 * Run: ./example_site SCENARIO.yaml [-o OUT.gpkg] [--set KEY=VALUE ...]
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "gistool.h"

/* Called by the pipeline as it goes; returning 0 would cancel the run. */
static int progress(double complete, const char *msg, void *arg)
{
    int *last_pct = arg;
    int pct = (int)(complete * 100);
    if (pct / 10 != *last_pct / 10) /* one line per tenth of the run */
        fprintf(stderr, "%3d%% %s\n", pct, msg ? msg : "");
    *last_pct = pct;
    return 1;
}

int main(int argc, char **argv)
{
    gt_context *ctx = gt_context_create();
    if (!ctx)
        return 1;
    /* The same parser as `gistool site`: argv after the program name. */
    gt_site_options *opts = gt_site_options_create(ctx, argc - 1, argv + 1);
    gt_scenario *s = NULL;
    gt_status st = opts ? GT_OK : gt_context_status(ctx);
    int last_pct = -10;
    if (!st) {
        gt_site_options_set_progress(opts, progress, &last_pct);
        gt_site_options_set_command_line(opts, argc, argv);
        s = gt_scenario_load(ctx, gt_site_options_scenario(opts), gt_site_options_overrides(opts));
        st = s ? gt_site_run(ctx, s, opts) : gt_context_status(ctx);
    }
    printf("status %s%s%s\n", gt_status_name(st), st ? ": " : "", st ? gt_context_errmsg(ctx) : "");
    gt_scenario_destroy(s);
    gt_site_options_destroy(opts);
    gt_context_destroy(ctx);
    return st == GT_OK ? 0 : 1;
}
