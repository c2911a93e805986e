/*
 * ahp_report.c: `gistool ahp`: weights and consistency of a pairwise matrix read
 * from CSV or from a scenario's weights.ahp block; several files are one
 * group decision (element-wise geometric mean). The report is built here
 * as text or JSON and returned to the caller, which prints it.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gistool/i18n.h"
#include "gistool/options.h"
#include "gistool/scenario.h"

typedef struct {
    char **names;
    int n;
    double *m;
} matrix;

static void matrix_free(matrix *x)
{
    for (int i = 0; x->names && i < x->n; i++)
        free(x->names[i]);
    free(x->names);
    free(x->m);
    memset(x, 0, sizeof *x);
}

static bool is_csv(const char *p)
{
    size_t n = strlen(p);
    return n > 4 && !strcasecmp(p + n - 4, ".csv");
}

/* A CSV matrix, or the weights.ahp block of a site scenario (in the order
 * of its factors). A scenario may also set the method and RI table. */
static gt_status load(gt_context *ctx, const char *path, matrix *x, gt_ahp_method *method,
                      gt_ri_table *table, double *cr_limit)
{
    memset(x, 0, sizeof *x);
    if (is_csv(path))
        return gt__ahp_read_csv(ctx, path, &x->names, &x->n, &x->m);
    gt_scenario *s = gt_scenario_load(ctx, path, NULL);
    if (!s)
        return gt_context_status(ctx);
    gt_status st = GT_OK;
    if (s->kind != GT__SCENARIO_SITE || s->weights_mode != GT__WEIGHTS_AHP) {
        st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s: the scenario has no `weights: ahp:` block",
                       path);
    } else {
        x->n = s->n_factors;
        x->names = gt__calloc(ctx, (size_t)x->n + 1, sizeof(char *));
        x->m = gt__malloc(ctx, sizeof(double) * (size_t)(x->n * x->n));
        if (!x->names || !x->m)
            st = gt_context_status(ctx);
        for (int i = 0; !st && i < x->n; i++)
            x->names[i] = gt__strdup(ctx, s->factors[i].name);
        if (!st)
            memcpy(x->m, s->ahp_matrix, sizeof(double) * (size_t)(x->n * x->n));
        *method = s->ahp_method;
        *table = s->ri_table;
        *cr_limit = s->cr_limit;
    }
    gt_scenario_destroy(s);
    if (st)
        matrix_free(x);
    return st;
}

static void put_json_string(gt__sbuf *b, const char *s)
{
    gt__sbuf_add(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            gt__sbuf_add(b, "\\%c", c);
        else if (c < 0x20)
            gt__sbuf_add(b, "\\u%04x", c);
        else
            gt__sbuf_add(b, "%c", c);
    }
    gt__sbuf_add(b, "\"");
}

/* Characters of a UTF-8 string (bytes that do not continue one). */
static int utf8_len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A number as the English text writes it (printf `fmt`), with a decimal
 * comma in Vietnamese. */
static const char *num(char *buf, size_t size, gt__lang L, const char *fmt, double v)
{
    snprintf(buf, size, fmt, v);
    for (char *c = buf; L == GT__LANG_VI && *c; c++)
        if (*c == '.')
            *c = ',';
    return buf;
}

static void report_text(gt__sbuf *b, const matrix *x, const gt_ahp_result *r, int k,
                        double cr_limit, bool ok, gt__lang L)
{
    char n1[32], n2[32], n3[32], n4[32];
    gt__sbuf_add(b, gt__tr(L, "AHP weights: method %s, random index %s"),
                 gt_ahp_method_name(r->method), gt_ri_table_name(r->ri_table));
    if (k > 1)
        gt__sbuf_add(b, gt__tr(L, ", group of %d matrices (element-wise geometric mean)"), k);
    gt__sbuf_add(b, "\n%s\n\n",
                 gt__tr(L, "Orientation: row i, column j = how much more important i is than j."));
    const char *crit = gt__tr(L, "criterion");
    int w = 9;
    for (int i = 0; i < x->n; i++)
        if ((int)strlen(x->names[i]) > w)
            w = (int)strlen(x->names[i]);
    gt__sbuf_add(b, "  %s%*s  %s\n", crit, w - utf8_len(crit), "", gt__tr(L, "weight"));
    for (int i = 0; i < x->n; i++)
        gt__sbuf_add(b, "  %-*s  %s\n", w, x->names[i],
                     num(n1, sizeof n1, L, "%.4f", r->weights[i]));
    gt__sbuf_add(b, "\n");
    gt__sbuf_add(b, gt__tr(L, "lambda_max %s   CI %s   CR %s   (RI(%d) = %s, %s)"),
                 num(n1, sizeof n1, L, "%.4f", r->lambda_max), num(n2, sizeof n2, L, "%.4f", r->ci),
                 num(n3, sizeof n3, L, "%.4f", r->cr), x->n, num(n4, sizeof n4, L, "%.4g", r->ri),
                 gt_ri_table_name(r->ri_table));
    gt__sbuf_add(b, "\n");
    if (r->method == GT_AHP_GEOMETRIC) {
        gt__sbuf_add(b, gt__tr(L, "GCI %s (acceptable below %s for n = %d)"),
                     num(n1, sizeof n1, L, "%.4f", r->gci),
                     num(n2, sizeof n2, L, "%.2f", r->gci_limit), x->n);
        gt__sbuf_add(b, "\n");
    }
    bool geo = r->method == GT_AHP_GEOMETRIC;
    if (ok)
        gt__sbuf_add(b, gt__tr(L, "Verdict: consistent (%s)"),
                     gt__tr(L, geo ? "GCI below its limit" : "CR below the limit"));
    else
        gt__sbuf_add(b, gt__tr(L, "Verdict: NOT consistent (%s %s >= %s)"), geo ? "GCI" : "CR",
                     num(n1, sizeof n1, L, "%.4f", geo ? r->gci : r->cr),
                     num(n2, sizeof n2, L, "%.2f", geo ? r->gci_limit : cr_limit));
    gt__sbuf_add(b, "\n");
    if (!ok && r->n_suggestions) {
        gt__sbuf_add(b, "%s\n",
                     gt__tr(L, "The judgments furthest from the weights, and the value each would "
                               "need to be consistent with them:"));
        for (int s = 0; s < r->n_suggestions; s++) {
            const gt_ahp_suggestion *g = &r->suggestions[s];
            gt__sbuf_add(b, "  ");
            gt__sbuf_add(b, gt__tr(L, "%s over %s: %s given, %s would be consistent"),
                         x->names[g->row], x->names[g->col],
                         num(n1, sizeof n1, L, "%.4g", g->value),
                         num(n2, sizeof n2, L, "%.3g", g->consistent_value));
            gt__sbuf_add(b, "\n");
        }
    }
}

static void report_json(gt__sbuf *b, const matrix *x, const gt_ahp_result *r, int k,
                        double cr_limit, bool ok)
{
    gt__sbuf_add(b, "{\"method\": \"%s\", \"ri_table\": \"%s\", \"weights\": {",
                 gt_ahp_method_name(r->method), gt_ri_table_name(r->ri_table));
    for (int i = 0; i < x->n; i++) {
        gt__sbuf_add(b, "%s", i ? ", " : "");
        put_json_string(b, x->names[i]);
        gt__sbuf_add(b, ": %.10g", r->weights[i]);
    }
    gt__sbuf_add(b,
                 "}, \"lambda_max\": %.10g, \"ci\": %.10g, \"cr\": %.10g, \"ri\": %.10g, "
                 "\"cr_limit\": %.10g, \"gci\": %.10g, \"gci_limit\": %.10g, \"consistent\": %s, "
                 "\"matrices\": %d, \"ri_values\": [",
                 r->lambda_max, r->ci, r->cr, r->ri, cr_limit, r->gci, r->gci_limit,
                 ok ? "true" : "false", k);
    for (int n = 1; n <= GT_AHP_MAX_N; n++)
        gt__sbuf_add(b, "%s%.10g", n > 1 ? ", " : "", gt_ahp_random_index(r->ri_table, n));
    gt__sbuf_add(b, "], \"suggestions\": [");
    for (int s = 0; s < r->n_suggestions; s++) {
        const gt_ahp_suggestion *g = &r->suggestions[s];
        gt__sbuf_add(b, "%s{\"row\": ", s ? ", " : "");
        put_json_string(b, x->names[g->row]);
        gt__sbuf_add(b, ", \"column\": ");
        put_json_string(b, x->names[g->col]);
        gt__sbuf_add(b, ", \"value\": %.10g, \"consistent_value\": %.10g}", g->value,
                     g->consistent_value);
    }
    gt__sbuf_add(b, "]}\n");
}

/* What one `gistool ahp` run reads and computes with: a matrix per file
 * (each in the first file's order of criteria) and the method, RI table
 * and CR limit (the scenario's, then the command line's). */
typedef struct {
    int k;             /* number of files */
    matrix *xs;        /* xs[e]: the matrix of file e */
    const double **ms; /* the k matrices, for the group mean */
    double *group;     /* their element-wise geometric mean, when k > 1 */
    gt_ahp_method method;
    gt_ri_table table;
    double cr_limit;
} ahp_inputs;

static void inputs_free(ahp_inputs *in)
{
    for (int e = 0; in->xs && e < in->k; e++)
        matrix_free(&in->xs[e]);
    free(in->xs);
    free(in->ms);
    free(in->group);
}

/* File e must have the same criteria as the first file; its matrix is put
 * in the first file's order. */
static gt_status reorder(gt_context *ctx, const gt_ahp_options *o, ahp_inputs *in, int e)
{
    matrix *xs = in->xs;
    if (xs[e].n != xs[0].n)
        return gt__error(ctx, GT_ERR_AHP_MATRIX, "%s has %d criteria; %s has %d", o->files[e],
                         xs[e].n, o->files[0], xs[0].n);
    gt_status st = GT_OK;
    int n = xs[0].n, perm[GT_AHP_MAX_N];
    for (int i = 0; !st && i < n; i++) {
        perm[i] = -1;
        for (int j = 0; j < n; j++)
            if (!strcmp(xs[0].names[i], xs[e].names[j]))
                perm[i] = j;
        if (perm[i] < 0)
            st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s has no criterion '%s' (from %s)",
                           o->files[e], xs[0].names[i], o->files[0]);
    }
    if (st)
        return st;
    /* Out of memory must stop the run: a group mean of matrices in
     * different orders would be a wrong answer. */
    double *m = gt__malloc(ctx, sizeof(double) * (size_t)(n * n));
    if (!m)
        return gt_context_status(ctx);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            m[i * n + j] = xs[e].m[perm[i] * n + perm[j]];
    free(xs[e].m);
    xs[e].m = m;
    return GT_OK;
}

/* Read every file, then let the command-line choices win over the
 * scenario's. */
static gt_status read_inputs(gt_context *ctx, const gt_ahp_options *o, ahp_inputs *in)
{
    in->xs = gt__calloc(ctx, (size_t)in->k, sizeof *in->xs);
    in->ms = gt__calloc(ctx, (size_t)in->k, sizeof *in->ms);
    gt_status st = in->xs && in->ms ? GT_OK : gt_context_status(ctx);
    for (int e = 0; !st && e < in->k; e++) {
        st = load(ctx, o->files[e], &in->xs[e], &in->method, &in->table, &in->cr_limit);
        if (!st && e > 0)
            st = reorder(ctx, o, in, e);
    }
    if (o->ahp_method_set)
        in->method = o->ahp_method;
    if (o->ri_table_set)
        in->table = o->ri_table;
    if (o->cr_limit > 0)
        in->cr_limit = o->cr_limit;
    return st;
}

/* "1 a, 2 b, ...": the numbered criteria an error's rows and columns
 * refer to. */
static void criteria_legend(const matrix *x, char *legend, size_t size)
{
    legend[0] = 0;
    for (int i = 0; i < x->n; i++) {
        size_t l = strlen(legend);
        snprintf(legend + l, size - l, "%s%d %s", i ? ", " : "", i + 1, x->names[i]);
    }
}

/* Weights and consistency of the matrix, or of the group's mean; an error
 * in the matrix is prefixed with the first file and followed by the
 * numbered criteria it refers to. */
static gt_status compute(gt_context *ctx, const gt_ahp_options *o, ahp_inputs *in, gt_ahp_result *r)
{
    int n = in->xs[0].n;
    const double *a = in->xs[0].m;
    gt_status st = GT_OK;
    if (in->k > 1) {
        /* Each expert's judgments on Saaty's scale: the group mean of 1/20
         * and 20 is 1, and would hide a judgment no expert can give. */
        for (int e = 0; !st && e < in->k; e++)
            if ((st = gt__ahp_check_scale(ctx, n, in->xs[e].m))) { /* rules.c */
                char legend[1024];
                criteria_legend(&in->xs[0], legend, sizeof legend);
                gt__error_prefix(ctx, "%s (expert %d of %d)", o->files[e], e + 1, in->k);
                gt__error_suffix(ctx, " (rows and columns, in the order of %s: %s)", o->files[0],
                                 legend);
                return st;
            }
        for (int e = 0; e < in->k; e++)
            in->ms[e] = in->xs[e].m;
        in->group = gt__malloc(ctx, sizeof(double) * (size_t)(n * n));
        st = in->group ? gt_ahp_group(ctx, n, in->k, in->ms, in->group) : gt_context_status(ctx);
        a = in->group;
    }
    if (!st && ((st = gt__ahp_check_scale(ctx, n, a)) || /* rules.c */
                (st = gt_ahp_compute(ctx, n, a, in->method, in->table, r)))) {
        char legend[1024];
        criteria_legend(&in->xs[0], legend, sizeof legend);
        gt__error_prefix(ctx, "%s", o->files[0]);
        gt__error_suffix(ctx, " (rows and columns: %s)", legend);
    }
    return st;
}

/* The report as text or JSON; it is returned even when the judgments are
 * not consistent enough, with that error. */
static gt_status format_report(gt_context *ctx, const gt_ahp_options *o, const ahp_inputs *in,
                               const gt_ahp_result *r, char **report)
{
    bool ok = in->method == GT_AHP_GEOMETRIC ? r->gci < r->gci_limit : r->cr < in->cr_limit;
    gt__sbuf b = {0};
    if (o->json)
        report_json(&b, &in->xs[0], r, in->k, in->cr_limit, ok);
    else
        report_text(&b, &in->xs[0], r, in->k, in->cr_limit, ok, gt__lang_of(o->lang));
    if (b.nomem) {
        free(b.s);
        return gt__error(ctx, GT_ERR_NOMEM, "ahp: out of memory");
    }
    *report = b.s;
    if (!ok)
        return gt__error(ctx, GT_ERR_AHP_INCONSISTENT,
                         "the judgments are not consistent enough (see the report)");
    return GT_OK;
}

gt_status gt_ahp_run(gt_context *ctx, const gt_ahp_options *o, char **report)
{
    *report = NULL;
    if (o->n_files < 1)
        return gt__error(ctx, GT_ERR_USAGE, "ahp: give a CSV matrix or a scenario file");
    ahp_inputs in = {
        .k = o->n_files, .method = GT_AHP_EIGEN, .table = GT_RI_SAATY1980, .cr_limit = 0.10};
    gt_ahp_result r;
    gt_status st;
    if (!(st = read_inputs(ctx, o, &in)) && !(st = compute(ctx, o, &in, &r)))
        st = format_report(ctx, o, &in, &r, report);
    inputs_free(&in);
    return st;
}
