/*
 * test_ranking.c: the ranking rule (score, then the tie-break keys, then id)
 * on hand-made lists whose order can be checked by eye.
 * SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include "algorithms/internal.h"

static void test_ties(void **state)
{
    (void)state;
    /* Site parcels by (score, area), then id:
     *   P3 0.9 1 ha   -> 1 (best score)
     *   P1 0.8 2 ha   -> 2 (same score as P2, larger)
     *   P2 0.8 1 ha   -> 4 (same score and area as P0: id "P0" < "P2")
     *   P0 0.8 1 ha   -> 3
     *   P4 0.1 9 ha   -> 5 */
    gt__rank_item it[5] = {
        {{0.8, 1, 0}, "P0", 0}, {{0.8, 2, 0}, "P1", 1}, {{0.8, 1, 0}, "P2", 2},
        {{0.9, 1, 0}, "P3", 3}, {{0.1, 9, 0}, "P4", 4},
    };
    int rank[5] = {0};
    gt__rank_items(it, 5, rank);
    const int want[5] = {3, 2, 4, 1, 5};
    for (int i = 0; i < 5; i++)
        assert_int_equal(rank[i], want[i]);
    assert_string_equal(it[0].id, "P3");
    assert_string_equal(it[4].id, "P4");
}

static void test_third_key_and_order_free(void **state)
{
    (void)state;
    /* Landfills by (risk, population within 1 km, volume), then id; the
     * same set in two input orders gives the same ranks.
     *   A 60 100 5000 -> 2   B 60 100 9000 -> 1   C 60 50 99999 -> 3
     *   D 20 0 0      -> 4 */
    gt__rank_item a[4] = {{{60, 100, 5000}, "A", 0},
                          {{60, 100, 9000}, "B", 1},
                          {{60, 50, 99999}, "C", 2},
                          {{20, 0, 0}, "D", 3}};
    gt__rank_item b[4] = {a[3], a[2], a[1], a[0]};
    int ra[4] = {0}, rb[4] = {0};
    gt__rank_items(a, 4, ra);
    gt__rank_items(b, 4, rb);
    const int want[4] = {2, 1, 3, 4};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(ra[i], want[i]);
        assert_int_equal(rb[i], want[i]);
    }
}

static void test_empty_and_ids_only(void **state)
{
    (void)state;
    gt__rank_items(NULL, 0, NULL); /* nothing to rank is not an error */
    /* Equal keys: byte order of the ids ("10" < "9"). */
    gt__rank_item it[2] = {{{1, 1, 1}, "9", 0}, {{1, 1, 1}, "10", 1}};
    int rank[2];
    gt__rank_items(it, 2, rank);
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 1);
}

/* Ties to a precision (gt__rank_ties), precision 0.01, tie_break
 * [area_ha desc, id asc]. Each score rounded half up to hundredths:
 *   A 0.8249 10 ha -> 82.49 + 0.5 = 82.99 -> 82
 *   B 0.8151 30 ha -> 81.51 + 0.5 = 82.01 -> 82
 *   C 0.8200 20 ha -> 82.00 + 0.5 = 82.5  -> 82
 *   D 0.8351  5 ha -> 84
 *   E 0.8100 50 ha -> 81
 * Order: D (84), then the 82s by area, B 30 > C 20 > A 10, then E:
 * ranks D 1, B 2, C 3, A 4, E 5; B, C and A form the tie group of rank 2.
 * By the raw scores A would be 2nd and B 4th. */
static void check_abcde(gt_context *ctx, const double *score, const int *want_rank,
                        const int *want_tie)
{
    static const double area[5] = {10, 30, 20, 5, 50};
    static const char *const id[5] = {"A", "B", "C", "D", "E"};
    gt__tie_rule r = {0.01, 2, {{0, true}, {GT__TIE_ID, false}}};
    gt__tie_item it[5];
    for (int i = 0; i < 5; i++)
        it[i] = (gt__tie_item){score[i], &area[i], id[i], i};
    int rank[5], tie[5];
    assert_int_equal(gt__rank_ties(ctx, &r, it, 5, rank, tie), GT_OK);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(rank[i], want_rank[i]);
        assert_int_equal(tie[i], want_tie[i]);
    }
}

static void test_ties_to_a_precision(void **state)
{
    const int rank[5] = {4, 2, 3, 1, 5}, tie[5] = {2, 2, 2, 0, 0};
    check_abcde(*state, (const double[]){0.8249, 0.8151, 0.8200, 0.8351, 0.8100}, rank, tie);
    /* The grid moves each score by up to 0.001 (another working CRS): every
     * score stays in its rounded hundredth, so the order and groups stay. */
    check_abcde(*state, (const double[]){0.8239, 0.8160, 0.8212, 0.8358, 0.8091}, rank, tie);
}

/* No keys: the id decides (byte order); a key may be ascending, and a NAN
 * column sorts last either way. Scores 0.5 and 0.504 are one group at
 * 0.01 (50.5 -> 50, 50.9 -> 50) and two at 0.001. */
static void test_tie_keys(void **state)
{
    gt_context *ctx = *state;
    double col[3] = {2, NAN, 1};
    gt__tie_item it[3] = {{0.5, &col[0], "x", 0}, {0.504, &col[1], "y", 1}, {0.5, &col[2], "w", 2}};
    int rank[3], tie[3];
    gt__tie_rule by_id = {0.01, 0, {{0, false}}};
    assert_int_equal(gt__rank_ties(ctx, &by_id, it, 3, rank, tie), GT_OK);
    assert_int_equal(rank[2], 1); /* w < x < y */
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 3);
    assert_int_equal(tie[0], 1);
    gt__tie_rule asc = {0.01, 1, {{0, false}}};
    assert_int_equal(gt__rank_ties(ctx, &asc, it, 3, rank, tie), GT_OK);
    assert_int_equal(rank[2], 1); /* 1 < 2 < NAN */
    assert_int_equal(rank[0], 2);
    assert_int_equal(rank[1], 3);
    gt__tie_rule fine = {0.001, 1, {{0, true}}};
    assert_int_equal(gt__rank_ties(ctx, &fine, it, 3, rank, tie), GT_OK);
    assert_int_equal(rank[1], 1); /* 0.504 alone */
    assert_int_equal(tie[1], 0);
    assert_int_equal(rank[0], 2); /* 0.5: 2 ha before 1 ha */
    assert_int_equal(tie[0], 2);
    assert_int_equal(tie[2], 2);
    gt__tie_rule bad = {0, 0, {{0, false}}};
    assert_int_equal(gt__rank_ties(ctx, &bad, it, 3, rank, tie), GT_ERR_INTERNAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ties),
        cmocka_unit_test_setup_teardown(test_ties_to_a_precision, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_tie_keys, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_third_key_and_order_free),
        cmocka_unit_test(test_empty_and_ids_only),
    };
    return cmocka_run_group_tests_name("ranking", tests, NULL, NULL);
}
