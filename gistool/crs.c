/*
 * crs.c: `gistool crs PROVINCE`: a province's VN-2000 preset
 * (algorithms/vn2000.c) side by side with what PROJ says of its EPSG code
 * (layers/crs_info.c), as text or JSON. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/options.h"
#include "layers/crs_info.h"

/* A JSON string (the report's strings are UTF-8 and pass through). */
static void json_string(gt__sbuf *b, const char *s)
{
    gt__sbuf_add(b, "\"");
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            gt__sbuf_add(b, "\\%c", *s);
        else if (*s == '\n')
            gt__sbuf_add(b, "\\n");
        else if ((unsigned char)*s < 0x20)
            gt__sbuf_add(b, "\\u%04x", *s);
        else
            gt__sbuf_add(b, "%c", *s);
    }
    gt__sbuf_add(b, "\"");
}

static void json_key(gt__sbuf *b, const char *key, const char *value)
{
    gt__sbuf_add(b, ",\n  \"%s\": ", key);
    if (value)
        json_string(b, value);
    else
        gt__sbuf_add(b, "null");
}

static void put_json(gt__sbuf *b, const gt_vn2000_preset *p, const gt__crs_info *c, bool wkt)
{
    char dm[16];
    gt__sbuf_add(b, "{\n  \"province\": ");
    json_string(b, p->name);
    json_key(b, "gso_code", *p->gso_code ? p->gso_code : NULL);
    json_key(b, "former_provinces", p->former);
    gt__sbuf_add(b, ",\n  \"central_meridian_deg\": %.10g", p->central_meridian_deg);
    json_key(b, "central_meridian", gt_vn2000_meridian_text(p, dm, sizeof dm));
    gt__sbuf_add(b, ",\n  \"epsg\": %d", p->epsg);
    json_key(b, "crs_name", c->name);
    json_key(b, "proj_string", c->proj);
    gt__sbuf_add(b, ",\n  \"proj_central_meridian_deg\": %.10g", c->central_meridian_deg);
    gt__sbuf_add(b, ",\n  \"scale_factor\": %.10g,\n  \"false_easting_m\": %.10g", c->scale_factor,
                 c->false_easting_m);
    json_key(b, "datum", c->datum);
    json_key(b, "to_wgs84", c->to_wgs84_name);
    json_key(b, "to_wgs84_id", *c->to_wgs84_id ? c->to_wgs84_id : NULL);
    json_key(b, "to_wgs84_pipeline", c->to_wgs84_proj);
    if (c->to_wgs84_accuracy_m >= 0)
        gt__sbuf_add(b, ",\n  \"to_wgs84_accuracy_m\": %.10g", c->to_wgs84_accuracy_m);
    else
        gt__sbuf_add(b, ",\n  \"to_wgs84_accuracy_m\": null");
    json_key(b, "status", p->verify ? "verify" : "verified");
    json_key(b, "source", p->source);
    if (wkt)
        json_key(b, "wkt", c->wkt);
    gt__sbuf_add(b, "\n}\n");
}

static void put_text(gt__sbuf *b, const gt_vn2000_preset *p, const gt__crs_info *c, bool wkt)
{
    char dm[16], acc[48] = "";
    if (c->to_wgs84_accuracy_m >= 0)
        snprintf(acc, sizeof acc, ", accuracy %g m", c->to_wgs84_accuracy_m);
    gt__sbuf_add(b, "province:          %s\n", p->name);
    if (*p->gso_code)
        gt__sbuf_add(b, "GSO code:          %s\n", p->gso_code);
    if (p->former)
        gt__sbuf_add(b, "former provinces:  %s\n", p->former);
    gt__sbuf_add(b, "central meridian:  %s (%.10g°; PROJ: %.10g°)\n",
                 gt_vn2000_meridian_text(p, dm, sizeof dm), p->central_meridian_deg,
                 c->central_meridian_deg);
    gt__sbuf_add(b, "EPSG:              %d\n", p->epsg);
    gt__sbuf_add(b, "CRS:               %s (scale factor %.10g, false easting %.10g m)\n", c->name,
                 c->scale_factor, c->false_easting_m);
    gt__sbuf_add(b, "PROJ string:       %s\n", c->proj);
    gt__sbuf_add(b, "to WGS 84:         %s%s%s%s%s\n", c->to_wgs84_name,
                 *c->to_wgs84_id ? " (" : "", c->to_wgs84_id, *c->to_wgs84_id ? ")" : "", acc);
    gt__sbuf_add(b, "pipeline:          %s\n", c->to_wgs84_proj);
    gt__sbuf_add(b, "status:            %s\n", p->verify ? "verify" : "verified");
    gt__sbuf_add(b, "source:            %s\n", p->source);
    gt__sbuf_add(b, "in a scenario:     crs: VN-2000 %s\n", p->name);
    if (wkt)
        gt__sbuf_add(b, "\n%s\n", c->wkt);
}

/* The operands are the words of one name: `gistool crs Lạng Sơn`. */
static char *join_words(gt_context *ctx, const gt_crs_options *o)
{
    gt__sbuf b = {0};
    for (int i = 0; i < o->n_words; i++)
        gt__sbuf_add(&b, "%s%s", i ? " " : "", o->words[i]);
    if (b.nomem || !b.s) {
        free(b.s);
        gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return b.s;
}

gt_status gt_crs_run(gt_context *ctx, const gt_crs_options *o, char **report)
{
    *report = NULL;
    char *name = join_words(ctx, o);
    if (!name)
        return gt_context_status(ctx);
    const gt_vn2000_preset *p = gt_vn2000_lookup(ctx, name);
    free(name);
    if (!p)
        return gt_context_status(ctx);
    gt__crs_info c;
    gt_status st = gt__crs_info_epsg(ctx, p->epsg, &c);
    if (st)
        return st;
    /* The table is a claim about the EPSG dataset: say so when they differ. */
    if (fabs(c.central_meridian_deg - p->central_meridian_deg) > 1e-9) {
        st = gt__error(ctx, GT_ERR_INPUT_CRS,
                       "the preset of %s says central meridian %.10g° but PROJ's EPSG:%d has "
                       "%.10g°",
                       p->name, p->central_meridian_deg, p->epsg, c.central_meridian_deg);
        gt__crs_info_free(&c);
        return st;
    }
    gt__sbuf b = {0};
    if (o->json)
        put_json(&b, p, &c, o->wkt);
    else
        put_text(&b, p, &c, o->wkt);
    gt__crs_info_free(&c);
    if (b.nomem) {
        free(b.s);
        return gt__error(ctx, GT_ERR_NOMEM, "out of memory");
    }
    *report = b.s;
    return GT_OK;
}
