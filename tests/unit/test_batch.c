/*
 * test_batch.c: the pure steps of a batch manifest: folder-safe ids (marks
 * folded away), the matrix's size and combinations (first axis slowest),
 * ids made from names so that a run's id never depends on its position,
 * and duplicate ids found. SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "gt_test.h"
#include "gistool/batch.h"

static void slug(void **state)
{
    char s[64];
    gt__batch_slug("Ninh Bình 2025", s, sizeof s);
    assert_string_equal(s, "ninh-binh-2025");
    gt__batch_slug("  Lạng Sơn / Đồng Nai ", s, sizeof s);
    assert_string_equal(s, "lang-son-dong-nai");
    gt__batch_slug("resolution_m", s, sizeof s);
    assert_string_equal(s, "resolution_m");
    gt__batch_slug("///", s, sizeof s);
    assert_string_equal(s, "run");
}

static const char *const res_labels[] = {"200", "400", "1000"};
static const char *const s200[] = {"resolution_m=200", NULL};
static const char *const s400[] = {"resolution_m=400", NULL};
static const char *const s1000[] = {"resolution_m=1000", NULL};
static const char *const *const res_sets[] = {s200, s400, s1000};
static const char *const w_labels[] = {"official", "roads first"};
static const char *const w0[] = {NULL};
static const char *const w1[] = {"weights.direct.road_access=45", NULL};
static const char *const *const w_sets[] = {w0, w1};

static void matrix(void **state)
{
    gt__axis axes[2] = {{"weights", 2, w_labels, w_sets}, {"resolution_m", 3, res_labels, res_sets}};
    assert_int_equal(gt__matrix_size(axes, 2, 1000), 6);
    assert_int_equal(gt__matrix_size(axes, 2, 5), -1);
    /* k = 4: weights index 4 / 3 = 1, resolution 4 % 3 = 1. */
    int pick[2];
    gt__matrix_pick(axes, 2, 4, pick);
    assert_int_equal(pick[0], 1);
    assert_int_equal(pick[1], 1);
    char *id = gt__matrix_id("Variant", axes, 2, pick);
    assert_string_equal(id, "variant.weights-roads-first.resolution_m-400");
    free(id);
    /* The same combination has the same id when another axis value is
     * added: ids come from names, not positions. */
    static const char *const more[] = {"official", "remote", "roads first"};
    static const char *const *const more_sets[] = {w0, w0, w1};
    gt__axis bigger[2] = {{"weights", 3, more, more_sets}, axes[1]};
    gt__matrix_pick(bigger, 2, 7, pick); /* 7 / 3 = 2 (roads first), 7 % 3 = 1 (400) */
    id = gt__matrix_id("Variant", bigger, 2, pick);
    assert_string_equal(id, "variant.weights-roads-first.resolution_m-400");
    free(id);
    gt__axis empty[1] = {{"x", 0, NULL, NULL}};
    assert_int_equal(gt__matrix_size(empty, 1, 1000), 0);
}

static void duplicates(void **state)
{
    const char *ids[] = {"a", "b", "c", "b"};
    int i = -1, j = -1;
    assert_string_equal(gt__batch_duplicate_id(ids, 4, &i, &j), "b");
    assert_int_equal(i, 1);
    assert_int_equal(j, 3);
    assert_null(gt__batch_duplicate_id(ids, 3, &i, &j));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(slug), cmocka_unit_test(matrix),
                                       cmocka_unit_test(duplicates)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
