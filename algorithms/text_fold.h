/*
 * text_fold.h: text folded for matching a spreadsheet's category values
 * (text_fold.c). SPDX-License-Identifier: MIT
 */
#ifndef GT_TEXT_FOLD_H
#define GT_TEXT_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/** `in` (UTF-8) folded into `out`: surrounding blanks dropped, runs of inner
 *  blanks made one space, ASCII and Vietnamese letters lower-cased and, with
 *  `strip_marks`, Vietnamese letters without their marks ("Đã đóng" becomes
 *  "da dong"). Other characters are copied. False when `out` is too small. */
bool gt__text_fold(const char *in, bool strip_marks, char *out, size_t size);

#endif
