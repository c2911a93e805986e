/*
 * vn2000.c: the VN-2000 provincial CRS presets and their lookup by name or
 * code. Pure data and string matching: no PROJ here, so the table can be
 * tested alone; layers/crs_info.c asks PROJ about the EPSG codes.
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/internal.h"
#include "algorithms/vn2000.h"

/* The table is C data rather than a file in gistool/profiles/: the lookup
 * lives in algorithms/, which never opens a file, and a scenario must
 * resolve `crs: VN-2000 ...` even when the profiles folder is not found.
 * One row per province, so a reviewer reads it like the printed list.
 *
 * The 63 provinces before 1 July 2025: the meridian is the one whose EPSG
 * VN-2000 / TM-3 CRS names the province in its area of use (the EPSG
 * dataset as shipped in PROJ's proj.db). The EPSG areas follow the
 * provincial table of Circular 973/2001/TT-TCĐC; every one of the 63 is
 * named there, so none is marked verify. Where two EPSG codes share a
 * definition the one not deprecated is used (5897, 5898, 5899, not 6957,
 * 6958, 6959). GSO codes: the list of administrative unit codes of
 * Decision 124/2004/QĐ-TTg, as amended. */
#define EPSG_AREA "EPSG dataset: the area of use of this CRS names the province"
#define MERGED                                                                                     \
    "Resolution 202/2025/QH15 merged the former provinces and no meridian for the new one is "     \
    "published; this is the meridian of the former province that holds the capital, "
#define KEPT                                                                                       \
    "unchanged by Resolution 202/2025/QH15; the meridian of the province before (EPSG area)"

static const gt_vn2000_preset presets[] = {
    {"Hà Nội", "01", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Hà Giang", "02", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Cao Bằng", "04", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Bắc Kạn", "06", 106.50, 9213, NULL, 0, EPSG_AREA},
    {"Tuyên Quang", "08", 106.00, 9211, NULL, 0, EPSG_AREA},
    {"Lào Cai", "10", 104.75, 9208, NULL, 0, EPSG_AREA},
    {"Điện Biên", "11", 103.00, 9205, NULL, 0, EPSG_AREA},
    {"Lai Châu", "12", 103.00, 9205, NULL, 0, EPSG_AREA},
    {"Sơn La", "14", 104.00, 9206, NULL, 0, EPSG_AREA},
    {"Yên Bái", "15", 104.75, 9208, NULL, 0, EPSG_AREA},
    {"Hòa Bình", "17", 106.00, 9211, NULL, 0, EPSG_AREA},
    {"Thái Nguyên", "19", 106.50, 9213, NULL, 0, EPSG_AREA},
    {"Lạng Sơn", "20", 107.25, 9215, NULL, 0, EPSG_AREA},
    {"Quảng Ninh", "22", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Bắc Giang", "24", 107.00, 9214, NULL, 0, EPSG_AREA},
    {"Phú Thọ", "25", 104.75, 9208, NULL, 0, EPSG_AREA},
    {"Vĩnh Phúc", "26", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Bắc Ninh", "27", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Hải Dương", "30", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Hải Phòng", "31", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Hưng Yên", "33", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Thái Bình", "34", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Hà Nam", "35", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Nam Định", "36", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Ninh Bình", "37", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Thanh Hóa", "38", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Nghệ An", "40", 104.75, 9208, NULL, 0, EPSG_AREA},
    {"Hà Tĩnh", "42", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Quảng Bình", "44", 106.00, 9211, NULL, 0, EPSG_AREA},
    {"Quảng Trị", "45", 106.25, 9212, NULL, 0, EPSG_AREA},
    {"Thừa Thiên Huế", "46", 107.00, 9214, NULL, 0, EPSG_AREA},
    {"Đà Nẵng", "48", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Quảng Nam", "49", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Quảng Ngãi", "51", 108.00, 5898, NULL, 0, EPSG_AREA},
    {"Bình Định", "52", 108.25, 9217, NULL, 0, EPSG_AREA},
    {"Phú Yên", "54", 108.50, 9218, NULL, 0, EPSG_AREA},
    {"Khánh Hòa", "56", 108.25, 9217, NULL, 0, EPSG_AREA},
    {"Ninh Thuận", "58", 108.25, 9217, NULL, 0, EPSG_AREA},
    {"Bình Thuận", "60", 108.50, 9218, NULL, 0, EPSG_AREA},
    {"Kon Tum", "62", 107.50, 9216, NULL, 0, EPSG_AREA},
    {"Gia Lai", "64", 108.50, 9218, NULL, 0, EPSG_AREA},
    {"Đắk Lắk", "66", 108.50, 9218, NULL, 0, EPSG_AREA},
    {"Đắk Nông", "67", 108.50, 9218, NULL, 0, EPSG_AREA},
    {"Lâm Đồng", "68", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Bình Phước", "70", 106.25, 9212, NULL, 0, EPSG_AREA},
    {"Tây Ninh", "72", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Bình Dương", "74", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Đồng Nai", "75", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Bà Rịa - Vũng Tàu", "77", 107.75, 5899, NULL, 0, EPSG_AREA},
    {"Hồ Chí Minh", "79", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Long An", "80", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Tiền Giang", "82", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Bến Tre", "83", 105.75, 9210, NULL, 0, EPSG_AREA},
    {"Trà Vinh", "84", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Vĩnh Long", "86", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Đồng Tháp", "87", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"An Giang", "89", 104.75, 9208, NULL, 0, EPSG_AREA},
    {"Kiên Giang", "91", 104.50, 9207, NULL, 0, EPSG_AREA},
    {"Cần Thơ", "92", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Hậu Giang", "93", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Sóc Trăng", "94", 105.50, 9209, NULL, 0, EPSG_AREA},
    {"Bạc Liêu", "95", 105.00, 5897, NULL, 0, EPSG_AREA},
    {"Cà Mau", "96", 104.50, 9207, NULL, 0, EPSG_AREA},
    /* The 34 provinces from 1 July 2025 (Resolution 202/2025/QH15). Their
     * GSO codes are left out: a code would be found before the 2025
     * province, so "37" stays the Ninh Bình of the table above. */
    {"Hà Nội (2025)", "", 105.00, 5897, "Hà Nội", 0, KEPT},
    {"Huế (2025)", "", 107.00, 9214, "Thừa Thiên Huế", 0, KEPT},
    {"Lai Châu (2025)", "", 103.00, 9205, "Lai Châu", 0, KEPT},
    {"Điện Biên (2025)", "", 103.00, 9205, "Điện Biên", 0, KEPT},
    {"Sơn La (2025)", "", 104.00, 9206, "Sơn La", 0, KEPT},
    {"Lạng Sơn (2025)", "", 107.25, 9215, "Lạng Sơn", 0, KEPT},
    {"Quảng Ninh (2025)", "", 107.75, 5899, "Quảng Ninh", 0, KEPT},
    {"Thanh Hóa (2025)", "", 105.00, 5897, "Thanh Hóa", 0, KEPT},
    {"Nghệ An (2025)", "", 104.75, 9208, "Nghệ An", 0, KEPT},
    {"Hà Tĩnh (2025)", "", 105.50, 9209, "Hà Tĩnh", 0, KEPT},
    {"Cao Bằng (2025)", "", 105.75, 9210, "Cao Bằng", 0, KEPT},
    {"Tuyên Quang (2025)", "", 106.00, 9211, "Tuyên Quang, Hà Giang", 1, MERGED "Tuyên Quang"},
    {"Lào Cai (2025)", "", 104.75, 9208, "Lào Cai, Yên Bái", 1, MERGED "Yên Bái"},
    {"Thái Nguyên (2025)", "", 106.50, 9213, "Thái Nguyên, Bắc Kạn", 1, MERGED "Thái Nguyên"},
    {"Phú Thọ (2025)", "", 104.75, 9208, "Phú Thọ, Vĩnh Phúc, Hòa Bình", 1, MERGED "Phú Thọ"},
    {"Bắc Ninh (2025)", "", 107.00, 9214, "Bắc Ninh, Bắc Giang", 1, MERGED "Bắc Giang"},
    {"Hưng Yên (2025)", "", 105.50, 9209, "Hưng Yên, Thái Bình", 1, MERGED "Hưng Yên"},
    {"Hải Phòng (2025)", "", 105.75, 9210, "Hải Phòng, Hải Dương", 1, MERGED "Hải Phòng"},
    {"Ninh Bình (2025)", "", 105.00, 5897, "Ninh Bình, Hà Nam, Nam Định", 1, MERGED "Ninh Bình"},
    {"Quảng Trị (2025)", "", 106.00, 9211, "Quảng Trị, Quảng Bình", 1, MERGED "Quảng Bình"},
    {"Đà Nẵng (2025)", "", 107.75, 5899, "Đà Nẵng, Quảng Nam", 1, MERGED "Đà Nẵng"},
    {"Quảng Ngãi (2025)", "", 108.00, 5898, "Quảng Ngãi, Kon Tum", 1, MERGED "Quảng Ngãi"},
    {"Gia Lai (2025)", "", 108.25, 9217, "Gia Lai, Bình Định", 1, MERGED "Bình Định"},
    {"Khánh Hòa (2025)", "", 108.25, 9217, "Khánh Hòa, Ninh Thuận", 1, MERGED "Khánh Hòa"},
    {"Lâm Đồng (2025)", "", 107.75, 5899, "Lâm Đồng, Đắk Nông, Bình Thuận", 1, MERGED "Lâm Đồng"},
    {"Đắk Lắk (2025)", "", 108.50, 9218, "Đắk Lắk, Phú Yên", 1, MERGED "Đắk Lắk"},
    {"Hồ Chí Minh (2025)", "", 105.75, 9210, "Hồ Chí Minh, Bình Dương, Bà Rịa - Vũng Tàu", 1,
     MERGED "Hồ Chí Minh"},
    {"Đồng Nai (2025)", "", 107.75, 5899, "Đồng Nai, Bình Phước", 1, MERGED "Đồng Nai"},
    {"Tây Ninh (2025)", "", 105.75, 9210, "Tây Ninh, Long An", 1, MERGED "Long An"},
    {"Cần Thơ (2025)", "", 105.00, 5897, "Cần Thơ, Sóc Trăng, Hậu Giang", 1, MERGED "Cần Thơ"},
    {"Vĩnh Long (2025)", "", 105.50, 9209, "Vĩnh Long, Bến Tre, Trà Vinh", 1, MERGED "Vĩnh Long"},
    {"Đồng Tháp (2025)", "", 105.75, 9210, "Đồng Tháp, Tiền Giang", 1, MERGED "Tiền Giang"},
    {"Cà Mau (2025)", "", 104.50, 9207, "Cà Mau, Bạc Liêu", 1, MERGED "Cà Mau"},
    {"An Giang (2025)", "", 104.50, 9207, "An Giang, Kiên Giang", 1, MERGED "Kiên Giang"},
};
#define N_PRESETS (sizeof presets / sizeof presets[0])

/* Other names planners write, already folded, and the preset they mean. */
static const struct {
    const char *folded;
    const char *name;
} aliases[] = {{"hue", "Thừa Thiên Huế"},         {"hcm", "Hồ Chí Minh"},
               {"tphcm", "Hồ Chí Minh"},          {"sai gon", "Hồ Chí Minh"},
               {"brvt", "Bà Rịa - Vũng Tàu"},     {"hue 2025", "Huế (2025)"},
               {"hcm 2025", "Hồ Chí Minh (2025)"}};

/* Every Vietnamese vowel with its marks, upper and lower case, after the
 * letter it folds to; the decoder below compares code points. */
static const struct {
    char base;
    const char *variants;
} letters[] = {
    {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "ìíỉĩịÌÍỈĨỊ"},
    {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
    {'y', "ỳýỷỹỵỲÝỶỸỴ"},
    {'d', "đĐ"},
};

size_t gt_vn2000_count(void)
{
    return N_PRESETS;
}

const gt_vn2000_preset *gt_vn2000_at(size_t i)
{
    return i < N_PRESETS ? &presets[i] : NULL;
}

char *gt_vn2000_meridian_text(const gt_vn2000_preset *p, char *buf, size_t size)
{
    int minutes = (int)lround(p->central_meridian_deg * 60.0);
    snprintf(buf, size, "%d°%02d'", minutes / 60, minutes % 60);
    return buf;
}

/* One code point of UTF-8, advancing *s; a malformed byte gives U+FFFD,
 * which folds to a separator like any other symbol. */
static unsigned decode(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = *p++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && !extra) {
        *s = p;
        return 0xFFFD;
    }
    c &= extra ? 0x3Fu >> extra : 0x7Fu;
    for (; extra && (*p & 0xC0) == 0x80; extra--)
        c = c << 6 | (*p++ & 0x3Fu);
    *s = p;
    return extra ? 0xFFFD : c;
}

/* The folded ASCII letter of a code point; 0 for a separator, -1 for a
 * combining mark, which is dropped so that decomposed text (as some
 * systems type it) folds like precomposed text. */
static int fold_code_point(unsigned c)
{
    if (c < 0x80)
        return isalnum((int)c) ? tolower((int)c) : 0;
    if (c >= 0x300 && c <= 0x36F)
        return -1;
    for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++)
        for (const unsigned char *v = (const unsigned char *)letters[k].variants; *v;)
            if (decode(&v) == c)
                return letters[k].base;
    return 0;
}

static void strip_affixes(char *s)
{
    static const char *const prefixes[] = {"tinh ", "thanh pho ", "tp "};
    static const char *const suffixes[] = {" province", " city"};
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        size_t n = strlen(prefixes[k]);
        if (!strncmp(s, prefixes[k], n))
            memmove(s, s + n, strlen(s + n) + 1);
    }
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t n = strlen(suffixes[k]), len = strlen(s);
        if (len > n && !strcmp(s + len - n, suffixes[k]))
            s[len - n] = '\0';
    }
}

void gt__vn2000_fold(const char *name, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    bool gap = false;
    while (*p && n + 2 < size) {
        int f = fold_code_point(decode(&p));
        if (f == 0) {
            gap = n > 0;
        } else if (f > 0) {
            if (gap)
                out[n++] = ' ';
            out[n++] = (char)f;
            gap = false;
        }
    }
    out[n] = '\0';
    strip_affixes(out);
}

const char *gt__vn2000_province_part(const char *crs)
{
    static const char *const prefixes[] = {"vn-2000", "vn2000"};
    const char *p = crs;
    while (isspace((unsigned char)*p))
        p++;
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        size_t n = strlen(prefixes[k]), i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == prefixes[k][i])
            i++;
        if (i < n || !isspace((unsigned char)p[n]))
            continue;
        const char *rest = p + n;
        while (isspace((unsigned char)*rest))
            rest++;
        /* "VN-2000 / TM-3 107-15" is PROJ's name of an EPSG CRS. */
        return *rest && *rest != '/' ? rest : NULL;
    }
    return NULL;
}

/* Levenshtein distance of two folded names (both shorter than 128). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

/* The error for an unknown name: the closest names by edit distance on
 * the folded form, when one is close enough to be a typing slip. */
static const gt_vn2000_preset *suggest(gt_context *ctx, const char *name, const char *want)
{
    char have[128];
    size_t dist[N_PRESETS], best = (size_t)-1;
    for (size_t i = 0; i < N_PRESETS; i++) {
        gt__vn2000_fold(presets[i].name, have, sizeof have);
        dist[i] = edit_distance(want, have);
        if (dist[i] < best)
            best = dist[i];
    }
    if (!*want || best > 2 + strlen(want) / 4) {
        gt__error(ctx, GT_ERR_USAGE,
                  "unknown province '%s' (a name of the 63 provinces, e.g. Lạng Sơn, a GSO code "
                  "such as 20, or a 2025 province such as Ninh Bình 2025; see docs/crs.md)",
                  name);
        return NULL;
    }
    gt__sbuf b = {0};
    int shown = 0;
    for (size_t i = 0; i < N_PRESETS && shown < 3; i++)
        if (dist[i] == best)
            gt__sbuf_add(&b, "%s%s", shown++ ? " or " : "", presets[i].name);
    gt__error(ctx, GT_ERR_USAGE, "unknown province '%s' (did you mean %s?)", name, b.s ? b.s : "?");
    free(b.s);
    return NULL;
}

static const gt_vn2000_preset *find_code(const char *want)
{
    char code[3] = {want[1] ? want[0] : '0', want[1] ? want[1] : want[0], 0};
    for (size_t i = 0; i < N_PRESETS; i++)
        if (!strcmp(presets[i].gso_code, code))
            return &presets[i];
    return NULL;
}

static const gt_vn2000_preset *find_name(const char *name)
{
    for (size_t i = 0; i < N_PRESETS; i++)
        if (!strcmp(presets[i].name, name))
            return &presets[i];
    return NULL;
}

const gt_vn2000_preset *gt_vn2000_lookup(gt_context *ctx, const char *name)
{
    char want[128], have[128];
    gt__vn2000_fold(name ? name : "", want, sizeof want);
    size_t len = strlen(want);
    if (len >= 1 && len <= 2 && isdigit((unsigned char)want[0]) &&
        isdigit((unsigned char)want[len - 1])) {
        const gt_vn2000_preset *p = find_code(want);
        if (p)
            return p;
        gt__error(ctx, GT_ERR_USAGE,
                  "unknown province code '%s' (GSO codes 01 to 96, see "
                  "docs/crs.md)",
                  name);
        return NULL;
    }
    for (size_t i = 0; i < N_PRESETS; i++) {
        gt__vn2000_fold(presets[i].name, have, sizeof have);
        if (!strcmp(want, have))
            return &presets[i];
    }
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (!strcmp(want, aliases[k].folded))
            return find_name(aliases[k].name);
    return suggest(ctx, name ? name : "", want);
}
