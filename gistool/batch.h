/*
 * batch.h: `gistool batch` and `gistool compare` inside the library
 * (internal): the manifest and its runs, the options of both commands, and
 * the pure steps (ids, matrix expansion, the summary's order) that the unit
 * test checks. SPDX-License-Identifier: MIT
 */
#ifndef GT_BATCH_H
#define GT_BATCH_H

#include <stdbool.h>

#include "algorithms/internal.h"

/** What one run does: one child process of gistool, or two for a province
 *  (`gistool init`, then `gistool site` on the folder it built). */
typedef enum { GT__RUN_SITE = 0, GT__RUN_RANK = 1, GT__RUN_INIT_SITE = 2 } gt__run_kind;

typedef struct gt__batch_run {
    char *id;       /* stable: from the manifest's names, never a position */
    gt__run_kind kind;
    char *scenario; /* absolute; for a province: the file in the folder init builds */
    char **sets;    /* the --set overrides, NULL-terminated */
    int n_sets;
    char *province;  /* GT__RUN_INIT_SITE: the province name given to init */
    char **init_args; /* more arguments for init, NULL-terminated */
    int n_init_args;
    int line; /* of its entry in the manifest */
} gt__batch_run;

typedef struct gt__slurm_spec {
    char *partition, *account, *time, *mem, *qos;
    int cpus_per_task; /* 0: Slurm's default */
    int max_running;   /* 0: no limit (%N on the array) */
    char **setup;      /* shell lines before each task (module load ...) */
    int n_setup;
} gt__slurm_spec;

typedef struct gt__manifest {
    char *path;   /* absolute */
    char *name;
    char *output; /* absolute folder: one sub-folder per run, the summary */
    gt__batch_run *runs;
    int n_runs;
    gt__slurm_spec slurm;
} gt__manifest;

/** Read a manifest (docs/batch.md). Errors name file:line:col and key
 *  (GT_ERR_SCENARIO), or the missing file (GT_ERR_INPUT_OPEN). `output`
 *  (may be NULL) replaces the manifest's `output`. Caller frees with
 *  gt__manifest_free(). */
gt_status gt__manifest_load(gt_context *ctx, const char *path, const char *output,
                            gt__manifest *m);
void gt__manifest_free(gt__manifest *m);

/* --- pure steps (tests/unit/test_batch.c) ------------------------------- */

/** `text` made a folder name: ASCII letters (Vietnamese ones without their
 *  marks, lower case), digits, '.', '_' and '-'; every other run of
 *  characters one '-'; no leading or trailing '-'. */
void gt__batch_slug(const char *text, char *out, size_t size);

/** One axis of a matrix: its name and, for each value, a label and the
 *  overrides it adds (NULL-terminated). */
typedef struct gt__axis {
    const char *name;
    int n_values;
    const char *const *labels;
    const char *const *const *sets;
} gt__axis;

/** The number of runs of a matrix: the product of the axes' sizes (0 when
 *  an axis is empty; -1 above `limit`). */
long gt__matrix_size(const gt__axis *axes, int n_axes, long limit);
/** The k-th combination (0-based; the first axis varies slowest): pick[a]
 *  gets the value index of axis a. */
void gt__matrix_pick(const gt__axis *axes, int n_axes, long k, int *pick);
/** The id of a combination: PREFIX.AXIS-LABEL.AXIS-LABEL..., slugged.
 *  Caller frees with free(). */
char *gt__matrix_id(const char *prefix, const gt__axis *axes, int n_axes, const int *pick);

/** The first id that repeats (borrowed), or NULL. */
const char *gt__batch_duplicate_id(const char *const *ids, int n, int *first, int *second);

/* --- a run's record, as every executor leaves it ------------------------ */

typedef enum {
    GT__RUN_PENDING = 0, /* no record: never ran (or its task died) */
    GT__RUN_OK,
    GT__RUN_FAILED,
    GT__RUN_SKIPPED /* unchanged since a good run */
} gt__run_status;

typedef struct gt__run_record {
    gt__run_status status;
    int exit_code;
    double duration_s;
    char *error;   /* the run's error message, or NULL */
    char *skipped; /* why it was skipped, or NULL */
} gt__run_record;

const char *gt__run_status_name(gt__run_status s);
/** Read OUTPUT/<id>/batch-run.yaml; a missing file gives GT__RUN_PENDING. */
gt_status gt__run_record_read(gt_context *ctx, const char *path, gt__run_record *r);
gt_status gt__run_record_write(gt_context *ctx, const char *path, const gt__run_record *r);
void gt__run_record_free(gt__run_record *r);

/* --- paths -------------------------------------------------------------- */

/** OUTPUT/<id>/NAME. Caller frees with free(). */
char *gt__run_path(const gt__manifest *m, const gt__batch_run *r, const char *name);
/** The GeoPackage a run writes: site.gpkg or rank.gpkg. */
const char *gt__run_gpkg_name(const gt__batch_run *r);

/* --- the options of `gistool batch` and `gistool compare` --------------- */

struct gt_batch_options {
    const char *manifest; /* borrowed from argv */
    int jobs;             /* --jobs N */
    int force;            /* --force */
    const char *scheduler; /* local or slurm */
    int task;             /* --task ID (1-based; 0: every run) */
    int summary;          /* --summary: only merge the records */
    int dry_run;          /* --dry-run */
    const char *output;   /* --output DIR */
    const char *exe;      /* the gistool executable the runs use */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
};

struct gt_compare_options {
    const char **files; /* A.gpkg and B.gpkg (borrowed), NULL-terminated */
    int n_files;
    const char *output; /* --output FILE.gpkg */
    const char *html;   /* --html FILE */
    int top;            /* --top N */
    int help;
};

/** Run one manifest entry (1-based) in this process's children. */
gt_status gt__batch_run_one(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                            int index, gt__run_record *rec);
/** Merge every run's record and results into OUTPUT/summary.gpkg and
 *  summary.csv, in manifest order. */
gt_status gt__batch_summary(gt_context *ctx, const gt__manifest *m);
/** The two sbatch scripts, for --scheduler slurm. Caller frees both. */
gt_status gt__slurm_scripts(gt_context *ctx, const gt_batch_options *o, const gt__manifest *m,
                            char **array_script, char **summary_script);

#endif
