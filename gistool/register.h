/*
 * register.h: what the files of `gistool register` share (register.c,
 * register_import.c). SPDX-License-Identifier: MIT
 */
#ifndef GT_REGISTER_H
#define GT_REGISTER_H

#include "gistool/options.h"
#include "layers/register_db.h"

/** The current UTC time, ISO 8601. */
void gt__register_now(char out[32]);
/** The user recorded as recorded_by (NULL: unknown). */
const char *gt__register_user(void);
/** Insert one status entry (in the caller's transaction). */
gt_status gt__register_add_status(gt_context *ctx, gt__register *r, const char *site_id,
                                  const char *status, const char *date, const char *source,
                                  const char *note);
/** A site's latest entry (status -1 when none). */
gt_status gt__register_last(gt_context *ctx, gt__register *r, const char *id, gt__reg_last *last);
/** `gistool register import` (register_import.c). */
gt_status gt__register_import(gt_context *ctx, const gt_register_options *o, gt__sbuf *out);

#endif
