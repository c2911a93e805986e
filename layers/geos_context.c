/*
 * geos_context.c: gt_context_create(): the core context (algorithms/) plus
 * the I/O layer's state, a reentrant GEOS handle whose error messages are
 * kept for GT_GEOS_FAIL. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "layers/layers.h"

typedef struct geos_state {
    GEOSContextHandle_t handle;
    char msg[1024]; /* last GEOS error, bridged into our messages */
} geos_state;

static void geos_message_r(const char *message, void *userdata)
{
    geos_state *g = userdata;
    snprintf(g->msg, sizeof g->msg, "%s", message);
}

static void geos_state_destroy(void *p)
{
    geos_state *g = p;
    if (g->handle)
        GEOS_finish_r(g->handle);
    free(g);
}

gt_context *gt_context_create(void)
{
    gt_context *ctx = gt__context_new();
    geos_state *g = calloc(1, sizeof *g);
    if (!ctx || !g) {
        free(g);
        gt_context_destroy(ctx);
        return NULL;
    }
    gt__context_set_io(ctx, g, geos_state_destroy);
    g->handle = GEOS_init_r();
    if (!g->handle) {
        gt_context_destroy(ctx);
        return NULL;
    }
    GEOSContext_setErrorMessageHandler_r(g->handle, geos_message_r, g);
    return ctx;
}

GEOSContextHandle_t gt__geos(const gt_context *ctx)
{
    const geos_state *g = gt__context_io(ctx);
    return g ? g->handle : NULL;
}

const char *gt__geos_errmsg(const gt_context *ctx)
{
    const geos_state *g = gt__context_io(ctx);
    return g && g->msg[0] ? g->msg : "unknown error";
}
