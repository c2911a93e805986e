/*
 * main.c: the gistool executable: global flags, a dispatch table of
 * subcommands, log and progress rendering. The library status is the exit
 * code (docs/exit-codes.md), as curl's tool_main.c does.
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gistool/cli/cli.h"

/* In the order `gistool --help` lists them. */
static const cli_command *const commands[] = {&cli_site,  &cli_sensitivity, &cli_rank,
                                              &cli_map,   &cli_report,      &cli_ahp,
                                              &cli_check, &cli_crs,         &cli_init,
                                              /* batch and compare */
                                              &cli_batch, &cli_compare, &cli_network,
                                              &cli_progress, /* gistool progress */
                                              &cli_register, /* gistool register */
                                              NULL};

static void usage(FILE *out)
{
    fprintf(out, "Usage: gistool [--quiet] [--progress=bar|json|none] COMMAND [OPTIONS] ...\n"
                 "       gistool --version | --help | COMMAND --help | [COMMAND] --usage-json\n\n"
                 "GIS engine for waste-facility siting and landfill remediation planning\n"
                 "in Vietnamese provinces (Resolution 394/NQ-CP).\n\nCommands:\n");
    for (const cli_command *const *c = commands; *c; c++)
        fprintf(out, "  %-8s %s\n", (*c)->name, (*c)->summary);
    fprintf(out, "\nGlobal options:\n"
                 "  -q, --quiet            no progress and no information messages\n"
                 "      --progress=MODE    bar (default on a terminal), json (one JSON\n"
                 "                         object per line on stderr), none\n"
                 "      --usage-json       print the options of COMMAND (or of every\n"
                 "                         command) as JSON, for scripts and GUIs\n"
                 "      --version          print gistool and library versions\n"
                 "  -h, --help             show this help\n\n"
                 "Docs: docs/<command>.md; exit codes: docs/exit-codes.md.\n");
}

static void log_handler(gt_log_level level, const char *msg, void *arg)
{
    const cli_globals *g = arg;
    if (level == GT_LOG_DEBUG || (g->quiet && level > GT_LOG_WARNING))
        return;
    if (g->progress == CLI_PROGRESS_JSON) {
        fputs("{\"log\":\"", stderr);
        for (const char *p = msg; *p; p++) {
            if (*p == '"' || *p == '\\')
                fputc('\\', stderr);
            if ((unsigned char)*p < 0x20)
                fprintf(stderr, "\\u%04x", *p);
            else
                fputc(*p, stderr);
        }
        fprintf(stderr, "\",\"level\":\"%s\"}\n",
                level == GT_LOG_ERROR     ? "error"
                : level == GT_LOG_WARNING ? "warning"
                                          : "info");
        return;
    }
    fprintf(stderr, "gistool: %s%s\n", level == GT_LOG_WARNING ? "warning: " : "", msg);
}

static int progress_bar(double complete, const char *msg, void *arg)
{
    static int last = -1;
    int pct = (int)(complete * 100);
    if (pct != last) {
        fprintf(stderr, "\r%-28.28s [%-40.*s] %3d%%", msg ? msg : "", pct * 40 / 100,
                "########################################", pct);
        if (pct >= 100)
            fputc('\n', stderr);
        fflush(stderr);
        last = pct;
    }
    return 1;
}

static int progress_json(double complete, const char *msg, void *arg)
{
    static int last = -1;
    int permille = (int)(complete * 1000);
    if (permille != last) {
        fprintf(stderr, "{\"progress\":%.3f,\"stage\":\"%s\"}\n", complete, msg ? msg : "");
        fflush(stderr);
        last = permille;
    }
    return 1;
}

gt_progress_fn cli_progress_fn(const cli_globals *g)
{
    if (g->quiet || g->progress == CLI_PROGRESS_NONE)
        return NULL;
    return g->progress == CLI_PROGRESS_JSON ? progress_json : progress_bar;
}

/* `gistool [COMMAND] --usage-json`: the option table as JSON. */
static int usage_json(const char *command)
{
    char *json = gt_command_usage_json(command);
    if (!json && command) {
        fprintf(stderr, "gistool: unknown command '%s' (try gistool --help)\n", command);
        return GT_ERR_USAGE;
    }
    if (!json)
        return GT_ERR_NOMEM;
    fputs(json, stdout);
    free(json);
    return GT_OK;
}

/* SIGTERM, SIGINT, SIGHUP: remove the temporary files of the outputs being
 * written, then die of the signal as if unhandled (the shell sees it). The
 * previous outputs are untouched: the commit blocks these signals. */
static void on_signal(int sig)
{
    gt_outputs_discard();
    raise(sig); /* SA_RESETHAND: the default action, once this returns */
}

static void catch_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* A signal ignored by the parent (nohup, background jobs) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    catch_signals();
    cli_globals g = {0, isatty(2) ? CLI_PROGRESS_BAR : CLI_PROGRESS_NONE, argc, argv};
    /* Global flags may stand anywhere; take them out of argv. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return GT_ERR_NOMEM;
    int n = 0, want_version = 0, want_help = 0, want_json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            g.quiet = 1;
        else if (!strcmp(a, "--progress=json"))
            g.progress = CLI_PROGRESS_JSON;
        else if (!strcmp(a, "--progress=bar"))
            g.progress = CLI_PROGRESS_BAR;
        else if (!strcmp(a, "--progress=none"))
            g.progress = CLI_PROGRESS_NONE;
        else if (!strncmp(a, "--progress", 10)) {
            fprintf(stderr, "gistool: --progress takes bar, json or none (got '%s')\n", a);
            free(rest);
            return GT_ERR_USAGE;
        } else if (!strcmp(a, "--version"))
            want_version = 1;
        else if (!strcmp(a, "--usage-json"))
            want_json = 1;
        else if (n == 0 && (!strcmp(a, "--help") || !strcmp(a, "-h")))
            want_help = 1;
        else
            rest[n++] = argv[i];
    }
    int rc = GT_OK;
    if (want_version) {
        char *v = gt_version_report();
        fputs(v ? v : "gistool\n", stdout);
        free(v);
    } else if (want_json) {
        rc = usage_json(n ? rest[0] : NULL);
    } else if (want_help) {
        usage(stdout);
    } else if (n == 0) {
        usage(stderr);
        rc = GT_ERR_USAGE;
    } else {
        const cli_command *const *c = commands;
        while (*c && strcmp((*c)->name, rest[0]))
            c++;
        if (!*c) {
            fprintf(stderr, "gistool: unknown command '%s' (try gistool --help)\n", rest[0]);
            rc = GT_ERR_USAGE;
        } else {
            gt_context *ctx = gt_context_create();
            if (!ctx) {
                fprintf(stderr, "gistool: cannot create a context (out of memory?)\n");
                rc = GT_ERR_NOMEM;
            } else {
                gt_context_set_log_handler(ctx, log_handler, &g);
                rc = cli_run(*c, ctx, &g, n - 1, rest + 1);
                if (rc != GT_OK) {
                    if (g.progress == CLI_PROGRESS_BAR && !g.quiet)
                        fputc('\n', stderr);
                    log_handler(GT_LOG_ERROR, gt_context_errmsg(ctx), &g);
                }
                gt_context_destroy(ctx);
            }
        }
    }
    free(rest);
    return rc;
}
