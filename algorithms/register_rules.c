/*
 * register_rules.c: the status rules and value checks of the provincial
 * waste register (register_rules.h, docs/register.md).
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algorithms/register_rules.h"

const char *const gt__reg_status_names[GT__REG_N_STATUS + 1] = {"operating", "closed",
                                                                "remediating", "remediated", NULL};
const char *const gt__reg_kind_names[] = {
    "unsanitary_landfill", "spontaneous_dump", "sanitary_landfill", "incinerator",
    "composting_plant",    "transfer_station", "collection_point",  NULL};
const char *const gt__reg_target_names[] = {
    "collected_urban_pct",       "collected_rural_pct", "direct_landfill_pct",
    "unsanitary_remediated_pct", "dumps_closed_pct",    "households_sorting_pct",
    NULL};

int gt__reg_index(const char *const *list, const char *code)
{
    for (int i = 0; code && list[i]; i++)
        if (!strcmp(list[i], code))
            return i;
    return -1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool ymd_valid(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

/* `n` digits at s, as a number; -1 when not all digits. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool gt__reg_date_valid(const char *date)
{
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return false;
    return ymd_valid(digits(date, 4), digits(date + 5, 2), digits(date + 8, 2));
}

bool gt__reg_date_normalise(const char *text, char out[11])
{
    if (!text)
        return false;
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    int y = -1, m = -1, d = -1;
    if (n == 4) {
        y = digits(text, 4), m = 12, d = 31;
    } else if (n == 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4]) {
        y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    } else if (n >= 8 && n <= 10) {
        /* D/M/YYYY with one or two digits for day and month */
        char buf[11];
        memcpy(buf, text, n);
        buf[n] = '\0';
        char *a = buf, *b = strchr(a, '/'), *c = b ? strchr(b + 1, '/') : NULL;
        if (!b || !c || strchr(c + 1, '/') || strlen(c + 1) != 4 || b - a < 1 || b - a > 2 ||
            c - b - 1 < 1 || c - b - 1 > 2)
            return false;
        d = digits(a, (int)(b - a)), m = digits(b + 1, (int)(c - b - 1)), y = digits(c + 1, 4);
    }
    if (!ymd_valid(y, m, d))
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

bool gt__reg_repeats(const gt__reg_last *last, const char *status, const char *date)
{
    return last->status >= 0 && date && !strcmp(last->date, date) &&
           last->status == gt__reg_index(gt__reg_status_names, status);
}

bool gt__reg_step(gt__reg_last *last, const char *status, const char *date, const char *note,
                  char *why, size_t size)
{
    int s = gt__reg_index(gt__reg_status_names, status);
    if (s < 0) {
        snprintf(why, size, "status '%s' is not one of: operating, closed, remediating, remediated",
                 status ? status : "");
        return false;
    }
    if (!gt__reg_date_valid(date)) {
        snprintf(why, size, "date '%s' is not a date YYYY-MM-DD", date ? date : "");
        return false;
    }
    if (last->status >= 0 && strcmp(date, last->date) < 0) {
        snprintf(why, size,
                 "%s on %s is before the site's latest entry (%s on %s): a site's dates never "
                 "go backwards",
                 status, date, gt__reg_status_names[last->status], last->date);
        return false;
    }
    if (s == GT__REG_REMEDIATED && last->status != GT__REG_CLOSED &&
        last->status != GT__REG_REMEDIATING) {
        if (last->status < 0)
            snprintf(why, size,
                     "remediated on %s, but the site has no entry before: remediated comes only "
                     "after closed or remediating",
                     date);
        else
            snprintf(why, size,
                     "remediated on %s, but the site is %s since %s: remediated comes only after "
                     "closed or remediating",
                     date, gt__reg_status_names[last->status], last->date);
        return false;
    }
    if (last->status == GT__REG_REMEDIATED) {
        bool has_note = false;
        for (const char *p = note; p && *p && !has_note; p++)
            has_note = !isspace((unsigned char)*p);
        if (s != GT__REG_OPERATING || !has_note) {
            snprintf(why, size,
                     "%s on %s, but the site was remediated on %s: after remediated only "
                     "operating (reopened) may follow, with a note",
                     status, date, last->date);
            return false;
        }
    }
    last->status = s;
    snprintf(last->date, sizeof last->date, "%s", date);
    return true;
}

bool gt__reg_indicators_check(const gt__reg_indicators *v, char *why, size_t size)
{
    const struct {
        const char *name;
        double x;
        bool whole;
    } f[] = {{"population", v->population, true},
             {"households", v->households, true},
             {"generated_tpd", v->generated_tpd, false},
             {"collected_tpd", v->collected_tpd, false},
             {"landfill_tpd", v->landfill_tpd, false},
             {"incinerated_tpd", v->incinerated_tpd, false},
             {"composted_tpd", v->composted_tpd, false},
             {"recycled_tpd", v->recycled_tpd, false},
             {"other_tpd", v->other_tpd, false},
             {"households_sorting", v->households_sorting, true}};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        if (isnan(f[i].x))
            continue;
        /* No commune counts or generates 1e9 of anything (Viet Nam makes
         * some 64 000 t of household waste a day): past that it is a typo
         * or a unit error, and sums of such values overflow the shares. */
        if (!isfinite(f[i].x) || f[i].x > 1e9) {
            snprintf(why, size, "%s is %g; a commune's value is at most 1e9", f[i].name, f[i].x);
            return false;
        }
        if (f[i].x < 0) {
            snprintf(why, size, "%s is negative (%g); it must be 0 or more", f[i].name, f[i].x);
            return false;
        }
        if (f[i].whole && f[i].x != floor(f[i].x)) {
            snprintf(why, size, "%s is not a whole number (%g)", f[i].name, f[i].x);
            return false;
        }
    }
    if (!isnan(v->households_sorting) && !isnan(v->households) &&
        v->households_sorting > v->households) {
        snprintf(why, size, "households_sorting (%g) is more than households (%g)",
                 v->households_sorting, v->households);
        return false;
    }
    if (!isnan(v->collected_tpd) && !isnan(v->generated_tpd) &&
        v->collected_tpd > v->generated_tpd * (1 + 1e-9)) {
        snprintf(why, size, "collected_tpd (%g) is more than generated_tpd (%g)", v->collected_tpd,
                 v->generated_tpd);
        return false;
    }
    /* Direct landfill is a share of the waste collected. */
    if (!isnan(v->landfill_tpd) && !isnan(v->collected_tpd) &&
        v->landfill_tpd > v->collected_tpd * (1 + 1e-9)) {
        snprintf(why, size, "landfill_tpd (%g) is more than collected_tpd (%g)", v->landfill_tpd,
                 v->collected_tpd);
        return false;
    }
    return true;
}
