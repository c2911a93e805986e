/*
 * yaml.h: typed access to a YAML document (libfyaml) with errors that name
 * file, line, column and key path. Internal. SPDX-License-Identifier: MIT
 */
#ifndef GT_YAML_H
#define GT_YAML_H

#include <libfyaml.h>
#include <stdbool.h>

#include "algorithms/internal.h"

typedef struct gt__yaml {
    gt_context *ctx;
    struct fy_document *doc;
    char *file; /* as given, for messages */
    char *text; /* the file's bytes, NUL-terminated (kept for provenance) */
    size_t size;
    /* Values given with --set: the node and its "key.path=value" (copied),
     * so that an error in one names the option, not a line of the file. */
    struct fy_node **set_nodes;
    char **set_texts;
    int n_set;
} gt__yaml;

/** At most this many nodes after anchors and aliases are expanded. */
#define GT__YAML_MAX_NODES 200000

/** Read and parse a YAML file; a syntax error gives GT_ERR_SCENARIO (or
 *  `syntax_status`) with file:line:col. */
gt_status gt__yaml_load(gt_context *ctx, const char *path, gt_status syntax_status, gt__yaml *y);
void gt__yaml_free(gt__yaml *y);
struct fy_node *gt__yaml_root(const gt__yaml *y);

/** 1-based line and column of a node (of its key when it is a collection). */
void gt__yaml_pos(struct fy_node *n, int *line, int *col);
/** "file:line:col: key.path: <message>", returns `status`. */
gt_status gt__yaml_error(const gt__yaml *y, struct fy_node *at, gt_status status, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));

/** Mapping value by key, or NULL. */
struct fy_node *gt__yaml_get(struct fy_node *map, const char *key);
/** Fails when `map` is not a mapping or has a key not in the NULL-terminated
 *  `allowed` list (the message lists the allowed keys). */
gt_status gt__yaml_check_map(const gt__yaml *y, struct fy_node *map, const char *const *allowed,
                             gt_status status);
gt_status gt__yaml_string(const gt__yaml *y, struct fy_node *n, gt_status status, char **out);
/** A number; also accepts a fraction written "1/3". */
gt_status gt__yaml_number(const gt__yaml *y, struct fy_node *n, gt_status status, double *out);
gt_status gt__yaml_bool(const gt__yaml *y, struct fy_node *n, gt_status status, bool *out);
/** A sequence of scalars as strings (NULL-terminated, count in *n).
 *  Caller frees with gt__strv_free(). */
gt_status gt__yaml_strings(const gt__yaml *y, struct fy_node *n, gt_status status, char ***out,
                           int *count);
void gt__strv_free(char **v);

/** Apply one "key.path=value" override (the value is parsed as YAML). */
gt_status gt__yaml_override(gt__yaml *y, const char *assignment);

#endif
