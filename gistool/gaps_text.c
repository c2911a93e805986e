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

static const char *kind_vi(gt__gap_kind k)
{
    switch (k) {
    case GT__GAP_NOT_IN_SCENARIO:
        return "không có trong kịch bản";
    case GT__GAP_DECLARED_ABSENT:
        return "được khai báo là không có";
    case GT__GAP_NONE_NEAR:
        return "không có đối tượng nào gần vùng nghiên cứu";
    case GT__GAP_NONE_AFTER_FILTER:
        return "không còn đối tượng nào sau bộ lọc";
    }
    return "?";
}

static const char *kind_en(gt__gap_kind k)
{
    switch (k) {
    case GT__GAP_NOT_IN_SCENARIO:
        return "not in the scenario";
    case GT__GAP_DECLARED_ABSENT:
        return "declared absent";
    case GT__GAP_NONE_NEAR:
        return "no features near the study area";
    case GT__GAP_NONE_AFTER_FILTER:
        return "no features left after its filter";
    }
    return "?";
}

static const char *effect_text(gt__gap_effect e, bool en)
{
    switch (e) {
    case GT__GAP_FACTOR_DROPPED:
        return en ? "factor dropped, the other weights renormalised"
                  : "bỏ tiêu chí, chuẩn hoá lại trọng số các tiêu chí còn lại";
    case GT__GAP_RULE_NOT_APPLIED:
        return en ? "rule not applied (nothing excluded)"
                  : "không áp dụng quy định (không loại trừ diện tích nào)";
    case GT__GAP_RULE_APPLIED_EMPTY:
        return en ? "rule applied to no features: 0 ha excluded"
                  : "áp dụng quy định nhưng không có đối tượng: loại trừ 0 ha";
    case GT__GAP_WORST_CASE:
        return en ? "worst case assumed" : "giả định trường hợp xấu nhất";
    case GT__GAP_NOT_MEASURED:
        return en ? "not measured (field left empty)" : "không đo (trường để trống)";
    }
    return "?";
}

char *gt__gaps_html(gt_context *ctx, GDALDatasetH ds, bool en)
{
    gt__gaps gaps;
    if (gt__gaps_read(ctx, ds, &gaps))
        return NULL;
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "<h2>%s</h2>\n", en ? "Missing data" : "Dữ liệu còn thiếu");
    if (!GDALDatasetGetLayerByName(ds, GT__TABLE_DATA_GAPS))
        /* A run older than the table: say so rather than claim nothing. */
        gt__sbuf_add(&b, "<p>%s</p>\n",
                     en ? "This run does not record missing data (no table data_gaps)."
                        : "Lần chạy này không ghi nhận dữ liệu còn thiếu (không có bảng "
                          "data_gaps).");
    else if (gaps.n == 0)
        gt__sbuf_add(&b, "<p>%s</p>\n",
                     en ? "No data was missing: every factor and rule had its layer."
                        : "Không thiếu dữ liệu: mọi tiêu chí và quy định đều có lớp dữ liệu.");
    else {
        gt__sbuf_add(&b, "<p class=\"notmet\">");
        if (en)
            gt__sbuf_add(&b,
                         "%d item%s lacked data; the results below rest on the assumptions "
                         "listed here (table %s).",
                         gaps.n, gaps.n == 1 ? "" : "s", GT__TABLE_DATA_GAPS);
        else
            gt__sbuf_add(&b,
                         "%d hạng mục thiếu dữ liệu; kết quả dựa trên các giả định dưới đây "
                         "(bảng %s).",
                         gaps.n, GT__TABLE_DATA_GAPS);
        gt__sbuf_add(&b,
                     "</p>\n<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                     "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
                     en ? "Item" : "Hạng mục", en ? "Layer" : "Lớp dữ liệu",
                     en ? "Why" : "Tình trạng", en ? "Consequence" : "Hệ quả",
                     en ? "Assumed" : "Giả định đã dùng", en ? "Affects" : "Kết quả bị ảnh hưởng");
        for (int i = 0; i < gaps.n; i++) {
            const gt__gap *g = &gaps.v[i];
            gt__sbuf_add(&b, "<tr><td>");
            gt__xml_escape(&b, g->item_type);
            gt__sbuf_add(&b, " ");
            gt__xml_escape(&b, g->item);
            gt__sbuf_add(&b, "</td><td>");
            gt__xml_escape(&b, g->layer);
            gt__sbuf_add(&b, "</td><td>%s</td><td>%s", en ? kind_en(g->kind) : kind_vi(g->kind),
                         effect_text(g->effect, en));
            if (!isnan(g->weight_before))
                gt__sbuf_add(&b,
                             en ? " (weight %.4f &#8594; %.4f)" : " (trọng số %.4f &#8594; %.4f)",
                             g->weight_before, g->weight_after);
            gt__sbuf_add(&b, "</td><td>");
            gt__xml_escape(&b, g->assumed);
            gt__sbuf_add(&b, "</td><td>");
            gt__xml_escape(&b, g->affects);
            gt__sbuf_add(&b, "</td></tr>\n");
        }
        gt__sbuf_add(&b, "</tbody></table>\n");
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

char *gt__gaps_note(gt_context *ctx, GDALDatasetH ds, bool en)
{
    gt__gaps gaps;
    if (gt__gaps_read(ctx, ds, &gaps))
        return NULL;
    gt__sbuf b = {0};
    gt__sbuf_add(&b, "%s", "");
    if (gaps.n > 0) {
        gt__sbuf_add(&b, en ? "Missing data (%d, table %s): " : "Dữ liệu còn thiếu (%d, bảng %s): ",
                     gaps.n, GT__TABLE_DATA_GAPS);
        for (int i = 0; i < gaps.n; i++)
            gt__sbuf_add(&b, "%s%s %s (%s: %s)", i ? "; " : "", gaps.v[i].item_type, gaps.v[i].item,
                         gaps.v[i].layer, effect_text(gaps.v[i].effect, en));
        gt__sbuf_add(&b, ".");
    }
    gt__gaps_free(&gaps);
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

void gt__gaps_note_append(gt_context *ctx, GDALDatasetH ds, bool en, char *notes, size_t size)
{
    char *note = gt__gaps_note(ctx, ds, en);
    size_t l = strlen(notes);
    if (note && *note && l < size)
        snprintf(notes + l, size - l, " %s", note);
    free(note);
}
