/*
 * vn2000.h: what the VN-2000 presets (algorithms/vn2000.c) share inside the
 * library beyond gistool.h. SPDX-License-Identifier: MIT
 */
#ifndef GT_VN2000_H
#define GT_VN2000_H

#include <stddef.h>

/** The province in a scenario's `crs: VN-2000 <province>`, or NULL when
 *  `crs` is not such a preset. "VN-2000" alone and PROJ's own names such as
 *  "VN-2000 / UTM zone 48N" are CRSs GDAL already knows, so they are not
 *  presets. Returns a pointer into `crs`. */
const char *gt__vn2000_province_part(const char *crs);

/** Fold a name for matching: letters without diacritics and in lower case
 *  (đ to d), every run of other characters one space, the prefixes "tỉnh",
 *  "thành phố", "tp" and the suffixes "province", "city" removed. `out`
 *  gets at most size - 1 bytes and a NUL. */
void gt__vn2000_fold(const char *name, char *out, size_t size);

#endif
