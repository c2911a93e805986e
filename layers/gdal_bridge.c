/*
 * gdal_bridge.c: GDAL's errors and messages into the context: the last
 * CPL error appended to ours, and GDAL's log routed to the context's log
 * handler while a pipeline runs. SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <cpl_error.h>

#include "layers/layers.h"

gt_status gt__gdal_error(gt_context *ctx, gt_status status, const char *fmt, ...)
{
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const char *cpl = CPLGetLastErrorMsg();
    if (cpl && *cpl)
        return gt__error(ctx, status, "%s (GDAL: %s)", what, cpl);
    return gt__error(ctx, status, "%s", what);
}

static void CPL_STDCALL gdal_log(CPLErr cls, CPLErrorNum num, const char *msg)
{
    gt_context *ctx = CPLGetErrorHandlerUserData();
    (void)num;
    if (ctx)
        gt__log(ctx, cls == CE_Warning ? GT_LOG_WARNING : GT_LOG_DEBUG, "GDAL: %s", msg);
}

void gt__gdal_log_push(gt_context *ctx)
{
    CPLPushErrorHandlerEx(gdal_log, ctx);
}
void gt__gdal_log_pop(void)
{
    CPLPopErrorHandler();
}
