/*
 * options.h: the options of each command (internal), one struct per command
 * as GDAL's gdal_utils.h has one per utility. options.c fills them from its
 * option table; the pipelines read them. SPDX-License-Identifier: MIT
 */
#ifndef GT_OPTIONS_H
#define GT_OPTIONS_H

#include "algorithms/internal.h"

/* The first member of every struct is its positional argument, and argv
 * strings are borrowed: the options never outlive the caller's argv. */

/** `gistool site` and `gistool sensitivity`. */
struct gt_site_options {
    const char *scenario;   /* borrowed from argv */
    const char **overrides; /* NULL-terminated, strings borrowed from argv */
    int n_overrides;
    const char *output; /* --output, borrowed */
    int threads;        /* 0: the context's */
    int sensitivity;    /* run the sensitivity analysis (gistool sensitivity) */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
    int argc; /* the command line for provenance, borrowed */
    char *const *argv;
};

/** `gistool check`. */
struct gt_check_options {
    const char *scenario;   /* borrowed from argv */
    const char **overrides; /* NULL-terminated, strings borrowed from argv */
    int n_overrides;
    int help;
};

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

/** `gistool ahp`. */
struct gt_ahp_options {
    const char **files; /* the input files (borrowed), NULL-terminated */
    int n_files;
    gt_ahp_method ahp_method; /* --method, when ahp_method_set */
    int ahp_method_set;
    gt_ri_table ri_table; /* --ri-table, when ri_table_set */
    int ri_table_set;
    double cr_limit; /* --cr-limit (0: the scenario's or 0.10) */
    int json;        /* --format json */
    int help;
    const char *lang; /* --lang: text in vi (default) or en */
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

/** `gistool crs PROVINCE`. */
struct gt_crs_options {
    const char **words; /* the operands (borrowed), NULL-terminated: one name */
    int n_words;
    int json; /* --format json */
    int wkt;  /* --wkt */
    int help;
};

/* --- gistool init -------------------------------------------------------- */
/** `gistool init PROVINCE DIR`: the operands are the words of the province
 *  name, then the folder (the last operand). */
struct gt_init_options {
    const char **words; /* the operands (borrowed), NULL-terminated */
    int n_words;
    const char *national;  /* --national DIR (NULL: the shipped data) */
    const char *crs;       /* --crs vn2000|utm */
    double parcel_size_m;  /* --parcel-size */
    const char *parcels;   /* --parcels FILE (NULL: the grid) */
    double margin_m;       /* --margin */
    double resolution_m;   /* --resolution */
    const char *inventory; /* --inventory FILE (NULL: synthetic) */
    int seed;              /* --seed of the synthetic inventory */
    int force;             /* --force: replace a non-empty DIR */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
    int argc; /* the command line for the folder's README, borrowed */
    char *const *argv;
};

/** `gistool network`: haul on the road network, transfer stations and
 *  collection points (docs/network.md). */
struct gt_network_options {
    const char *scenario;   /* borrowed from argv */
    const char **overrides; /* NULL-terminated, strings borrowed from argv */
    int n_overrides;
    const char *output; /* --output, borrowed */
    int stations;       /* --stations N: transfer_stations.p (0: the scenario's) */
    const char *solver; /* --solver NAME (NULL: the scenario's) */
    int no_maps;        /* --no-maps */
    int help;
    gt_progress_fn progress;
    void *progress_arg;
    int argc; /* the command line for provenance, borrowed */
    char *const *argv;
};

/* --- gistool register (docs/register.md) -------------------------------- */
/** `gistool register VERB REGISTER ...`: one struct for every verb; the
 *  operands after the verb are in `words`. */
struct gt_register_options {
    const char **words; /* the operands after the verb (borrowed), NULL-terminated */
    int n_words;
    const char *verb;        /* init, import, update, export, history (NULL: none) */
    const char *province;    /* init --province */
    const char *status_date; /* import --status-date */
    const char *layer;       /* import --layer */
    const char *status;      /* update --status */
    const char *date;        /* update --date */
    const char *source;      /* update --source */
    const char *note;        /* update --note */
    const char *inventory;   /* export --inventory FILE */
    const char *snapshot;    /* export --snapshot FILE */
    int as_of;               /* export --as-of YEAR (0: the latest) */
    int help;
};

#endif
