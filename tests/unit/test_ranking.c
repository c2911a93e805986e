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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_third_key_and_order_free),
        cmocka_unit_test(test_empty_and_ids_only),
    };
    return cmocka_run_group_tests_name("ranking", tests, NULL, NULL);
}
