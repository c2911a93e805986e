/*
 * cli.h: what the gistool executable's files share. Not part of the
 * library. SPDX-License-Identifier: MIT
 */
#ifndef GT_CLI_H
#define GT_CLI_H

#include "gistool.h"

typedef enum { CLI_PROGRESS_BAR, CLI_PROGRESS_JSON, CLI_PROGRESS_NONE } cli_progress_mode;

typedef struct {
    int quiet;
    cli_progress_mode progress;
    int argc; /* the full command line, for provenance */
    char **argv;
} cli_globals;

int cmd_site(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_check(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_ahp(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_sensitivity(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_map(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_report(gt_context *ctx, const cli_globals *g, int argc, char **argv);
int cmd_rank(gt_context *ctx, const cli_globals *g, int argc, char **argv);
/** The progress callback matching the global flags. */
gt_progress_fn cli_progress_fn(const cli_globals *g);

#endif
