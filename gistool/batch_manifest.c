/*
 * batch_manifest.c: reading a batch manifest (docs/batch.md): explicit
 * runs, one base scenario times a matrix of --set overrides, and provinces
 * for `gistool init`; each run gets a stable id from the manifest's names
 * (never from its position, so adding a run changes no other run's folder).
 * SPDX-License-Identifier: MIT
 */
/* realpath(3) */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "algorithms/text_fold.h"
#include "gistool/batch.h"
#include "gistool/yaml.h"

#define MAX_RUNS 10000

/* --- pure steps ------------------------------------------------------------ */

void gt__batch_slug(const char *text, char *out, size_t size)
{
    char folded[1024];
    if (!gt__text_fold(text ? text : "", true, folded, sizeof folded))
        snprintf(folded, sizeof folded, "%.200s", text);
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)folded; *p && n + 2 < size; p++) {
        unsigned char c = *p;
        /* Not a leading dot: "." and ".." are no folder of their own, and
         * a hidden name is how the outputs' temporary files are named. */
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '.' && n) ||
                    c == '_' || c == '-' || (c >= 'A' && c <= 'Z');
        if (keep) {
            if (dash && n)
                out[n++] = '-';
            dash = false;
            out[n++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
        } else {
            dash = true;
        }
    }
    while (n && out[n - 1] == '-')
        n--;
    out[n] = 0;
    if (!n)
        snprintf(out, size, "run");
}

long gt__matrix_size(const gt__axis *axes, int n_axes, long limit)
{
    long total = 1;
    for (int a = 0; a < n_axes; a++) {
        if (axes[a].n_values <= 0)
            return 0;
        if (total > limit / axes[a].n_values)
            return -1;
        total *= axes[a].n_values;
    }
    return total;
}

void gt__matrix_pick(const gt__axis *axes, int n_axes, long k, int *pick)
{
    for (int a = n_axes - 1; a >= 0; a--) {
        pick[a] = (int)(k % axes[a].n_values);
        k /= axes[a].n_values;
    }
}

char *gt__matrix_id(const char *prefix, const gt__axis *axes, int n_axes, const int *pick)
{
    gt__sbuf b = {0};
    char slug[256];
    gt__batch_slug(prefix, slug, sizeof slug);
    gt__sbuf_add(&b, "%s", slug);
    for (int a = 0; a < n_axes; a++) {
        char name[128], label[128];
        gt__batch_slug(axes[a].name, name, sizeof name);
        gt__batch_slug(axes[a].labels[pick[a]], label, sizeof label);
        gt__sbuf_add(&b, ".%s-%s", name, label);
    }
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

const char *gt__batch_duplicate_id(const char *const *ids, int n, int *first, int *second)
{
    for (int j = 1; j < n; j++)
        for (int i = 0; i < j; i++)
            if (!strcmp(ids[i], ids[j])) {
                *first = i;
                *second = j;
                return ids[j];
            }
    return NULL;
}

/* --- reading ------------------------------------------------------------------ */

typedef struct {
    gt__yaml y;
    gt__manifest *m;
    char *dir; /* the manifest's folder, absolute */
    int cap;
} reader;

/* `path` relative to the manifest's folder, made absolute (the file need not
 * exist yet). Caller frees with free(). */
static char *resolve(const reader *r, const char *path)
{
    if (path[0] == '/')
        return gt__asprintf("%s", path);
    return gt__asprintf("%s/%s", r->dir, path);
}

static gt_status add_run(reader *r, gt__batch_run **out)
{
    gt__manifest *m = r->m;
    if (m->n_runs >= MAX_RUNS)
        return gt__error(r->y.ctx, GT_ERR_SCENARIO, "%s: more than %d runs", r->y.file, MAX_RUNS);
    if (m->n_runs == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        gt__batch_run *v = realloc(m->runs, (size_t)cap * sizeof *v);
        if (!v)
            return gt__error(r->y.ctx, GT_ERR_NOMEM, "out of memory");
        m->runs = v;
        r->cap = cap;
    }
    *out = &m->runs[m->n_runs++];
    memset(*out, 0, sizeof **out);
    return GT_OK;
}

static gt_status kind_of(reader *r, struct fy_node *n, gt__run_kind *kind)
{
    *kind = GT__RUN_SITE;
    if (!n)
        return GT_OK;
    char *s = NULL;
    gt_status st = gt__yaml_string(&r->y, n, GT_ERR_SCENARIO, &s);
    if (!st && !strcmp(s, "rank"))
        *kind = GT__RUN_RANK;
    else if (!st && strcmp(s, "site"))
        st = gt__yaml_error(&r->y, n, GT_ERR_SCENARIO, "'%s' is not a command a run can be "
                                                       "(site or rank)", s);
    free(s);
    return st;
}

/* Overrides: a list of "key=value" strings, or one. */
static gt_status sets_of(reader *r, struct fy_node *n, char ***out, int *count)
{
    if (!n) {
        *out = gt__calloc(r->y.ctx, 1, sizeof **out);
        *count = 0;
        return *out ? GT_OK : GT_ERR_NOMEM;
    }
    gt_status st = gt__yaml_strings(&r->y, n, GT_ERR_SCENARIO, out, count);
    for (int i = 0; !st && i < *count; i++)
        if (!strchr((*out)[i], '='))
            st = gt__yaml_error(&r->y, n, GT_ERR_SCENARIO,
                                "'%s': expected key.path=value (as --set)", (*out)[i]);
    return st;
}

/* Two lists joined (a's then b's), NULL-terminated. */
static char **concat(gt_context *ctx, char *const *a, int na, const char *const *b, int nb)
{
    char **v = gt__calloc(ctx, (size_t)(na + nb) + 1, sizeof *v);
    if (!v)
        return NULL;
    for (int i = 0; i < na + nb; i++)
        if (!(v[i] = gt__strdup(ctx, i < na ? a[i] : b[i - na]))) {
            gt__strv_free(v);
            return NULL;
        }
    return v;
}

/* The file name without folder and extension: the default id. */
static void stem(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(out, size, "%s", base);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = 0;
}

static gt_status read_runs(reader *r, struct fy_node *list)
{
    static const char *const keys[] = {"id", "command", "scenario", "set", NULL};
    if (!fy_node_is_sequence(list))
        return gt__yaml_error(&r->y, list, GT_ERR_SCENARIO, "expected a list of runs");
    void *it = NULL;
    struct fy_node *e;
    gt_status st = GT_OK;
    while (!st && (e = fy_node_sequence_iterate(list, &it))) {
        st = gt__yaml_check_map(&r->y, e, keys, GT_ERR_SCENARIO);
        struct fy_node *scen = st ? NULL : gt__yaml_get(e, "scenario");
        if (!st && !scen)
            st = gt__yaml_error(&r->y, e, GT_ERR_SCENARIO, "a run needs a scenario");
        gt__batch_run *run = NULL;
        if (!st)
            st = add_run(r, &run);
        char *path = NULL, *id = NULL;
        if (!st)
            st = gt__yaml_string(&r->y, scen, GT_ERR_SCENARIO, &path);
        if (!st)
            st = kind_of(r, gt__yaml_get(e, "command"), &run->kind);
        if (!st)
            st = sets_of(r, gt__yaml_get(e, "set"), &run->sets, &run->n_sets);
        if (!st && gt__yaml_get(e, "id"))
            st = gt__yaml_string(&r->y, gt__yaml_get(e, "id"), GT_ERR_SCENARIO, &id);
        if (!st) {
            char base[256], slug[256];
            if (id)
                snprintf(base, sizeof base, "%s", id);
            else
                stem(path, base, sizeof base);
            gt__batch_slug(base, slug, sizeof slug);
            run->id = gt__strdup(r->y.ctx, slug);
            run->scenario = resolve(r, path);
            int col;
            gt__yaml_pos(e, &run->line, &col);
            if (!run->id || !run->scenario)
                st = GT_ERR_NOMEM;
        }
        free(path);
        free(id);
    }
    return st;
}

/* One axis: `name: [v1, v2]` (each value gives --set name=v) or
 * `name: {label: [overrides], ...}` (named variants). The strings are kept
 * in `store` (freed by the caller). */
typedef struct {
    char **labels;
    char ***sets;
    int n;
} axis_store;

static void axis_store_free(axis_store *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->labels[i]);
        gt__strv_free(s->sets[i]);
    }
    free(s->labels);
    free(s->sets);
}

static gt_status read_axis(reader *r, const char *name, struct fy_node *v, axis_store *s)
{
    gt_context *ctx = r->y.ctx;
    bool seq = fy_node_is_sequence(v), map = fy_node_is_mapping(v);
    if (!seq && !map)
        return gt__yaml_error(&r->y, v, GT_ERR_SCENARIO,
                              "an axis is a list of values or a mapping of named overrides");
    int n = seq ? fy_node_sequence_item_count(v) : fy_node_mapping_item_count(v);
    if (n <= 0)
        return gt__yaml_error(&r->y, v, GT_ERR_SCENARIO, "axis '%s' has no values", name);
    s->labels = gt__calloc(ctx, (size_t)n, sizeof *s->labels);
    s->sets = gt__calloc(ctx, (size_t)n, sizeof *s->sets);
    if (!s->labels || !s->sets)
        return GT_ERR_NOMEM;
    gt_status st = GT_OK;
    void *it = NULL;
    for (int i = 0; !st && i < n; i++) {
        s->n = i + 1;
        if (seq) {
            struct fy_node *item = fy_node_sequence_iterate(v, &it);
            st = gt__yaml_string(&r->y, item, GT_ERR_SCENARIO, &s->labels[i]);
            if (!st) {
                s->sets[i] = gt__calloc(ctx, 2, sizeof(char *));
                if (!s->sets[i] || !(s->sets[i][0] = gt__asprintf("%s=%s", name, s->labels[i])))
                    st = GT_ERR_NOMEM;
            }
        } else {
            struct fy_node_pair *p = fy_node_mapping_iterate(v, &it);
            st = gt__yaml_string(&r->y, fy_node_pair_key(p), GT_ERR_SCENARIO, &s->labels[i]);
            int count = 0;
            if (!st)
                st = sets_of(r, fy_node_pair_value(p), &s->sets[i], &count);
        }
    }
    return st;
}

/* A matrix: its runs, in the order of the combinations (first axis
 * slowest). */
static gt_status read_matrix(reader *r, struct fy_node *e)
{
    static const char *const keys[] = {"id", "command", "scenario", "set", "axes", NULL};
    gt_context *ctx = r->y.ctx;
    gt_status st = gt__yaml_check_map(&r->y, e, keys, GT_ERR_SCENARIO);
    struct fy_node *scen = st ? NULL : gt__yaml_get(e, "scenario");
    struct fy_node *axes_node = st ? NULL : gt__yaml_get(e, "axes");
    if (!st && !scen)
        st = gt__yaml_error(&r->y, e, GT_ERR_SCENARIO, "a matrix needs a base scenario");
    if (!st && (!axes_node || !fy_node_is_mapping(axes_node)))
        st = gt__yaml_error(&r->y, axes_node ? axes_node : e, GT_ERR_SCENARIO,
                            "a matrix needs axes: {name: [values], ...}");
    char *path = NULL, *prefix = NULL, **common = NULL;
    int n_common = 0, line = 0, col = 0;
    gt__run_kind kind = GT__RUN_SITE;
    if (!st)
        st = gt__yaml_string(&r->y, scen, GT_ERR_SCENARIO, &path);
    if (!st)
        st = kind_of(r, gt__yaml_get(e, "command"), &kind);
    if (!st)
        st = sets_of(r, gt__yaml_get(e, "set"), &common, &n_common);
    if (!st && gt__yaml_get(e, "id"))
        st = gt__yaml_string(&r->y, gt__yaml_get(e, "id"), GT_ERR_SCENARIO, &prefix);
    if (!st && !prefix) {
        char base[256];
        stem(path, base, sizeof base);
        prefix = gt__strdup(ctx, base);
    }
    gt__yaml_pos(e, &line, &col);
    int n_axes = st ? 0 : fy_node_mapping_item_count(axes_node);
    axis_store *store = n_axes ? gt__calloc(ctx, (size_t)n_axes, sizeof *store) : NULL;
    gt__axis *axes = n_axes ? gt__calloc(ctx, (size_t)n_axes, sizeof *axes) : NULL;
    char **names = n_axes ? gt__calloc(ctx, (size_t)n_axes, sizeof *names) : NULL;
    if (!st && n_axes && (!store || !axes || !names))
        st = GT_ERR_NOMEM;
    if (!st && !n_axes)
        st = gt__yaml_error(&r->y, axes_node, GT_ERR_SCENARIO, "a matrix needs at least one axis");
    void *it = NULL;
    for (int a = 0; !st && a < n_axes; a++) {
        struct fy_node_pair *p = fy_node_mapping_iterate(axes_node, &it);
        st = gt__yaml_string(&r->y, fy_node_pair_key(p), GT_ERR_SCENARIO, &names[a]);
        if (!st)
            st = read_axis(r, names[a], fy_node_pair_value(p), &store[a]);
        if (!st)
            axes[a] = (gt__axis){names[a], store[a].n, (const char *const *)store[a].labels,
                                 (const char *const *const *)store[a].sets};
    }
    long total = st ? 0 : gt__matrix_size(axes, n_axes, MAX_RUNS);
    if (!st && total < 0)
        st = gt__yaml_error(&r->y, axes_node, GT_ERR_SCENARIO, "the matrix has more than %d runs",
                            MAX_RUNS);
    int *pick = n_axes ? gt__calloc(ctx, (size_t)n_axes, sizeof *pick) : NULL;
    if (!st && !pick)
        st = GT_ERR_NOMEM;
    for (long k = 0; !st && k < total; k++) {
        gt__matrix_pick(axes, n_axes, k, pick);
        gt__batch_run *run = NULL;
        st = add_run(r, &run);
        if (st)
            break;
        run->kind = kind;
        run->line = line;
        run->id = gt__matrix_id(prefix, axes, n_axes, pick);
        run->scenario = resolve(r, path);
        /* The matrix's common overrides first, then each axis's in order. */
        run->sets = concat(ctx, common, n_common, NULL, 0);
        run->n_sets = n_common;
        for (int a = 0; run->sets && a < n_axes; a++) {
            const char *const *add = axes[a].sets[pick[a]];
            int nb = 0;
            while (add[nb])
                nb++;
            char **joined = concat(ctx, run->sets, run->n_sets, add, nb);
            gt__strv_free(run->sets);
            run->sets = joined;
            run->n_sets += nb;
        }
        if (!run->id || !run->scenario || !run->sets)
            st = GT_ERR_NOMEM;
    }
    for (int a = 0; a < n_axes; a++) {
        if (store)
            axis_store_free(&store[a]);
        if (names)
            free(names[a]);
    }
    free(store);
    free(axes);
    free(names);
    free(pick);
    free(path);
    free(prefix);
    gt__strv_free(common);
    return st;
}

/* Provinces: one run each, `gistool init NAME FOLDER [init_args]`, then
 * `gistool site FOLDER/<scenario>` with the overrides. */
static gt_status read_provinces(reader *r, struct fy_node *e)
{
    static const char *const keys[] = {"names", "scenario", "init_args", "set", NULL};
    gt_context *ctx = r->y.ctx;
    gt_status st = gt__yaml_check_map(&r->y, e, keys, GT_ERR_SCENARIO);
    char **names = NULL, **init_args = NULL, **sets = NULL, *scenario = NULL;
    int n_names = 0, n_init = 0, n_sets = 0, line = 0, col = 0;
    if (!st)
        st = gt__yaml_strings(&r->y, gt__yaml_get(e, "names"), GT_ERR_SCENARIO, &names, &n_names);
    if (!st && gt__yaml_get(e, "init_args"))
        st = gt__yaml_strings(&r->y, gt__yaml_get(e, "init_args"), GT_ERR_SCENARIO, &init_args,
                              &n_init);
    if (!st)
        st = sets_of(r, gt__yaml_get(e, "set"), &sets, &n_sets);
    if (!st && gt__yaml_get(e, "scenario"))
        st = gt__yaml_string(&r->y, gt__yaml_get(e, "scenario"), GT_ERR_SCENARIO, &scenario);
    gt__yaml_pos(e, &line, &col);
    /* init_args relative to the manifest: a value naming an existing file
     * or folder there is made absolute, so the child finds it from
     * anywhere. */
    for (int i = 0; !st && i < n_init; i++) {
        if (init_args[i][0] == '-' || init_args[i][0] == '/')
            continue;
        char *abs = resolve(r, init_args[i]);
        if (abs && access(abs, F_OK) == 0) {
            free(init_args[i]);
            init_args[i] = abs;
        } else {
            free(abs);
        }
    }
    for (int i = 0; !st && i < n_names; i++) {
        gt__batch_run *run = NULL;
        st = add_run(r, &run);
        if (st)
            break;
        char slug[256];
        gt__batch_slug(names[i], slug, sizeof slug);
        run->kind = GT__RUN_INIT_SITE;
        run->line = line;
        run->id = gt__asprintf("province.%s", slug);
        run->province = gt__strdup(ctx, names[i]);
        run->sets = concat(ctx, sets, n_sets, NULL, 0);
        run->n_sets = n_sets;
        run->init_args = concat(ctx, init_args, n_init, NULL, 0);
        run->n_init_args = n_init;
        /* The folder init builds is OUTPUT/<id>/province. */
        run->scenario = gt__asprintf("%s/%s/province/%s", r->m->output, run->id,
                                     scenario ? scenario : "site.yaml");
        if (!run->id || !run->province || !run->sets || !run->init_args || !run->scenario)
            st = GT_ERR_NOMEM;
    }
    gt__strv_free(names);
    gt__strv_free(init_args);
    gt__strv_free(sets);
    free(scenario);
    return st;
}

static gt_status read_int(reader *r, struct fy_node *n, int lo, int hi, int *out)
{
    double v;
    gt_status st = gt__yaml_number(&r->y, n, GT_ERR_SCENARIO, &v);
    if (!st && (v != (int)v || v < lo || v > hi))
        st = gt__yaml_error(&r->y, n, GT_ERR_SCENARIO, "expected a whole number from %d to %d",
                            lo, hi);
    if (!st)
        *out = (int)v;
    return st;
}

static gt_status read_slurm(reader *r, struct fy_node *e)
{
    static const char *const keys[] = {"partition", "account", "qos",         "time", "mem",
                                       "cpus_per_task", "max_running", "setup", NULL};
    gt__slurm_spec *s = &r->m->slurm;
    gt_status st = gt__yaml_check_map(&r->y, e, keys, GT_ERR_SCENARIO);
    struct {
        const char *key;
        char **dst;
    } strs[] = {{"partition", &s->partition},
                {"account", &s->account},
                {"qos", &s->qos},
                {"time", &s->time},
                {"mem", &s->mem}};
    for (size_t i = 0; !st && i < sizeof strs / sizeof strs[0]; i++) {
        struct fy_node *n = gt__yaml_get(e, strs[i].key);
        if (n)
            st = gt__yaml_string(&r->y, n, GT_ERR_SCENARIO, strs[i].dst);
        /* A value goes into an #SBATCH line: one line, no shell. */
        if (!st && n && strpbrk(*strs[i].dst, "\n\r"))
            st = gt__yaml_error(&r->y, n, GT_ERR_SCENARIO, "one line expected");
    }
    if (!st && gt__yaml_get(e, "cpus_per_task"))
        st = read_int(r, gt__yaml_get(e, "cpus_per_task"), 1, 1024, &s->cpus_per_task);
    if (!st && gt__yaml_get(e, "max_running"))
        st = read_int(r, gt__yaml_get(e, "max_running"), 1, 100000, &s->max_running);
    if (!st && gt__yaml_get(e, "setup"))
        st = gt__yaml_strings(&r->y, gt__yaml_get(e, "setup"), GT_ERR_SCENARIO, &s->setup,
                              &s->n_setup);
    return st;
}

/* Reads the whole manifest; long because it checks each top-level key in
 * the order the docs list them. */
/* A site scenario that asks for a Cloud Optimized GeoTIFF (outputs.cog)
 * names one path for every run of it (all the runs of a matrix): each run's
 * goes to its own folder instead, as one more override. A scenario that
 * cannot be read is the run's own error, reported when it runs. */
static gt_status own_cog(gt_context *ctx, const gt__manifest *m, gt__batch_run *run)
{
    if (run->kind != GT__RUN_SITE)
        return GT_OK;
    gt__yaml y = {0};
    gt_status st = gt__yaml_load(ctx, run->scenario, GT_ERR_SCENARIO, &y);
    struct fy_node *outs = st ? NULL : gt__yaml_get(gt__yaml_root(&y), "outputs");
    bool cog = outs && fy_node_is_mapping(outs) && gt__yaml_get(outs, "cog");
    gt__yaml_free(&y);
    if (st)
        gt__error_clear(ctx);
    if (!cog)
        return GT_OK;
    char **v = realloc(run->sets, (size_t)(run->n_sets + 2) * sizeof *v);
    if (!v)
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    run->sets = v;
    v[run->n_sets + 1] = NULL;
    if (!(v[run->n_sets] = gt__asprintf("outputs.cog=%s/%s/site.tif", m->output, run->id)))
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    run->n_sets++;
    return GT_OK;
}

static gt_status read_manifest(reader *r, const char *output)
{
    static const char *const keys[] = {"name",      "output", "runs", "matrix",
                                       "provinces", "slurm",  NULL};
    gt_context *ctx = r->y.ctx;
    struct fy_node *root = gt__yaml_root(&r->y);
    gt_status st = gt__yaml_check_map(&r->y, root, keys, GT_ERR_SCENARIO);
    char *out = NULL;
    if (!st && gt__yaml_get(root, "name"))
        st = gt__yaml_string(&r->y, gt__yaml_get(root, "name"), GT_ERR_SCENARIO, &r->m->name);
    if (!st && !output && !gt__yaml_get(root, "output"))
        st = gt__yaml_error(&r->y, root, GT_ERR_SCENARIO,
                            "output: the folder for the runs is required (or --output)");
    if (!st && !output)
        st = gt__yaml_string(&r->y, gt__yaml_get(root, "output"), GT_ERR_SCENARIO, &out);
    if (!st) {
        if (output) {
            char cwd[PATH_MAX];
            r->m->output = output[0] == '/' || !getcwd(cwd, sizeof cwd)
                               ? gt__asprintf("%s", output)
                               : gt__asprintf("%s/%s", cwd, output);
        } else {
            r->m->output = resolve(r, out);
        }
        if (!r->m->output)
            st = GT_ERR_NOMEM;
    }
    free(out);
    if (!st && !r->m->name) {
        char base[256];
        stem(r->m->path, base, sizeof base);
        r->m->name = gt__strdup(ctx, base);
    }
    struct fy_node *n;
    if (!st && (n = gt__yaml_get(root, "runs")))
        st = read_runs(r, n);
    if (!st && (n = gt__yaml_get(root, "matrix"))) {
        if (fy_node_is_sequence(n)) {
            void *it = NULL;
            struct fy_node *e;
            while (!st && (e = fy_node_sequence_iterate(n, &it)))
                st = read_matrix(r, e);
        } else {
            st = read_matrix(r, n);
        }
    }
    if (!st && (n = gt__yaml_get(root, "provinces")))
        st = read_provinces(r, n);
    if (!st && (n = gt__yaml_get(root, "slurm")))
        st = read_slurm(r, n);
    if (!st && r->m->n_runs == 0)
        st = gt__yaml_error(&r->y, root, GT_ERR_SCENARIO,
                            "no runs: give runs, matrix or provinces");
    if (!st) {
        const char **ids = gt__calloc(ctx, (size_t)r->m->n_runs, sizeof *ids);
        if (!ids)
            return GT_ERR_NOMEM;
        for (int i = 0; i < r->m->n_runs; i++)
            ids[i] = r->m->runs[i].id;
        int a, b;
        const char *dup = gt__batch_duplicate_id(ids, r->m->n_runs, &a, &b);
        if (dup && r->m->runs[a].line == r->m->runs[b].line)
            /* two combinations of one matrix (or names of one list) */
            st = gt__error(ctx, GT_ERR_SCENARIO,
                           "%s:%d: run id '%s' is made twice by this entry (runs %d and %d of "
                           "the batch): two of its values or names give one id (an id keeps "
                           "a-z 0-9 . _ - only: 'A b' and 'a-B' are one); make them differ",
                           r->y.file, r->m->runs[b].line, dup, a + 1, b + 1);
        else if (dup)
            st = gt__error(ctx, GT_ERR_SCENARIO,
                           "%s:%d: run id '%s' is also the id of the run at line %d; give one "
                           "of them another id",
                           r->y.file, r->m->runs[b].line, dup, r->m->runs[a].line);
        /* A run's folder may not take the name of a file of the batch. */
        static const char *const reserved[] = {"summary.csv", "summary.gpkg", "slurm", NULL};
        for (int i = 0; !st && i < r->m->n_runs; i++)
            for (int k = 0; !st && reserved[k]; k++)
                if (!strcmp(ids[i], reserved[k]))
                    st = gt__error(ctx, GT_ERR_SCENARIO,
                                   "%s:%d: run id '%s' is the name of a file or folder the batch "
                                   "writes beside the runs' folders; give the run another id",
                                   r->y.file, r->m->runs[i].line, ids[i]);
        /* Each run writes in its own folder: an override of where a run
         * writes (outputs.cog=../other-run/site.gpkg) would write into
         * another run's folder, or every run of a matrix over one file. */
        static const char *const own[] = {"outputs.maps", "outputs.report", "outputs.lang",
                                          NULL};
        for (int i = 0; !st && i < r->m->n_runs; i++)
            for (int j = 0; !st && j < r->m->runs[i].n_sets; j++) {
                const char *kv = r->m->runs[i].sets[j];
                size_t n = strcspn(kv, "=");
                while (n && isspace((unsigned char)kv[n - 1]))
                    n--;
                bool outputs = n >= 7 && !strncmp(kv, "outputs", 7) && (n == 7 || kv[7] == '.');
                for (int k = 0; outputs && own[k]; k++)
                    if (strlen(own[k]) == n && !strncmp(kv, own[k], n))
                        outputs = false;
                if (outputs)
                    st = gt__error(ctx, GT_ERR_SCENARIO,
                                   "%s:%d: run '%s': '%.*s' cannot be set in a batch: each run "
                                   "writes its outputs in its own folder (%s/%s/); only "
                                   "outputs.maps, outputs.report and outputs.lang may be set",
                                   r->y.file, r->m->runs[i].line, ids[i], (int)n, kv,
                                   r->m->output, ids[i]);
            }
        for (int i = 0; !st && i < r->m->n_runs; i++)
            st = own_cog(ctx, r->m, &r->m->runs[i]);
        free(ids);
    }
    return st;
}

gt_status gt__manifest_load(gt_context *ctx, const char *path, const char *output,
                            gt__manifest *m)
{
    memset(m, 0, sizeof *m);
    reader r = {.m = m};
    gt_status st = gt__yaml_load(ctx, path, GT_ERR_SCENARIO, &r.y);
    if (st) {
        gt__yaml_free(&r.y); /* what it read before the error */
        return st;
    }
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        st = gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: cannot read: %s", path, strerror(errno));
    if (!st) {
        m->path = gt__strdup(ctx, abs);
        char *copy = gt__strdup(ctx, abs);
        r.dir = copy ? gt__strdup(ctx, dirname(copy)) : NULL;
        free(copy);
        if (!m->path || !r.dir)
            st = GT_ERR_NOMEM;
    }
    if (!st)
        st = read_manifest(&r, output);
    free(r.dir);
    gt__yaml_free(&r.y);
    if (st)
        gt__manifest_free(m);
    return st;
}

void gt__manifest_free(gt__manifest *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_runs; i++) {
        gt__batch_run *r = &m->runs[i];
        free(r->id);
        free(r->scenario);
        gt__strv_free(r->sets);
        free(r->province);
        gt__strv_free(r->init_args);
    }
    free(m->runs);
    free(m->path);
    free(m->name);
    free(m->output);
    gt__slurm_spec *s = &m->slurm;
    free(s->partition);
    free(s->account);
    free(s->qos);
    free(s->time);
    free(s->mem);
    gt__strv_free(s->setup);
    memset(m, 0, sizeof *m);
}

/* --- paths ---------------------------------------------------------------- */

char *gt__run_path(const gt__manifest *m, const gt__batch_run *r, const char *name)
{
    return gt__asprintf("%s/%s%s%s", m->output, r->id, name ? "/" : "", name ? name : "");
}

const char *gt__run_gpkg_name(const gt__batch_run *r)
{
    return r->kind == GT__RUN_RANK ? "rank.gpkg" : "site.gpkg";
}
