/*
 * national.h: the national sources shipped with gistool (data/vn/national,
 * PREFIX/share/gistool/national): where they are, and a province's names
 * in the 2009 census. Used by `gistool init` and `gistool register import`.
 * SPDX-License-Identifier: MIT
 */
#ifndef GT_NATIONAL_H
#define GT_NATIONAL_H

#include <gdal.h>

#include "gistool/gistool.h"

/* The national sources, by file and layer (data/vn/national/PROVENANCE.md). */
#define GT__CENSUS_FILE "vn_census2009_admin_pop.gpkg"
#define GT__CENSUS_LAYER "communes_2009"

/* At most this many former provinces make a 2025 province. */
enum { GT__PROVINCE_MEMBERS_MAX = 4 };

/** The folder of the national sources: `given` (--national) when not
 *  NULL, else $GISTOOL_NATIONAL, else the first of the source tree of a
 *  build run in place, PREFIX/share/gistool/national beside the running
 *  program, and the configured prefix's that holds the census (the source
 *  tree's when none does). Caller frees with free(); NULL when out of
 *  memory. */
char *gt__national_dir(const char *given);

/** The provinces of the census a preset is made of: its former provinces
 *  for a 2025 province (Resolution 202/2025/QH15), else itself; into
 *  members[GT__PROVINCE_MEMBERS_MAX] (caller frees each). Returns their
 *  number, or -1 when out of memory. */
int gt__province_members(gt_context *ctx, const gt_vn2000_preset *p, char **members);

/** The 2025 province (Resolution 202/2025/QH15) a pre-2025 province is
 *  part of: the preset whose former provinces name it; p itself for a 2025
 *  province or one no 2025 preset names. */
const gt_vn2000_preset *gt__province_successor(const gt_vn2000_preset *p);

/** The census spelling (field province_vn of GT__CENSUS_LAYER in `ds`, the
 *  census `path`) of each of the n members, matched without diacritics,
 *  into names[n] (caller frees each); a member the census lacks is
 *  GT_ERR_INPUT_EXTENT, naming `who` (e.g. "init"). */
gt_status gt__census_names(gt_context *ctx, const char *who, GDALDatasetH ds, const char *path,
                           char *const *members, int n, char **names);

#endif
