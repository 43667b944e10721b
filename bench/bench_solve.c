/*
 * Wall time of otmec_solve with the default settings (joint mode with the
 * final refinement, CPU backend) on generated instances, and the Monte Carlo
 * throughput at the default size. A program to run by hand, not a test:
 * timings depend on the machine and never decide pass or fail.
 *
 *   bench_solve [--quick]
 *
 * Repetition r solves the instance of stream r (default scenario, seed 1),
 * so the median describes a typical instance rather than one draw.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "otmec.h"

#define MAX_REPS 16

/* scaled: bench_scaled_scenario; else the default's B and F_L whatever N. */
static otmec_instance *generate(size_t n, uint64_t stream, int scaled)
{
    otmec_scenario sc = bench_scaled_scenario(n);
    if (!scaled) {
        otmec_scenario_default(&sc);
        sc.N = n;
    }
    otmec_instance *inst = NULL;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_generate(&sc, 1, stream, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        fprintf(stderr, "bench_solve: generate N=%zu stream %llu: %s: %s\n", n, (unsigned long long)stream,
                otmec_strerror(err), msg);
        return NULL;
    }
    return inst;
}

/* How many solves ended in each otmec_status. */
typedef struct status_count {
    int n[OTMEC_STATUS_NUMERICAL_ERROR + 1];
} status_count;

/* "9 OPTIMAL, 1 INFEASIBLE": at large N the default bandwidth cannot carry
 * every owner's rate floor, and such timings measure the feasibility check. */
static void format_status(const status_count *c, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int s = 0; s <= OTMEC_STATUS_NUMERICAL_ERROR; ++s) {
        if (c->n[s] == 0)
            continue;
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%d %s", used ? ", " : "", c->n[s], otmec_status_name((otmec_status)s));
    }
}

/* Solves one instance; returns its wall time in seconds, or -1 on an error. */
static double timed_solve(const otmec_instance *inst, otmec_admission admission, status_count *count)
{
    otmec_settings st;
    otmec_settings_default(&st);
    st.admission = admission;
    otmec_solution *sol = NULL;
    char msg[OTMEC_MESSAGE_LEN] = "";
    double t0 = bench_wall_s();
    otmec_error err = otmec_solve(inst, &st, &sol, msg, sizeof msg);
    double t = bench_wall_s() - t0;
    if (err != OTMEC_OK) {
        fprintf(stderr, "bench_solve: solve: %s: %s\n", otmec_strerror(err), msg);
        return -1.0;
    }
    count->n[otmec_solution_status(sol)]++;
    otmec_solution_free(sol);
    return t;
}

static int bench_size(size_t n, int reps, otmec_admission admission, int scaled)
{
    double t[MAX_REPS];
    status_count count = {{0}};
    for (int r = 0; r < reps; ++r) {
        otmec_instance *inst = generate(n, (uint64_t)r, scaled);
        if (!inst)
            return 1;
        t[r] = timed_solve(inst, admission, &count);
        otmec_instance_free(inst);
        if (t[r] < 0.0)
            return 1;
    }
    double median = bench_median(t, reps);
    char status[128];
    format_status(&count, status, sizeof status);
    printf("%6zu %6d %13.3f %13.3f   %s\n", n, reps, 1e3 * median, 1e3 * t[0], status);
    fflush(stdout);
    return 0;
}

/* R realizations of N owners solved one after another, as otmec mc does;
 * generation is outside the timed region. */
static int bench_monte_carlo(size_t n, int realizations)
{
    double total = 0.0;
    status_count count = {{0}};
    for (int r = 0; r < realizations; ++r) {
        otmec_instance *inst = generate(n, (uint64_t)r, 0);
        if (!inst)
            return 1;
        double t = timed_solve(inst, OTMEC_ADMISSION_NONE, &count);
        otmec_instance_free(inst);
        if (t < 0.0)
            return 1;
        total += t;
    }
    char status[128];
    format_status(&count, status, sizeof status);
    printf("Monte Carlo, %d realizations of N = %zu one after another: %.3f s\n"
           "  %.0f owner-solves/s, %.1f realizations/s (%s)\n",
           realizations, n, total, (double)realizations * (double)n / total, realizations / total, status);
    return 0;
}

int main(int argc, char **argv)
{
    int quick = 0;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: bench_solve [--quick]\n"
                   "  Median and minimum wall time of otmec_solve (default settings) for N = 10, 100, 1000\n"
                   "  and Monte Carlo throughput at N = 10. --quick: 5 repetitions, N = 1000 left out.\n");
            return 0;
        } else {
            fprintf(stderr, "bench_solve: unknown option '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    const size_t sizes[] = {10, 100, 1000};
    const size_t num_sizes = quick ? 2 : 3;
    const int reps = quick ? 5 : 9;

    otmec_settings st;
    otmec_settings_default(&st);
    printf("otmec %s bench_solve: otmec_solve, algorithm %s, refinement %s, CPU backend;\n"
           "default scenario, seed 1, repetition r solves stream r\n\n",
           otmec_version(), otmec_algorithm_name(st.algorithm), st.refine ? "on" : "off");
    printf("%6s %6s %13s %13s   %s\n", "N", "reps", "median [ms]", "min [ms]", "status");
    for (size_t k = 0; k < num_sizes; ++k)
        if (bench_size(sizes[k], reps, OTMEC_ADMISSION_NONE, 0) != 0)
            return 1;
    printf("\nresources per owner as in the default (B = 2 MHz x N, F_L = 2 GHz x N)\n");
    printf("%6s %6s %13s %13s   %s\n", "N", "reps", "median [ms]", "min [ms]", "status");
    for (size_t k = 0; k < num_sizes; ++k)
        if (bench_size(sizes[k], reps, OTMEC_ADMISSION_NONE, 1) != 0)
            return 1;
    /* Most default instances with 100 or more owners are infeasible (20 MHz
     * cannot carry every rate floor); greedy admission gives those sizes a
     * real solve to time. */
    printf("\nsame, with greedy admission (--admission greedy)\n");
    printf("%6s %6s %13s %13s   %s\n", "N", "reps", "median [ms]", "min [ms]", "status");
    for (size_t k = 1; k < num_sizes; ++k)
        if (bench_size(sizes[k], reps, OTMEC_ADMISSION_GREEDY, 0) != 0)
            return 1;
    printf("\n");
    return bench_monte_carlo(10, 50);
}
