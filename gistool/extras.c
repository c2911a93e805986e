/*
 * extras.c: after a run, the map sheets and report its scenario asks for
 * (outputs.maps, outputs.report), made by the map and report commands from
 * the GeoPackage just written. It sits above the pipelines' writer helpers
 * (output.c), which never start a command. SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "gistool/extras.h"
#include "gistool/options.h"
#include "layers/layers.h"

gt_status gt__out_extras(gt_context *ctx, const gt_scenario *s, const char *gpkg)
{
    if (!s->out_maps && !s->out_report)
        return GT_OK;
    gt_status st = GT_OK;
    if (s->out_maps) {
        gt_map_options mo = {.run = gpkg, .lang = s->out_lang, .dpi = 300};
        char **written = NULL;
        st = gt_map_run(ctx, gpkg, &mo, &written);
        for (int i = 0; written && written[i]; i++) {
            gt__log(ctx, GT_LOG_INFO, "wrote %s", written[i]);
            free(written[i]);
        }
        free(written);
    }
    if (!st && s->out_report) {
        gt_report_options ro = {.run = gpkg, .lang = s->out_lang};
        char *written = NULL;
        st = gt_report_run(ctx, gpkg, &ro, &written);
        if (written)
            gt__log(ctx, GT_LOG_INFO, "wrote %s", written);
        free(written);
    }
    return st;
}

void gt_outputs_discard(void)
{
    gt__outputs_discard_all();
}
