/* otmec mc and otmec sweep: the pieces of a Monte Carlo run. */
#ifndef OTMEC_CLI_MC_H
#define OTMEC_CLI_MC_H

#include <stdint.h>
#include <stdio.h>

#include "cli/methods.h"
#include "h5/instances_h5.h"
#include "otmec.h"

#define MC_MAX_METHODS 16

/* ---- progress (mc_progress.c) ---- */
typedef struct mc_progress {
    int enabled; /* a line redrawn on a terminal */
    int log;     /* plain lines now and then (rank 0 of an MPI run, no terminal) */
    uint64_t total, done_before, done;
    double start, last_draw;
    char label[96]; /* shown before the count, e.g. "B=1e7 (2/5)" */
} mc_progress;

double mc_now(void);
void mc_progress_init(mc_progress *p, uint64_t total, uint64_t done_before);
/* n more units done before this run started (they do not count in the rate). */
void mc_progress_skip(mc_progress *p, uint64_t n);
void mc_progress_update(mc_progress *p, uint64_t done);
void mc_progress_finish(mc_progress *p);

/* ---- which realizations are whose (mc_part.c) ---- */
/* Realization r belongs to part (r / block) mod count: blocks of `block`
 * consecutive realizations dealt round-robin. `--shard I/K` takes one
 * contiguous block per shard (block = ceil(R / K)); MPI ranks take small
 * blocks, or blocks the size of a batch, so that every rank stays busy. A
 * count of 0 or 1 means one part: everything. */
typedef struct mc_part {
    uint64_t index, count, block;
} mc_part;

#define MC_PART_BLOCK 16 /* realizations per block of an MPI rank without batches */

int mc_part_owns(const mc_part *p, uint64_t r);
/* One past the last realization of r's block (UINT64_MAX for one part). */
uint64_t mc_part_block_end(const mc_part *p, uint64_t r);
/* The shard split of R realizations: part index of count. */
mc_part mc_part_shard(uint64_t index, uint64_t count, uint64_t realizations);

/* What the run is; config.json records it so that --resume can refuse to
 * mix results of different runs in one directory. */
typedef struct mc_config {
    otmec_scenario scenario; /* N = --owners */
    uint64_t seed, realizations;
    const cli_method *methods[MC_MAX_METHODS];
    int num_methods;
    otmec_settings settings; /* --algorithm/--no-refine/...; each method adjusts it */
    unsigned threads;
    uint64_t batch;         /* realizations per otmec_solve_batch call of the proposed methods; 0: none */
    const char *dir;
    int plot;               /* draw DIR/methods.png with gnuplot when it is there */
    mc_progress *progress;  /* a progress shared over several runs (sweep), or NULL */
    mc_part shard;          /* --shard I/K: the part of the run this directory holds; count 0: all */
    /* --instances FILE: realization r is row r of the file's arrays, solved
     * with scenario.params; NULL: generated from (scenario, seed, r). */
    const otm_h5_instances *given;
    const char *given_path; /* --instances FILE as given, or NULL */
    char given_hash[32];    /* what config.json records of the file ("" when generated) */
    int save_allocations;   /* --save-allocations: DIR/allocations.h5 */
} mc_config;

/* Per-owner values of one row for DIR/allocations.h5: phi, b, p, f, fL and
 * the owner status (as a number), N values each. */
#define MC_OWNER_ARRAYS 6

/* One CSV row: one realization solved by one method. Only deterministic
 * values: two runs with the same seed write the same rows. */
typedef struct mc_row {
    uint64_t realization;
    int method; /* index into mc_config.methods */
    otmec_status status;
    int has_allocation;
    uint64_t n_active, n_outage, n_dropped, n_leaking;
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

/* The file holds more than the header: a run that failed before its first
 * row is no run. */
int mc_csv_has_rows(const char *path);

/* Reads the complete rows of path into *rows without changing the file;
 * *complete is 0 when the file ends in a half-written line. Reports errors
 * as cmd; returns an exit status. */
int mc_csv_read(const char *cmd, const mc_config *cfg, const char *path, mc_rows *rows, int *complete);

/* ---- config.json (mc_config.c) ---- */
/* Writes DIR/config.json, or with resume checks it against this run. */
int mc_config_check_or_write(const mc_config *cfg, const char *path, int resume, int fresh_csv);

/* The text config.json holds for cfg (malloc'd), or NULL when out of memory. */
char *mc_config_text(const mc_config *cfg);

/* Reads a config.json back into cfg (scenario, seed, methods, solver
 * options, shard); fails unless writing cfg gives the file's text again.
 * On failure msg says why (the path included); returns an exit status. */
int mc_config_read(const char *path, mc_config *cfg, char *msg, size_t msg_len);

/* ---- where realizations come from (mc_source.c) ---- */
/* Realization r's instance: generated, or row r of the given arrays. */
otmec_error mc_source_instance(const mc_config *cfg, uint64_t r, otmec_instance **out, char *msg, size_t msg_len);

/* Realizations first .. first + out->count - 1 solved by the batch entry of
 * the library with settings s (the proposed method). */
otmec_error mc_source_solve_batch(const mc_config *cfg, uint64_t first, const otmec_settings *s, otmec_batch *out,
                                  char *msg, size_t msg_len);

/* The per-owner arrays of a solution into owners (MC_OWNER_ARRAYS * N;
 * zeros where it has no allocation). */
void mc_source_owner_arrays(const otmec_solution *sol, size_t N, double *owners);

/* --instances FILE: reads and checks the file, and sets cfg->given,
 * given_hash, scenario.N and the parameters (from scenario_path when given,
 * else from the file's attributes). Reports errors naming the file; returns
 * an exit status. *out is freed with otm_h5_instances_free. */
int mc_instances_load(const char *cmd, mc_config *cfg, const char *path, const char *scenario_path,
                      otm_h5_instances *out);

/* ---- DIR/allocations.h5 (mc_allocations.c, in the module otmec-hdf5.so that
 * h5_loader.c loads; h5_none.c without HDF5) ---- */
typedef struct mc_alloc mc_alloc;

/* 1 when HDF5 files can be read and written (the module loads). */
int mc_alloc_available(void);

/* Why HDF5 files cannot be used when mc_alloc_available() says so. */
const char *mc_hdf5_missing(void);

/* Opens the file: created for a fresh run, or with `resume` opened, checked
 * against the run and grown to cfg->realizations. Reports errors; returns
 * an exit status. */
int mc_alloc_open(const char *cmd, const mc_config *cfg, const char *path, int resume, mc_alloc **out);

/* Buffers one row and its owners' arrays (MC_OWNER_ARRAYS * N). */
int mc_alloc_add(mc_alloc *a, const mc_row *row, const double *owners, char *err, size_t err_len);

/* 1 when the buffered rows should go to the file now (a chunk's worth, or
 * two seconds since the last write). */
int mc_alloc_due(const mc_alloc *a);

/* Writes the buffered rows and flushes the file: rows written before their
 * CSV lines survive an interruption. Returns 1, or 0 with err set. */
int mc_alloc_flush(mc_alloc *a, char *err, size_t err_len);

/* Flushes and closes (a NULL a is nothing to do); returns 1, or 0 with err set. */
int mc_alloc_close(mc_alloc *a, char *err, size_t err_len);

/* otmec merge: copies each shard's rows of allocations.h5 into the merged
 * file at path. Reports errors; returns an exit status. */
int mc_alloc_merge(const char *cmd, const mc_config *merged, const mc_config *shards, const char *const *dirs,
                   int count, const char *path);

/* ---- the run (mc_run.c) ---- */
typedef struct mc_timing {
    double wall_s;
    uint64_t solved_rows;  /* rows solved by this invocation */
    uint64_t owner_solves; /* owners in those rows */
} mc_timing;

/* Solves every (realization, method) not in done, appending rows to csv in
 * realization order (the order does not depend on the thread count); the new
 * rows are pushed onto done. Returns an exit status. */
int mc_run(const mc_config *cfg, FILE *csv, mc_alloc *alloc, mc_rows *done, mc_timing *timing);

/* ---- statistics (mc_stats.c) ---- */
/* Running mean and variance (Welford). */
typedef struct mc_acc {
    uint64_t n;
    double mean, m2, min, max;
} mc_acc;

void mc_acc_add(mc_acc *a, double x);
double mc_acc_std(const mc_acc *a);  /* sample std; NAN below two values */
double mc_acc_half(const mc_acc *a); /* 1.96 std / sqrt(n): half-width of the 95% CI */

/* One method over every row of a run. rel_* compare it with the reference
 * method (see mc_reference_method) realization by realization, over the
 * realizations where both have an allocation: x_method / x_reference - 1. */
typedef struct mc_method_stats {
    uint64_t count, by_status[4], outage, dropped, leaking, active_in_allocations;
    mc_acc ratio, utility, consumption, energy, time, kkt;
    int has_reference; /* a reference exists and is another method */
    mc_acc rel_ratio, rel_energy, rel_time;
} mc_method_stats;

/* 'proposed' if listed, else 'joint', else -1. */
int mc_reference_method(const mc_config *cfg);

/* Statistics of every method: out[0..cfg->num_methods). Returns 0 when out
 * of memory. */
int mc_stats_compute(const mc_config *cfg, const mc_rows *rows, mc_method_stats *out);

/* Fractions of the summary, NAN when undefined. */
double mc_stats_infeasible(const mc_method_stats *s);
double mc_stats_outage(const mc_method_stats *s, size_t owners);  /* outage owners / (N rows) */
double mc_stats_dropped(const mc_method_stats *s, size_t owners); /* dropped owners / (N rows) */
double mc_stats_leaking(const mc_method_stats *s); /* leaking / active owners of rows with an allocation */

/* ---- summary.json (mc_summary.c) ---- */
int mc_summary_write(const mc_config *cfg, const mc_rows *rows, const mc_method_stats *stats,
                     const mc_timing *timing, const char *path);

/* ---- a whole run (cmd_mc.c) ---- */
/* Creates cfg->dir, checks or writes config.json, solves what is missing,
 * writes summary.json and, with cfg->plot, the figure. On return *rows holds
 * every row of the run (free with mc_rows_free), also after a failure, and
 * stats (MC_MAX_METHODS entries, or NULL) the run's statistics when it
 * returns CLI_EXIT_OK. */
int mc_execute(const char *cmd, mc_config *cfg, int resume, mc_rows *rows, mc_method_stats *stats);

/* Option parsing shared by mc and sweep: the mc options in argv (argv[0] is
 * the command). Arguments that are not mc options go to extra (may be NULL),
 * which returns 1 when it took argv[*i] (advancing *i past a value), 0 when
 * not, -1 after reporting an error. Returns -1 to go on, else an exit status.
 * Without --owners, cfg->scenario.N is 0: the scenario's N applies. */
typedef int (*mc_extra_arg)(void *user, int argc, char **argv, int *i);
int mc_parse_args(const char *cmd, int argc, char **argv, mc_config *cfg, const char **scenario_path, int *resume,
                  mc_extra_arg extra, void *user, void (*help)(void));
/* Loads the scenario (N from --owners unless owners == 0) and validates it. */
int mc_load_scenario(const char *cmd, mc_config *cfg, const char *scenario_path, size_t owners);

/* mkdir -p; reports errors naming the option. */
int mc_make_dir(const char *cmd, const char *dir);

/* ---- figures (plot.c) ---- */
/* Writes DIR/methods.gp (bars with 95% CI of ratio, energy, delay per
 * method) and runs gnuplot on it when found, giving DIR/methods.png. A
 * missing gnuplot is reported on stderr and is not an error. Returns an exit
 * status. */
int mc_plot_methods(const char *cmd, const mc_config *cfg, const mc_method_stats *stats);

/* Writes text (and a newline when asked) to path through a temporary file
 * and a rename. */
int mc_write_file(const char *cmd, const char *path, const char *text, int add_newline);

/* The same for content that write() streams into f (returns 0 on a write
 * error): a reader sees the whole file or none. */
int mc_write_file_with(const char *cmd, const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx);

#endif
