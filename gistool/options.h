/*
 * options.h: command options (internal). SPDX-License-Identifier: MIT
 */
#ifndef GT_OPTIONS_H
#define GT_OPTIONS_H

#include "algorithms/internal.h"

struct gt_site_options {
    const char *scenario;   /* borrowed from argv */
    const char **overrides; /* NULL-terminated, strings borrowed from argv */
    int n_overrides;
    const char *output; /* --output, borrowed */
    int threads;        /* 0: the context's */
    int as_of;          /* rank --as-of YEAR (0: none) */
    const char *csv;    /* rank --csv FILE, borrowed */
    const char **files; /* ahp: the input files (borrowed), n_files of them */
    int n_files;
    gt_ahp_method ahp_method; /* ahp --method, when ahp_method_set */
    int ahp_method_set;
    gt_ri_table ri_table; /* ahp --ri-table, when ri_table_set */
    int ri_table_set;
    int json;         /* ahp --format json */
    int sensitivity;  /* run the sensitivity analysis (gistool sensitivity) */
    const char *lang; /* map --lang vi|en */
    int dpi;          /* map --dpi (default 300) */
    double cr_limit;  /* ahp --cr-limit (0: the scenario's or 0.10) */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
    int argc; /* the command line for provenance, borrowed */
    char *const *argv;
};

/* One options type per command (GDAL's gdal_utils.h). The structs below are
 * the contract between the option parser (options.c) and the commands that
 * read them; the field names used by the pipelines are kept stable. During
 * the move to one type per command, struct gt_site_options above still
 * carries every command's fields. */

/** `gistool rank`. */
struct gt_rank_options {
    const char *scenario;   /* borrowed from argv */
    const char **overrides; /* NULL-terminated, strings borrowed from argv */
    int n_overrides;
    const char *output; /* --output, borrowed */
    const char *csv;    /* --csv FILE, borrowed */
    int as_of;          /* --as-of YEAR (0: none) */
    int threads;        /* 0: the context's */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
    int argc; /* the command line for provenance, borrowed */
    char *const *argv;
};

/** `gistool map RUN.gpkg`. */
struct gt_map_options {
    const char *run;    /* the run's GeoPackage, borrowed */
    const char *output; /* --output PREFIX (NULL: the run's name) */
    const char *lang;   /* vi or en */
    int dpi;            /* PNG resolution */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
};

/** `gistool report RUN.gpkg`. */
struct gt_report_options {
    const char *run;    /* the run's GeoPackage, borrowed */
    const char *output; /* --output FILE (NULL: the run's name with .html) */
    const char *lang;   /* vi or en */
    int help;
};

#endif
