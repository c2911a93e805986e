/*
 * provenance.c: what a reviewer needs to reproduce a run: SHA-256 of each
 * input file (OpenSSL EVP), the versions of every library, and the run's
 * own record in its GeoPackage: the run_info header every command writes,
 * the run_inputs table, and reading both back (map sheets and reports draw
 * a run from what it recorded, never from a scenario file that may have
 * moved or changed since). SPDX-License-Identifier: MIT
 */
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_string.h>
#include <gdal.h>
#include <libfyaml.h>
#include <openssl/evp.h>
#include <proj.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first. */
#include <spatialite.h>

#include "layers/layers.h"

bool gt__sha256_file(const char *path, char hex[65], long long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    unsigned char buf[1 << 16];
    long long total = 0;
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(md, buf, n) == 1;
        total += (long long)n;
    }
    if (ferror(f))
        ok = false;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (ok)
        ok = EVP_DigestFinal_ex(md, digest, &len) == 1 && len == 32;
    if (ok) {
        for (unsigned i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", digest[i]);
        *size = total;
    }
    EVP_MD_CTX_free(md);
    fclose(f);
    return ok;
}

char *gt_version_report(void)
{
    PJ_INFO pi = proj_info();
    return gt__asprintf("gistool %s\nGDAL %s\nPROJ %s\nGEOS %s\nSpatiaLite %s\n"
                        "libfyaml %s\nSQLite %s\n",
                        GT_VERSION, GDALVersionInfo("RELEASE_NAME"), pi.version, GEOSversion(),
                        spatialite_version(), fy_library_version(), sqlite3_libversion());
}

/* --- run_info -------------------------------------------------------------- */

gt_status gt__run_info_vput(gt_context *ctx, OGRLayerH l, const char *key, const char *fmt,
                            va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[1024];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *big = NULL;
    if (n >= (int)sizeof small) {
        big = malloc((size_t)n + 1);
        if (big)
            vsnprintf(big, (size_t)n + 1, fmt, again);
    }
    va_end(again);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, key);
    OGR_F_SetFieldString(f, 1, big ? big : small);
    OGRErr e = OGR_L_CreateFeature(l, f);
    OGR_F_Destroy(f);
    free(big);
    return e == OGRERR_NONE ? GT_OK : gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_info failed");
}

gt_status gt__run_info_put(gt_context *ctx, OGRLayerH l, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gt_status st = gt__run_info_vput(ctx, l, key, fmt, ap);
    va_end(ap);
    return st;
}

void gt__run_info_add(gt_context *ctx, OGRLayerH l, gt_status *st, const char *key, const char *fmt,
                      ...)
{
    if (*st)
        return;
    va_list ap;
    va_start(ap, fmt);
    *st = gt__run_info_vput(ctx, l, key, fmt, ap);
    va_end(ap);
}

/* Strings joined by `sep`; "" for none. Caller frees with free(). */
static char *joined(const char *const *s, int n, const char *sep)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "%s", "");
    for (int i = 0; i < n; i++)
        gt__sbuf_add(&b, "%s%s", i ? sep : "", s[i]);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

OGRLayerH gt__run_info_begin(gt_context *ctx, gt__gpkg *g, const gt__run_header *h)
{
    const char *names[] = {GT__FIELD_KEY, GT__FIELD_VALUE};
    OGRFieldType types[] = {OFTString, OFTString};
    OGRLayerH l = gt__gpkg_table(ctx, g, GT__TABLE_RUN_INFO, names, types, 2);
    if (!l)
        return NULL;
    char *versions = gt_version_report();
    char *cmd = joined((const char *const *)h->argv, h->argc, " ");
    char *over = joined(h->overrides, h->n_overrides, "; ");
    char hex[65] = "";
    long long size = 0;
    gt__sha256_file(h->scenario_path, hex, &size);
    time_t now = time(NULL);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    char tool[64];
    snprintf(tool, sizeof tool, "gistool %s", gt_version());
    gt_status st = !cmd || !over ? gt__error(ctx, GT_ERR_NOMEM, "out of memory") : GT_OK;
    /* A NULL facility is not written (rank has none); other NULLs are "". */
    const gt__run_kv head[] = {{GT__KEY_TOOL, tool},
                               {GT__KEY_COMMAND, h->command},
                               {GT__KEY_COMMAND_LINE, cmd},
                               {GT__KEY_VERSIONS, versions ? versions : ""},
                               {GT__KEY_STARTED_UTC, stamp},
                               {GT__KEY_SCENARIO_NAME, h->scenario_name},
                               {GT__KEY_SCENARIO_PATH, h->scenario_path},
                               {GT__KEY_SCENARIO_SHA256, hex},
                               {GT__KEY_SCENARIO_OVERRIDES, over},
                               {GT__KEY_SCENARIO_TEXT, h->scenario_text},
                               {GT__KEY_FACILITY, h->facility},
                               {GT__KEY_WORKING_CRS, h->working_crs}};
    for (size_t i = 0; !st && i < sizeof head / sizeof head[0]; i++)
        if (head[i].value || strcmp(head[i].key, GT__KEY_FACILITY))
            st = gt__run_info_put(ctx, l, head[i].key, "%s", head[i].value ? head[i].value : "");
    for (int i = 0; !st && i < h->n_space; i++)
        st = gt__run_info_put(ctx, l, h->space[i].key, "%s", h->space[i].value);
    if (!st)
        st = gt__run_info_put(ctx, l, GT__KEY_PROFILE, "%s",
                              h->profile_id ? h->profile_id : "(none)");
    if (!st)
        st = gt__run_info_put(ctx, l, GT__KEY_PROFILE_PATH, "%s",
                              h->profile_path ? h->profile_path : "");
    free(versions);
    free(cmd);
    free(over);
    return st ? NULL : l;
}

char *gt__run_info_get(gt_context *ctx, GDALDatasetH ds, const char *key)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INFO);
    if (!l)
        return NULL;
    char *v = NULL;
    bool found = false;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (!found && (f = OGR_L_GetNextFeature(l))) {
        if (!strcmp(OGR_F_GetFieldAsString(f, 0), key)) {
            found = true;
            v = gt__strdup(ctx, OGR_F_GetFieldAsString(f, 1));
        }
        OGR_F_Destroy(f);
    }
    return v;
}

/* --- run_inputs ------------------------------------------------------------ */

/* The columns of run_inputs, in order. */
enum {
    IN_ROLE,
    IN_PATH,
    IN_SIZE,
    IN_SHA256,
    IN_LABEL,
    IN_SOURCE,
    IN_SOURCE_LAYER,
    IN_SRS,
    IN_WHERE,
    IN_CLASS_FIELD,
    IN_CLASSES,
    IN_N
};

OGRLayerH gt__run_inputs_begin(gt_context *ctx, gt__gpkg *g)
{
    const char *names[IN_N] = {
        GT__FIELD_INPUT_ROLE,         GT__FIELD_INPUT_PATH,   GT__FIELD_INPUT_SIZE,
        GT__FIELD_INPUT_SHA256,       GT__FIELD_INPUT_LABEL,  GT__FIELD_INPUT_SOURCE,
        GT__FIELD_INPUT_SOURCE_LAYER, GT__FIELD_INPUT_SRS,    GT__FIELD_INPUT_WHERE,
        GT__FIELD_INPUT_CLASS_FIELD,  GT__FIELD_INPUT_CLASSES};
    OGRFieldType types[IN_N];
    for (int i = 0; i < IN_N; i++)
        types[i] = i == IN_SIZE ? OFTInteger64 : OFTString;
    return gt__gpkg_table(ctx, g, GT__TABLE_RUN_INPUTS, names, types, IN_N);
}

/* Was `path` given relative to a scenario in `dir`? Then the part after
 * "dir/", the way the scenario wrote it; otherwise NULL. */
static const char *relative_to(const char *dir, const char *path)
{
    size_t n = dir ? strlen(dir) : 0;
    if (!n || strncmp(path, dir, n) || path[n] != '/')
        return NULL;
    return path + n + 1;
}

/* A source recorded relative to the scenario's folder, resolved against
 * that folder the way the scenario reader resolves it (absolute paths,
 * PG:, /vsi... stay as they are). Caller frees with free(). */
static char *resolve(gt_context *ctx, const char *dir, const char *path)
{
    if (path[0] == '/' || strchr(path, ':') || !dir)
        return gt__strdup(ctx, path);
    return gt__asprintf("%s/%s", dir, path);
}

static void set_string(OGRFeatureH f, int i, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, i, s);
}

gt_status gt__run_inputs_put(gt_context *ctx, OGRLayerH l, const char *scenario_dir,
                             const gt__layer_spec *spec, bool dataset)
{
    char **files = NULL;
    if (dataset) {
        GDALDatasetH ds = GDALOpenEx(spec->source, GDAL_OF_READONLY, NULL, NULL, NULL);
        if (ds) {
            files = GDALGetFileList(ds);
            GDALClose(ds);
        }
    }
    const char *rel = relative_to(scenario_dir, spec->source);
    /* Classes one a line: a class name holds spaces and commas, never a
     * line break. */
    char *classes =
        spec->n_classes ? joined((const char *const *)spec->classes, spec->n_classes, "\n") : NULL;
    const char *one[] = {spec->source, NULL};
    const char *const *list = files ? (const char *const *)files : one;
    gt_status st = GT_OK;
    for (int k = 0; !st && list[k]; k++) {
        gt__outputs_note_input(list[k]); /* no output of the run may replace it */
        char hex[65] = "";
        long long size = -1;
        if (!gt__sha256_file(list[k], hex, &size))
            snprintf(hex, sizeof hex, "unreadable");
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, IN_ROLE, spec->name);
        OGR_F_SetFieldString(f, IN_PATH, list[k]);
        OGR_F_SetFieldInteger64(f, IN_SIZE, size);
        OGR_F_SetFieldString(f, IN_SHA256, hex);
        set_string(f, IN_LABEL, spec->label);
        set_string(f, IN_SOURCE, rel ? rel : spec->source);
        set_string(f, IN_SOURCE_LAYER, spec->layer);
        set_string(f, IN_SRS, spec->srs);
        set_string(f, IN_WHERE, spec->where);
        set_string(f, IN_CLASS_FIELD, spec->class_field);
        if (classes)
            OGR_F_SetFieldString(f, IN_CLASSES, classes);
        if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
            st = gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing run_inputs failed");
        OGR_F_Destroy(f);
    }
    CSLDestroy(files);
    free(classes);
    return st;
}

/* A string field of a run_inputs row, NULL when unset or missing. */
static char *field(gt_context *ctx, OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)
               ? gt__strdup(ctx, OGR_F_GetFieldAsString(f, i))
               : NULL;
}

/* The spec of a run_inputs row; runs written before the source columns
 * existed give their recorded file. */
static gt_status spec_of_row(gt_context *ctx, OGRFeatureH f, const char *dir, gt__layer_spec *s)
{
    char *src = field(ctx, f, GT__FIELD_INPUT_SOURCE);
    if (!src)
        src = field(ctx, f, GT__FIELD_INPUT_PATH);
    s->source = src ? resolve(ctx, dir, src) : NULL;
    free(src);
    s->name = field(ctx, f, GT__FIELD_INPUT_ROLE);
    s->layer = field(ctx, f, GT__FIELD_INPUT_SOURCE_LAYER);
    s->srs = field(ctx, f, GT__FIELD_INPUT_SRS);
    s->where = field(ctx, f, GT__FIELD_INPUT_WHERE);
    s->class_field = field(ctx, f, GT__FIELD_INPUT_CLASS_FIELD);
    s->label = field(ctx, f, GT__FIELD_INPUT_LABEL);
    s->origin = gt__strdup(ctx, GT__TABLE_RUN_INPUTS);
    char *text = field(ctx, f, GT__FIELD_INPUT_CLASSES);
    char **classes = text ? CSLTokenizeString2(text, "\n", 0) : NULL;
    free(text);
    s->n_classes = classes ? CSLCount(classes) : 0;
    if (s->n_classes) {
        s->classes = gt__calloc(ctx, (size_t)s->n_classes, sizeof *s->classes);
        for (int k = 0; s->classes && k < s->n_classes; k++)
            s->classes[k] = gt__strdup(ctx, classes[k]);
    }
    CSLDestroy(classes);
    return s->source && s->name && s->origin ? gt_context_status(ctx) : GT_ERR_NOMEM;
}

gt_status gt__run_input_spec(gt_context *ctx, GDALDatasetH ds, const char *role,
                             gt__layer_spec **out)
{
    *out = NULL;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, GT__TABLE_RUN_INPUTS);
    if (!l)
        return GT_OK;
    char *scenario = gt__run_info_get(ctx, ds, GT__KEY_SCENARIO_PATH);
    char *dir = scenario ? gt__strdup(ctx, dirname(scenario)) : NULL;
    free(scenario);
    gt_status st = GT_OK;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (!*out && !st && (f = OGR_L_GetNextFeature(l))) {
        if (!strcmp(OGR_F_GetFieldAsString(f, 0), role)) {
            gt__layer_spec *s = gt__calloc(ctx, 1, sizeof *s);
            st = s ? spec_of_row(ctx, f, dir, s) : GT_ERR_NOMEM;
            if (st && s) {
                gt__layer_spec_free(s);
                free(s);
            } else {
                *out = s;
            }
        }
        OGR_F_Destroy(f);
    }
    free(dir);
    return st;
}
