/*
 * test_map_labels.c: the rank labels of a map sheet never overlap. Ten
 * labels crowded onto nearly one point, and some against the frame's edge,
 * are drawn on an A4 sheet; the boxes the renderer reports must not
 * intersect one another and must stay on the page. Number formats of the
 * report and sheets (i18n.c) are checked here too.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <unistd.h>

#include "gt_test.h"
#include "gistool/i18n.h"
#include "layers/layers.h"

static void render_with_labels(gt_context *ctx, const double *x, const double *y, int n,
                               double *boxes)
{
    int rank[16];
    for (int i = 0; i < n; i++)
        rank[i] = n - i; /* given worst first: the renderer must order them */
    gt__map m = {.title = "T", .subtitle = "S", .legend_title = "L", .notes = "N"};
    m.extent[0] = 0, m.extent[1] = 0, m.extent[2] = 10000, m.extent[3] = 10000;
    m.label_x = x, m.label_y = y, m.label_rank = rank, m.n_labels = n;
    m.label_boxes_mm = boxes;
    char dir[] = "/tmp/gt-labels-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/sheet.png", dir);
    assert_int_equal(gt__map_render(ctx, &m, path, false, 297, 210, 40), GT_OK);
    unlink(path);
    rmdir(dir);
}

static void assert_apart(const double *b, int n)
{
    for (int i = 0; i < n; i++) {
        const double *p = &b[4 * i];
        assert_true(p[0] >= 0 && p[1] >= 0 && p[2] <= 297 && p[3] <= 210);
        assert_true(p[2] > p[0] && p[3] > p[1]);
        for (int j = i + 1; j < n; j++) {
            const double *q = &b[4 * j];
            bool meet = p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3];
            if (meet)
                print_error("labels %d and %d overlap: [%g %g %g %g] [%g %g %g %g]\n", i, j, p[0],
                            p[1], p[2], p[3], q[0], q[1], q[2], q[3]);
            assert_false(meet);
        }
    }
}

static void test_crowded_labels(void **state)
{
    /* Ten places within 30 m of each other on a 10 km map: one point at
     * sheet scale. */
    double x[10], y[10], b[40];
    for (int i = 0; i < 10; i++)
        x[i] = 5000 + 3 * i, y[i] = 5000 + (i % 3) * 10;
    render_with_labels(*state, x, y, 10, b);
    assert_apart(b, 10);
}

static void test_labels_at_the_edge(void **state)
{
    /* Crowded in a corner and along an edge of the map. */
    double x[10], y[10], b[40];
    for (int i = 0; i < 5; i++)
        x[i] = -200 + 10 * i, y[i] = 10200 - 5 * i; /* top left, just outside */
    for (int i = 5; i < 10; i++)
        x[i] = 10000, y[i] = 3000 + 40 * i; /* right edge */
    render_with_labels(*state, x, y, 10, b);
    assert_apart(b, 10);
}

static void test_number_formats(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(gt__fmt_num(b, sizeof b, GT__LANG_VI, 1234567.26, 1), "1.234.567,3");
    assert_string_equal(gt__fmt_num(b, sizeof b, GT__LANG_EN, 1234567.25, 2), "1,234,567.25");
    assert_string_equal(gt__fmt_num(b, sizeof b, GT__LANG_VI, -0.04, 1), "0,0");
    assert_string_equal(gt__fmt_num(b, sizeof b, GT__LANG_VI, -1500, 0), "-1.500");
    assert_string_equal(gt__fmt_num(b, sizeof b, GT__LANG_VI, 999, 0), "999");
    assert_string_equal(gt__fmt_money(b, sizeof b, GT__LANG_VI, 29936060403.17, "VND"),
                        "29.936.060.403 đồng");
    assert_string_equal(gt__fmt_money(b, sizeof b, GT__LANG_EN, 3e10, "VND"), "30,000,000,000 VND");
    assert_string_equal(gt__fmt_time(b, sizeof b, GT__LANG_VI, "2026-12-02T00:30:51Z"),
                        "02/12/2026 00:30 UTC");
    assert_string_equal(gt__tr_code(GT__LANG_VI, "risk", "High"), "Cao");
    assert_string_equal(gt__tr_code(GT__LANG_EN, "risk", "High"), "High");
    assert_string_equal(gt__tr_code(GT__LANG_VI, "option", "not_a_code"), "not_a_code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_crowded_labels, gt_test_setup, gt_test_teardown),
        cmocka_unit_test_setup_teardown(test_labels_at_the_edge, gt_test_setup, gt_test_teardown),
        cmocka_unit_test(test_number_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
