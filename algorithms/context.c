/*
 * context.c: the core of gt_context (last error, log handler, thread count,
 * and a slot for the I/O layer's own state), status names, progress scaling
 * and a small parallel-for over POSIX threads. The struct is private to this
 * file: everything else uses the accessors in algorithms/internal.h.
 * No GDAL, GEOS or PROJ here (the GEOS handle lives in layers/geos_context.c).
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "algorithms/internal.h"

struct gt_context {
    gt_status status;
    char errmsg[2048];
    gt_log_fn log_fn;
    void *log_arg;
    int threads;
    void *io; /* the I/O layer's state (layers/geos_context.c), owned */
    void (*io_destroy)(void *io);
};

gt_context *gt__context_new(void)
{
    gt_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    ctx->threads = cpus > 0 ? (int)cpus : 1;
    return ctx;
}

void gt__context_set_io(gt_context *ctx, void *io, void (*destroy)(void *io))
{
    ctx->io = io;
    ctx->io_destroy = destroy;
}

void *gt__context_io(const gt_context *ctx)
{
    return ctx->io;
}

void gt_context_destroy(gt_context *ctx)
{
    if (!ctx)
        return;
    if (ctx->io && ctx->io_destroy)
        ctx->io_destroy(ctx->io);
    free(ctx);
}

gt_status gt_context_status(const gt_context *ctx)
{
    return ctx->status;
}
const char *gt_context_errmsg(const gt_context *ctx)
{
    return ctx->errmsg;
}

void gt_context_set_log_handler(gt_context *ctx, gt_log_fn fn, void *arg)
{
    ctx->log_fn = fn;
    ctx->log_arg = arg;
}

void gt_context_set_threads(gt_context *ctx, int threads)
{
    ctx->threads = threads < 1 ? 1 : threads;
}

int gt_context_threads(const gt_context *ctx)
{
    return ctx->threads;
}

const char *gt_version(void)
{
    return GT_VERSION;
}

const char *gt_status_name(gt_status status)
{
    switch (status) {
    case GT_OK:
        return "GT_OK";
    case GT_ERR_USAGE:
        return "GT_ERR_USAGE";
    case GT_ERR_SCENARIO:
        return "GT_ERR_SCENARIO";
    case GT_ERR_PROFILE:
        return "GT_ERR_PROFILE";
    case GT_ERR_INPUT_OPEN:
        return "GT_ERR_INPUT_OPEN";
    case GT_ERR_INPUT_LAYER:
        return "GT_ERR_INPUT_LAYER";
    case GT_ERR_INPUT_FIELD:
        return "GT_ERR_INPUT_FIELD";
    case GT_ERR_INPUT_CRS:
        return "GT_ERR_INPUT_CRS";
    case GT_ERR_INPUT_EXTENT:
        return "GT_ERR_INPUT_EXTENT";
    case GT_ERR_INPUT_GEOMETRY:
        return "GT_ERR_INPUT_GEOMETRY";
    case GT_ERR_DATA_GAPS:
        return "GT_ERR_DATA_GAPS";
    case GT_ERR_REGISTER_RULE:
        return "GT_ERR_REGISTER_RULE";
    case GT_ERR_OUTPUT:
        return "GT_ERR_OUTPUT";
    case GT_ERR_AHP_INCONSISTENT:
        return "GT_ERR_AHP_INCONSISTENT";
    case GT_ERR_AHP_MATRIX:
        return "GT_ERR_AHP_MATRIX";
    case GT_ERR_WEIGHTS:
        return "GT_ERR_WEIGHTS";
    case GT_ERR_DEPENDENCY:
        return "GT_ERR_DEPENDENCY";
    case GT_ERR_CANCELLED:
        return "GT_ERR_CANCELLED";
    case GT_ERR_NOMEM:
        return "GT_ERR_NOMEM";
    case GT_ERR_INTERNAL:
        return "GT_ERR_INTERNAL";
    }
    return "GT_ERR_UNKNOWN";
}

gt_status gt__error(gt_context *ctx, gt_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    ctx->status = status;
    return status;
}

void gt__error_prefix(gt_context *ctx, const char *fmt, ...)
{
    char prefix[1024], old[sizeof ctx->errmsg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    snprintf(old, sizeof old, "%s", ctx->errmsg);
    snprintf(ctx->errmsg, sizeof ctx->errmsg, "%s: %s", prefix, old);
}

void gt__log(gt_context *ctx, gt_log_level level, const char *fmt, ...)
{
    if (!ctx->log_fn)
        return;
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->log_fn(level, msg, ctx->log_arg);
}

void gt__error_suffix(gt_context *ctx, const char *fmt, ...)
{
    size_t l = strlen(ctx->errmsg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg + l, sizeof ctx->errmsg - l, fmt, ap);
    va_end(ap);
}

gt_status gt__error_recode(gt_context *ctx, gt_status status)
{
    ctx->status = status;
    return status;
}

void gt__error_clear(gt_context *ctx)
{
    ctx->status = GT_OK;
    ctx->errmsg[0] = '\0';
}

void *gt__malloc(gt_context *ctx, size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        gt__error(ctx, GT_ERR_NOMEM, "out of memory (%zu bytes)", size);
    return p;
}

void *gt__calloc(gt_context *ctx, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        gt__error(ctx, GT_ERR_NOMEM, "out of memory (%zu x %zu bytes)", n, size);
    return p;
}

char *gt__strdup(gt_context *ctx, const char *s)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    return p;
}

char *gt__asprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

bool gt__progress_report(gt_context *ctx, const gt__progress *p, double done, const char *msg)
{
    if (!p || !p->fn)
        return true;
    if (done < 0)
        done = 0;
    if (done > 1)
        done = 1;
    if (!p->fn(p->lo + (p->hi - p->lo) * done, msg, p->arg)) {
        gt__error(ctx, GT_ERR_CANCELLED, "cancelled by the caller during: %s",
                  msg ? msg : "(unnamed stage)");
        return false;
    }
    return true;
}

gt__progress gt__progress_sub(const gt__progress *p, double lo, double hi)
{
    gt__progress s = {0};
    if (p) {
        s = *p;
        s.lo = p->lo + (p->hi - p->lo) * lo;
        s.hi = p->lo + (p->hi - p->lo) * hi;
    }
    return s;
}

typedef struct {
    gt__range_fn fn;
    void *arg;
    int begin, end;
} range_job;

static void *range_thread(void *p)
{
    range_job *job = p;
    job->fn(job->begin, job->end, job->arg);
    return NULL;
}

void gt__parallel_for(gt_context *ctx, int n, gt__range_fn fn, void *arg)
{
    int t = ctx->threads;
    if (t > n)
        t = n;
    if (t <= 1) {
        if (n > 0)
            fn(0, n, arg);
        return;
    }
    pthread_t tid[64];
    range_job jobs[64];
    bool started[64] = {false};
    if (t > 64)
        t = 64;
    for (int i = 0; i < t; i++) {
        jobs[i].fn = fn;
        jobs[i].arg = arg;
        jobs[i].begin = (int)((long long)n * i / t);
        jobs[i].end = (int)((long long)n * (i + 1) / t);
        started[i] = pthread_create(&tid[i], NULL, range_thread, &jobs[i]) == 0;
        if (!started[i])
            range_thread(&jobs[i]);
    }
    for (int i = 0; i < t; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
}

double gt__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void gt__sbuf_add(gt__sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || b->nomem)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->nomem = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
