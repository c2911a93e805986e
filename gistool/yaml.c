/*
 * yaml.c: typed access to YAML documents (libfyaml) with errors that name
 * file, line, column and key path. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/yaml.h"
#include "layers/layers.h"

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *size = n;
    }
    return buf;
}

/* Nodes of `n` once its aliases are expanded, counting no further than
 * `limit` (so that a "billion laughs" document costs little to refuse). */
static size_t expanded_nodes(struct fy_node *n, size_t limit, int depth)
{
    if (!n)
        return 0;
    if (depth > 64)
        return limit + 1;
    if (fy_node_is_alias(n)) {
        struct fy_node *t = fy_node_resolve_alias(n);
        return t ? expanded_nodes(t, limit, depth + 1) : 1;
    }
    size_t count = 1;
    void *it = NULL;
    if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while (count <= limit && (p = fy_node_mapping_iterate(n, &it)))
            count += expanded_nodes(fy_node_pair_key(p), limit - count, depth + 1) +
                     expanded_nodes(fy_node_pair_value(p), limit, depth + 1);
    } else if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while (count <= limit && (item = fy_node_sequence_iterate(n, &it)))
            count += expanded_nodes(item, limit - count, depth + 1);
    }
    return count;
}

static bool has_alias(struct fy_node *n)
{
    if (!n)
        return false;
    if (fy_node_is_alias(n))
        return true;
    void *it = NULL;
    if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it)))
            if (has_alias(fy_node_pair_key(p)) || has_alias(fy_node_pair_value(p)))
                return true;
    } else if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)))
            if (has_alias(item))
                return true;
    }
    return false;
}

/* Anchors and aliases (&name, *name, <<: *name) are valid YAML: expand
 * them in place, unless the expanded document would exceed
 * GT__YAML_MAX_NODES nodes. */
static gt_status resolve_aliases(gt_context *ctx, const char *path, struct fy_document *doc,
                                 gt_status status)
{
    struct fy_node *root = fy_document_root(doc);
    if (!has_alias(root))
        return GT_OK;
    if (expanded_nodes(root, GT__YAML_MAX_NODES, 0) > GT__YAML_MAX_NODES)
        return gt__error(ctx, status,
                         "%s: the aliases (*name) expand to more than %d YAML nodes; "
                         "refusing the document",
                         path, GT__YAML_MAX_NODES);
    if (fy_document_resolve(doc) != 0)
        return gt__error(ctx, status, "%s: cannot resolve the document's aliases (*name)",
                         path);
    return GT_OK;
}

/* validation: the offset of the first byte that is not UTF-8 text (a NUL,
 * or a byte no UTF-8 sequence allows), or -1. libfyaml stops at a NUL (the
 * rest of the file was never read) and reads a Latin-1 byte as no text. */
static long not_utf8(const unsigned char *t, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = t[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                 : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4 : 0;
        if (c == 0 || len == 0 || i + len > n)
            return (long)i;
        for (size_t k = 1; k < len; k++)
            if ((t[i + k] & 0xC0) != 0x80)
                return (long)i;
        i += len;
    }
    return -1;
}

/* validation: nothing but blanks and comments; libfyaml calls an empty
 * stream a syntax error, which sends the user looking for one. */
static bool blank(const char *t)
{
    for (bool comment = false; *t; t++) {
        if (*t == '\n')
            comment = false;
        else if (*t == '#')
            comment = true;
        else if (!comment && !strchr(" \t\r", *t))
            return false;
    }
    return true;
}

static void diag_silent(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag, (void)user, (void)buf, (void)len;
}

/* Diagnostics that print nothing: gistool reports a YAML error itself,
 * with the file's name (libfyaml printed each as '<memory-@0x...>:2:1:
 * error: ...', twice). NULL when out of memory. */
static struct fy_diag *quiet_diag(void)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_silent;
    dcfg.colorize = false;
    return fy_diag_create(&dcfg);
}

/* validation: a second document ('---' after the first) would be dropped
 * without a word; its line, or 0 when there is none. */
static int second_document(const char *text, size_t size)
{
    struct fy_diag *diag = quiet_diag();
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = diag};
    struct fy_parser *p = diag ? fy_parser_create(&cfg) : NULL;
    if (!p) {
        if (diag)
            fy_diag_destroy(diag);
        return 0;
    }
    int line = 0;
    if (fy_parser_set_string(p, text, size) == 0) {
        struct fy_document *d1 = fy_parse_load_document(p);
        struct fy_document *d2 = d1 ? fy_parse_load_document(p) : NULL;
        struct fy_node *r2 = d2 ? fy_document_root(d2) : NULL;
        const char *v = r2 && fy_node_is_scalar(r2) ? fy_node_get_scalar0(r2) : "x";
        if (r2 && v && *v) { /* an empty one after a last '---' is nothing */
            int col;
            gt__yaml_pos(fy_document_root(d2), &line, &col);
            line = line ? line : 1;
        }
        fy_parse_document_destroy(p, d2);
        fy_parse_document_destroy(p, d1);
    }
    fy_parser_destroy(p);
    fy_diag_destroy(diag);
    return line;
}

gt_status gt__yaml_load(gt_context *ctx, const char *path, gt_status syntax_status, gt__yaml *y)
{
    memset(y, 0, sizeof *y);
    y->ctx = ctx;
    y->file = gt__strdup(ctx, path);
    const char *kind = gt__not_a_file(path);
    if (kind)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: is a %s, not a file", path, kind);
    y->text = read_file(path, &y->size);
    if (!y->text)
        return gt__error(ctx, GT_ERR_INPUT_OPEN, "%s: cannot read: %s", path, strerror(errno));
    long bad = not_utf8((const unsigned char *)y->text, y->size);
    if (bad >= 0) {
        int line = 1;
        for (long i = 0; i < bad; i++)
            line += y->text[i] == '\n';
        unsigned char c = (unsigned char)y->text[bad];
        return gt__error(ctx, syntax_status,
                         "%s:%d: the file is not UTF-8 text (%s 0x%02x at byte %ld); save it as "
                         "UTF-8",
                         path, line, c ? "byte" : "a NUL byte,", c, bad + 1);
    }
    if (blank(y->text))
        return gt__error(ctx, syntax_status, "%s: the file is empty (%s)", path,
                         y->size ? "only blanks and comments" : "0 bytes");
    int second = second_document(y->text, y->size);
    if (second)
        return gt__error(ctx, syntax_status,
                         "%s:%d: a second YAML document (after '---'): a scenario is one "
                         "document, and the second would be ignored; join them or remove the "
                         "'---'",
                         path, second);

    struct fy_diag *diag = quiet_diag();
    if (!diag)
        return gt__error(ctx, GT_ERR_NOMEM, "%s: cannot create YAML diagnostics", path);
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG, .diag = diag};
    y->doc = fy_document_build_from_string(&cfg, y->text, y->size);
    gt_status st = GT_OK;
    if (!y->doc || fy_diag_got_error(diag)) {
        void *iter = NULL;
        struct fy_diag_error *err = fy_diag_errors_iterate(diag, &iter);
        /* Collected diagnostics are 1-based (unlike struct fy_mark). */
        if (err)
            st = gt__error(ctx, syntax_status, "%s:%d:%d: YAML syntax error: %s", path, err->line,
                           err->column, err->msg);
        else
            st = gt__error(ctx, syntax_status, "%s: YAML syntax error", path);
        if (y->doc) {
            fy_document_destroy(y->doc);
            y->doc = NULL;
        }
    } else if (!fy_document_root(y->doc)) {
        st = gt__error(ctx, syntax_status, "%s: the file is empty", path);
    }
    if (!st && y->doc)
        st = resolve_aliases(ctx, path, y->doc, syntax_status);
    /* The document keeps the diagnostics for later parses of --set values;
     * errors collected there would never be freed, and those parses are
     * checked by their result, so collect no more. */
    fy_diag_set_collect_errors(diag, false);
    fy_diag_destroy(diag);
    return st;
}

void gt__yaml_free(gt__yaml *y)
{
    if (y->doc)
        fy_document_destroy(y->doc);
    for (int i = 0; i < y->n_set; i++)
        free(y->set_texts[i]);
    free(y->set_texts);
    free(y->set_nodes);
    free(y->file);
    free(y->text);
    memset(y, 0, sizeof *y);
}

struct fy_node *gt__yaml_root(const gt__yaml *y)
{
    return fy_document_root(y->doc);
}

void gt__yaml_pos(struct fy_node *n, int *line, int *col)
{
    *line = *col = 0;
    while (n) {
        if (fy_node_is_scalar(n)) {
            struct fy_token *t = fy_node_get_scalar_token(n);
            const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
            if (m) {
                *line = m->line + 1;
                *col = m->column + 1;
            }
            return;
        }
        /* A collection: the position of its key in the parent mapping. */
        struct fy_node *parent = fy_node_get_parent(n);
        if (parent && fy_node_is_mapping(parent)) {
            void *it = NULL;
            struct fy_node_pair *p;
            while ((p = fy_node_mapping_iterate(parent, &it)))
                if (fy_node_pair_value(p) == n) {
                    n = fy_node_pair_key(p);
                    break;
                }
            if (p)
                continue;
        }
        /* Otherwise the first element inside it. */
        void *it = NULL;
        if (fy_node_is_mapping(n)) {
            struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
            n = p ? fy_node_pair_key(p) : NULL;
        } else if (fy_node_is_sequence(n)) {
            n = fy_node_sequence_iterate(n, &it);
        } else {
            return;
        }
    }
}

static void key_path(struct fy_node *n, char *buf, size_t size)
{
    buf[0] = '\0';
    char *p = n ? fy_node_get_path(n) : NULL;
    if (!p || !*p || strcmp(p, "/") == 0) {
        free(p);
        return;
    }
    /* "/factors/road/fuzzy" -> "factors.road.fuzzy"; "/a/0" -> "a[0]" */
    size_t o = 0;
    for (char *tok = strtok(p, "/"); tok && o + 1 < size; tok = strtok(NULL, "/")) {
        char *end;
        if (!strncmp(tok, ".key(", 5)) { /* a mapping key: "/a/.key(b)" -> "a.b" */
            tok += 5;
            char *close = strrchr(tok, ')');
            if (close)
                *close = '\0';
        }
        strtol(tok, &end, 10);
        int w = (*tok && !*end) ? snprintf(buf + o, size - o, "[%s]", tok)
                                : snprintf(buf + o, size - o, "%s%s", o ? "." : "", tok);
        if (w < 0)
            break;
        o += (size_t)w;
        if (o >= size)
            o = size - 1;
    }
    free(p);
}

gt_status gt__yaml_error(const gt__yaml *y, struct fy_node *at, gt_status status, const char *fmt,
                         ...)
{
    char msg[1400], path[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* In a value given with --set: name the option and its key path. */
    for (struct fy_node *up = at; up; up = fy_node_get_parent(up))
        for (int i = 0; i < y->n_set; i++)
            if (y->set_nodes[i] == up) {
                const char *eq = strchr(y->set_texts[i], '=');
                return gt__error(y->ctx, status, "--set '%s': %.*s: %s", y->set_texts[i],
                                 (int)(eq - y->set_texts[i]), y->set_texts[i], msg);
            }
    int line, col;
    gt__yaml_pos(at, &line, &col);
    key_path(at, path, sizeof path);
    if (line > 0)
        return gt__error(y->ctx, status, "%s:%d:%d: %s%s%s", y->file, line, col, path,
                         *path ? ": " : "", msg);
    return gt__error(y->ctx, status, "%s: %s%s%s", y->file, path, *path ? ": " : "", msg);
}

struct fy_node *gt__yaml_get(struct fy_node *map, const char *key)
{
    if (!map || !fy_node_is_mapping(map))
        return NULL;
    return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

gt_status gt__yaml_check_map(const gt__yaml *y, struct fy_node *map, const char *const *allowed,
                             gt_status status)
{
    if (!map || !fy_node_is_mapping(map))
        return gt__yaml_error(y, map, status, "expected a mapping (key: value)");
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        const char *ks = k ? fy_node_get_scalar0(k) : NULL;
        bool ok = false;
        for (int i = 0; ks && allowed[i]; i++)
            if (strcmp(ks, allowed[i]) == 0)
                ok = true;
        if (!ok) {
            char list[600] = "";
            size_t o = 0;
            for (int i = 0; allowed[i] && o < sizeof list; i++) {
                int w = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", allowed[i]);
                o += w > 0 ? (size_t)w : 0;
            }
            return gt__yaml_error(y, k, status, "unknown key '%s' (allowed: %s)", ks ? ks : "?",
                                  list);
        }
    }
    return GT_OK;
}

gt_status gt__yaml_string(const gt__yaml *y, struct fy_node *n, gt_status status, char **out)
{
    *out = NULL;
    if (!n || !fy_node_is_scalar(n) || fy_node_is_null(n))
        return gt__yaml_error(y, n, status, "expected a text value");
    *out = gt__strdup(y->ctx, fy_node_get_scalar0(n));
    return *out ? GT_OK : GT_ERR_NOMEM;
}

/* A decimal number or a fraction such as 1/3 (AHP judgments) into *out:
 * 0 when it is a finite number, 1 when the text is not a number, 2 when
 * it is one but not finite ("inf", "nan/1", "1/0", "1e999"). Every numeric
 * key reads through here, so no such value reaches a grid size, a weight
 * or a threshold. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return 1;
    bool finite = errno != ERANGE && isfinite(v);
    if (*end == '/') {
        const char *d = end + 1;
        errno = 0;
        double den = strtod(d, &end);
        if (end == d)
            return 1;
        finite = finite && errno != ERANGE && isfinite(den) && den != 0;
        v /= den;
    }
    if (*end != '\0')
        return 1;
    if (!finite || !isfinite(v))
        return 2;
    *out = v;
    return 0;
}

gt_status gt__yaml_number(const gt__yaml *y, struct fy_node *n, gt_status status, double *out)
{
    *out = NAN;
    if (!n || !fy_node_is_scalar(n) || fy_node_is_null(n))
        return gt__yaml_error(y, n, status, "expected a number");
    const char *s = fy_node_get_scalar0(n);
    int bad = parse_number(s, out);
    if (bad == 1)
        return gt__yaml_error(y, n, status, "expected a number, got '%s'", s);
    if (bad == 2)
        return gt__yaml_error(y, n, status, "expected a finite number, got '%s'", s);
    return GT_OK;
}

gt_status gt__yaml_bool(const gt__yaml *y, struct fy_node *n, gt_status status, bool *out)
{
    const char *s = n && fy_node_is_scalar(n) ? fy_node_get_scalar0(n) : NULL;
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on"))) {
        *out = true;
        return GT_OK;
    }
    if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off"))) {
        *out = false;
        return GT_OK;
    }
    return gt__yaml_error(y, n, status, "expected true or false");
}

void gt__strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

gt_status gt__yaml_strings(const gt__yaml *y, struct fy_node *n, gt_status status, char ***out,
                           int *count)
{
    *out = NULL;
    *count = 0;
    if (n && fy_node_is_scalar(n) && !fy_node_is_null(n)) { /* one value alone */
        char **v = gt__calloc(y->ctx, 2, sizeof *v);
        if (!v || !(v[0] = gt__strdup(y->ctx, fy_node_get_scalar0(n)))) {
            free(v);
            return GT_ERR_NOMEM;
        }
        *out = v;
        *count = 1;
        return GT_OK;
    }
    if (!n || !fy_node_is_sequence(n))
        return gt__yaml_error(y, n, status, "expected a list [a, b, ...]");
    int len = fy_node_sequence_item_count(n);
    char **v = gt__calloc(y->ctx, (size_t)len + 1, sizeof *v);
    if (!v)
        return GT_ERR_NOMEM;
    void *it = NULL;
    struct fy_node *item;
    int i = 0;
    while ((item = fy_node_sequence_iterate(n, &it))) {
        gt_status st = gt__yaml_string(y, item, status, &v[i]);
        if (st) {
            gt__strv_free(v);
            return st;
        }
        i++;
    }
    *out = v;
    *count = i;
    return GT_OK;
}

gt_status gt__yaml_override(gt__yaml *y, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return gt__error(y->ctx, GT_ERR_USAGE, "--set '%s': expected key.path=value", assignment);
    /* key.path -> /key/path */
    size_t klen = (size_t)(eq - assignment);
    char *path = gt__malloc(y->ctx, klen + 2);
    if (!path)
        return GT_ERR_NOMEM;
    path[0] = '/';
    for (size_t i = 0; i < klen; i++)
        path[i + 1] = assignment[i] == '.' ? '/' : assignment[i];
    path[klen + 1] = '\0';

    gt_status st = GT_OK;
    struct fy_node *value = fy_node_build_from_string(y->doc, eq + 1, FY_NT);
    if (!value) {
        st = gt__error(y->ctx, GT_ERR_USAGE, "--set '%s': the value is not valid YAML", assignment);
        goto done;
    }
    struct fy_node **nodes = realloc(y->set_nodes, (size_t)(y->n_set + 1) * sizeof *nodes);
    if (nodes)
        y->set_nodes = nodes;
    char **texts = nodes ? realloc(y->set_texts, (size_t)(y->n_set + 1) * sizeof *texts) : NULL;
    if (texts)
        y->set_texts = texts;
    if (!nodes || !texts || !(texts[y->n_set] = strdup(assignment))) {
        fy_node_free(value);
        st = gt__error(y->ctx, GT_ERR_NOMEM, "out of memory");
        goto done;
    }
    nodes[y->n_set++] = value;
    /* Replace the value of the key in its parent mapping (the whole value:
     * a list given with --set replaces the list), or add the key. */
    struct fy_node *root = fy_document_root(y->doc);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    struct fy_node *parent =
        slash == path ? root : fy_node_by_path(root, path, FY_NT, FYNWF_DONT_FOLLOW);
    const char *key = slash + 1;
    if (!parent || !fy_node_is_mapping(parent)) {
        fy_node_free(value);
        st = gt__error(y->ctx, GT_ERR_USAGE, "--set '%s': the scenario has no mapping to hold '%s'",
                       assignment, key);
        goto done;
    }
    struct fy_node_pair *pair = fy_node_mapping_lookup_pair_by_string(parent, key, FY_NT);
    if (pair) {
        if (fy_node_pair_set_value(pair, value) != 0) {
            fy_node_free(value);
            st =
                gt__error(y->ctx, GT_ERR_USAGE, "--set '%s': cannot replace the value", assignment);
        }
        goto done;
    }
    struct fy_node *k = fy_node_create_scalar_copy(y->doc, key, FY_NT);
    if (!k || fy_node_mapping_append(parent, k, value) != 0) {
        fy_node_free(k);
        fy_node_free(value);
        st = gt__error(y->ctx, GT_ERR_USAGE, "--set '%s': cannot add the key", assignment);
    }
done:
    free(path);
    return st;
}
