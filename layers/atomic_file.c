/*
 * atomic_file.c: a run's outputs are one transaction. Each output is written
 * to a hidden temporary file beside its final path (same folder, so
 * rename(2) is atomic), and only when every output of the run is complete
 * are they all renamed into place, in one final step; on any failure every
 * temporary file is removed and every previous output is untouched.
 *
 *  - A temporary file is `.NAME.tmp-PID[ext]`, or `.gt-HASH.tmp-PID[ext]`
 *    when NAME is too long for that to fit the file-name limit.
 *  - SIGTERM and SIGINT: the executable's handler calls
 *    gt__outputs_discard_all(), which unlinks the registered temporary
 *    files (async-signal-safe). After kill -9, the next run on the same
 *    path removes the temporary files of processes that no longer exist.
 *  - An output given through a symbolic link replaces the link's target.
 *  - The commit holds an advisory lock on each output folder, so that two
 *    runs on the same paths commit one after the other, never interleaved;
 *    it links each previous output aside first, so that a rename that
 *    fails half-way puts the earlier ones back.
 *
 * SPDX-License-Identifier: MIT
 */
#define _DEFAULT_SOURCE /* flock() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layers/layers.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
/* The file-name limit of Linux file systems; the longest suffix a writer
 * adds to a temporary name (SQLite's "-journal", GDAL's ".msk.ovr.tmp") must
 * still fit. */
#define NAME_LIMIT 255
#define SUFFIX_ROOM 16

/* --- the registry the signal handler reads --------------------------------- */
#define N_SLOTS 64
static struct {
    atomic_int used;
    char path[PATH_MAX];
} slots[N_SLOTS];

static int slot_take(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < N_SLOTS; i++) {
        int expect = 0;
        if (atomic_compare_exchange_strong(&slots[i].used, &expect, 2)) {
            memcpy(slots[i].path, path, strlen(path) + 1);
            atomic_store(&slots[i].used, 1); /* visible to the handler now */
            return i;
        }
    }
    return -1; /* full: the next run's stale cleanup still catches it */
}

static void slot_release(int i)
{
    if (i >= 0)
        atomic_store(&slots[i].used, 0);
}

/* What GDAL and SQLite may create beside a file they write. */
static const char *const side_files[] = {"", "-journal", "-wal", "-shm", ".ovr.tmp", ".msk.ovr.tmp",
                                         ".aux.xml"};

void gt__outputs_discard_all(void)
{
    char buf[PATH_MAX + SUFFIX_ROOM];
    for (int i = 0; i < N_SLOTS; i++) {
        if (atomic_load(&slots[i].used) != 1)
            continue;
        size_t n = strlen(slots[i].path);
        for (size_t k = 0; k < sizeof side_files / sizeof *side_files; k++) {
            size_t m = strlen(side_files[k]);
            memcpy(buf, slots[i].path, n);
            memcpy(buf + n, side_files[k], m + 1);
            unlink(buf);
        }
    }
}

/* --- names ----------------------------------------------------------------- */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The two prefixes a temporary file of `base` may have: ".BASE.tmp-" and
 * ".gt-HASH.tmp-" (caller frees both). */
static void tmp_prefixes(const char *base, char **plain, char **hashed)
{
    *plain = gt__asprintf(".%s.tmp-", base);
    *hashed = gt__asprintf(".gt-%016llx.tmp-", (unsigned long long)fnv1a(base));
}

/* Split a path into its folder and file name (caller frees both). */
static int split_path(const char *path, char **dir, char **base)
{
    char *d = strdup(path), *b = strdup(path);
    *dir = d ? strdup(dirname(d)) : NULL;
    *base = b ? strdup(basename(b)) : NULL;
    free(d);
    free(b);
    if (!*dir || !*base) {
        free(*dir);
        free(*base);
        return -1;
    }
    return 0;
}

/* The file an output path names: a symbolic link is followed to its target
 * (which may not exist yet), so the target is replaced, not the link. */
static char *resolve_final(const char *path)
{
    char *cur = strdup(path);
    for (int depth = 0; cur && depth < 40; depth++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char target[PATH_MAX];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0)
            return cur;
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = strdup(target);
        } else {
            char *dir, *base;
            if (split_path(cur, &dir, &base) != 0) {
                free(cur);
                return NULL;
            }
            next = gt__asprintf("%s/%s", dir, target);
            free(dir);
            free(base);
        }
        free(cur);
        cur = next;
    }
    return cur;
}

/* Is `name` a temporary file of ours, `prefix` + PID + anything, of a
 * process that no longer runs? */
static bool stale(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0)
        return false;
    char *end;
    long pid = strtol(name + n, &end, 10);
    if (end == name + n || pid <= 0 || pid == (long)getpid())
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove what runs killed with SIGKILL left of `base` in `dir`. Also the
 * names older versions used (NAME.tmp-PID beside the output). */
static void remove_stale(const char *dir, const char *base)
{
    char *plain, *hashed, *old = gt__asprintf("%s.tmp-", base);
    tmp_prefixes(base, &plain, &hashed);
    DIR *d = plain && hashed && old ? opendir(dir) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (stale(e->d_name, plain) || stale(e->d_name, hashed) || stale(e->d_name, old)) {
            char *p = gt__asprintf("%s/%s", dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    free(plain);
    free(hashed);
    free(old);
}

/* --- the transaction ------------------------------------------------------- */
typedef struct staged {
    char *given; /* the path as the caller gave it */
    char *final; /* after following symbolic links */
    char *tmp;
    int slot;
} staged;

typedef struct gt__outputs {
    staged *v;
    int n, cap;
    int depth; /* nested begins (a map drawn inside a site run) */
} gt__outputs;

/* One open transaction per thread, as there is one context per thread. */
static _Thread_local gt__outputs *current;

/* The files the thread's run reads (gt__outputs_note_input): no output may
 * replace one of them, or an exit 0 would leave the input lost. Cleared
 * when the outermost transaction ends. */
#define N_INPUTS 512
static _Thread_local struct {
    dev_t dev;
    ino_t ino;
} inputs[N_INPUTS];
static _Thread_local int n_inputs;

void gt__outputs_note_input(const char *path)
{
    struct stat sb;
    if (!path || n_inputs == N_INPUTS || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return;
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i].dev == sb.st_dev && inputs[i].ino == sb.st_ino)
            return;
    inputs[n_inputs].dev = sb.st_dev;
    inputs[n_inputs].ino = sb.st_ino;
    n_inputs++;
}

/* Is the file at `final` one the run reads? */
static bool is_input(const char *final)
{
    struct stat sb;
    if (stat(final, &sb) != 0)
        return false;
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i].dev == sb.st_dev && inputs[i].ino == sb.st_ino)
            return true;
    return false;
}

/* A file that exists and is neither a regular file nor a folder (a device,
 * a FIFO, a socket): rename(2) would replace the node itself (`-o /dev/null`
 * as root left a regular file there, with exit 0). */
static bool special_file(const char *final)
{
    struct stat sb;
    return stat(final, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);
}

static gt_status special_clash(gt_context *ctx, const char *given)
{
    return gt__error(ctx, GT_ERR_OUTPUT,
                     "cannot write '%s': it is not a regular file (a device, FIFO or socket); "
                     "nothing was replaced",
                     given);
}

static gt_status input_clash(gt_context *ctx, const char *given)
{
    return gt__error(ctx, GT_ERR_OUTPUT,
                     "cannot write '%s': it is an input of this run; nothing was replaced "
                     "(write the output to another path)",
                     given);
}

gt_status gt__outputs_begin(gt_context *ctx)
{
    if (current) {
        current->depth++;
        return GT_OK;
    }
    current = gt__calloc(ctx, 1, sizeof *current);
    return current ? GT_OK : gt_context_status(ctx);
}

bool gt__outputs_open(void)
{
    return current != NULL;
}

static void staged_free(staged *s, bool remove)
{
    if (remove && s->tmp) {
        char buf[PATH_MAX + SUFFIX_ROOM];
        for (size_t k = 0; k < sizeof side_files / sizeof *side_files; k++) {
            snprintf(buf, sizeof buf, "%s%s", s->tmp, side_files[k]);
            unlink(buf);
        }
    }
    slot_release(s->slot);
    free(s->given);
    free(s->final);
    free(s->tmp);
}

/* The temporary path of `final` for this process; errno set on failure. */
static char *make_tmp(const char *final, const char *ext, staged *s)
{
    char *dir, *base;
    if (split_path(final, &dir, &base) != 0) {
        errno = ENOMEM;
        return NULL;
    }
    remove_stale(dir, base);
    if (!ext)
        ext = "";
    char *name = gt__asprintf(".%s.tmp-%ld%s", base, (long)getpid(), ext);
    if (name && strlen(name) + SUFFIX_ROOM > NAME_LIMIT) {
        free(name);
        name = gt__asprintf(".gt-%016llx.tmp-%ld%s", (unsigned long long)fnv1a(base),
                            (long)getpid(), ext);
    }
    char *tmp = name ? gt__asprintf("%s/%s", dir, name) : NULL;
    free(name);
    free(dir);
    free(base);
    if (!tmp) {
        errno = ENOMEM;
        return NULL;
    }
    unlink(tmp); /* a leftover of an earlier process with our PID */
    s->slot = slot_take(tmp);
    return tmp;
}

/* Whether two output paths name one file: the same name in the same
 * folder, however spelt ('out/x.gpkg' and './out//x.gpkg'). */
static bool same_output(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return true;
    char *da, *ba, *db, *bb;
    if (split_path(a, &da, &ba) != 0)
        return false;
    bool same = false;
    if (split_path(b, &db, &bb) == 0) {
        struct stat sa, sb;
        same = !strcmp(ba, bb) && stat(da, &sa) == 0 && stat(db, &sb) == 0 &&
               sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
        free(db);
        free(bb);
    }
    free(da);
    free(ba);
    return same;
}

/* Stage one output; errno tells why on NULL. The result is owned by the
 * staged entry (or by the caller when `s` is the caller's). */
static char *stage(const char *path, const char *ext, staged *s)
{
    *s = (staged){.slot = -1};
    if (!*path) { /* `-o ""`: no file to write (it wrote '.' + '.tmp-PID') */
        errno = ENOENT;
        return NULL;
    }
    s->given = strdup(path);
    s->final = resolve_final(path);
    if (!s->given || !s->final) {
        errno = ENOMEM;
        return NULL;
    }
    struct stat st;
    if (stat(s->final, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    if (current)
        for (int i = 0; i < current->n; i++)
            if (current->v[i].final && same_output(current->v[i].final, s->final)) {
                errno = EEXIST;
                return NULL;
            }
    s->tmp = make_tmp(s->final, ext, s);
    return s->tmp;
}

/* Keep a staged output in the open transaction, or, without one, hand the
 * temporary path to the caller alone. NULL with errno on failure. */
static char *keep(staged *s)
{
    char *copy = strdup(s->tmp);
    if (!copy) {
        staged_free(s, true);
        errno = ENOMEM;
        return NULL;
    }
    if (!current) { /* the slot stays registered until gt__replace_file */
        s->slot = -1;
        staged_free(s, false);
        return copy;
    }
    if (current->n == current->cap) {
        int cap = current->cap ? 2 * current->cap : 8;
        staged *v = realloc(current->v, (size_t)cap * sizeof *v);
        if (!v) {
            staged_free(s, true);
            free(copy);
            errno = ENOMEM;
            return NULL;
        }
        current->v = v, current->cap = cap;
    }
    current->v[current->n++] = *s;
    return copy;
}

/* The folder of an output, made as `mkdir -p` would: 0, or -1 with errno
 * and, when bad_dir is given, the folder that could not be made. */
static int make_parent(const char *path, char **bad_dir)
{
    char *d = strdup(path);
    if (!d) {
        errno = ENOMEM;
        return -1;
    }
    char *slash = strrchr(d, '/');
    int rc = 0;
    if (slash && slash != d) {
        *slash = '\0';
        rc = gt__make_dirs(d);
    }
    if (rc == 0 || !bad_dir)
        free(d);
    else
        *bad_dir = d;
    return rc;
}

static char *tmp_path(const char *path, const char *ext, char **bad_dir)
{
    if (make_parent(path, bad_dir) != 0)
        return NULL;
    staged s;
    if (!stage(path, ext, &s)) {
        int e = errno;
        staged_free(&s, false);
        errno = e;
        return NULL;
    }
    return keep(&s);
}

char *gt__tmp_path(const char *path, const char *ext)
{
    return tmp_path(path, ext, NULL);
}

/* mkdir(2) that takes an existing folder, and only a folder, as made. */
static int make_dir(const char *d)
{
    struct stat sb;
    if (mkdir(d, 0777) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    if (stat(d, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* mkdir -p for the output folder. */
int gt__make_dirs(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (make_dir(buf) != 0)
                return -1;
            *p = '/';
        }
    }
    if (make_dir(buf) != 0)
        return -1;
    return 0;
}

char *gt__output_stage(gt_context *ctx, const char *path, const char *ext)
{
    if (!*path) {
        gt__error(ctx, GT_ERR_OUTPUT, "an output path is empty: give a file name");
        return NULL;
    }
    char *bad_dir = NULL;
    char *tmp = tmp_path(path, ext, &bad_dir);
    if (!tmp) {
        int e = errno;
        if (bad_dir)
            gt__error(ctx, GT_ERR_OUTPUT, "cannot create the output folder '%s': %s", bad_dir,
                      strerror(e));
        else if (e == EEXIST)
            gt__error(ctx, GT_ERR_OUTPUT, "'%s' is named for two outputs of this run", path);
        else
            gt__error(ctx, e == ENOMEM ? GT_ERR_NOMEM : GT_ERR_OUTPUT, "cannot write '%s': %s",
                      path, strerror(e));
    }
    free(bad_dir);
    return tmp;
}

static staged *find_tmp(const char *tmp)
{
    for (int i = 0; current && tmp && i < current->n; i++)
        if (current->v[i].tmp && !strcmp(current->v[i].tmp, tmp))
            return &current->v[i];
    return NULL;
}

const char *gt__output_readable(const char *path)
{
    if (!current || !path)
        return path;
    char *final = resolve_final(path);
    const char *found = path;
    for (int i = 0; final && i < current->n; i++)
        if (current->v[i].tmp &&
            (!strcmp(current->v[i].given, path) || !strcmp(current->v[i].final, final)))
            found = current->v[i].tmp;
    free(final);
    return found;
}

static void unregister_tmp(const char *tmp)
{
    for (int i = 0; i < N_SLOTS; i++)
        if (atomic_load(&slots[i].used) == 1 && !strcmp(slots[i].path, tmp))
            slot_release(i);
}

gt_status gt__replace_file(gt_context *ctx, gt_status st, char *tmp, const char *path)
{
    staged *s = find_tmp(tmp);
    if (s) {
        /* In a transaction: the commit renames it; a failure is the run's. */
        if (st) {
            staged_free(s, true);
            *s = (staged){.slot = -1};
        }
        free(tmp);
        return st;
    }
    char *final = path ? resolve_final(path) : NULL;
    if (!st && !final)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    if (!st && is_input(final))
        st = input_clash(ctx, path);
    if (!st && special_file(final))
        st = special_clash(ctx, path);
    if (!st && rename(tmp, final) != 0)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot move '%s' to '%s': %s", tmp, path,
                       strerror(errno));
    if (st && tmp)
        unlink(tmp);
    if (tmp)
        unregister_tmp(tmp);
    free(final);
    free(tmp);
    return st;
}

void gt__output_discard(const char *tmp)
{
    if (!tmp)
        return;
    staged *s = find_tmp(tmp);
    if (s) {
        staged_free(s, true);
        *s = (staged){.slot = -1};
        return;
    }
    staged t = {.tmp = (char *)tmp, .slot = -1};
    char buf[PATH_MAX + SUFFIX_ROOM];
    for (size_t k = 0; k < sizeof side_files / sizeof *side_files; k++) {
        snprintf(buf, sizeof buf, "%s%s", t.tmp, side_files[k]);
        unlink(buf);
    }
    unregister_tmp(tmp);
}

static void abort_all(gt__outputs *o)
{
    for (int i = 0; i < o->n; i++)
        staged_free(&o->v[i], true);
    free(o->v);
    free(o);
}

typedef struct {
    dev_t dev;
    ino_t ino;
    int fd;
} dir_lock;

static int cmp_dir(const void *a, const void *b)
{
    const dir_lock *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Lock each output folder once, in the order of their device and inode:
 * the same folder spelt two ways ('out' and './out') was opened and locked
 * twice, and the second lock waited for the first forever; the order is
 * the same for every run, so two runs cannot deadlock. */
static int *lock_dirs(gt__outputs *o, int *n_fds)
{
    dir_lock *d = calloc((size_t)o->n + 1, sizeof *d);
    int *fds = calloc((size_t)o->n + 1, sizeof *fds);
    int n = 0, k = 0;
    for (int i = 0; d && fds && i < o->n; i++) {
        char *dir, *base;
        if (!o->v[i].tmp || split_path(o->v[i].final, &dir, &base) != 0)
            continue;
        free(base);
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat sb;
        free(dir);
        if (fd >= 0 && fstat(fd, &sb) == 0)
            d[n++] = (dir_lock){sb.st_dev, sb.st_ino, fd};
        else if (fd >= 0)
            close(fd);
    }
    if (d)
        qsort(d, (size_t)n, sizeof *d, cmp_dir);
    for (int i = 0; i < n; i++) {
        if (i > 0 && !cmp_dir(&d[i], &d[i - 1]))
            close(d[i].fd);
        else if (flock(d[i].fd, LOCK_EX) == 0)
            fds[k++] = d[i].fd;
        else
            close(d[i].fd);
    }
    free(d);
    *n_fds = k;
    return fds;
}

/* The final step: every temporary file over its output, each previous
 * output linked aside first so that a failure puts them all back. Signals
 * wait until it is done. */
static gt_status commit_all(gt_context *ctx, gt__outputs *o)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int n_fds = 0;
    int *fds = lock_dirs(o, &n_fds);
    gt_status st = GT_OK;
    char **backup = calloc((size_t)o->n + 1, sizeof *backup);
    bool *existed = calloc((size_t)o->n + 1, sizeof *existed);
    if (!backup || !existed)
        st = gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    /* An input, or a folder, in the way fails before anything is replaced. */
    for (int i = 0; !st && i < o->n; i++)
        if (o->v[i].tmp && is_input(o->v[i].final))
            st = input_clash(ctx, o->v[i].given);
    for (int i = 0; !st && i < o->n; i++)
        if (o->v[i].tmp && special_file(o->v[i].final))
            st = special_clash(ctx, o->v[i].given);
    for (int i = 0; !st && i < o->n; i++) {
        struct stat sb;
        if (o->v[i].tmp && stat(o->v[i].final, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = gt__error(ctx, GT_ERR_OUTPUT, "cannot write '%s': %s", o->v[i].given,
                           strerror(EISDIR));
    }
    /* Each temporary file on disk before it replaces anything: the
     * GeoPackage is written without SQLite's own syncs (layers/gpkg.c), and
     * a late write error (a full disk) shows here, before the renames. */
    for (int i = 0; !st && i < o->n; i++) {
        if (!o->v[i].tmp)
            continue;
        int fd = open(o->v[i].tmp, O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && fsync(fd) != 0 && errno != EINVAL)
            st = gt__error(ctx, GT_ERR_OUTPUT, "cannot write '%s': %s", o->v[i].given,
                           strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    for (int i = 0; !st && i < o->n; i++) {
        if (!o->v[i].tmp || access(o->v[i].final, F_OK) != 0)
            continue;
        existed[i] = true;
        backup[i] = gt__asprintf("%s.old", o->v[i].tmp);
        if (backup[i] && link(o->v[i].final, backup[i]) != 0) {
            free(backup[i]); /* no hard links here: no way back, but go on */
            backup[i] = NULL;
        }
    }
    int done = 0;
    for (; !st && done < o->n; done++) {
        if (o->v[done].tmp && rename(o->v[done].tmp, o->v[done].final) != 0)
            st = gt__error(ctx, GT_ERR_OUTPUT, "cannot move '%s' to '%s': %s", o->v[done].tmp,
                           o->v[done].given, strerror(errno));
    }
    if (st && backup && existed) /* put back what was replaced before the failure */
        for (int i = 0; i < done - 1; i++) {
            if (!o->v[i].tmp)
                continue;
            if (backup[i])
                rename(backup[i], o->v[i].final);
            else if (!existed[i])
                unlink(o->v[i].final); /* it was not there before the run */
        }
    for (int i = 0; backup && i < o->n; i++) {
        if (backup[i])
            unlink(backup[i]);
        free(backup[i]);
    }
    free(backup);
    free(existed);
    for (int i = 0; i < n_fds; i++) {
        if (!st)
            fsync(fds[i]); /* the renames themselves */
        close(fds[i]);     /* releases the lock */
    }
    free(fds);
    for (int i = 0; i < o->n; i++)
        staged_free(&o->v[i], true); /* nothing left after a success */
    free(o->v);
    free(o);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

gt_status gt__outputs_end(gt_context *ctx, gt_status st)
{
    gt__outputs *o = current;
    if (!o)
        return st;
    if (o->depth > 0) {
        o->depth--;
        return st;
    }
    current = NULL;
    if (st)
        abort_all(o);
    else
        st = commit_all(ctx, o);
    n_inputs = 0;
    return st;
}
