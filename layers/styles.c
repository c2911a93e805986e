/*
 * styles.c: what makes a GeoPackage read well in QGIS: a default style per
 * layer in the `layer_styles` table (QGIS's own table: QML for QGIS, SLD for
 * other clients), field aliases in the QML, and titles and descriptions in
 * `gpkg_data_columns` (GeoPackage schema extension).
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "layers/layers.h"
#include "layers/register_db.h" /* gistool register */

/* The one XML and HTML text escaper of gistool (styles and reports). */
void gt__xml_escape(gt__sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            gt__sbuf_add(b, "&amp;");
            break;
        case '<':
            gt__sbuf_add(b, "&lt;");
            break;
        case '>':
            gt__sbuf_add(b, "&gt;");
            break;
        case '"':
            gt__sbuf_add(b, "&quot;");
            break;
        default:
            gt__sbuf_add(b, "%c", *s);
        }
    }
}

/* A rule of a rule-based renderer: an expression and a fill. */
typedef struct {
    const char *filter; /* QGIS expression (NULL: else) */
    const char *label;
    const char *color; /* "r,g,b,a" */
    const char *style; /* solid, b_diagonal, no */
    const char *outline;
    /* the same rule for SLD: property, operator, value (NULL: no filter) */
    const char *sld_property, *sld_op, *sld_value;
} rule;

static void qml_begin(gt__sbuf *b)
{
    gt__sbuf_add(
        b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16\" "
           "styleCategories=\"AllStyleCategories\">\n");
}

static void qml_rules(gt__sbuf *b, const rule *r, int n, bool point)
{
    gt__sbuf_add(b, " <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
                    "forceraster=\"0\">\n  <rules key=\"{gt-root}\">\n");
    for (int i = 0; i < n; i++) {
        gt__sbuf_add(b, "   <rule key=\"{gt-%d}\" symbol=\"%d\" label=\"", i, i);
        gt__xml_escape(b, r[i].label);
        gt__sbuf_add(b, "\"");
        if (r[i].filter) {
            gt__sbuf_add(b, " filter=\"");
            gt__xml_escape(b, r[i].filter);
            gt__sbuf_add(b, "\"");
        } else {
            gt__sbuf_add(b, " filter=\"ELSE\"");
        }
        gt__sbuf_add(b, "/>\n");
    }
    gt__sbuf_add(b, "  </rules>\n  <symbols>\n");
    for (int i = 0; i < n; i++) {
        if (point) {
            gt__sbuf_add(
                b,
                "   <symbol type=\"marker\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" "
                "force_rhr=\"0\">\n"
                "    <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                "     <prop k=\"name\" v=\"circle\"/><prop k=\"color\" v=\"%s\"/>\n"
                "     <prop k=\"outline_color\" v=\"%s\"/><prop k=\"outline_width\" v=\"0.3\"/>\n"
                "     <prop k=\"size\" v=\"3\"/>\n    </layer>\n   </symbol>\n",
                i, r[i].color, r[i].outline);
        } else {
            gt__sbuf_add(
                b,
                "   <symbol type=\"fill\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" "
                "force_rhr=\"0\">\n"
                "    <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                "     <prop k=\"color\" v=\"%s\"/><prop k=\"style\" v=\"%s\"/>\n"
                "     <prop k=\"outline_color\" v=\"%s\"/><prop k=\"outline_width\" v=\"0.26\"/>\n"
                "     <prop k=\"outline_style\" v=\"solid\"/>\n    </layer>\n   </symbol>\n",
                i, r[i].color, r[i].style, r[i].outline);
        }
    }
    gt__sbuf_add(b, "  </symbols>\n </renderer-v2>\n");
}

static void qml_label(gt__sbuf *b, const char *filter, const char *field)
{
    gt__sbuf_add(b, " <labeling type=\"rule-based\">\n  <rules key=\"{gt-lroot}\">\n   <rule "
                    "key=\"{gt-l1}\" filter=\"");
    gt__xml_escape(b, filter);
    gt__sbuf_add(
        b,
        "\">\n    <settings calloutType=\"simple\">\n"
        "     <text-style fieldName=\"%s\" isExpression=\"0\" fontFamily=\"Noto Sans\" "
        "fontSize=\"9\" fontWeight=\"75\" textColor=\"20,20,20,255\" textOpacity=\"1\"/>\n"
        "     <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferColor=\"255,255,255,255\" "
        "bufferOpacity=\"1\"/>\n"
        "     <placement placement=\"1\" priority=\"5\"/>\n"
        "     <rendering obstacle=\"1\" scaleVisibility=\"0\"/>\n    </settings>\n   </rule>\n  "
        "</rules>\n </labeling>\n",
        field);
}

static void qml_aliases(gt__sbuf *b, const gt__field_doc *docs, int n)
{
    gt__sbuf_add(b, " <aliases>\n");
    for (int i = 0; i < n; i++) {
        gt__sbuf_add(b, "  <alias field=\"%s\" index=\"%d\" name=\"", docs[i].field, i);
        gt__xml_escape(b, docs[i].vi);
        gt__sbuf_add(b, "\"/>\n");
    }
    gt__sbuf_add(b, " </aliases>\n");
}

static char *qml(const rule *r, int n, bool point, const char *label_filter,
                 const char *label_field, const gt__field_doc *docs, int ndocs)
{
    gt__sbuf b = {0};
    qml_begin(&b);
    qml_rules(&b, r, n, point);
    if (label_filter)
        qml_label(&b, label_filter, label_field);
    qml_aliases(&b, docs, ndocs);
    gt__sbuf_add(&b, "</qgis>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static char *sld(const char *layer, const rule *r, int n, bool point)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
                 "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                 " <NamedLayer>\n  <se:Name>%s</se:Name>\n  <UserStyle>\n   <se:Name>%s</se:Name>\n"
                 "   <se:FeatureTypeStyle>\n",
                 layer, layer);
    for (int i = 0; i < n; i++) {
        int cr, cg, cb, ca;
        sscanf(r[i].color, "%d,%d,%d,%d", &cr, &cg, &cb, &ca);
        int orr, og, ob, oa;
        sscanf(r[i].outline, "%d,%d,%d,%d", &orr, &og, &ob, &oa);
        gt__sbuf_add(&b, "    <se:Rule>\n     <se:Name>");
        gt__xml_escape(&b, r[i].label);
        gt__sbuf_add(&b, "</se:Name>\n");
        if (r[i].sld_property) {
            gt__sbuf_add(&b,
                         "     <ogc:Filter><ogc:%s><ogc:PropertyName>%s</ogc:PropertyName>"
                         "<ogc:Literal>%s</ogc:Literal></ogc:%s></ogc:Filter>\n",
                         r[i].sld_op, r[i].sld_property, r[i].sld_value, r[i].sld_op);
        } else {
            gt__sbuf_add(&b, "     <se:ElseFilter/>\n");
        }
        if (point)
            gt__sbuf_add(
                &b,
                "     <se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle"
                "</se:WellKnownName><se:Fill><se:SvgParameter name=\"fill\">#%02x%02x%02x"
                "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">"
                "#%02x%02x%02x</se:SvgParameter></se:Stroke></se:Mark><se:Size>11</se:Size>"
                "</se:Graphic></se:PointSymbolizer>\n",
                cr, cg, cb, orr, og, ob);
        else
            gt__sbuf_add(
                &b,
                "     <se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">#%02x%02x%02x"
                "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">%.2f</se:SvgParameter>"
                "</se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#%02x%02x%02x"
                "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">1</se:SvgParameter>"
                "</se:Stroke></se:PolygonSymbolizer>\n",
                cr, cg, cb, strcmp(r[i].style, "no") ? ca / 255.0 : 0.0, orr, og, ob);
        gt__sbuf_add(&b, "    </se:Rule>\n");
    }
    gt__sbuf_add(
        &b,
        "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* --- the styles of gistool's layers -------------------------------------- */

/* A field as a QGIS expression names it. */
#define Q(field) "\"" field "\""
#define NOT_EXCLUDED Q(GT__FIELD_EXCLUDED) " = 0 AND "

static const rule parcel_rules[] = {
    {Q(GT__FIELD_EXCLUDED) " = 1", "Loại trừ / excluded by a rule", "150,150,150,255", "b_diagonal",
     "90,90,90,255", GT__FIELD_EXCLUDED, "PropertyIsEqualTo", "1"},
    {NOT_EXCLUDED Q(GT__FIELD_SCORE) " >= 0.8", "0.8 – 1.0", "26,150,65,255", "solid",
     "60,60,60,255", GT__FIELD_SCORE, "PropertyIsGreaterThanOrEqualTo", "0.8"},
    {NOT_EXCLUDED Q(GT__FIELD_SCORE) " >= 0.6 AND " Q(GT__FIELD_SCORE) " < 0.8", "0.6 – 0.8",
     "166,217,106,255", "solid", "60,60,60,255", GT__FIELD_SCORE, "PropertyIsGreaterThanOrEqualTo",
     "0.6"},
    {NOT_EXCLUDED Q(GT__FIELD_SCORE) " >= 0.4 AND " Q(GT__FIELD_SCORE) " < 0.6", "0.4 – 0.6",
     "255,255,191,255", "solid", "60,60,60,255", GT__FIELD_SCORE, "PropertyIsGreaterThanOrEqualTo",
     "0.4"},
    {NOT_EXCLUDED Q(GT__FIELD_SCORE) " >= 0.2 AND " Q(GT__FIELD_SCORE) " < 0.4", "0.2 – 0.4",
     "253,174,97,255", "solid", "60,60,60,255", GT__FIELD_SCORE, "PropertyIsGreaterThanOrEqualTo",
     "0.2"},
    {NULL, "0 – 0.2", "215,25,28,255", "solid", "60,60,60,255", NULL, NULL, NULL}};

static const rule zone_rules[] = {{NULL, "Vùng loại trừ / excluded area", "227,26,28,70", "solid",
                                   "180,20,20,255", NULL, NULL, NULL}};

static const rule region_rules[] = {{Q(GT__FIELD_RANK) " <= 3", "Hạng 1–3 / rank 1–3",
                                     "0,104,55,160", "solid", "0,68,27,255", GT__FIELD_RANK,
                                     "PropertyIsLessThanOrEqualTo", "3"},
                                    {NULL, "Vùng khác / other regions", "120,198,121,120", "solid",
                                     "35,132,67,255", NULL, NULL, NULL}};

static const rule landfill_rules[] = {
    {Q(GT__FIELD_RISK_CLASS) " = '" GT__RISK_HIGH "'", "Cao / High", "215,25,28,255", "solid",
     "80,0,0,255", GT__FIELD_RISK_CLASS, "PropertyIsEqualTo", GT__RISK_HIGH},
    {Q(GT__FIELD_RISK_CLASS) " = '" GT__RISK_MODERATE "'", "Trung bình / Moderate",
     "253,174,97,255", "solid", "120,60,0,255", GT__FIELD_RISK_CLASS, "PropertyIsEqualTo",
     GT__RISK_MODERATE},
    {NULL, "Thấp / Low", "26,150,65,255", "solid", "0,60,20,255", NULL, NULL, NULL}};

/* A table without geometry (data_gaps): only the aliases. */
static char *qml_table(const gt__field_doc *docs, int n)
{
    gt__sbuf b = {0};
    qml_begin(&b);
    qml_aliases(&b, docs, n);
    gt__sbuf_add(&b, "</qgis>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* --- gistool network ------------------------------------------------------ */
/* Roads and allocation lines by tonnes a day (line symbols, widths growing
 * with the load); points and service areas with the fill and marker rules
 * above. */
typedef struct {
    const char *filter, *label, *color;
    double width;
} line_rule;

static const line_rule edge_rules[] = {
    {Q(GT__FIELD_TONNES_DAY) " >= 200", "≥ 200 tấn/ngày / t/day", "128,0,38,255", 2.2},
    {Q(GT__FIELD_TONNES_DAY) " >= 50", "50 – 200", "227,26,28,255", 1.5},
    {Q(GT__FIELD_TONNES_DAY) " > 0", "0 – 50", "253,141,60,255", 0.9},
    {NULL, "Không vận chuyển / no waste", "150,150,150,255", 0.4}};
static const line_rule alloc_rules[] = {
    {Q("station_id") " IS NOT NULL", "Qua trạm trung chuyển / via a station", "33,113,181,200",
     0.35},
    {NULL, "Trực tiếp / direct", "120,120,120,160", 0.25}};
static const rule station_rules[] = {{NULL, "Trạm trung chuyển / transfer station",
                                      "33,113,181,255", "solid", "8,48,107,255", NULL, NULL,
                                      NULL}};
static const rule treatment_rules[] = {{NULL, "Cơ sở xử lý / treatment site", "0,0,0,255",
                                        "solid", "255,255,255,255", NULL, NULL, NULL}};
static const rule demand_rules[] = {{NULL, "Điểm phát sinh (xã) / commune demand",
                                     "254,196,79,255", "solid", "120,80,0,255", NULL, NULL, NULL}};
static const rule cpoint_rules[] = {{NULL, "Điểm tập kết / collection point", "65,171,93,255",
                                     "solid", "0,68,27,255", NULL, NULL, NULL}};
static const rule service_rules[] = {
    {Q(GT__FIELD_MINUTES) " <= 15", "≤ 15 phút / min", "0,109,44,110", "solid", "0,109,44,255",
     GT__FIELD_MINUTES, "PropertyIsLessThanOrEqualTo", "15"},
    {Q(GT__FIELD_MINUTES) " <= 30", "≤ 30 phút / min", "116,196,118,100", "solid",
     "35,139,69,255", GT__FIELD_MINUTES, "PropertyIsLessThanOrEqualTo", "30"},
    {NULL, "Thời gian lớn hơn / longer", "199,233,192,90", "solid", "65,171,93,255", NULL, NULL,
     NULL}};

static char *line_qml(const line_rule *r, int n, const gt__field_doc *docs, int ndocs)
{
    gt__sbuf b = {0};
    qml_begin(&b);
    gt__sbuf_add(&b, " <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
                     "forceraster=\"0\">\n  <rules key=\"{gt-root}\">\n");
    for (int i = 0; i < n; i++) {
        gt__sbuf_add(&b, "   <rule key=\"{gt-%d}\" symbol=\"%d\" label=\"", i, i);
        gt__xml_escape(&b, r[i].label);
        gt__sbuf_add(&b, "\" filter=\"");
        gt__xml_escape(&b, r[i].filter ? r[i].filter : "ELSE");
        gt__sbuf_add(&b, "\"/>\n");
    }
    gt__sbuf_add(&b, "  </rules>\n  <symbols>\n");
    for (int i = 0; i < n; i++)
        gt__sbuf_add(&b,
                     "   <symbol type=\"line\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" "
                     "force_rhr=\"0\">\n"
                     "    <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                     "     <prop k=\"line_color\" v=\"%s\"/><prop k=\"line_width\" v=\"%g\"/>\n"
                     "     <prop k=\"line_width_unit\" v=\"MM\"/><prop k=\"capstyle\" "
                     "v=\"round\"/>\n    </layer>\n   </symbol>\n",
                     i, r[i].color, r[i].width);
    gt__sbuf_add(&b, "  </symbols>\n </renderer-v2>\n");
    qml_aliases(&b, docs, ndocs);
    gt__sbuf_add(&b, "</qgis>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static char *line_sld(const char *layer, const line_rule *r, int n)
{
    gt__sbuf b = {0};
    gt__sbuf_add(&b,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
                 "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\">\n"
                 " <NamedLayer>\n  <se:Name>%s</se:Name>\n  <UserStyle>\n   <se:Name>%s</se:Name>\n"
                 "   <se:FeatureTypeStyle>\n",
                 layer, layer);
    /* SLD readers get the widest class only: one line symbol. */
    int cr = 0, cg = 0, cb = 0, ca = 0;
    sscanf(r[n > 1 ? 1 : 0].color, "%d,%d,%d,%d", &cr, &cg, &cb, &ca);
    gt__sbuf_add(&b,
                 "    <se:Rule>\n     <se:Name>roads</se:Name>\n     <se:LineSymbolizer><se:Stroke>"
                 "<se:SvgParameter name=\"stroke\">#%02x%02x%02x</se:SvgParameter>"
                 "<se:SvgParameter name=\"stroke-width\">1.5</se:SvgParameter></se:Stroke>"
                 "</se:LineSymbolizer>\n    </se:Rule>\n",
                 cr, cg, cb);
    gt__sbuf_add(
        &b,
        "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* NULL when the table is not one of gistool network's. */
static char *network_qml(const char *table, const gt__field_doc *docs, int n)
{
    if (!strcmp(table, GT__TABLE_NETWORK_EDGES))
        return line_qml(edge_rules, 4, docs, n);
    if (!strcmp(table, GT__TABLE_ALLOCATION))
        return line_qml(alloc_rules, 2, docs, n);
    if (!strcmp(table, GT__TABLE_TRANSFER_STATIONS))
        return qml(station_rules, 1, true, "TRUE", "station_id", docs, n);
    if (!strcmp(table, GT__TABLE_TREATMENT_SITES))
        return qml(treatment_rules, 1, true, "TRUE", "site_id", docs, n);
    if (!strcmp(table, GT__TABLE_DEMAND_POINTS))
        return qml(demand_rules, 1, true, NULL, NULL, docs, n);
    if (!strcmp(table, GT__TABLE_COLLECTION_POINTS))
        return qml(cpoint_rules, 1, true, NULL, NULL, docs, n);
    if (!strcmp(table, GT__TABLE_SERVICE_AREAS))
        return qml(service_rules, 3, false, NULL, NULL, docs, n);
    return NULL;
}

static char *network_sld(const char *table)
{
    if (!strcmp(table, GT__TABLE_NETWORK_EDGES))
        return line_sld(table, edge_rules, 4);
    if (!strcmp(table, GT__TABLE_ALLOCATION))
        return line_sld(table, alloc_rules, 2);
    if (!strcmp(table, GT__TABLE_TRANSFER_STATIONS))
        return sld(table, station_rules, 1, true);
    if (!strcmp(table, GT__TABLE_TREATMENT_SITES))
        return sld(table, treatment_rules, 1, true);
    if (!strcmp(table, GT__TABLE_DEMAND_POINTS))
        return sld(table, demand_rules, 1, true);
    if (!strcmp(table, GT__TABLE_COLLECTION_POINTS))
        return sld(table, cpoint_rules, 1, true);
    if (!strcmp(table, GT__TABLE_SERVICE_AREAS))
        return sld(table, service_rules, 3, false);
    return NULL;
}
/* --- end of gistool network ------------------------------------------------- */

char *gt__style_qml(const char *table, const gt__field_doc *docs, int n)
{
    char *net = network_qml(table, docs, n);
    if (net)
        return net;
    if (!strcmp(table, GT__TABLE_DATA_GAPS))
        return qml_table(docs, n);
    if (!strcmp(table, GT__TABLE_PARCELS))
        return qml(parcel_rules, 6, false, Q(GT__FIELD_RANK) " <= 10", GT__FIELD_RANK, docs, n);
    if (!strcmp(table, GT__TABLE_CONSTRAINT_ZONES))
        return qml(zone_rules, 1, false, NULL, NULL, docs, n);
    if (!strcmp(table, GT__TABLE_CANDIDATE_REGIONS))
        return qml(region_rules, 2, false, Q(GT__FIELD_RANK) " <= 10", GT__FIELD_RANK, docs, n);
    if (!strcmp(table, GT__TABLE_LANDFILLS))
        return qml(landfill_rules, 3, true, Q(GT__FIELD_RANK) " <= 10", GT__FIELD_RANK, docs, n);
    if (!strcmp(table, GT__TABLE_SENSITIVITY_PARCELS))
        return qml(region_rules, 2, false, Q(GT__FIELD_RANK_BASE) " <= 10", GT__FIELD_RANK_BASE,
                   docs, n);
    return NULL;
}

char *gt__style_sld(const char *table)
{
    char *net = network_sld(table);
    if (net)
        return net;
    if (!strcmp(table, GT__TABLE_PARCELS))
        return sld(table, parcel_rules, 6, false);
    if (!strcmp(table, GT__TABLE_CONSTRAINT_ZONES))
        return sld(table, zone_rules, 1, false);
    if (!strcmp(table, GT__TABLE_CANDIDATE_REGIONS) ||
        !strcmp(table, GT__TABLE_SENSITIVITY_PARCELS))
        return sld(table, region_rules, 2, false);
    if (!strcmp(table, GT__TABLE_LANDFILLS))
        return sld(table, landfill_rules, 3, true);
    return NULL;
}

char *gt__style_raster_qml(void)
{
    gt__sbuf b = {0};
    qml_begin(&b);
    gt__sbuf_add(
        &b, " <pipe>\n  <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" "
            "alphaBand=\"-1\" classificationMin=\"0\" classificationMax=\"1\">\n"
            "   <rastershader>\n    <colorrampshader colorRampType=\"INTERPOLATED\" "
            "classificationMode=\"1\" clip=\"0\" minimumValue=\"0\" maximumValue=\"1\">\n"
            "     <item alpha=\"255\" value=\"0\" label=\"0 – loại trừ / excluded\" "
            "color=\"#d7191c\"/>\n"
            "     <item alpha=\"255\" value=\"0.25\" label=\"0.25\" color=\"#fdae61\"/>\n"
            "     <item alpha=\"255\" value=\"0.5\" label=\"0.5\" color=\"#ffffbf\"/>\n"
            "     <item alpha=\"255\" value=\"0.75\" label=\"0.75\" color=\"#a6d96a\"/>\n"
            "     <item alpha=\"255\" value=\"1\" label=\"1 – phù hợp nhất / most suitable\" "
            "color=\"#1a9641\"/>\n"
            "    </colorrampshader>\n   </rastershader>\n  </rasterrenderer>\n </pipe>\n</qgis>\n");
    if (b.nomem) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* --- writing them -------------------------------------------------------- */

gt_status gt__gpkg_style(gt_context *ctx, GDALDatasetH ds, const char *table, const char *geom_col,
                         const char *qml_text, const char *sld_text, const char *description)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "layer_styles");
    if (!l) {
        /* The table QGIS creates and reads (QgsOgrProvider saveStyle). */
        l = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, NULL);
        const char *names[] = {
            "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
            "styleName",       "styleQML",       "styleSLD",     "useAsDefault",
            "description",     "owner",          "ui",           "update_time"};
        OGRFieldType types[] = {OFTString, OFTString, OFTString, OFTString,
                                OFTString, OFTString, OFTString, OFTInteger,
                                OFTString, OFTString, OFTString, OFTDateTime};
        for (int i = 0; l && i < 12; i++) {
            OGRFieldDefnH fd = OGR_Fld_Create(names[i], types[i]);
            if (i == 7)
                OGR_Fld_SetSubType(fd, OFSTBoolean);
            OGR_L_CreateField(l, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        if (!l)
            return gt__gdal_error(ctx, GT_ERR_OUTPUT, "cannot create layer_styles");
    }
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, 0, "");
    OGR_F_SetFieldString(f, 1, "");
    OGR_F_SetFieldString(f, 2, table);
    OGR_F_SetFieldString(f, 3, geom_col ? geom_col : "");
    OGR_F_SetFieldString(f, 4, table);
    OGR_F_SetFieldString(f, 5, qml_text);
    if (sld_text)
        OGR_F_SetFieldString(f, 6, sld_text);
    OGR_F_SetFieldInteger(f, 7, 1);
    OGR_F_SetFieldString(f, 8, description);
    OGR_F_SetFieldString(f, 9, "gistool");
    OGRErr e = OGR_L_CreateFeature(l, f);
    OGR_F_Destroy(f);
    return e == OGRERR_NONE ? GT_OK
                            : gt__gdal_error(ctx, GT_ERR_OUTPUT, "writing the style of %s", table);
}

static char *sql_quote(const char *s)
{
    size_t n = 3;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 2 : 1;
    char *q = malloc(n), *o = q;
    if (!q)
        return NULL;
    *o++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            *o++ = '\'';
        *o++ = *p;
    }
    *o++ = '\'';
    *o = '\0';
    return q;
}

static gt_status exec(gt_context *ctx, GDALDatasetH ds, const char *sql)
{
    CPLErrorReset();
    OGRLayerH r = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    if (r)
        GDALDatasetReleaseResultSet(ds, r);
    if (CPLGetLastErrorType() >= CE_Failure)
        return gt__gdal_error(ctx, GT_ERR_OUTPUT, "GeoPackage: %.60s... failed", sql);
    return GT_OK;
}

gt_status gt__gpkg_data_columns(gt_context *ctx, GDALDatasetH ds, const char *table,
                                const gt__field_doc *docs, int n)
{
    /* The GeoPackage schema extension (OGC 12-128r18, F.2). */
    gt_status st = GT_OK;
    OGRLayerH probe = GDALDatasetExecuteSQL(
        ds, "SELECT 1 FROM sqlite_master WHERE name = 'gpkg_data_columns'", NULL, NULL);
    bool exists = probe && OGR_L_GetFeatureCount(probe, TRUE) > 0;
    if (probe)
        GDALDatasetReleaseResultSet(ds, probe);
    if (!exists) {
        const char *create[] = {
            "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT "
            "NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name "
            "TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn "
            "UNIQUE (table_name, name))",
            "CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, "
            "constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, "
            "max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv "
            "UNIQUE (constraint_name, constraint_type, value))",
            "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
            "scope) VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', "
            "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')",
            "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
            "scope) VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema', "
            "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')"};
        for (int i = 0; i < 4 && !st; i++)
            st = exec(ctx, ds, create[i]);
    }
    for (int i = 0; i < n && !st; i++) {
        char *t = sql_quote(table), *c = sql_quote(docs[i].field), *v = sql_quote(docs[i].vi),
             *e = sql_quote(docs[i].en);
        char *sql = t && c && v && e
                        ? gt__asprintf("INSERT INTO gpkg_data_columns (table_name, column_name, "
                                       "name, title, description) VALUES (%s, %s, %s, %s, %s)",
                                       t, c, c, v, e)
                        : NULL;
        st = sql ? exec(ctx, ds, sql) : gt__error(ctx, GT_ERR_NOMEM, "out of memory");
        free(sql);
        free(t);
        free(c);
        free(v);
        free(e);
    }
    return st;
}

/* --- gistool register: the snapshot's facilities by current status ------- */
static const rule register_rules[] = {
    {"\"status\" = 'operating'", "Đang hoạt động / operating", "215,25,28,255", "solid", "black",
     "status", "PropertyIsEqualTo", "operating"},
    {"\"status\" = 'closed'", "Đã đóng cửa / closed", "253,174,97,255", "solid", "black", "status",
     "PropertyIsEqualTo", "closed"},
    {"\"status\" = 'remediating'", "Đang cải tạo / remediating", "255,255,191,255", "solid",
     "black", "status", "PropertyIsEqualTo", "remediating"},
    {"\"status\" = 'remediated'", "Đã cải tạo / remediated", "26,150,65,255", "solid", "black",
     "status", "PropertyIsEqualTo", "remediated"},
    {NULL, "Chưa có tình trạng / no status yet", "150,150,150,255", "solid", "black", NULL, NULL,
     NULL},
};

char *gt__style_register_qml(const gt__field_doc *docs, int n)
{
    return qml(register_rules, 5, true, NULL, NULL, docs, n);
}

char *gt__style_register_sld(void)
{
    return sld("facilities", register_rules, 5, true);
}
