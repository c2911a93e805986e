/*
 * extras.h: the map sheets and report a scenario asks for after its run
 * (internal). SPDX-License-Identifier: MIT
 */
#ifndef GT_EXTRAS_H
#define GT_EXTRAS_H

#include "gistool/scenario.h"

/** The map sheets and report the scenario's outputs ask for, of the run
 *  just written to `gpkg`. */
gt_status gt__out_extras(gt_context *ctx, const gt_scenario *s, const char *gpkg);

#endif
