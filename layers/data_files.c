/*
 * data_files.c: the files shipped with gistool (rule profiles, the country
 * outline of the map inset), looked up in $GISTOOL_DATA, then the source
 * tree of a build run in place, then beside the installed program
 * (PREFIX/bin/gistool finds PREFIX/share/gistool/profiles, so an install
 * can be moved or made with `cmake --install --prefix`), then the prefix
 * the build was configured with. SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layers/layers.h"

/* PREFIX/share/gistool/profiles for the running program PREFIX/bin/x, or
 * NULL. Caller frees with free(). */
static char *beside_program(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0'; /* PREFIX/bin */
    return gt__asprintf("%s/../share/gistool/profiles", exe);
}

char *gt__data_file(const char *file_name)
{
    char *installed = beside_program();
    const char *dirs[] = {getenv("GISTOOL_DATA"), GT_DATA_DIR_BUILD, installed,
                          GT_DATA_DIR_INSTALL};
    char *found = NULL;
    for (size_t i = 0; !found && i < sizeof dirs / sizeof *dirs; i++) {
        char *p = dirs[i] ? gt__asprintf("%s/%s", dirs[i], file_name) : NULL;
        if (p && access(p, R_OK) == 0)
            found = p;
        else
            free(p);
    }
    free(installed);
    return found;
}

/* validation: a named pipe waits for a writer forever, a device (as
 * /dev/null) reads as an empty file, a folder cannot be read at all; each
 * would otherwise be reported as a syntax error or a damaged file. */
const char *gt__not_a_file(const char *path)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0 || S_ISREG(sb.st_mode))
        return NULL;
    return S_ISDIR(sb.st_mode)    ? "folder"
           : S_ISFIFO(sb.st_mode) ? "named pipe"
           : S_ISSOCK(sb.st_mode) ? "socket"
                                  : "device";
}
