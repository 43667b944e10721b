/*
 * Owner-solves per second of the two backends of otmec_solve_batch side by
 * side, on a grid of N owners x R realizations; the CPU solves the first K of
 * each cell's R realizations and its rate is extrapolated. To run by hand,
 * not a test. `bench_backends --help` lists the options, docs/gpu.md explains
 * the columns.
 *
 * FP64 estimate. FLOP_PER_OWNER_ITER counts the floating-point operations
 * (+ - * / sqrt, each log/log1p as one; fabs, fmax and compares not counted)
 * one owner performs in one interior-point iteration of ipm.h, counted from
 * src/math/{rate_bp.h,owner_problem.h,ipm_owner.h} for the dominant subproblem
 * (SP2_EXACT, 4 free variables b, p, f, fL of which p and f have finite upper
 * bounds; default settings), the first line-search step accepted:
 *   eval (otm_owner_eval, SP2_EXACT; once per iteration, at the trial
 *         point; closed forms): affine pieces in phi 10, rate constants 3,
 *         rate over (b, p) 32 + 6, 1/R 18, T_n 61, rate constraint 16,
 *         E_cmp 29, FP upload term 37, objective entries and scalings 51
 *                                                                    = 263
 *   residual (otm_ipm_owner_residual)                                 96
 *   assemble: 5x5 W 175, right sides 31, bounds 40, + sigT g g^T 75,
 *         Cholesky 55, 4 triangular solves 200, 9 dot products 90, 6 = 672
 *   step 105, merit of the current point 41, trial 15,
 *   eval of the trial point 263, interior check 19, its merit 41,
 *   accept (multiplier updates and clamps) 145
 *   total                                                            1397
 * Left out: the extra residual per fall of mu, a second line-search step,
 * convexification (FULL only), and all work outside the interior-point
 * iterations. Estimate = 1397 x (summed ipm_iterations) x N / wall time; N
 * also counts owners in outage, which the solver skips.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "otmec.h"
#include "backend/backend.h" /* otm_cuda_solve_source: --cuda-team */
#if OTMEC_BENCH_FP64_PEAK
#include "cuda/fp64_peak.h"
#endif

#define FLOP_PER_OWNER_ITER 1397.0
#define MAX_LIST 16

typedef struct options {
    size_t owners[MAX_LIST], num_owners, reals[MAX_LIST], num_reals;
    unsigned long long cpu_reals, threads, seed, cuda_team; /* cuda_team 0: the backend's choice */
    int run_cpu, run_cuda, scale;
    const char *scenario;
    double peak_tflops;
} options;

typedef struct run { /* one backend's timed run of one cell */
    otmec_batch b;
    double seconds, flops, median_ipm;
    size_t optimal;
} run;

static const char *usage =
    "usage: bench_backends [options]\n"
    "  Owner-solves/s of otmec_solve_batch on the CPU and CUDA backends, one row per\n"
    "  cell of the grid N owners x R realizations.\n"
    "  --owners LIST          comma list of N (default 100,1000,4000)\n"
    "  --realizations LIST    comma list of R (default 1000,10000)\n"
    "  --cpu-realizations K   the CPU solves only the first K realizations of a cell; its\n"
    "                         owner-solves/s is extrapolated from those (default 64)\n"
    "  --threads T            CPU threads, 0 = all cores (default 0)\n"
    "  --backend cpu|cuda|both  backends to run (default both)\n"
    "  --seed S               Monte Carlo seed (default 1)\n"
    "  --scenario FILE        scenario JSON (otmec-scenario-1; default: the built-in default)\n"
    "  --no-scale             keep B and F_L of the scenario at every N; by default both grow\n"
    "                         with N, keeping the scenario's share per owner (default scenario:\n"
    "                         B = 2 MHz x N, F_L = 2 GHz x N)\n"
    "  --cuda-team T          threads that solve one realization on the device: 1 (a thread\n"
    "                         per realization), 32, 64 or 128 (a block); default: the\n"
    "                         backend's choice (docs/gpu.md, \"Layout\")\n"
    "  --fp64-peak TFLOPS     FP64 peak the GPU estimate is compared with (default: measured,\n"
    "                         a cuBLAS DGEMM of order 8192; 34, the H200 datasheet, without a device)\n"
    "  --help                 this text\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A number 0..max, no sign, no blank; *end is where it stops. */
static int parse_num(const char *s, unsigned long long max, unsigned long long *out, char **end)
{
    errno = 0;
    *out = strtoull(s, end, 10);
    return s[0] >= '0' && s[0] <= '9' && errno == 0 && *out <= max;
}

/* "100,1000": 1..MAX_LIST positive numbers. */
static int parse_list(const char *s, size_t *out, size_t *count)
{
    unsigned long long v;
    char *end;
    for (*count = 0; *count < MAX_LIST && parse_num(s, 1000000000ull, &v, &end) && v > 0 && (*end == ',' || !*end); s = end + 1) {
        out[(*count)++] = (size_t)v;
        if (!*end)
            return 1;
    }
    return 0;
}

static int bad_usage(const char *what, const char *opt, const char *arg)
{
    fprintf(stderr, "bench_backends: %s %s%s%s%s (try --help)\n", what, opt, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "");
    return 2;
}

/* Returns -1 when the options are good, else the exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    parse_list("100,1000,4000", o->owners, &o->num_owners);
    parse_list("1000,10000", o->reals, &o->num_reals);
    o->cpu_reals = 64;
    o->run_cpu = o->run_cuda = o->scale = o->seed = 1;
    o->peak_tflops = 0.0; /* measured with a DGEMM when a device is there, else 34 */
    for (int i = 1; i < argc; ++i) {
        const char *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long *num = strcmp(opt, "--cpu-realizations") == 0 ? &o->cpu_reals
                                  : strcmp(opt, "--threads") == 0         ? &o->threads
                                  : strcmp(opt, "--seed") == 0            ? &o->seed
                                  : strcmp(opt, "--cuda-team") == 0       ? &o->cuda_team
                                                                          : NULL;
        char *end;
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(opt, "--no-scale") == 0) {
            o->scale = 0;
            continue;
        } else if (!num && strcmp(opt, "--owners") && strcmp(opt, "--realizations") && strcmp(opt, "--backend") &&
                   strcmp(opt, "--scenario") && strcmp(opt, "--fp64-peak")) {
            return bad_usage("unknown option", opt, NULL);
        } else if (!arg) {
            return bad_usage("missing value after", opt, NULL);
        } else if (num) {
            if (!parse_num(arg, num == &o->seed ? ULLONG_MAX : num == &o->threads ? 4096 : 1000000000ull, num, &end) ||
                *end || (num == &o->cpu_reals && *num == 0))
                return bad_usage("bad value for", opt, arg);
            if (num == &o->cuda_team && *num != 1 && *num != 32 && *num != 64 && *num != 128)
                return bad_usage("expected 1, 32, 64 or 128 after", opt, arg);
        } else if (strcmp(opt, "--owners") == 0 || strcmp(opt, "--realizations") == 0) {
            int ow = strcmp(opt, "--owners") == 0;
            if (!parse_list(arg, ow ? o->owners : o->reals, ow ? &o->num_owners : &o->num_reals))
                return bad_usage("expected a comma list of positive integers after", opt, arg);
        } else if (strcmp(opt, "--backend") == 0) {
            o->run_cpu = strcmp(arg, "cpu") == 0 || strcmp(arg, "both") == 0;
            o->run_cuda = strcmp(arg, "cuda") == 0 || strcmp(arg, "both") == 0;
            if (!o->run_cpu && !o->run_cuda)
                return bad_usage("expected cpu, cuda or both after", opt, arg);
        } else if (strcmp(opt, "--scenario") == 0) {
            o->scenario = arg;
        } else {
            o->peak_tflops = strtod(arg, &end);
            if (end == arg || *end != '\0' || !(o->peak_tflops > 0.0) || !isfinite(o->peak_tflops))
                return bad_usage("expected a positive number of TFLOP/s after", opt, arg);
        }
        ++i;
    }
    return -1;
}

static void free_batch(otmec_batch *b)
{
    free(b->status);
    free(b->ratio);
    free(b->ipm_iterations);
    free(b->b_Hz);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Solves realizations 0 .. count-1 into a batch it allocates (b_Hz too when
 * with_b), timed, and its statistics (sorts ipm_iterations); 0 on success,
 * else 1 after a message. The caller frees r->b. */
static int run_batch(const otmec_scenario *sc, const options *o, otmec_backend be, size_t count, int with_b, run *r)
{
    otmec_batch *b = &r->b;
    b->count = count;
    b->status = malloc(count * sizeof *b->status);
    b->ratio = malloc(count * sizeof *b->ratio);
    b->ipm_iterations = malloc(count * sizeof *b->ipm_iterations);
    b->b_Hz = with_b ? malloc(count * sc->N * sizeof *b->b_Hz) : NULL;
    if (!b->status || !b->ratio || !b->ipm_iterations || (with_b && !b->b_Hz)) {
        fprintf(stderr, "bench_backends: out of memory for %zu realizations of %zu owners\n", count, sc->N);
        return 1;
    }
    otmec_settings st;
    otmec_settings_default(&st);
    st.backend = be;
    st.threads = (int)o->threads;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otm_batch_source src = otm_batch_source_drawn(sc, o->seed, 0);
    double t0 = now_s();
    otmec_error err = be == OTMEC_BACKEND_CUDA && o->cuda_team
                          ? otm_cuda_solve_source(&src, &st, (unsigned)o->cuda_team, b, msg, sizeof msg)
                          : otmec_solve_batch(sc, o->seed, 0, &st, b, msg, sizeof msg);
    r->seconds = now_s() - t0;
    if (err != OTMEC_OK) {
        fprintf(stderr, "bench_backends: %s batch, N = %zu, %zu realizations: %s: %s\n",
                be == OTMEC_BACKEND_CUDA ? "CUDA" : "CPU", sc->N, count, otmec_strerror(err), msg);
        return 1;
    }
    double iters = 0.0;
    for (size_t k = 0; k < count; ++k) {
        r->optimal += b->status[k] == OTMEC_STATUS_OPTIMAL;
        iters += b->ipm_iterations[k];
    }
    r->flops = FLOP_PER_OWNER_ITER * iters * (double)sc->N;
    qsort(b->ipm_iterations, count, sizeof *b->ipm_iterations, cmp_int);
    r->median_ipm = b->ipm_iterations[count / 2];
    return 0;
}

/* The scenario at N = n; with scaling, B and F_L keep the scenario's share
 * per owner (the default's 2 MHz and 2 GHz, as in bench_solve), so that every
 * N is as feasible as the default is at N = 10. */
static otmec_scenario cell_scenario(const otmec_scenario *base, const options *o, size_t n)
{
    otmec_scenario sc = *base;
    sc.N = n;
    if (o->scale) {
        sc.params.B_Hz = base->params.B_Hz / (double)base->N * (double)n;
        sc.params.F_L_Hz = base->params.F_L_Hz / (double)base->N * (double)n;
    }
    return sc;
}

/* CPU vs CUDA on the k realizations both solved: "k  max rel diff of ratio  status
 * mismatches  max |b_cpu - b_gpu| / (B/N)" (b where statuses agree, allocated). */
static void compare(const otmec_batch *c, const otmec_batch *g, const otmec_batch *gb, size_t k, size_t n, double B,
                    char *out, size_t len)
{
    double max_ratio = 0.0, max_b = 0.0;
    size_t mismatch = 0;
    for (size_t r = 0; r < k; ++r) {
        mismatch += c->status[r] != g->status[r];
        double x = c->ratio[r], y = g->ratio[r], m = fmax(fabs(x), fabs(y));
        if (isfinite(x) && isfinite(y) && m > 0.0)
            max_ratio = fmax(max_ratio, fabs(x - y) / m);
        if (c->status[r] == gb->status[r] && isfinite(x))
            for (size_t j = r * n; j < (r + 1) * n; ++j)
                max_b = fmax(max_b, fabs(c->b_Hz[j] - gb->b_Hz[j]) / (B / (double)n));
    }
    snprintf(out, len, "%zu  %.2e  %zu  %.2e", k, max_ratio, mismatch, max_b);
}

/* v formatted with f into buf, or "-" when !on. */
static const char *cell(char buf[24], int on, const char *f, double v)
{
    if (!on)
        return "-";
    snprintf(buf, 24, f, v);
    return buf;
}

/* One cell: CPU run, CUDA run, comparison, one row. */
static int bench_cell(const otmec_scenario *base, const options *o, int cuda_ok, size_t n, size_t reals)
{
    otmec_scenario sc = cell_scenario(base, o, n);
    size_t k = o->cpu_reals < reals ? (size_t)o->cpu_reals : reals;
    int on_cpu = o->run_cpu, on_gpu = o->run_cuda && cuda_ok, both = on_cpu && on_gpu;
    run cpu = {0}, gpu = {0}, gb = {0}; /* gb: CUDA rerun of the k compared realizations, with b */
    int fail = on_cpu && run_batch(&sc, o, OTMEC_BACKEND_CPU, k, both, &cpu);
    fail = fail || (on_gpu && run_batch(&sc, o, OTMEC_BACKEND_CUDA, reals, 0, &gpu));
    fail = fail || (both && run_batch(&sc, o, OTMEC_BACKEND_CUDA, k, 1, &gb));
    if (!fail) {
        char b[10][24], cmp[80] = "-";
        double c_ops = (double)(k * n) / cpu.seconds, g_ops = (double)(reals * n) / gpu.seconds;
        double g_tf = 1e-12 * gpu.flops / gpu.seconds;
        if (both)
            compare(&cpu.b, &gpu.b, &gb.b, k, n, sc.params.B_Hz, cmp, sizeof cmp);
        printf("%5zu %6zu %12s %12s %7s %6s %6s %5s/%-5s %8s %8s %7s   %s\n", n, reals,
               on_cpu ? cell(b[0], 1, "%.4g", c_ops) : "not run",
               on_gpu ? cell(b[1], 1, "%.4g", g_ops) : (cuda_ok ? "not run" : "unavailable"),
               cell(b[2], both, "%.3g", g_ops / c_ops), cell(b[3], on_cpu, "%.3f", (double)cpu.optimal / (double)k),
               cell(b[4], on_gpu, "%.3f", (double)gpu.optimal / (double)reals),
               cell(b[5], on_cpu, "%.0f", cpu.median_ipm), cell(b[6], on_gpu, "%.0f", gpu.median_ipm),
               cell(b[7], on_cpu, "%.3g", 1e-9 * cpu.flops / cpu.seconds), cell(b[8], on_gpu, "%.3g", g_tf),
               cell(b[9], on_gpu, "%.2f%%", 100.0 * g_tf / o->peak_tflops), cmp);
        fflush(stdout);
    }
    free_batch(&cpu.b);
    free_batch(&gpu.b);
    free_batch(&gb.b);
    return fail;
}

int main(int argc, char **argv)
{
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    otmec_scenario base;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_scenario_default(&base);
#if OTMEC_HAVE_JSON
    otmec_error err = o.scenario ? otmec_scenario_read_json(o.scenario, &base, msg, sizeof msg) : OTMEC_OK;
#else /* a build without cJSON (a GPU machine with no package registry) */
    otmec_error err = OTMEC_OK;
    if (o.scenario) {
        snprintf(msg, sizeof msg, "this build has no JSON support (cJSON was not found)");
        err = OTMEC_ERR_INVALID_ARGUMENT;
    }
#endif
    if (err != OTMEC_OK) {
        fprintf(stderr, "bench_backends: --scenario: %s: %s\n", otmec_strerror(err), msg);
        return 1;
    }
    int cuda_ok = otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg) == OTMEC_OK;
    otmec_settings st;
    otmec_settings_default(&st);
    printf("otmec %s bench_backends: otmec_solve_batch, algorithm %s, refinement %s; scenario %s, seed %llu\n",
           otmec_version(), otmec_algorithm_name(st.algorithm), st.refine ? "on" : "off",
           o.scenario ? o.scenario : "built-in default", o.seed);
    double per = o.scale ? (double)base.N : 1.0;
    printf(o.scale ? "resources per owner as in the scenario (B = %g MHz x N, F_L = %g GHz x N; --no-scale keeps them)\n"
                   : "resources of the scenario at every N (B = %g MHz, F_L = %g GHz; --no-scale)\n",
           1e-6 * base.params.B_Hz / per, 1e-9 * base.params.F_L_Hz / per);
    if (o.run_cpu)
        printf("CPU: threads %llu (0 = all cores); solves the first min(K, R) realizations of a cell, K = %llu;\n"
               "     its owner-solves/s is EXTRAPOLATED from those to all R\n",
               o.threads, o.cpu_reals);
    if (!cuda_ok)
        printf("CUDA: unavailable, skipped: %s\n", msg);
    else if (o.run_cuda)
        printf("CUDA: solves all R realizations of a cell (after one untimed warm-up batch); threads a "
               "realization: %s%.0llu\n",
               o.cuda_team == 0 ? "the backend's choice" : "", o.cuda_team);
    const char *peak_source = "--fp64-peak";
    if (!(o.peak_tflops > 0.0)) {
#if OTMEC_BENCH_FP64_PEAK /* bench/cuda/fp64_peak.cu, built with nvcc only */
        char pmsg[OTMEC_MESSAGE_LEN] = "";
        if (cuda_ok && otm_cuda_fp64_peak(0, &o.peak_tflops, pmsg, sizeof pmsg) == OTMEC_OK) {
            peak_source = "measured: cuBLAS DGEMM, order 8192, median of 5";
        } else
#endif
        {
            o.peak_tflops = 34.0;
            peak_source = "H200 datasheet; no measurement";
        }
    }
    printf("FP64 columns are ESTIMATES: %.0f FLOP per owner per IPM iteration (analytic count, see the source)\n"
           "     x summed IPM iterations x N / wall time; GPU peak used: %g TFLOP/s (%s)\n\n",
           FLOP_PER_OWNER_ITER, o.peak_tflops, peak_source);
    if (o.run_cuda && cuda_ok) { /* context creation and module loading outside the timings */
        otmec_scenario sc = cell_scenario(&base, &o, o.owners[0]);
        run warm = {0};
        int fail = run_batch(&sc, &o, OTMEC_BACKEND_CUDA, 1, 0, &warm);
        free_batch(&warm.b);
        if (fail)
            return 1;
    }
    printf("%5s %6s %12s %12s %7s %6s %6s %11s %8s %8s %7s   %s\n", "N", "R", "CPU solve/s", "GPU solve/s", "GPU/CPU",
           "CPUopt", "GPUopt", "IPM cpu/gpu", "CPU GF/s", "GPU TF/s", "GPUpeak",
           "compared: realizations, max rel diff ratio, status mismatches, max |b diff|/(B/N)");
    for (size_t i = 0; i < o.num_owners; ++i)
        for (size_t j = 0; j < o.num_reals; ++j)
            if (bench_cell(&base, &o, cuda_ok, o.owners[i], o.reals[j]) != 0)
                return 1;
    printf("\nsolve/s: owner-solves/s = R x N / wall seconds (CPU: K x N / its seconds); opt: fraction OPTIMAL;\n"
           "IPM: median IPM iterations per realization; GF/s, TF/s: estimated FP64 throughput (see above)\n");
    return 0;
}
