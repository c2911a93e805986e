/*
 * register_rules.h: the rules of the provincial waste register (schema v1,
 * docs/register.md) as pure functions: the names of statuses, kinds and
 * targets, dates, and whether a status entry may follow a site's latest
 * one. The database enforces the same rules with constraints and
 * triggers; the importer checks them first so that every bad row is
 * reported at once. SPDX-License-Identifier: MIT
 */
#ifndef GT_REGISTER_RULES_H
#define GT_REGISTER_RULES_H

#include <stdbool.h>
#include <stddef.h>

/** The schema version this gistool writes and reads (register_meta). */
#define GT__REGISTER_SCHEMA_VERSION 1

typedef enum {
    GT__REG_OPERATING = 0,
    GT__REG_CLOSED,
    GT__REG_REMEDIATING,
    GT__REG_REMEDIATED,
    GT__REG_N_STATUS
} gt__reg_status;

/** NULL-terminated lists of the codes. */
extern const char *const gt__reg_status_names[GT__REG_N_STATUS + 1];
extern const char *const gt__reg_kind_names[];
extern const char *const gt__reg_target_names[];

/** Index of `code` in a NULL-terminated list, or -1. */
int gt__reg_index(const char *const *list, const char *code);

/** A real calendar date 'YYYY-MM-DD' (years 1900 to 2199). */
bool gt__reg_date_valid(const char *date);

/** A date as a spreadsheet may hold it, made ISO into out[11]: YYYY-MM-DD,
 *  YYYY/MM/DD, DD/MM/YYYY (the Vietnamese order), or a year alone, which
 *  means YYYY-12-31 (the end of the year, as the schema says). */
bool gt__reg_date_normalise(const char *text, char out[11]);

/** A site's latest status entry. */
typedef struct gt__reg_last {
    int status; /* gt__reg_status, or -1: the site has no entry yet */
    char date[11];
} gt__reg_last;

/** Whether an entry (status, date, note) may follow `last`. On false, `why`
 *  gets the reason in one sentence. The rules: a valid status and date; a
 *  site's dates never go backwards; `remediated` only when the latest entry
 *  is `closed` or `remediating` (the same day allowed); after `remediated`
 *  only `operating` (reopened), with a note. On true, `last` is advanced. */
bool gt__reg_step(gt__reg_last *last, const char *status, const char *date, const char *note,
                  char *why, size_t size);

/** Whether an entry (status, date) repeats `last`: the same status on
 *  the same day, a command or a row given twice. gistool refuses it before
 *  gt__reg_step (import and update); the register's triggers, which hold
 *  gt__reg_step's rules for direct edits, let an edit add it. */
bool gt__reg_repeats(const gt__reg_last *last, const char *status, const char *date);

/** One commune's indicators of a year, NAN where not reported. */
typedef struct gt__reg_indicators {
    double population, households, generated_tpd, collected_tpd, landfill_tpd, incinerated_tpd,
        composted_tpd, recycled_tpd, other_tpd, households_sorting;
} gt__reg_indicators;

/** Whether the values hold together: none negative, infinite or above 1e9,
 *  the counts whole, households sorting at most the households, collected
 *  at most generated, landfilled at most collected.
 *  On false, `why` says which. */
bool gt__reg_indicators_check(const gt__reg_indicators *v, char *why, size_t size);

#endif
