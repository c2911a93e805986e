/*
 * command.c: the frame every subcommand shares: parse its options with the
 * library, answer --help from the option table, or run it.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "gistool/cli/cli.h"

int cli_run(const cli_command *c, gt_context *ctx, const cli_globals *g, int argc, char **argv)
{
    void *opts = c->create(ctx, argc, argv);
    if (!opts)
        return gt_context_status(ctx);
    int rc = GT_OK;
    if (c->help(opts)) {
        char *help = gt_command_help(c->name);
        if (help)
            fputs(help, stdout);
        else
            rc = GT_ERR_NOMEM;
        free(help);
    } else {
        rc = c->run(ctx, g, opts);
    }
    c->destroy(opts);
    return rc;
}
