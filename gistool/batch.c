/*
 * batch.c: `gistool batch MANIFEST`: one run of the manifest (--task, as a
 * Slurm array task calls it), the summary alone (--summary, the dependent
 * job), every run locally (--jobs N), or the whole batch submitted to
 * Slurm as one array job and a dependent summary job (--scheduler slurm;
 * --dry-run prints the scripts). SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdal.h>

#include "gistool/batch.h"

extern char **environ;

gt_status gt__batch_local(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m);

/* A word for a bash script, in single quotes. */
static void sh_quote(gt__sbuf *b, const char *s)
{
    gt__sbuf_add(b, "'");
    for (; *s; s++)
        gt__sbuf_add(b, *s == '\'' ? "'\\''" : "%c", *s);
    gt__sbuf_add(b, "'");
}

static void sbatch_common(gt__sbuf *b, const gt__manifest *m, const char *name, const char *log)
{
    const gt__slurm_spec *s = &m->slurm;
    gt__sbuf_add(b, "#!/bin/bash\n#SBATCH --job-name=%s\n", name);
    gt__sbuf_add(b, "#SBATCH --output=%s/slurm/%s\n", m->output, log);
    gt__sbuf_add(b, "#SBATCH --chdir=%s\n", m->output);
    if (s->partition)
        gt__sbuf_add(b, "#SBATCH --partition=%s\n", s->partition);
    if (s->account)
        gt__sbuf_add(b, "#SBATCH --account=%s\n", s->account);
    if (s->qos)
        gt__sbuf_add(b, "#SBATCH --qos=%s\n", s->qos);
}

static void setup_lines(gt__sbuf *b, const gt__manifest *m)
{
    for (int i = 0; i < m->slurm.n_setup; i++)
        gt__sbuf_add(b, "%s\n", m->slurm.setup[i]);
}

gt_status gt__slurm_scripts(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                            char **array_script, char **summary_script)
{
    const gt__slurm_spec *s = &m->slurm;
    char name[200];
    gt__batch_slug(m->name, name, sizeof name);
    gt__sbuf a = {0}, b = {0};
    char job[256];
    snprintf(job, sizeof job, "gistool-%s", name);
    sbatch_common(&a, m, job, "task-%a.log");
    gt__sbuf_add(&a, "#SBATCH --array=1-%d", m->n_runs);
    if (s->max_running)
        gt__sbuf_add(&a, "%%%d", s->max_running);
    gt__sbuf_add(&a, "\n#SBATCH --ntasks=1\n");
    if (s->cpus_per_task)
        gt__sbuf_add(&a, "#SBATCH --cpus-per-task=%d\n", s->cpus_per_task);
    if (s->mem)
        gt__sbuf_add(&a, "#SBATCH --mem=%s\n", s->mem);
    if (s->time)
        gt__sbuf_add(&a, "#SBATCH --time=%s\n", s->time);
    gt__sbuf_add(&a, "# One array task runs one manifest entry (1 to %d, manifest order).\n",
                 m->n_runs);
    setup_lines(&a, m);
    gt__sbuf_add(&a, "exec ");
    sh_quote(&a, o->exe);
    gt__sbuf_add(&a, " --quiet batch ");
    sh_quote(&a, m->path);
    gt__sbuf_add(&a, " --output ");
    sh_quote(&a, m->output);
    gt__sbuf_add(&a, "%s --task \"$SLURM_ARRAY_TASK_ID\"\n", o->force ? " --force" : "");

    char sjob[300];
    snprintf(sjob, sizeof sjob, "%s-summary", job);
    sbatch_common(&b, m, sjob, "summary.log");
    gt__sbuf_add(&b, "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
    if (s->time)
        gt__sbuf_add(&b, "#SBATCH --time=%s\n", s->time);
    gt__sbuf_add(&b, "# Submitted with --dependency=afterany:<array job>: it merges every\n"
                     "# run's record, failed ones included, in manifest order.\n");
    setup_lines(&b, m);
    gt__sbuf_add(&b, "exec ");
    sh_quote(&b, o->exe);
    gt__sbuf_add(&b, " --quiet batch ");
    sh_quote(&b, m->path);
    gt__sbuf_add(&b, " --output ");
    sh_quote(&b, m->output);
    gt__sbuf_add(&b, " --summary\n");
    if (a.nomem || b.nomem) {
        free(a.s);
        free(b.s);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    *array_script = a.s;
    *summary_script = b.s;
    return GT_OK;
}

static gt_status write_text(gt_context *ctx, const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write: %s", path, strerror(errno));
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    return bad ? gt__error(ctx, GT_ERR_OUTPUT, "%s: cannot write", path) : GT_OK;
}

/* `sbatch --parsable [dep] SCRIPT`; the job id it prints. */
static gt_status sbatch(gt_context *ctx, const char *script, const char *dependency, char *id,
                        size_t size)
{
    int fd[2];
    if (pipe(fd))
        return gt__error(ctx, GT_ERR_INTERNAL, "pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    char *argv[] = {"sbatch", "--parsable", (char *)(dependency ? dependency : script),
                    dependency ? (char *)script : NULL, NULL};
    pid_t pid;
    int e = posix_spawnp(&pid, "sbatch", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (e) {
        close(fd[0]);
        return gt__error(ctx, GT_ERR_DEPENDENCY,
                         "cannot run sbatch (%s): is Slurm's client installed and on PATH?",
                         strerror(e));
    }
    char buf[256] = "";
    size_t n = 0;
    ssize_t got;
    while (n + 1 < sizeof buf && (got = read(fd[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)got;
    buf[n] = 0;
    close(fd[0]);
    int ws;
    waitpid(pid, &ws, 0);
    buf[strcspn(buf, ";\n")] = 0;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) || !buf[0])
        return gt__error(ctx, GT_ERR_DEPENDENCY, "sbatch %s failed (exit %d); its message is above",
                         script, WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    snprintf(id, size, "%s", buf);
    return GT_OK;
}

static gt_status submit(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                        char **report)
{
    char *array = NULL, *summary = NULL;
    gt_status st = gt__slurm_scripts(ctx, o, m, &array, &summary);
    if (st)
        return st;
    if (o->dry_run) {
        *report = gt__asprintf("# sbatch --parsable %s/slurm/array.sh\n%s\n"
                               "# sbatch --parsable --dependency=afterany:ARRAY_JOB_ID "
                               "%s/slurm/summary.sh\n%s",
                               m->output, array, m->output, summary);
        free(array);
        free(summary);
        return *report ? GT_OK : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    char *dir = gt__asprintf("%s/slurm", m->output);
    char *pa = gt__asprintf("%s/array.sh", dir ? dir : "");
    char *ps = gt__asprintf("%s/summary.sh", dir ? dir : "");
    st = dir && pa && ps ? GT_OK : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st && mkdir(m->output, 0777) && errno != EEXIST)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot create the output folder '%s': %s", m->output,
                       strerror(errno));
    if (!st && mkdir(dir, 0777) && errno != EEXIST)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot create the folder '%s': %s", dir,
                       strerror(errno));
    if (!st)
        st = write_text(ctx, pa, array);
    if (!st)
        st = write_text(ctx, ps, summary);
    char job[128] = "", sjob[128] = "";
    if (!st)
        st = sbatch(ctx, pa, NULL, job, sizeof job);
    if (!st) {
        char dep[160];
        snprintf(dep, sizeof dep, "--dependency=afterany:%s", job);
        st = sbatch(ctx, ps, dep, sjob, sizeof sjob);
    }
    if (!st) {
        *report = gt__asprintf("array job %s (%d tasks), summary job %s\nsummary: "
                               "%s/summary.gpkg when job %s ends\n",
                               job, m->n_runs, sjob, m->output, sjob);
        if (!*report)
            st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    free(array);
    free(summary);
    free(dir);
    free(pa);
    free(ps);
    return st;
}

gt_status gt_batch_run(gt_context *ctx, const gt_batch_options *o, gt_batch_result *result,
                       char **report)
{
    memset(result, 0, sizeof *result);
    *report = NULL;
    if (!o->exe)
        return gt__error(ctx, GT_ERR_USAGE, "batch: no gistool executable to run the runs with");
    /* One mode a call: a task (what an array task runs), the summary
     * alone (the dependent job), or the whole batch, here or on Slurm; a
     * second was silently ignored. An empty --output was the current
     * folder. */
    bool slurm_asked = (o->scheduler && !strcmp(o->scheduler, "slurm")) || o->dry_run;
    if ((o->task && o->summary) || ((o->task || o->summary) && slurm_asked))
        return gt__error(ctx, GT_ERR_USAGE,
                         "batch: %s and %s exclude each other (--task runs one run, --summary "
                         "only merges the records, --scheduler slurm and --dry-run submit the "
                         "whole batch)",
                         o->task ? "--task" : "--summary",
                         o->task && o->summary ? "--summary"
                         : o->dry_run          ? "--dry-run"
                                               : "--scheduler slurm");
    if (o->output && !*o->output)
        return gt__error(ctx, GT_ERR_OUTPUT,
                         "batch: --output is empty: give the folder for the runs and the "
                         "summary");
    GDALAllRegister();
    gt__manifest m;
    gt_status st = gt__manifest_load(ctx, o->manifest, o->output, &m);
    if (st)
        return st;
    bool slurm = o->scheduler && !strcmp(o->scheduler, "slurm");
    if (o->task) {
        gt__run_record rec;
        st = gt__batch_run_one(ctx, o, &m, o->task, &rec);
        if (!st) {
            result->runs = 1;
            result->ok = rec.status == GT__RUN_OK;
            result->skipped = rec.status == GT__RUN_SKIPPED;
            result->failed = rec.status == GT__RUN_FAILED;
            result->first_exit_code = rec.exit_code;
            result->task = 1;
            /* The run's message, for the task's log (the status stays OK:
             * the batch did its job). */
            if (rec.status == GT__RUN_FAILED)
                gt__error(ctx, (gt_status)rec.exit_code, "run %s failed: %s",
                          m.runs[o->task - 1].id, rec.error ? rec.error : "");
        }
        gt__run_record_free(&rec);
    } else if (o->summary) {
        st = gt__batch_summary(ctx, &m);
    } else if (slurm || o->dry_run) {
        st = submit(ctx, o, &m, report);
    } else {
        st = gt__batch_local(ctx, o, &m);
    }
    /* Count what the records say (not for a single task or a submission). */
    if (!st && !o->task && !(slurm || o->dry_run)) {
        result->runs = m.n_runs;
        for (int i = 0; i < m.n_runs; i++) {
            char *p = gt__run_path(&m, &m.runs[i], "batch-run.yaml");
            gt__run_record rec;
            if (p && !gt__run_record_read(ctx, p, &rec)) {
                result->ok += rec.status == GT__RUN_OK;
                result->skipped += rec.status == GT__RUN_SKIPPED;
                result->failed += rec.status == GT__RUN_FAILED;
                result->pending += rec.status == GT__RUN_PENDING;
                if (!result->first_exit_code && rec.status == GT__RUN_FAILED)
                    result->first_exit_code = rec.exit_code;
                gt__run_record_free(&rec);
            }
            free(p);
        }
        gt__error_clear(ctx);
        if (result->failed || result->pending)
            gt__error(ctx, (gt_status)GT_BATCH_RUNS_FAILED,
                      "%d of %d runs failed or did not run: see %s/summary.csv",
                      result->failed + result->pending, result->runs, m.output);
        *report = gt__asprintf("%d runs: %d ok, %d skipped, %d failed, %d not run\n"
                               "summary: %s/summary.gpkg, %s/summary.csv\n",
                               result->runs, result->ok, result->skipped, result->failed,
                               result->pending, m.output, m.output);
    }
    gt__manifest_free(&m);
    return st;
}
