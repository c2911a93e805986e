/*
 * provenance.c: what a reviewer needs to reproduce a run: SHA-256 of each
 * input file (OpenSSL EVP) and the versions of every library.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include <gdal.h>
#include <libfyaml.h>
#include <openssl/evp.h>
#include <proj.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first. */
#include <spatialite.h>

#include "layers/layers.h"

bool gt__sha256_file(const char *path, char hex[65], long long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    unsigned char buf[1 << 16];
    long long total = 0;
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(md, buf, n) == 1;
        total += (long long)n;
    }
    if (ferror(f))
        ok = false;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (ok)
        ok = EVP_DigestFinal_ex(md, digest, &len) == 1 && len == 32;
    if (ok) {
        for (unsigned i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", digest[i]);
        *size = total;
    }
    EVP_MD_CTX_free(md);
    fclose(f);
    return ok;
}

char *gt_version_report(void)
{
    PJ_INFO pi = proj_info();
    return gt__asprintf("gistool %s\nGDAL %s\nPROJ %s\nGEOS %s\nSpatiaLite %s\n"
                        "libfyaml %s\nSQLite %s\n",
                        GT_VERSION, GDALVersionInfo("RELEASE_NAME"), pi.version, GEOSversion(),
                        spatialite_version(), fy_library_version(), sqlite3_libversion());
}
