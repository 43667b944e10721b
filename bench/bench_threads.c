/*
 * One realization's owners over several threads: wall time of otmec_solve
 * with settings.threads = 1 and = K on the same instance, alternating, and
 * the speed-up of the medians; also checks that every run gives the same
 * bits (status, ratio, T, every allocation array). A program to run by hand,
 * not a test: timings depend on the machine and never decide pass or fail.
 *
 *   bench_threads [--threads K] [--reps R] [N ...]
 *
 * Instances: the default scenario with B and F_L scaled with N (2 MHz and
 * 2 GHz per owner), seed 1, stream 0. Defaults: K = 2, R = 3, N = 10,000
 * and 100,000.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "otmec.h"

#define MAX_REPS 15

static otmec_instance *generate(size_t n)
{
    otmec_scenario sc = bench_scaled_scenario(n);
    otmec_instance *inst = NULL;
    char msg[OTMEC_MESSAGE_LEN];
    if (otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg) != OTMEC_OK)
        fprintf(stderr, "bench_threads: %s\n", msg);
    return inst;
}

/* 1 when a and b are the same solution, bit for bit. */
static int same_bits(const otmec_solution *a, const otmec_solution *b)
{
    otmec_evaluation ea = otmec_solution_evaluation(a), eb = otmec_solution_evaluation(b);
    if (otmec_solution_status(a) != otmec_solution_status(b) || memcmp(&ea, &eb, sizeof ea) != 0)
        return 0;
    size_t n = otmec_solution_num_owners(a);
    const double *(*arrays[])(const otmec_solution *) = {otmec_solution_phi, otmec_solution_b, otmec_solution_p,
                                                         otmec_solution_f, otmec_solution_fL};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; ++k)
        if (memcmp(arrays[k](a), arrays[k](b), n * sizeof(double)) != 0)
            return 0;
    return 1;
}

/* Solves inst with `threads`; the wall time into *wall. NULL on error. */
static otmec_solution *timed_solve(const otmec_instance *inst, int threads, double *wall)
{
    otmec_settings set;
    otmec_settings_default(&set);
    set.threads = threads;
    otmec_solution *sol = NULL;
    char msg[OTMEC_MESSAGE_LEN];
    double t0 = bench_wall_s();
    if (otmec_solve(inst, &set, &sol, msg, sizeof msg) != OTMEC_OK) {
        fprintf(stderr, "bench_threads: %s\n", msg);
        return NULL;
    }
    *wall = bench_wall_s() - t0;
    return sol;
}

static int bench_size(size_t n, int threads, int reps)
{
    otmec_instance *inst = generate(n);
    if (!inst)
        return 1;
    double one[MAX_REPS], team[MAX_REPS];
    otmec_solution *ref = NULL;
    int same = 1, ok = 1;
    for (int r = 0; r < reps && ok; ++r) {
        otmec_solution *a = timed_solve(inst, 1, &one[r]);
        otmec_solution *b = a ? timed_solve(inst, threads, &team[r]) : NULL;
        ok = a && b;
        if (ok) {
            same = same && same_bits(a, b) && (!ref || same_bits(ref, a));
            if (!ref) {
                ref = a;
                a = NULL;
            }
        }
        otmec_solution_free(a);
        otmec_solution_free(b);
    }
    if (ok) {
        double m1 = bench_median(one, reps), mk = bench_median(team, reps);
        printf("%9zu  %-10s %8d %10.3f %10.3f %8.2fx %12.2f  %s\n", n, otmec_status_name(otmec_solution_status(ref)),
               otmec_solution_iterations(ref).ipm, m1, mk, m1 / mk, 1e6 * m1 / (double)n, same ? "yes" : "NO");
    }
    otmec_solution_free(ref);
    otmec_instance_free(inst);
    return ok && same ? 0 : 1;
}

int main(int argc, char **argv)
{
    int threads = 2, reps = 3, fail = 0, sizes = 0;
    size_t n[32];
    for (int a = 1; a < argc; ++a) {
        if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
            threads = atoi(argv[++a]);
        else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc)
            reps = atoi(argv[++a]);
        else if (argv[a][0] != '-' && sizes < 32)
            n[sizes++] = (size_t)strtoull(argv[a], NULL, 10);
        else {
            fprintf(stderr, "usage: bench_threads [--threads K] [--reps R] [N ...]\n");
            return 2;
        }
    }
    if (threads < 1 || reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "bench_threads: --threads at least 1, --reps 1..%d\n", MAX_REPS);
        return 2;
    }
    if (sizes == 0) {
        n[sizes++] = 10000;
        n[sizes++] = 100000;
    }
    printf("otmec_solve, scaled default scenario, seed 1; medians of %d alternating runs\n", reps);
    printf("%9s  %-10s %8s %10s %10s %9s %12s  %s\n", "N", "status", "Newton", "1 thr s", "threads s", "speed-up",
           "us/owner 1t", "same bits");
    for (int k = 0; k < sizes; ++k)
        fail |= bench_size(n[k], threads, reps);
    printf("threads K = %d\n", threads);
    return fail;
}
