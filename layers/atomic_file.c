/*
 * atomic_file.c: every output is written to a temporary file beside its
 * final path and renamed into place, so a failed run leaves the previous
 * output untouched. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layers/layers.h"

char *gt__tmp_path(const char *path, const char *ext)
{
    return gt__asprintf("%s.tmp-%ld%s", path, (long)getpid(), ext ? ext : "");
}

gt_status gt__replace_file(gt_context *ctx, gt_status st, char *tmp, const char *path)
{
    if (!st && rename(tmp, path) != 0)
        st = gt__error(ctx, GT_ERR_OUTPUT, "cannot move '%s' to '%s': %s", tmp, path,
                       strerror(errno));
    if (st && tmp)
        unlink(tmp);
    free(tmp);
    return st;
}
