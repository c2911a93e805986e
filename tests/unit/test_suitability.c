/*
 * test_suitability.c: the suitability surface from score, mask and study
 * area on a hand-made row of cells. SPDX-License-Identifier: MIT
 */
#include "gt_test.h"

#include "algorithms/internal.h"

static void test_rule(void **state)
{
    (void)state;
    /* Cell 0 is outside the study area: NAN whatever its score. Cell 1 is
     * inside and free: its score. Cell 2 is excluded: 0, even over a NAN
     * score. Cell 3 is inside with no score (NoData factor): NAN. */
    const unsigned char inside[4] = {0, 1, 1, 1}, mask[4] = {0, 0, 1, 0};
    const float score[4] = {0.5f, 0.7f, NAN, NAN};
    float out[4];
    gt__suitability(4, inside, mask, score, out);
    assert_true(isnan(out[0]));
    ASSERT_NEAR(0.7, out[1], 1e-7);
    ASSERT_NEAR(0.0, out[2], 0);
    assert_true(isnan(out[3]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
    };
    return cmocka_run_group_tests_name("suitability", tests, NULL, NULL);
}
