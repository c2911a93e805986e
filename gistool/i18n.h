/*
 * i18n.h: the text of map sheets and reports in Vietnamese and English: one
 * message catalogue (i18n.c) and the number, money and date formats of
 * each language. Internal to gistool/: map_sheet.c, report.c and any other
 * composer of what a planner reads include it.
 *
 * Keys are the English text itself ("Legend"), or "domain:code" for a
 * value stored in a run as a code ("risk:High", "option:close_cap",
 * "layer:rivers"). A key missing from the catalogue is returned as it is
 * (for a code, the code), so a new code shows up verbatim, never as blank.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_I18N_H
#define GT_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "algorithms/internal.h"

typedef enum gt__lang { GT__LANG_VI = 0, GT__LANG_EN = 1 } gt__lang;

/** "en" is English; anything else (NULL, "vi") Vietnamese, the default. */
gt__lang gt__lang_of(const char *name);

/** The text of `key` in `lang` (the key itself when not in the catalogue). */
const char *gt__tr(gt__lang lang, const char *key);

/** The text of a stored code: the entry "domain:code", else the code. */
const char *gt__tr_code(gt__lang lang, const char *domain, const char *code);

/** A number with `decimals` decimals and thousands grouped: Vietnamese
 *  1.234.567,5 (thousands '.', decimal ','), English 1,234,567.5. NaN
 *  gives "–". Returns buf. */
const char *gt__fmt_num(char *buf, size_t size, gt__lang lang, double v, int decimals);

/** An amount of money, whole units, thousands grouped, with its currency:
 *  "30.000.000.000 đồng" (vi, VND) or "30,000,000,000 VND" (en). */
const char *gt__fmt_money(char *buf, size_t size, gt__lang lang, double v, const char *currency);

/** The unit a table header gives money in: "đồng" (vi, VND) or the code. */
const char *gt__money_unit(gt__lang lang, const char *currency);

/** An ISO 8601 UTC time ("2026-12-02T00:30:51Z") as a date a reader
 *  expects: "02/12/2026 00:30 UTC" (vi) or "2026-12-02 00:30 UTC" (en);
 *  anything else as it is. */
const char *gt__fmt_time(char *buf, size_t size, gt__lang lang, const char *iso);

/** A run_inputs label ("real: main rivers, WDB II via GSHHG (LGPL-3+)")
 *  for a reader of `lang`: English keeps it as the scenario wrote it;
 *  Vietnamese says what the layer is (from its role), whether it is real,
 *  derived or synthetic, and keeps the parenthesised source and licence
 *  (proper names and codes). A label without that shape is kept as is. */
void gt__tr_label(gt__sbuf *out, gt__lang lang, const char *role, const char *label);

#endif
