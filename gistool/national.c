/*
 * national.c: the national sources shipped with gistool: where they are,
 * and a province's names in the 2009 census (national.h).
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "algorithms/vn2000.h"
#include "gistool/national.h"
#include "layers/layers.h"

char *gt__national_dir(const char *given)
{
    if (given)
        return gt__asprintf("%s", given);
    const char *env = getenv("GISTOOL_NATIONAL");
    if (env && *env)
        return gt__asprintf("%s", env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *beside = NULL;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            beside = gt__asprintf("%s/../share/gistool/national", exe);
        }
    }
    const char *dirs[] = {GT_NATIONAL_DIR_BUILD, beside, GT_NATIONAL_DIR_INSTALL};
    char *found = NULL;
    for (size_t i = 0; !found && i < sizeof dirs / sizeof *dirs; i++) {
        char *p = dirs[i] ? gt__asprintf("%s/%s", dirs[i], GT__CENSUS_FILE) : NULL;
        if (p && access(p, R_OK) == 0)
            found = gt__asprintf("%s", dirs[i]);
        free(p);
    }
    free(beside);
    return found ? found : gt__asprintf("%s", GT_NATIONAL_DIR_BUILD);
}

/* The former provinces of p (p itself when it has none), split at commas
 * into parts pointing into buf; returns their number. */
static int member_names(const gt_vn2000_preset *p, char *buf, size_t size, char **parts)
{
    snprintf(buf, size, "%s", p->former ? p->former : p->name);
    int n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && n < GT__PROVINCE_MEMBERS_MAX;
         t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        parts[n++] = t;
    }
    return n;
}

int gt__province_members(gt_context *ctx, const gt_vn2000_preset *p, char **members)
{
    char buf[256], *parts[GT__PROVINCE_MEMBERS_MAX];
    int n = member_names(p, buf, sizeof buf, parts);
    for (int i = 0; i < n; i++)
        if (!(members[i] = gt__strdup(ctx, parts[i]))) {
            while (i > 0)
                free(members[--i]);
            return -1;
        }
    return n;
}

const gt_vn2000_preset *gt__province_successor(const gt_vn2000_preset *p)
{
    if (p->former)
        return p;
    char want[128], have[128];
    gt__vn2000_fold(p->name, want, sizeof want);
    const gt_vn2000_preset *q;
    for (size_t i = 0; (q = gt_vn2000_at(i)); i++) {
        char buf[256], *parts[GT__PROVINCE_MEMBERS_MAX];
        int n = q->former ? member_names(q, buf, sizeof buf, parts) : 0;
        for (int k = 0; k < n; k++) {
            gt__vn2000_fold(parts[k], have, sizeof have);
            if (!strcmp(want, have))
                return q;
        }
    }
    return p;
}

gt_status gt__census_names(gt_context *ctx, const char *who, GDALDatasetH ds, const char *path,
                           char *const *members, int n, char **names)
{
    OGRLayerH q =
        GDALDatasetExecuteSQL(ds, "SELECT DISTINCT province_vn FROM " GT__CENSUS_LAYER, NULL, NULL);
    if (!q)
        return gt__gdal_error(ctx, GT_ERR_INPUT_FIELD,
                              "%s: '%s' layer '%s' has no field province_vn", who, path,
                              GT__CENSUS_LAYER);
    OGRFeatureH f;
    char want[128], have[128];
    while ((f = OGR_L_GetNextFeature(q))) {
        const char *v = OGR_F_GetFieldAsString(f, 0);
        gt__vn2000_fold(v, have, sizeof have);
        for (int m = 0; m < n; m++) {
            gt__vn2000_fold(members[m], want, sizeof want);
            if (!names[m] && !strcmp(want, have))
                names[m] = gt__strdup(ctx, v);
        }
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(ds, q);
    for (int m = 0; m < n; m++)
        if (!names[m])
            return gt__error(ctx, GT_ERR_INPUT_EXTENT,
                             "%s: the census '%s' has no commune of %s (field province_vn)", who,
                             path, members[m]);
    return GT_OK;
}
