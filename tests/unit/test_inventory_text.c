/*
 * test_inventory_text.c: the text a commune's spreadsheet holds: numbers
 * with a decimal comma, and category values folded for matching (case,
 * blanks, Vietnamese marks) and matched against a value map.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "gt_test.h"

#include "algorithms/text_fold.h"
#include "gistool/scenario.h"
#include "layers/layers.h"

static void test_numbers(void **state)
{
    (void)state;
    double v = 0;
    assert_true(gt__parse_number("105,97", &v));
    assert_true(fabs(v - 105.97) < 1e-12);
    assert_true(gt__parse_number(" 20.25 ", &v));
    assert_true(fabs(v - 20.25) < 1e-12);
    assert_true(gt__parse_number("-3", &v));
    assert_true(v == -3);
    /* A comma beside a point, two commas, text and blanks are not numbers. */
    assert_false(gt__parse_number("1.234,5", &v));
    assert_false(gt__parse_number("1,2,3", &v));
    assert_false(gt__parse_number("20.3x", &v));
    assert_false(gt__parse_number("", &v));
    assert_false(gt__parse_number("   ", &v));
    assert_false(gt__parse_number(NULL, &v));
}

static const char *fold(const char *in, bool strip)
{
    static char out[128];
    assert_true(gt__text_fold(in, strip, out, sizeof out));
    return out;
}

static void test_fold(void **state)
{
    (void)state;
    assert_string_equal(fold("  Bãi Rác  Tự Phát ", false), "bãi rác tự phát");
    assert_string_equal(fold("BÃI RÁC TỰ PHÁT", false), "bãi rác tự phát");
    assert_string_equal(fold("Bãi rác tự phát", true), "bai rac tu phat");
    assert_string_equal(fold("ĐÃ ĐÓNG CỬA", true), "da dong cua");
    assert_string_equal(fold("Đang hoạt động", false), "đang hoạt động");
    assert_string_equal(fold("Unsanitary_Landfill", true), "unsanitary_landfill");
    assert_string_equal(fold("", true), "");
    char small[4];
    assert_false(gt__text_fold("hoạt động", false, small, sizeof small));
}

static void test_value_map(void **state)
{
    (void)state;
    char *from[] = {"Bãi rác tự phát", "Đã đóng cửa"};
    char *to[] = {"spontaneous_dump", "closed"};
    gt__value_map m = {from, to, 2};
    assert_string_equal(gt__value_map_find(&m, " BÃI RÁC  TỰ PHÁT ", false), "spontaneous_dump");
    assert_string_equal(gt__value_map_find(&m, "đã đóng cửa", false), "closed");
    /* Without marks only when asked: "da dong cua" could be another word. */
    assert_null(gt__value_map_find(&m, "Da dong cua", false));
    assert_string_equal(gt__value_map_find(&m, "Da dong cua", true), "closed");
    assert_null(gt__value_map_find(&m, "Bãi rác", true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_value_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
