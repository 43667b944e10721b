/*
 * Cost of one realization of the default pipeline, as a distribution: CPU
 * time and interior-point (Newton) iterations per realization, median, p90
 * and max, for several N on the scaled default scenario (B = 2 MHz x N,
 * F_L = 2 GHz x N, so that every size is feasible). Uses the public API only,
 * so the same source builds against an older otmec: bench/compare_pipelines.sh
 * runs both builds side by side. A program to run by hand; its timings never
 * decide pass or fail.
 *
 *   bench_pipeline [--sizes 10,100,1000,10000] [--reps 300,30,5,1]
 *                  [--label TEXT] [--algorithm joint|paper] [--no-header]
 *
 * Realization r is stream r of seed 1. Time is the thread's CPU time, which
 * other load on the machine disturbs little.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "otmec.h"

#define MAX_SIZES 8


/* median, p90 (nearest rank below) and max of v[0..n), sorted in place */
static void spread(double *v, int n, double out[3])
{
    qsort(v, (size_t)n, sizeof v[0], bench_cmp_double);
    out[0] = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    out[1] = v[(int)(0.9 * (n - 1))];
    out[2] = v[n - 1];
}

static int parse_list(const char *text, long *out, int max)
{
    int n = 0;
    char *end = NULL;
    for (const char *s = text; *s && n < max; s = end + (*end == ',')) {
        out[n] = strtol(s, &end, 10);
        if (end == s || out[n] <= 0 || (*end != ',' && *end != '\0'))
            return -1;
        ++n;
        if (*end == '\0')
            break;
    }
    return n;
}

static int bench_size(size_t n, int reps, otmec_algorithm algorithm, const char *label)
{
    double *t = malloc(2 * (size_t)reps * sizeof *t);
    if (!t)
        return 1;
    double *it = t + reps;
    int optimal = 0, other = 0, solved = 0;
    for (int r = 0; r < reps; ++r) {
        otmec_scenario sc = bench_scaled_scenario(n);
        otmec_instance *inst = NULL;
        otmec_solution *sol = NULL;
        char msg[OTMEC_MESSAGE_LEN] = "";
        if (otmec_generate(&sc, 1, (uint64_t)r, &inst, msg, sizeof msg) != OTMEC_OK) {
            fprintf(stderr, "bench_pipeline: generate N=%zu stream %d: %s\n", n, r, msg);
            free(t);
            return 1;
        }
        otmec_settings st;
        otmec_settings_default(&st);
        st.algorithm = algorithm;
        double t0 = bench_cpu_s();
        otmec_error err = otmec_solve(inst, &st, &sol, msg, sizeof msg);
        double dt = bench_cpu_s() - t0;
        otmec_instance_free(inst);
        if (err != OTMEC_OK) {
            fprintf(stderr, "bench_pipeline: solve N=%zu stream %d: %s\n", n, r, msg);
            free(t);
            return 1;
        }
        otmec_status status = otmec_solution_status(sol);
        if (otmec_solution_has_allocation(sol)) {
            t[solved] = dt;
            it[solved] = otmec_solution_iterations(sol).ipm;
            ++solved;
        }
        optimal += status == OTMEC_STATUS_OPTIMAL;
        other += status != OTMEC_STATUS_OPTIMAL && status != OTMEC_STATUS_INFEASIBLE;
        otmec_solution_free(sol);
    }
    if (solved == 0) {
        printf("%-10s %6zu %5d   no realization had an allocation\n", label, n, reps);
        free(t);
        return 0;
    }
    double ts[3], its[3];
    spread(t, solved, ts);
    spread(it, solved, its);
    printf("%-10s %6zu %5d %10.4g %10.4g %10.4g %7.0f %7.0f %7.0f %8.0f   %d OPTIMAL, %d MAX_ITER/ERROR\n", label, n,
           solved, ts[0], ts[1], ts[2], its[0], its[1], its[2], (double)n / ts[0], optimal, other);
    fflush(stdout);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    long sizes[MAX_SIZES] = {10, 100, 1000, 10000}, reps[MAX_SIZES] = {300, 30, 5, 1};
    int num_sizes = 4, num_reps = 4, header = 1;
    const char *label = otmec_version();
    otmec_algorithm algorithm = OTMEC_ALGORITHM_JOINT;
    for (int i = 1; i < argc; ++i) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            printf("usage: bench_pipeline [--sizes 10,100,1000,10000] [--reps 300,30,5,1] [--label TEXT]\n"
                   "                      [--algorithm joint|paper] [--no-header]\n"
                   "  CPU seconds and interior-point iterations per realization (median, p90, max) of\n"
                   "  otmec_solve with default settings, scaled default scenario, seed 1, stream r.\n"
                   "  'owners/s' is N over the median time.\n");
            return 0;
        } else if (strcmp(opt, "--no-header") == 0) {
            header = 0;
            continue;
        }
        if (!val) {
            fprintf(stderr, "bench_pipeline: %s needs a value (try --help)\n", opt);
            return 2;
        }
        ++i;
        if (strcmp(opt, "--sizes") == 0) {
            num_sizes = parse_list(val, sizes, MAX_SIZES);
        } else if (strcmp(opt, "--reps") == 0) {
            num_reps = parse_list(val, reps, MAX_SIZES);
        } else if (strcmp(opt, "--label") == 0) {
            label = val;
        } else if (strcmp(opt, "--algorithm") == 0 && (strcmp(val, "joint") == 0 || strcmp(val, "paper") == 0)) {
            algorithm = strcmp(val, "paper") == 0 ? OTMEC_ALGORITHM_PAPER : OTMEC_ALGORITHM_JOINT;
        } else {
            fprintf(stderr, "bench_pipeline: bad option or value '%s %s' (try --help)\n", opt, val);
            return 2;
        }
    }
    if (num_sizes < 1 || num_reps != num_sizes) {
        fprintf(stderr, "bench_pipeline: --sizes and --reps need the same number of positive integers\n");
        return 2;
    }
    if (header)
        printf("%-10s %6s %5s %10s %10s %10s %7s %7s %7s %8s   %s\n", "build", "N", "R", "cpu_s_med", "cpu_s_p90",
               "cpu_s_max", "ipm_med", "ipm_p90", "ipm_max", "owners/s", "status");
    for (int k = 0; k < num_sizes; ++k)
        if (bench_size((size_t)sizes[k], (int)reps[k], algorithm, label) != 0)
            return 1;
    return 0;
}
