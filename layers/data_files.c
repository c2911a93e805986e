/*
 * data_files.c: the files shipped with gistool (rule profiles, the country
 * outline of the map inset), looked up in $GISTOOL_DATA, then the source
 * tree of a build run in place, then the install prefix.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <unistd.h>

#include "layers/layers.h"

char *gt__data_file(const char *file_name)
{
    const char *dirs[] = {getenv("GISTOOL_DATA"), GT_DATA_DIR_BUILD, GT_DATA_DIR_INSTALL};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char *p = dirs[i] ? gt__asprintf("%s/%s", dirs[i], file_name) : NULL;
        if (p && access(p, R_OK) == 0)
            return p;
        free(p);
    }
    return NULL;
}
