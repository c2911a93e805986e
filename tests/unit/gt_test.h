/*
 * gt_test.h: shared helpers for the cmocka unit tests: assertions that
 * print expected vs got with the tolerance (libuv test/task.h, PostGIS
 * ASSERT_DOUBLE_EQUAL_TOLERANCE). SPDX-License-Identifier: MIT
 */
#ifndef GT_TEST_H
#define GT_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "gistool.h"

#define ASSERT_NEAR(expected, got, tol)                                                            \
    do {                                                                                           \
        double e_ = (expected), g_ = (got), t_ = (tol);                                            \
        if (!(fabs(e_ - g_) <= t_) && !(isinf(e_) && e_ == g_)) {                                  \
            print_error("%s:%d: expected %s = %.12g, got %.12g (tolerance %g)\n", __FILE__,        \
                        __LINE__, #got, e_, g_, t_);                                               \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static inline int gt_test_setup(void **state)
{
    gt_context *ctx = gt_context_create();
    if (!ctx)
        return -1;
    *state = ctx;
    return 0;
}

static inline int gt_test_teardown(void **state)
{
    gt_context_destroy(*state);
    return 0;
}

/* Deterministic pseudo-random numbers (xorshift64*), the same on every
 * platform, so a failing case can be replayed from its seed. */
static inline uint64_t gt_test_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

#endif
