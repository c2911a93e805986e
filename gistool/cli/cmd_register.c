/*
 * cmd_register.c: `gistool register VERB ...`: the province's waste
 * register (docs/register.md). SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/cli/cli.h"

static void *create(gt_context *ctx, int argc, char *const *argv)
{
    return gt_register_options_create(ctx, argc, argv);
}

static void destroy(void *o)
{
    gt_register_options_destroy(o);
}

/* The help is the verb's own: printed by run. */
static int help(const void *o)
{
    return 0;
}

static int run(gt_context *ctx, const cli_globals *g, void *opts)
{
    gt_register_options *o = opts;
    if (gt_register_options_help(o)) {
        char name[64];
        const char *verb = gt_register_options_verb(o);
        snprintf(name, sizeof name, "register%s%s", verb ? " " : "", verb ? verb : "");
        char *text = gt_command_help(name);
        if (!text)
            return GT_ERR_NOMEM;
        fputs(text, stdout);
        free(text);
        return GT_OK;
    }
    char *report = NULL;
    int rc = gt_register_run(ctx, o, &report);
    /* history prints its result; the other verbs say what they did,
     * unless --quiet. */
    const char *verb = gt_register_options_verb(o);
    if (report && (!g->quiet || (verb && !strcmp(verb, "history"))))
        fputs(report, stdout);
    free(report);
    return rc;
}

const cli_command cli_register = {
    "register", "the province's waste register: facilities, status history, indicators",
    create,     destroy,
    help,       run};
