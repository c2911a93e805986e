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

/* A subcommand: its options type seen through four functions, so one
 * helper (cli_run) does what every command does around its own work.
 * Each cmd_<name>.c defines one. */
typedef struct cli_command {
    const char *name;
    const char *summary; /* one line, for `gistool --help` */
    /* The library's gt_<name>_options_create(), _destroy() and _help(). */
    void *(*create)(gt_context *ctx, int argc, char *const *argv);
    void (*destroy)(void *opts);
    int (*help)(const void *opts);
    /* The command's own work on parsed options; returns a gt_status. */
    int (*run)(gt_context *ctx, const cli_globals *g, void *opts);
} cli_command;

extern const cli_command cli_site, cli_sensitivity, cli_rank, cli_map, cli_report, cli_ahp,
    cli_check, cli_crs;
extern const cli_command cli_init;
/* batch and compare */
extern const cli_command cli_batch, cli_compare;
extern const cli_command cli_network; /* gistool network */
extern const cli_command cli_progress; /* gistool progress */
extern const cli_command cli_register; /* gistool register */

/** Parse the options after the command name; on a usage error return the
 *  context's status, on --help print the generated help, otherwise run. */
int cli_run(const cli_command *c, gt_context *ctx, const cli_globals *g, int argc, char **argv);

/** The progress callback matching the global flags. */
gt_progress_fn cli_progress_fn(const cli_globals *g);

#endif
