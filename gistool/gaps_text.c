/*
 * gaps_text.c: a run's data gaps as a reader sees them, read back from its
 * `data_gaps` table: the HTML report's section on missing data and the
 * short note of a map sheet, in Vietnamese (default) or English.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gistool/gaps.h"
#include "gistool/i18n.h"

/* Every word a reader sees comes from the message catalogue (i18n.c), so
 * the language test checks it like the rest of the report. Stored codes
 * (kind, effect, item type, layer, factor, table) are translated through
 * their "domain:code" entries; the `assumed` text is English as the run
 * recorded it, so a Vietnamese reader gets the weights and the effect. */

/* The tables of an `affects` list ("constraint_zones; parcels.excluded,
 * rank; suitability"), each translated, comma separated. */
static void affects_text(gt__sbuf *b, gt__lang L, const char *affects)
{
    const char *p = affects;
    int n = 0;
    while (p && *p) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char part[128];
        snprintf(part, sizeof part, "%.*s", (int)len, p);
        char *t = part;
        while (*t == ' ')
            t++;
        char *dot = strpbrk(t, ".,");
        if (dot)
            *dot = 0;
        if (*t) {
            gt__sbuf_add(b, "%s", n++ ? ", " : "");
            gt__xml_escape(b, gt__tr_code(L, "table", t));
        }
        p = e ? e + 1 : NULL;
    }
}

/* The item a gap is about: a factor by its reader's name, a rule or layer
 * by its code. */
static const char *item_text(gt__lang L, const gt__gap *g)
{
    if (!strcmp(g->item_type, "factor"))
        return gt__tr_code(L, "factor", g->item);
    if (!strcmp(g->item_type, "layer"))
        return gt__tr_code(L, "layer", g->item);
    return g->item;
}

static void gap_row(gt__sbuf *b, gt__lang L, const gt__gap *g)
{
    char w0[32], w1[32];
    gt__sbuf_add(b, "<tr><td>");
    gt__xml_escape(b, gt__tr_code(L, "gap_item", g->item_type));
    gt__sbuf_add(b, " ");
    gt__xml_escape(b, item_text(L, g));
    gt__sbuf_add(b, "</td><td>");
    gt__xml_escape(b, gt__tr_code(L, "layer", g->layer));
    gt__sbuf_add(b, "</td><td>%s</td><td>%s",
                 gt__tr_code(L, "gap_kind", gt__gap_kind_name(g->kind)),
                 gt__tr_code(L, "gap_effect", gt__gap_effect_name(g->effect)));
    if (!isnan(g->weight_before))
        gt__sbuf_add(b, " (%s %s &#8594; %s)", gt__tr(L, "weight"),
                     gt__fmt_num(w0, sizeof w0, L, g->weight_before, 4),
                     gt__fmt_num(w1, sizeof w1, L, g->weight_after, 4));
    gt__sbuf_add(b, "</td><td>");
    if (L == GT__LANG_EN)
        gt__xml_escape(b, g->assumed);
    else
        gt__xml_escape(b, gt__tr_code(L, "gap_assumed", gt__gap_effect_name(g->effect)));
    gt__sbuf_add(b, "</td><td>");
    affects_text(b, L, g->affects);
    gt__sbuf_add(b, "</td></tr>\n");
}

char *gt__gaps_html(gt_context *ctx, GDALDatasetH ds, bool en)
{
    gt__lang L = en ? GT__LANG_EN : GT__LANG_VI;
    gt__gaps gaps;
    if (gt__gaps_read(ctx, ds, &gaps))
        return NULL;
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "<h2>%s</h2>\n", gt__tr(L, "Missing data"));
    if (!GDALDatasetGetLayerByName(ds, GT__TABLE_DATA_GAPS))
        /* A run older than the table: say so rather than claim nothing. */
        gt__sbuf_add(&b, "<p>%s</p>\n",
                     gt__tr(L, "This run does not record missing data (no table data_gaps)."));
    else if (gaps.n == 0)
        gt__sbuf_add(&b, "<p>%s</p>\n",
                     gt__tr(L, "No data was missing: every factor and rule had its layer."));
    else {
        gt__sbuf_add(&b, "<p class=\"notmet\">");
        gt__sbuf_add(&b,
                     gt__tr(L, "%d item(s) lacked data; the results rest on the assumptions "
                               "listed here (table data_gaps)."),
                     gaps.n);
        gt__sbuf_add(&b,
                     "</p>\n<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                     "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
                     gt__tr(L, "Item"), gt__tr(L, "Layer"), gt__tr(L, "Why"),
                     gt__tr(L, "Consequence"), gt__tr(L, "Assumed"), gt__tr(L, "Affects"));
        for (int i = 0; i < gaps.n; i++)
            gap_row(&b, L, &gaps.v[i]);
        gt__sbuf_add(&b, "</tbody></table>\n");
    }
    gt__gaps_free(&gaps);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* One short sentence for a sheet's notes: the count and the items, the
 * details being in the report and the table. */
char *gt__gaps_note(gt_context *ctx, GDALDatasetH ds, bool en)
{
    gt__lang L = en ? GT__LANG_EN : GT__LANG_VI;
    gt__gaps gaps;
    if (gt__gaps_read(ctx, ds, &gaps))
        return NULL;
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "%s", "");
    if (gaps.n > 0) {
        gt__sbuf_add(&b, gt__tr(L, "Missing data (%d, see table data_gaps):"), gaps.n);
        for (int i = 0; i < gaps.n; i++)
            gt__sbuf_add(&b, "%s %s", i ? "," : "", item_text(L, &gaps.v[i]));
        gt__sbuf_add(&b, ".");
    }
    gt__gaps_free(&gaps);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

void gt__gaps_report(gt_context *ctx, FILE *f, GDALDatasetH ds, bool en)
{
    char *html = gt__gaps_html(ctx, ds, en);
    if (html)
        fputs(html, f);
    free(html);
}
