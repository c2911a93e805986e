/*
 * batch_exec.c: running a batch's runs. Every run is one or two child
 * processes of the gistool executable (`site`, `rank`, or `init` then
 * `site`), so a crash or an exit in one run cannot corrupt another; each
 * leaves a record (OUTPUT/<id>/batch-run.yaml) that the summary merges.
 * Locally, `--jobs N` keeps N `gistool batch --task K` processes going: the
 * same entry point a Slurm array task calls, so both paths run a task the
 * same way. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>

#include "gistool/batch.h"
#include "gistool/yaml.h"
#include "layers/layers.h"

extern char **environ;

/* --- records ------------------------------------------------------------------ */

static const char *const status_names[] = {"pending", "ok", "failed", "skipped"};

const char *gt__run_status_name(gt__run_status s)
{
    return status_names[s];
}

void gt__run_record_free(gt__run_record *r)
{
    free(r->error);
    free(r->skipped);
    memset(r, 0, sizeof *r);
}

/* A YAML double-quoted scalar. */
static void put_quoted(gt__sbuf *b, const char *s)
{
    gt__sbuf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            gt__sbuf_add(b, "\\%c", *p);
        else if (*p == '\n')
            gt__sbuf_add(b, "\\n");
        else if (*p < 0x20)
            gt__sbuf_add(b, "\\x%02x", *p);
        else
            gt__sbuf_add(b, "%c", *p);
    }
    gt__sbuf_add(b, "\"");
}

gt_status gt__run_record_write(gt_context *ctx, const char *path, const gt__run_record *r)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "# gistool batch: the record of one run\nstatus: %s\nexit_code: %d\n"
                     "duration_s: %.3f\n",
                 gt__run_status_name(r->status), r->exit_code, r->duration_s);
    if (r->error) {
        gt__sbuf_add(&b, "error: ");
        put_quoted(&b, r->error);
        gt__sbuf_add(&b, "\n");
    }
    if (r->skipped) {
        gt__sbuf_add(&b, "skipped: ");
        put_quoted(&b, r->skipped);
        gt__sbuf_add(&b, "\n");
    }
    if (b.nomem) {
        free(b.s);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    char *tmp = gt__output_stage(ctx, path, ".yaml"); /* its error is the output's */
    gt_status st = tmp ? GT_OK : gt_context_status(ctx);
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    if (!st && !f)
        st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write: %s", tmp, strerror(errno));
    if (f) {
        fputs(b.s, f);
        if (fclose(f))
            st = gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write: %s", tmp, strerror(errno));
    }
    free(b.s);
    return tmp ? gt__replace_file(ctx, st, tmp, path) : st;
}

gt_status gt__run_record_read(gt_context *ctx, const char *path, gt__run_record *r)
{
    memset(r, 0, sizeof *r);
    if (access(path, F_OK) != 0)
        return GT_OK;
    gt__yaml y;
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_OUTPUT, &y);
    if (st) {
        gt__yaml_free(&y);
        return st;
    }
    struct fy_node *root = gt__yaml_root(&y), *n;
    char *s = NULL;
    double v;
    r->status = GT__RUN_FAILED;
    if ((n = gt__yaml_get(root, "status")) && !gt__yaml_string(&y, n, GT_ERR_OUTPUT, &s))
        for (int k = 0; k < 4; k++)
            if (!strcmp(s, status_names[k]))
                r->status = (gt__run_status)k;
    free(s);
    if ((n = gt__yaml_get(root, "exit_code")) && !gt__yaml_number(&y, n, GT_ERR_OUTPUT, &v))
        r->exit_code = (int)v;
    if ((n = gt__yaml_get(root, "duration_s")) && !gt__yaml_number(&y, n, GT_ERR_OUTPUT, &v))
        r->duration_s = v;
    if ((n = gt__yaml_get(root, "error")))
        gt__yaml_string(&y, n, GT_ERR_OUTPUT, &r->error);
    if ((n = gt__yaml_get(root, "skipped")))
        gt__yaml_string(&y, n, GT_ERR_OUTPUT, &r->skipped);
    gt__yaml_free(&y);
    return gt_context_status(ctx) == GT_ERR_NOMEM ? GT_ERR_NOMEM : GT_OK;
}

/* --- one run -------------------------------------------------------------------- */

static gt_status mkdirs(gt_context *ctx, const char *path)
{
    char *p = gt__strdup(ctx, path);
    if (!p)
        return GT_ERR_NOMEM;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || !*s) {
            char c = *s;
            *s = 0;
            if (mkdir(p, 0777) && errno != EEXIST) {
                gt_status st = gt__error(ctx, GT_ERR_OUTPUT, "cannot create the folder '%s': %s",
                                         p, strerror(errno));
                free(p);
                return st;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    return GT_OK;
}

/* The argument lists of a run's children (NULL-terminated; at most two). */
typedef struct {
    char **argv[2];
    int n;
} child_plan;

static void child_plan_free(child_plan *c)
{
    for (int i = 0; i < c->n; i++)
        gt__strv_free(c->argv[i]);
}

static char **argv_site(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                        const gt__batch_run *r)
{
    char *gpkg = gt__run_path(m, r, gt__run_gpkg_name(r));
    char *csv = gt__run_path(m, r, "rank.csv");
    int n = 8 + 2 * r->n_sets;
    char **v = gt__calloc(ctx, (size_t)n + 1, sizeof *v);
    int k = 0;
    bool ok = v && gpkg && csv;
    if (ok) {
        v[k++] = gt__strdup(ctx, o->exe);
        v[k++] = gt__strdup(ctx, "--quiet");
        v[k++] = gt__strdup(ctx, r->kind == GT__RUN_RANK ? "rank" : "site");
        v[k++] = gt__strdup(ctx, r->scenario);
        v[k++] = gt__strdup(ctx, "-o");
        v[k++] = gt__strdup(ctx, gpkg);
        if (r->kind == GT__RUN_RANK) {
            v[k++] = gt__strdup(ctx, "--csv");
            v[k++] = gt__strdup(ctx, csv);
        }
        for (int i = 0; i < r->n_sets; i++) {
            v[k++] = gt__strdup(ctx, "--set");
            v[k++] = gt__strdup(ctx, r->sets[i]);
        }
        for (int i = 0; i < k; i++)
            ok &= v[i] != NULL;
    }
    free(gpkg);
    free(csv);
    if (!ok) {
        gt__strv_free(v);
        gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return v;
}

static char **argv_init(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                        const gt__batch_run *r)
{
    char *dir = gt__run_path(m, r, "province");
    char **v = gt__calloc(ctx, (size_t)r->n_init_args + 6, sizeof *v);
    int k = 0;
    bool ok = v && dir;
    if (ok) {
        v[k++] = gt__strdup(ctx, o->exe);
        v[k++] = gt__strdup(ctx, "--quiet");
        v[k++] = gt__strdup(ctx, "init");
        v[k++] = gt__strdup(ctx, r->province);
        v[k++] = gt__strdup(ctx, dir);
        for (int i = 0; i < r->n_init_args; i++)
            v[k++] = gt__strdup(ctx, r->init_args[i]);
        for (int i = 0; i < k; i++)
            ok &= v[i] != NULL;
    }
    free(dir);
    if (!ok) {
        gt__strv_free(v);
        gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return v;
}

static gt_status plan_children(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                               const gt__batch_run *r, child_plan *c)
{
    memset(c, 0, sizeof *c);
    if (r->kind == GT__RUN_INIT_SITE && !(c->argv[c->n++] = argv_init(ctx, o, m, r)))
        return GT_ERR_NOMEM;
    if (!(c->argv[c->n++] = argv_site(ctx, o, m, r)))
        return GT_ERR_NOMEM;
    return GT_OK;
}

/* Start argv with stdout and stderr appended to `log`; wait for it. The exit
 * code, or 128 + the signal that ended it; -1 when it could not start. */
static int spawn_wait(char *const *argv, const char *log, pid_t *pid_out)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0666);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int e = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e)
        return -1;
    if (pid_out)
        *pid_out = pid;
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(ws))
        return WEXITSTATUS(ws);
    return 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
}

/* The run's error: the last "gistool: " line of its log that is not a
 * warning. Caller frees with free(). */
static char *error_from_log(const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return NULL;
    char line[4096], *last = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "gistool: ", 9) && strncmp(line + 9, "warning: ", 9)) {
            free(last);
            last = gt__asprintf("%s", line + 9);
        }
    }
    fclose(f);
    return last;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Is the run's previous output still good for these inputs and options?
 * NULL when it is (and it may be skipped), else why not. Compares what the
 * output's provenance recorded: the tool, the command, the scenario's
 * SHA-256, the overrides, and the SHA-256 of every input file. Caller frees
 * the reason with free(). */
static char *changed_since(gt_context *ctx, const gt__manifest *m, const gt__batch_run *r)
{
    char *rec_path = gt__run_path(m, r, "batch-run.yaml");
    gt__run_record rec;
    gt__run_record_read(ctx, rec_path, &rec);
    free(rec_path);
    gt__run_status prev = rec.status;
    gt__run_record_free(&rec);
    gt__error_clear(ctx);
    if (prev != GT__RUN_OK && prev != GT__RUN_SKIPPED)
        return gt__asprintf("no good previous run");
    char *gpkg = gt__run_path(m, r, gt__run_gpkg_name(r));
    GDALDatasetH ds =
        gpkg ? GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL) : NULL;
    free(gpkg);
    if (!ds)
        return gt__asprintf("no previous output");
    char *why = NULL;
    char tool[64], hex[65] = "";
    snprintf(tool, sizeof tool, "gistool %s", gt_version());
    long long size;
    char *v_tool = gt__run_info_get(ctx, ds, GT__KEY_TOOL);
    char *v_cmd = gt__run_info_get(ctx, ds, GT__KEY_COMMAND);
    char *v_sha = gt__run_info_get(ctx, ds, GT__KEY_SCENARIO_SHA256);
    char *v_over = gt__run_info_get(ctx, ds, GT__KEY_SCENARIO_OVERRIDES);
    gt__sbuf over = {0};
    gt__sbuf_add(&over, "%s", "");
    for (int i = 0; i < r->n_sets; i++)
        gt__sbuf_add(&over, "%s%s", i ? "; " : "", r->sets[i]);
    if (!v_tool || strcmp(v_tool, tool))
        why = gt__asprintf("made by %s, now %s", v_tool ? v_tool : "(unknown)", tool);
    else if (!v_cmd || strcmp(v_cmd, r->kind == GT__RUN_RANK ? "rank" : "site"))
        why = gt__asprintf("another command");
    else if (!gt__sha256_file(r->scenario, hex, &size) || !v_sha || strcmp(hex, v_sha))
        why = gt__asprintf("the scenario changed");
    else if (!v_over || !over.s || strcmp(v_over, over.s))
        why = gt__asprintf("the overrides changed");
    OGRLayerH l = why ? NULL : GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INPUTS);
    if (!why && !l)
        why = gt__asprintf("no run_inputs in the previous output");
    if (l) {
        int i_path = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), GT__FIELD_INPUT_PATH);
        int i_sha = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), GT__FIELD_INPUT_SHA256);
        int i_role = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), GT__FIELD_INPUT_ROLE);
        OGRFeatureH f;
        OGR_L_ResetReading(l);
        while (!why && (f = OGR_L_GetNextFeature(l))) {
            const char *path = OGR_F_GetFieldAsString(f, i_path);
            const char *sha = OGR_F_GetFieldAsString(f, i_sha);
            if (!gt__sha256_file(path, hex, &size) || strcmp(hex, sha))
                why = gt__asprintf("input '%s' (%s) changed", OGR_F_GetFieldAsString(f, i_role),
                                   path);
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
    free(v_tool);
    free(v_cmd);
    free(v_sha);
    free(v_over);
    free(over.s);
    return why;
}

/* The command lines of a run, one a line: an init run is skipped only when
 * they are the same as last time. */
static char *command_lines(const child_plan *c)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "%s", "");
    for (int i = 0; i < c->n; i++) {
        for (int k = 1; c->argv[i][k]; k++)
            gt__sbuf_add(&b, "%s%s", k > 1 ? " " : "", c->argv[i][k]);
        gt__sbuf_add(&b, "\n");
    }
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static bool same_file_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = strlen(text);
    char *buf = malloc(n + 2);
    size_t got = buf ? fread(buf, 1, n + 1, f) : 0;
    fclose(f);
    bool same = buf && got == n && !memcmp(buf, text, n);
    free(buf);
    return same;
}

/* Runs one entry; long because it is the whole life of a run, in order:
 * folder, skip test, children, record. */
gt_status gt__batch_run_one(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                            int index, gt__run_record *rec)
{
    memset(rec, 0, sizeof *rec);
    if (index < 1 || index > m->n_runs)
        return gt__error(ctx, GT_ERR_USAGE, "batch: --task %d: the manifest '%s' has %d runs",
                         index, m->path, m->n_runs);
    const gt__batch_run *r = &m->runs[index - 1];
    char *dir = gt__run_path(m, r, NULL);
    char *rec_path = gt__run_path(m, r, "batch-run.yaml");
    char *log = gt__run_path(m, r, "log.txt");
    char *cmd_path = gt__run_path(m, r, "command-lines.txt");
    child_plan c = {0};
    gt_status st = dir && rec_path && log && cmd_path ? GT_OK : GT_ERR_NOMEM;
    if (!st)
        st = mkdirs(ctx, dir);
    if (!st)
        st = plan_children(ctx, o, m, r, &c);
    char *lines = st ? NULL : command_lines(&c);
    if (!st && !lines)
        st = GT_ERR_NOMEM;
    if (!st && !o->force) {
        char *why = changed_since(ctx, m, r);
        if (!why && !same_file_text(cmd_path, lines))
            why = gt__asprintf("the command line changed");
        if (!why) {
            rec->status = GT__RUN_SKIPPED;
            rec->skipped = gt__asprintf("unchanged since the last good run");
            gt__log(ctx, GT_LOG_INFO, "run %s: skipped (inputs and options unchanged)", r->id);
        } else {
            gt__log(ctx, GT_LOG_DEBUG, "run %s: runs (%s)", r->id, why);
        }
        free(why);
    }
    if (!st && rec->status != GT__RUN_SKIPPED) {
        /* No record while it runs: a task that dies leaves none, and the
         * summary says so. */
        unlink(rec_path);
        FILE *f = fopen(log, "w");
        if (f)
            fclose(f);
        f = fopen(cmd_path, "w");
        if (f) {
            fputs(lines, f);
            fclose(f);
        }
        double t0 = now_s();
        int code = 0;
        for (int i = 0; i < c.n && code == 0; i++) {
            code = spawn_wait(c.argv[i], log, NULL);
            if (code < 0) {
                rec->error = gt__asprintf("cannot start '%s': %s", c.argv[i][0], strerror(errno));
                code = GT_ERR_INTERNAL;
            }
        }
        rec->duration_s = now_s() - t0;
        rec->exit_code = code;
        rec->status = code == 0 ? GT__RUN_OK : GT__RUN_FAILED;
        if (code && !rec->error)
            rec->error = error_from_log(log);
        if (code && !rec->error)
            rec->error = code > 128 ? gt__asprintf("ended by signal %d", code - 128)
                                    : gt__asprintf("exit code %d", code);
        if (code)
            unlink(cmd_path); /* a failed run is never skipped */
    }
    if (!st)
        st = gt__run_record_write(ctx, rec_path, rec);
    free(lines);
    child_plan_free(&c);
    free(dir);
    free(rec_path);
    free(log);
    free(cmd_path);
    return st;
}

/* --- local: N tasks at a time --------------------------------------------- */

typedef struct {
    pid_t pid;
    int index;
} slot;

/* `gistool batch MANIFEST --task K --output OUT [--force]`, quiet. */
static pid_t start_task(const gt_batch_options *o, const gt__manifest *m, int index)
{
    char task[16];
    snprintf(task, sizeof task, "%d", index);
    char *argv[] = {(char *)o->exe, "--quiet",  "batch",       m->path, "--task",
                    task,           "--output", m->output,     o->force ? "--force" : NULL,
                    NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    /* Its messages are in its run's log.txt and record. */
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int e = posix_spawn(&pid, o->exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return e ? -1 : pid;
}

gt_status gt__batch_local(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m);

/* Starts up to --jobs tasks, reports each as it ends, then writes the
 * summary. */
gt_status gt__batch_local(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m)
{
    gt_status st = mkdirs(ctx, m->output);
    if (st)
        return st;
    int jobs = o->jobs > 0 ? o->jobs : 1;
    slot *slots = gt__calloc(ctx, (size_t)jobs, sizeof *slots);
    if (!slots)
        return GT_ERR_NOMEM;
    int next = 1, done = 0, running = 0, failed = 0;
    if (o->progress)
        o->progress(0, "batch", o->progress_arg);
    while (done < m->n_runs) {
        while (running < jobs && next <= m->n_runs) {
            int k = 0;
            while (slots[k].pid)
                k++;
            pid_t pid = start_task(o, m, next);
            if (pid < 0) {
                gt__log(ctx, GT_LOG_ERROR, "run %s: cannot start '%s'", m->runs[next - 1].id,
                        o->exe);
                done++;
                failed++;
                next++;
                continue;
            }
            slots[k] = (slot){pid, next++};
            running++;
        }
        if (!running)
            break;
        int ws;
        pid_t pid = waitpid(-1, &ws, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        int k = 0;
        while (k < jobs && slots[k].pid != pid)
            k++;
        if (k == jobs)
            continue;
        const gt__batch_run *r = &m->runs[slots[k].index - 1];
        slots[k].pid = 0;
        running--;
        done++;
        char *rec_path = gt__run_path(m, r, "batch-run.yaml");
        gt__run_record rec;
        gt__run_record_read(ctx, rec_path, &rec);
        free(rec_path);
        if (rec.status == GT__RUN_PENDING) {
            rec.status = GT__RUN_FAILED;
            rec.exit_code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        }
        failed += rec.status == GT__RUN_FAILED;
        gt__log(ctx, rec.status == GT__RUN_FAILED ? GT_LOG_WARNING : GT_LOG_INFO,
                "run %d/%d %s: %s (exit %d, %.1f s)%s%s", done, m->n_runs, r->id,
                gt__run_status_name(rec.status), rec.exit_code, rec.duration_s,
                rec.error ? ": " : "", rec.error ? rec.error : "");
        gt__run_record_free(&rec);
        if (o->progress) {
            char msg[64];
            snprintf(msg, sizeof msg, "%d/%d runs, %d failed", done, m->n_runs, failed);
            o->progress((double)done / m->n_runs, msg, o->progress_arg);
        }
    }
    free(slots);
    gt__error_clear(ctx);
    return gt__batch_summary(ctx, m);
}
