/*
 * text_fold.c: fold text for matching the category values communes write
 * in their spreadsheets: case, blanks and, when asked, Vietnamese marks.
 * SPDX-License-Identifier: MIT
 */
#include "algorithms/text_fold.h"

#include <ctype.h>
#include <string.h>

/* Every Vietnamese letter with a mark, by base letter, lower case first and
 * upper case in the same order, so that a letter's position in one string
 * names its lower-case form in the other. */
typedef struct {
    char base;
    const char *lower, *upper;
} letter_row;

static const letter_row letters[] = {
    {'a', "aàáảãạăằắẳẵặâầấẩẫậ", "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {'e', "eèéẻẽẹêềếểễệ", "EÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "iìíỉĩị", "IÌÍỈĨỊ"},
    {'o', "oòóỏõọôồốổỗộơờớởỡợ", "OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "uùúủũụưừứửữự", "UÙÚỦŨỤƯỪỨỬỮỰ"},
    {'y', "yỳýỷỹỵ", "YỲÝỶỸỴ"},
    {'d', "dđ", "DĐ"},
};

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const unsigned char *s)
{
    if (*s >= 0xF0)
        return 4;
    if (*s >= 0xE0)
        return 3;
    if (*s >= 0xC0)
        return 2;
    return 1;
}

/* The character at s (len bytes) lower-cased, or with its mark dropped:
 * its text in *out (out_len bytes). Characters not in the table are kept. */
static void fold_char(const char *s, size_t len, bool strip, const char **out, size_t *out_len)
{
    *out = s;
    *out_len = len;
    for (size_t r = 0; r < sizeof letters / sizeof *letters; r++) {
        for (int upper = 0; upper < 2; upper++) {
            const char *row = upper ? letters[r].upper : letters[r].lower;
            const char *lower = letters[r].lower;
            for (size_t i = 0, j = 0; row[i]; i += char_len((const unsigned char *)row + i)) {
                size_t l = char_len((const unsigned char *)row + i);
                size_t lj = char_len((const unsigned char *)lower + j);
                if (l == len && !memcmp(row + i, s, len)) {
                    *out = strip ? &letters[r].lower[0] : lower + j;
                    *out_len = strip ? 1 : lj;
                    return;
                }
                j += lj;
            }
        }
    }
}

bool gt__text_fold(const char *in, bool strip_marks, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    while (isspace((unsigned char)*in))
        in++;
    while (*in) {
        size_t len = char_len((const unsigned char *)in);
        if (strnlen(in, len) < len)
            len = strnlen(in, len);
        if (len == 1 && isspace((unsigned char)*in)) {
            space = true;
            in++;
            continue;
        }
        char c = (char)tolower((unsigned char)*in); /* ASCII letters have no marks */
        const char *f = &c;
        size_t fl = 1;
        if (len > 1)
            fold_char(in, len, strip_marks, &f, &fl);
        if (n + (space ? 1 : 0) + fl >= size)
            return false;
        if (space)
            out[n++] = ' ';
        space = false;
        memcpy(out + n, f, fl);
        n += fl;
        in += len;
    }
    out[n] = '\0';
    return true;
}
