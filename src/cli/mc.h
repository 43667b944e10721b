/* otmec mc: the pieces of a Monte Carlo run. */
#ifndef OTMEC_CLI_MC_H
#define OTMEC_CLI_MC_H

#include <stdint.h>
#include <stdio.h>

#include "otmec.h"

#define MC_MAX_METHODS 2

/* What the run is; config.json records it so that --resume can refuse to
 * mix results of different runs in one directory. */
typedef struct mc_config {
    otmec_scenario scenario; /* N = --owners */
    uint64_t seed, realizations;
    otmec_algorithm methods[MC_MAX_METHODS];
    int num_methods;
    otmec_settings settings; /* algorithm set per method */
    unsigned threads;
    const char *dir;
} mc_config;

/* One CSV row: one realization solved by one method. Only deterministic
 * values: two runs with the same seed write the same rows. */
typedef struct mc_row {
    uint64_t realization;
    int method; /* index into mc_config.methods */
    otmec_status status;
    int has_allocation;
    uint64_t n_active, n_outage, n_dropped;
    otmec_evaluation ev;
    double kkt_residual;
    otmec_iterations it;
} mc_row;

/* Rows already in the CSV, in file order. */
typedef struct mc_rows {
    mc_row *rows;
    size_t count, cap;
} mc_rows;

int mc_rows_push(mc_rows *rows, const mc_row *row);
void mc_rows_free(mc_rows *rows);

/* ---- realizations.csv (mc_csv.c) ---- */
extern const char MC_CSV_HEADER[];

/* Formats a row, newline included, into buf. */
void mc_csv_format(const mc_config *cfg, const mc_row *row, char *buf, size_t len);

/* Opens DIR/realizations.csv for appending. Fresh: the file must be absent
 * or empty (it gets the header). Resume: complete rows are read into *done;
 * a truncated last line is cut off so that it is rewritten. Reports errors;
 * returns an exit status. */
int mc_csv_open(const mc_config *cfg, const char *path, int resume, mc_rows *done, FILE **out);

/* ---- config.json (mc_config.c) ---- */
/* Writes DIR/config.json, or with resume checks it against this run. */
int mc_config_check_or_write(const mc_config *cfg, const char *path, int resume, int fresh_csv);

/* ---- the run (mc_run.c) ---- */
typedef struct mc_timing {
    double wall_s;
    uint64_t solved_rows;  /* rows solved by this invocation */
    uint64_t owner_solves; /* owners in those rows */
} mc_timing;

/* Solves every (realization, method) not in done, appending rows to csv in
 * realization order (the order does not depend on the thread count); the new
 * rows are pushed onto done. Returns an exit status. */
int mc_run(const mc_config *cfg, FILE *csv, mc_rows *done, mc_timing *timing);

/* ---- summary.json (mc_summary.c) ---- */
int mc_summary_write(const mc_config *cfg, const mc_rows *rows, const mc_timing *timing, const char *path);

/* ---- progress (mc_progress.c) ---- */
typedef struct mc_progress {
    int enabled;
    uint64_t total, done_before, done;
    double start, last_draw;
} mc_progress;

double mc_now(void);
void mc_progress_init(mc_progress *p, uint64_t total, uint64_t done_before);
void mc_progress_update(mc_progress *p, uint64_t done);
void mc_progress_finish(mc_progress *p);

#endif
