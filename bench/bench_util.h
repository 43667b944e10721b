/* Clocks, order statistics and the scaled scenario shared by the benchmark
 * programs of bench/. */
#ifndef OTMEC_BENCH_UTIL_H
#define OTMEC_BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>

#include "otmec.h"

/* Wall-clock seconds (monotonic). */
static inline double bench_wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The calling thread's CPU seconds: other load on the machine disturbs them
 * little. */
static inline double bench_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n), n >= 1; sorts v in place. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The default scenario with n owners and B and F_L grown with n (2 MHz and
 * 2 GHz per owner, the default's share at N = 10), so that every size is
 * feasible as the default is at N = 10. */
static inline otmec_scenario bench_scaled_scenario(size_t n)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = n;
    sc.params.B_Hz *= (double)n / 10.0;
    sc.params.F_L_Hz *= (double)n / 10.0;
    return sc;
}

#endif
