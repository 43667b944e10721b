/*
 * One small batch on the CPU and on the CUDA backend with a chosen layout,
 * realization by realization: status, ratio U/S and IPM iterations of each,
 * and the ratio's relative difference. Made for a simulated GPU
 * (scripts/gpu-sim.sh): one launch of solve_kernel, no warm-up, so that a
 * cycle-level simulator's per-launch statistics are this batch's.
 *
 *   layout_cmp N COUNT [SEED] [TEAM] [cpu|cuda|both]
 *
 * TEAM: threads that solve one realization on the device; 0 = the backend's
 * choice (otm_cuda_layout_for), 1 = a thread per realization, 32, 64 or 128
 * = a block team. Instances: the scaled default scenario (bench_util.h),
 * drawn with SEED (default 1) from realization 0. Exit status 0 when every
 * status agrees and every ratio is within 1e-9 (relative), 1 when not, 2 on
 * an error.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h" /* otm_cuda_solve_source: a chosen layout */
#include "bench_util.h"
#include "otmec.h"

typedef struct {
    otmec_status *status;
    double *ratio;
    int *ipm;
} results;

/* Solves the batch on `be`; 0, or 2 after printing why not. */
static int solve(const otmec_scenario *sc, unsigned long long seed, otmec_backend be, unsigned team, size_t count,
                 results *res)
{
    otmec_batch b;
    memset(&b, 0, sizeof b);
    b.count = count;
    b.status = res->status;
    b.ratio = res->ratio;
    b.ipm_iterations = res->ipm;
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = be;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otm_batch_source src = otm_batch_source_drawn(sc, seed, 0);
    double t0 = bench_wall_s();
    otmec_error err = be == OTMEC_BACKEND_CUDA ? otm_cuda_solve_source(&src, &set, team, &b, msg, sizeof msg)
                                               : otmec_solve_batch(sc, seed, 0, &set, &b, msg, sizeof msg);
    if (err != OTMEC_OK) {
        printf("%s: %s: %s\n", be == OTMEC_BACKEND_CUDA ? "cuda" : "cpu", otmec_strerror(err), msg);
        return 2;
    }
    printf("%s: %zu realizations of N = %zu in %.3f s wall\n", be == OTMEC_BACKEND_CUDA ? "cuda" : "cpu", count,
           sc->N, bench_wall_s() - t0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: layout_cmp N COUNT [SEED] [TEAM] [cpu|cuda|both]\n");
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10), count = strtoul(argv[2], NULL, 10);
    unsigned long long seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    unsigned team = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 0;
    const char *mode = argc > 5 ? argv[5] : "both";
    int on_cpu = strcmp(mode, "cuda") != 0, on_gpu = strcmp(mode, "cpu") != 0;
    if (n == 0 || count == 0) {
        fprintf(stderr, "layout_cmp: N and COUNT must be positive\n");
        return 2;
    }
    otmec_scenario sc = bench_scaled_scenario(n);
    results cpu = {calloc(count, sizeof(otmec_status)), calloc(count, sizeof(double)), calloc(count, sizeof(int))};
    results gpu = {calloc(count, sizeof(otmec_status)), calloc(count, sizeof(double)), calloc(count, sizeof(int))};
    if (!cpu.status || !cpu.ratio || !cpu.ipm || !gpu.status || !gpu.ratio || !gpu.ipm) {
        fprintf(stderr, "layout_cmp: out of memory\n");
        return 2;
    }
    if ((on_cpu && solve(&sc, seed, OTMEC_BACKEND_CPU, 0, count, &cpu)) ||
        (on_gpu && solve(&sc, seed, OTMEC_BACKEND_CUDA, team, count, &gpu)))
        return 2;
    int bad = 0;
    double worst = 0.0;
    for (size_t r = 0; r < count; ++r) {
        double d = 0.0;
        /* no allocation on either side (INFEASIBLE): no ratio to compare,
         * the statuses say whether they agree */
        const int neither = isnan(cpu.ratio[r]) && isnan(gpu.ratio[r]);
        if (on_cpu && on_gpu && !neither && !(cpu.ratio[r] == 0.0 && gpu.ratio[r] == 0.0))
            d = fabs(gpu.ratio[r] - cpu.ratio[r]) / fabs(cpu.ratio[r]);
        int same = !(on_cpu && on_gpu) || cpu.status[r] == gpu.status[r];
        printf("r=%zu cpu: status %d ratio %.17g ipm %d | cuda: status %d ratio %.17g ipm %d | rel diff %.3g%s\n", r,
               (int)cpu.status[r], cpu.ratio[r], cpu.ipm[r], (int)gpu.status[r], gpu.ratio[r], gpu.ipm[r], d,
               same ? "" : "  STATUS DIFFERS");
        bad += !same || !(d <= 1e-9); /* a NaN difference counts as one */
        if (d > worst)
            worst = d;
    }
    printf("summary: N = %zu, %zu realizations, team %u: %d disagree, max ratio rel diff %.3g\n", n, count, team, bad,
           worst);
    return bad != 0;
}
