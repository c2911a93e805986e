/*
 * progress.h: `gistool progress REGISTER --year YEAR`: the yearly progress
 * report of the provincial waste register against the 2030 targets
 * (docs/progress.md). SPDX-License-Identifier: MIT
 */
#ifndef GT_PROGRESS_H
#define GT_PROGRESS_H

#include "gistool.h"

/** The options of `gistool progress` (filled by options.c). */
typedef struct gt_progress_options {
    const char *reg;    /* the register: a path or a PG: string, borrowed */
    int year;           /* --year */
    const char *plan;   /* --plan RANK.gpkg (NULL: none) */
    const char *output; /* -o FILE.html (NULL: default name) */
    const char *pdf;    /* --pdf FILE (NULL: default name) */
    const char *csv;    /* --csv FILE (NULL: default name) */
    const char *lang;   /* vi or en */
    int help;
} gt_progress_options;

gt_progress_options *gt_progress_options_create(gt_context *ctx, int argc, char *const *argv);
void gt_progress_options_destroy(gt_progress_options *o);
int gt_progress_options_help(const gt_progress_options *o);

/** The default output path of `kind` ("html", "pdf", "csv"): beside the
 *  register, `<stem minus -register>-progress-<year>.<kind>` (the current
 *  folder for a PG: register). Caller frees with free(). */
char *gt_progress_default_path(const char *reg, int year, const char *kind);

/** Run it; *written gets the paths written, one per line (caller frees). */
gt_status gt_progress_run(gt_context *ctx, const gt_progress_options *o, char **written);

#endif
