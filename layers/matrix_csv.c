/*
 * matrix_csv.c: read an AHP pairwise matrix from CSV: the first row is an
 * empty cell then the criterion names; each next row the criterion's name
 * then its judgments (row i, column j = how much more important i is than
 * j). Judgments may be written as fractions ("1/3"). Tokenised with GDAL's
 * CSLTokenizeString2 (quotes honoured). SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "layers/layers.h"

/* The separator of a matrix file: a comma, or a semicolon as a
 * spreadsheet saves "CSV" where the decimal mark is a comma (Vietnamese
 * and most European settings): the one of the two the header has more
 * of. */
static char separator_of(const char *header)
{
    int commas = 0, semicolons = 0;
    for (const char *p = header; *p; p++)
        commas += *p == ',', semicolons += *p == ';';
    return semicolons > commas ? ';' : ',';
}

/* A judgment: a number or a fraction; in a file separated by ';', a
 * decimal comma ("0,5") is read as a decimal point. */
static bool parse_judgment(const char *text, char sep, double *out)
{
    char buf[64];
    const char *s = text;
    if (sep == ';' && strchr(text, ',') && strlen(text) < sizeof buf) {
        snprintf(buf, sizeof buf, "%s", text);
        for (char *p = buf; *p; p++)
            if (*p == ',')
                *p = '.';
        s = buf;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return false;
    if (*end == '/') {
        char *end2;
        double d = strtod(end + 1, &end2);
        if (end2 == end + 1 || *end2 || d == 0)
            return false;
        v /= d;
    } else if (*end) {
        return false;
    }
    *out = v;
    return errno == 0 && isfinite(v);
}

gt_status gt__ahp_read_csv(gt_context *ctx, const char *path, char ***names_out, int *n_out,
                           double **matrix_out)
{
    *names_out = NULL;
    *n_out = 0;
    *matrix_out = NULL;
    const char *kind = gt__not_a_file(path);
    if (kind)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: is a %s, not a file", path, kind);
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: cannot open: %s", path, strerror(errno));
    const int flags =
        CSLT_HONOURSTRINGS | CSLT_ALLOWEMPTYTOKENS | CSLT_STRIPLEADSPACES | CSLT_STRIPENDSPACES;
    gt_status st = GT_OK;
    char **head = NULL, **names = NULL;
    double *m = NULL;
    int n = 0, row = 0, lineno = 0;
    char sep[2] = ",";
    const char *line;
    while (!st && (line = CPLReadLineL(f))) {
        lineno++;
        if (!*line)
            continue;
        if (!head)
            sep[0] = separator_of(line);
        char **tok = CSLTokenizeString2(line, sep, flags);
        int nt = CSLCount(tok);
        if (!head) {
            head = tok;
            n = nt - 1;
            /* Checked before n * n is computed: a header of a hundred
             * thousand names would overflow it. */
            if (n < 1 || n > GT_AHP_MAX_N) {
                bool tabs = n < 1 && strchr(line, '\t');
                st = gt__error(ctx, GT_ERR_AHP_MATRIX,
                               "%s:%d: the first row must be an empty cell then 1 to %d criterion "
                               "names (found %d)%s",
                               path, lineno, GT_AHP_MAX_N, n,
                               tabs ? "; the separator looks like a tab, but the cells must be "
                                      "separated by commas (or semicolons)"
                                    : "");
                n = 0;
                continue;
            }
            names = gt__calloc(ctx, (size_t)n + 2, sizeof(char *));
            m = gt__calloc(ctx, (size_t)n * (size_t)n, sizeof(double));
            if (!names || !m)
                st = gt_context_status(ctx);
            for (int j = 0; !st && names && j < n; j++)
                names[j] = gt__strdup(ctx, head[j + 1]);
            /* A weight per criterion: each named, once. */
            for (int j = 0; !st && j < n; j++) {
                if (!*head[j + 1])
                    st = gt__error(ctx, GT_ERR_AHP_MATRIX,
                                   "%s:%d: column %d has no criterion name", path, lineno, j + 2);
                for (int k = 0; !st && k < j; k++)
                    if (!strcmp(head[k + 1], head[j + 1]))
                        st = gt__error(ctx, GT_ERR_AHP_MATRIX,
                                       "%s:%d: criterion '%s' is named twice (columns %d and %d)",
                                       path, lineno, head[j + 1], k + 2, j + 2);
            }
            continue;
        }
        if (row >= n) {
            st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s:%d: more rows than the %d criteria", path,
                           lineno, n);
        } else if (nt != n + 1) {
            st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s:%d: row '%s' has %d judgments; expected %d",
                           path, lineno, nt ? tok[0] : "", nt - 1, n);
        } else if (strcmp(tok[0], names[row]) != 0) {
            st = gt__error(ctx, GT_ERR_AHP_MATRIX,
                           "%s:%d: row %d is '%s' but column %d is '%s'; rows must follow the "
                           "order of the header",
                           path, lineno, row + 1, tok[0], row + 1, names[row]);
        } else {
            for (int j = 0; !st && j < n; j++)
                if (!parse_judgment(tok[j + 1], sep[0], &m[row * n + j]))
                    st = gt__error(ctx, GT_ERR_AHP_MATRIX,
                                   "%s:%d: row '%s', column '%s': '%s' is not a number or a "
                                   "fraction",
                                   path, lineno, names[row], names[j], tok[j + 1]);
            row++;
        }
        CSLDestroy(tok);
    }
    VSIFCloseL(f);
    if (!st && !head)
        st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s: the file is empty", path);
    if (!st && row < n)
        st = gt__error(ctx, GT_ERR_AHP_MATRIX, "%s: %d rows for %d criteria", path, row, n);
    CSLDestroy(head);
    if (st) {
        for (int j = 0; names && j < n; j++)
            free(names[j]);
        free(names);
        free(m);
        return st;
    }
    *names_out = names;
    *n_out = n;
    *matrix_out = m;
    return GT_OK;
}
