/*
 * otmec: joint resource allocation for offsite-tuning of a large model at the
 * network edge over a physical-layer-secure uplink.
 *
 * The one public header. Every call returns an otmec_error; none prints to
 * stdout or exits the process. Where a call can fail on bad input it takes an
 * optional message buffer (may be NULL) that receives an explanation naming
 * the offending key or value.
 */
#ifndef OTMEC_H
#define OTMEC_H

#include <stddef.h>
#include <stdint.h>

#include "otmec_export.h"
#include "otmec_version.h" /* OTMEC_VERSION_MAJOR, _MINOR, _PATCH, _STRING */

#ifdef __cplusplus
extern "C" {
#endif

/* Size of a message buffer that always holds a full explanation. */
#define OTMEC_MESSAGE_LEN 512

/* The KKT residual of P0 (otmec_solution_kkt_residual: scaled, relative) that
 * OPTIMAL promises where a solve ends with the KKT refinement (joint mode, the
 * default). Above it such a solve is MAX_ITER, with the residual in its reason. */
#define OTMEC_KKT_TOLERANCE 1e-6

/* What a call returns. */
typedef enum otmec_error {
    OTMEC_OK = 0,
    OTMEC_ERR_INVALID_ARGUMENT, /* NULL pointer, bad enum, out-of-range index */
    OTMEC_ERR_INVALID_INPUT,    /* instance/scenario value missing, non-finite or out of range */
    OTMEC_ERR_PARSE,            /* input is not JSON or not of the expected format */
    OTMEC_ERR_IO,               /* a file could not be read or written */
    OTMEC_ERR_NO_MEMORY,
    OTMEC_ERR_BACKEND_UNAVAILABLE, /* e.g. CUDA requested, not built or no device */
    OTMEC_ERR_INTERNAL
} otmec_error;

OTMEC_EXPORT const char *otmec_strerror(otmec_error err);
OTMEC_EXPORT const char *otmec_version(void);

/* What a solve found, per instance. */
typedef enum otmec_status {
    OTMEC_STATUS_OPTIMAL = 0,     /* every loop met its tolerance; refined: KKT residual <= OTMEC_KKT_TOLERANCE */
    OTMEC_STATUS_MAX_ITER,        /* a limit was hit or a tolerance missed (see reason); the point is feasible */
    OTMEC_STATUS_INFEASIBLE,      /* no allocation meets the constraints; see reason */
    OTMEC_STATUS_NUMERICAL_ERROR  /* a subproblem failed; no allocation is reported */
} otmec_status;

/* What a solve found, per owner. */
typedef enum otmec_owner_status {
    OTMEC_OWNER_ACTIVE = 0,
    OTMEC_OWNER_OUTAGE,   /* R_n(B, p_max) < R_min: excluded, all variables 0 */
    OTMEC_OWNER_DROPPED   /* removed by greedy admission */
} otmec_owner_status;

typedef enum otmec_algorithm {
    OTMEC_ALGORITHM_PAPER = 0, /* SP1 over (phi, y) with T fixed */
    OTMEC_ALGORITHM_JOINT      /* SP1 over (phi, y, T); default */
} otmec_algorithm;

/* How SP2 is solved. SCA follows docs/model.md literally (Eve's term linearized,
 * one convex solve per SCA step); EXACT solves SP2 with the true secrecy rate
 * in one convex solve: R_n(b, p) is jointly concave when h_n > g_n, so both
 * reach the same optimum of SP2 (docs/algorithm.md). */
typedef enum otmec_sp2_method {
    OTMEC_SP2_EXACT = 0,
    OTMEC_SP2_SCA
} otmec_sp2_method;

typedef enum otmec_backend {
    OTMEC_BACKEND_CPU = 0,
    OTMEC_BACKEND_CUDA
} otmec_backend;

/* What is optimized (docs/model.md section 6). PROPOSED is Dinkelbach + AO with
 * `algorithm` and `refine`; the others are the comparison baselines, all on
 * the same active owners:
 *   EQUAL        B and F_L split equally, p = p_max, f = f_max; phi, T optimized
 *   FIXED_PHI    phi = (phi_min + phi_max)/2; resources and T optimized
 *   NO_SECRECY   optimized as if g = 0 and R_min = 0, evaluated at the true
 *                secrecy rates; owners whose true rate falls below R_min leak
 *   ENERGY_ONLY  optimized with w_t = 0, evaluated under the true weights
 *   DELAY_ONLY   optimized with w_e = 0, evaluated under the true weights */
typedef enum otmec_method {
    OTMEC_METHOD_PROPOSED = 0,
    OTMEC_METHOD_EQUAL,
    OTMEC_METHOD_FIXED_PHI,
    OTMEC_METHOD_NO_SECRECY,
    OTMEC_METHOD_ENERGY_ONLY,
    OTMEC_METHOD_DELAY_ONLY
} otmec_method;

/* Number of methods: the values 0 .. OTMEC_METHOD_COUNT - 1 of otmec_method. */
#define OTMEC_METHOD_COUNT 6

OTMEC_EXPORT const char *otmec_method_name(otmec_method m); /* "proposed", "equal", "fixed-phi", ... */
/* One line saying what the method optimizes ("" for no method). */
OTMEC_EXPORT const char *otmec_method_description(otmec_method m);
/* The method called `name` (as otmec_method_name spells it); else
 * INVALID_ARGUMENT and a message listing the names. */
OTMEC_EXPORT otmec_error otmec_method_from_name(const char *name, otmec_method *out, char *msg, size_t msg_len);
/* 1 when `backend` runs method m (every method runs on the CPU; CUDA runs
 * the proposed method), else 0. */
OTMEC_EXPORT int otmec_method_runs_on(otmec_method m, otmec_backend backend);

typedef enum otmec_admission {
    OTMEC_ADMISSION_NONE = 0,
    OTMEC_ADMISSION_GREEDY
} otmec_admission;

OTMEC_EXPORT const char *otmec_status_name(otmec_status s);
OTMEC_EXPORT const char *otmec_owner_status_name(otmec_owner_status s);
OTMEC_EXPORT const char *otmec_algorithm_name(otmec_algorithm a);

/* System parameters, SI units (docs/model.md section 7, docs/formats.md "params").
 * T_max_s is +INFINITY when there is no deadline. */
typedef struct otmec_params {
    double B_Hz, p_max_W, R_min_bps, N0_W_per_Hz;
    double f_min_Hz, f_max_Hz, kappa_D;
    double F_L_Hz, kappa_L, c_L;
    double c_full, gamma_E, epochs, M_bits;
    double phi_min, phi_max, zeta, w_e, w_t;
    double T_max_s;
} otmec_params;

/* Defaults of docs/model.md section 7 (N0 = -174 dBm/Hz). */
OTMEC_EXPORT void otmec_params_default(otmec_params *params);

/* Checks every range of docs/formats.md; on failure names the key in msg. */
OTMEC_EXPORT otmec_error otmec_params_validate(const otmec_params *params, char *msg, size_t msg_len);

/* ---- instance ---------------------------------------------------------- */
typedef struct otmec_instance otmec_instance;

/* Copies the arrays; validates everything (message names the key). */
OTMEC_EXPORT otmec_error otmec_instance_create(const otmec_params *params, size_t num_owners,
                                               const double *h, const double *g, const double *D,
                                               otmec_instance **out, char *msg, size_t msg_len);
OTMEC_EXPORT void otmec_instance_free(otmec_instance *inst);
OTMEC_EXPORT size_t otmec_instance_num_owners(const otmec_instance *inst);
OTMEC_EXPORT const otmec_params *otmec_instance_params(const otmec_instance *inst);
OTMEC_EXPORT const double *otmec_instance_h(const otmec_instance *inst);
OTMEC_EXPORT const double *otmec_instance_g(const otmec_instance *inst);
OTMEC_EXPORT const double *otmec_instance_D(const otmec_instance *inst);

/* ---- allocation and model evaluation ----------------------------------- */

/* A point of P0. Arrays have num_owners entries and are owned by the caller.
 * Owners with active[n] == 0 are excluded (all their variables ignored). */
typedef struct otmec_allocation {
    size_t num_owners;
    const unsigned char *active;
    const double *phi, *b_Hz, *p_W, *f_Hz, *fL_Hz;
    double T_s;
} otmec_allocation;

/* Which constraint of docs/model.md section 3 is violated worst. */
typedef struct otmec_violation {
    double worst;     /* relative violation, 0 when every constraint holds */
    int constraint;   /* 1..7 for C1..C7, 0 when none */
    long owner;       /* owner index, -1 for coupling constraints */
} otmec_violation;

/* Worst relative violation of C1-C7 (0 means feasible). */
OTMEC_EXPORT otmec_error otmec_check_allocation(const otmec_instance *inst, const otmec_allocation *alloc,
                                                otmec_violation *out);

/* U, S = w_e*sum E_n + w_t*T, total energy and the ratio at an allocation. */
typedef struct otmec_evaluation {
    double utility, consumption, energy_J, time_s, ratio;
} otmec_evaluation;

OTMEC_EXPORT otmec_error otmec_evaluate_allocation(const otmec_instance *inst, const otmec_allocation *alloc,
                                                   otmec_evaluation *out);

/* ---- solver ------------------------------------------------------------ */
typedef struct otmec_settings {
    otmec_algorithm algorithm;  /* default JOINT */
    otmec_backend backend;      /* default CPU */
    otmec_admission admission;  /* default NONE */
    otmec_sp2_method sp2_method; /* default EXACT */
    otmec_method method;        /* default PROPOSED */
    int refine;                 /* final KKT refinement of P0; default 1 in joint mode */
    double eps_dinkelbach;      /* 1e-8 relative */
    double eps_ao;              /* 1e-9 relative improvement of P(lambda) */
    double eps_sca;             /* 1e-10 relative improvement of the surrogate */
    double eps_kkt;             /* 1e-10 KKT residual of convex subproblems */
    int max_dinkelbach, max_ao, max_sca, max_ipm;
    /* Optional per-iteration trace (monotonicity tests, debugging). level: 0
     * Dinkelbach lambda, 1 AO value of P(lambda), 2 SCA surrogate value. */
    void (*trace)(void *user, int level, int iteration, double value);
    void *trace_user;
    /* otmec_solve_batch and otmec_solve_instances on the CPU: worker
     * threads, 0 = every core. */
    int threads;
    /* otmec_solve_batch and otmec_solve_instances on CUDA: device bytes one
     * chunk of realizations may
     * use, 0 = 4 GiB (or half the free device memory when less). Larger runs
     * are solved chunk after chunk, with the same results. */
    size_t device_memory_bytes;
} otmec_settings;

OTMEC_EXPORT void otmec_settings_default(otmec_settings *settings);

typedef struct otmec_solution otmec_solution;

typedef struct otmec_iterations {
    int dinkelbach, ao, sca, ipm, refine;
} otmec_iterations;

/* Solves P0. A returned OTMEC_OK means *out holds a solution whatever its
 * status (INFEASIBLE and NUMERICAL_ERROR included). */
OTMEC_EXPORT otmec_error otmec_solve(const otmec_instance *inst, const otmec_settings *settings,
                                     otmec_solution **out, char *msg, size_t msg_len);
OTMEC_EXPORT void otmec_solution_free(otmec_solution *sol);

OTMEC_EXPORT otmec_status otmec_solution_status(const otmec_solution *sol);
OTMEC_EXPORT const char *otmec_solution_reason(const otmec_solution *sol); /* "" when none */
OTMEC_EXPORT otmec_algorithm otmec_solution_algorithm(const otmec_solution *sol);
OTMEC_EXPORT otmec_evaluation otmec_solution_evaluation(const otmec_solution *sol);
OTMEC_EXPORT double otmec_solution_kkt_residual(const otmec_solution *sol);
OTMEC_EXPORT otmec_iterations otmec_solution_iterations(const otmec_solution *sol);
OTMEC_EXPORT size_t otmec_solution_num_owners(const otmec_solution *sol);
OTMEC_EXPORT size_t otmec_solution_num_active(const otmec_solution *sol);
/* Returns 1 when the allocation arrays below are present (not INFEASIBLE /
 * NUMERICAL_ERROR). */
OTMEC_EXPORT int otmec_solution_has_allocation(const otmec_solution *sol);
OTMEC_EXPORT const otmec_owner_status *otmec_solution_owner_status(const otmec_solution *sol);
OTMEC_EXPORT otmec_method otmec_solution_method(const otmec_solution *sol);
/* Active owners whose true secrecy rate at the returned allocation is below
 * R_min (their adapter leaks to Eve); nonzero only for NO_SECRECY. */
OTMEC_EXPORT size_t otmec_solution_num_leaking(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_phi(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_b(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_p(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_f(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_fL(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_secrecy_rate(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_owner_time(const otmec_solution *sol);
OTMEC_EXPORT const double *otmec_solution_owner_energy(const otmec_solution *sol);
/* The allocation view of a solution (arrays point into the solution). */
OTMEC_EXPORT otmec_allocation otmec_solution_allocation(const otmec_solution *sol);

/* ---- scenarios and instance generation --------------------------------- */

/* Generator inputs (docs/formats.md "Scenario"). params.N0_W_per_Hz is derived
 * from N0_dBm_per_Hz. */
typedef struct otmec_scenario {
    otmec_params params;
    size_t N;
    double radius_m, min_distance_m, eve_xy_m[2];
    double pathloss_a_dB, pathloss_b_dB, N0_dBm_per_Hz;
    double D_min, D_max;
} otmec_scenario;

OTMEC_EXPORT void otmec_scenario_default(otmec_scenario *scenario);
OTMEC_EXPORT otmec_error otmec_scenario_validate(const otmec_scenario *scenario, char *msg, size_t msg_len);

/* Instance number `stream` of the Monte Carlo run with `seed`: a pure
 * function of (scenario, seed, stream), the same on every machine. */
OTMEC_EXPORT otmec_error otmec_generate(const otmec_scenario *scenario, uint64_t seed, uint64_t stream,
                                        otmec_instance **out, char *msg, size_t msg_len);

/* ---- JSON I/O (docs/formats.md) --------------------------------------------- */
OTMEC_EXPORT otmec_error otmec_instance_read_json(const char *path, otmec_instance **out, char *msg, size_t msg_len);
OTMEC_EXPORT otmec_error otmec_instance_parse_json(const char *text, otmec_instance **out, char *msg, size_t msg_len);
/* Returns a malloc'd string the caller frees with free(). */
OTMEC_EXPORT otmec_error otmec_instance_to_json(const otmec_instance *inst, char **out);
OTMEC_EXPORT otmec_error otmec_scenario_read_json(const char *path, otmec_scenario *out, char *msg, size_t msg_len);
OTMEC_EXPORT otmec_error otmec_scenario_parse_json(const char *text, otmec_scenario *out, char *msg, size_t msg_len);
OTMEC_EXPORT otmec_error otmec_scenario_to_json(const otmec_scenario *scenario, char **out);
OTMEC_EXPORT otmec_error otmec_solution_to_json(const otmec_solution *sol, char **out);

/* ---- batched Monte Carlo solves ------------------------------------------ */
/* Results of realizations first .. first + count - 1 of a scenario (the
 * instances otmec_generate gives for the same seed and streams), or of the
 * instances given to otmec_solve_instances, laid out
 * [realization] and [realization][owner] (owners contiguous). The caller
 * allocates the arrays: status and ratio are required, every other pointer
 * may be NULL (not written). Owners that are not active get 0. */
typedef struct otmec_batch {
    size_t count;                 /* realizations */
    otmec_status *status;         /* [count] */
    double *ratio, *utility, *consumption, *energy_J, *time_s, *kkt_residual; /* [count] */
    int *ipm_iterations;          /* [count] */
    otmec_iterations *iterations; /* [count], every loop's count */
    size_t *num_active;           /* [count] */
    unsigned char *owner_status;  /* [count * N], otmec_owner_status values */
    double *phi, *b_Hz, *p_W, *f_Hz, *fL_Hz; /* [count * N] */
} otmec_batch;

/* Solves a batch with the proposed method (any algorithm, SP2 method,
 * refinement and admission of the settings) on settings->backend:
 * - CPU: realizations spread over settings->threads threads (OpenMP), each
 *   solved exactly as otmec_solve solves the generated instance;
 * - CUDA: the instances are drawn on the device and each realization is
 *   solved by one thread block running the same controller code; the run is
 *   cut into chunks that fit settings->device_memory_bytes.
 * The same realization gives the same result on every run of a backend. The
 * baselines (settings->method other than PROPOSED) are CPU only. */
OTMEC_EXPORT otmec_error otmec_solve_batch(const otmec_scenario *scenario, uint64_t seed, uint64_t first,
                                           const otmec_settings *settings, otmec_batch *out, char *msg,
                                           size_t msg_len);

/* Solves `count` realizations given by the caller rather than drawn: row r
 * of h, g and D ([count * num_owners], [realization][owner], owners
 * contiguous) holds the owners of realization r, with params[0] for every
 * realization (params_per_realization == 0) or params[r]
 * (params_per_realization == 1, `count` of them). Results, settings and
 * backends as otmec_solve_batch, with out->count == count: realization r is
 * what otmec_solve gives for otmec_instance_create(params, num_owners, row r
 * of h, g, D) (bit for bit on the CPU; on CUDA the arrays are copied to the
 * device chunk by chunk). Every input is checked before anything is solved:
 * a NULL pointer, a mismatched out->count or a bad flag is INVALID_ARGUMENT;
 * num_owners == 0, bad parameters or a value an instance refuses (not
 * finite, h or g <= 0, D < 1) is INVALID_INPUT, with a message naming the
 * array and the first bad entry ("g[3][7]": realization 3, owner 7, or
 * "params[3].B_Hz"). count == 0 solves nothing (h, g, D may then be NULL). */
OTMEC_EXPORT otmec_error otmec_solve_instances(size_t count, size_t num_owners,
                                               const double *h, const double *g, const double *D,
                                               const otmec_params *params, int params_per_realization,
                                               const otmec_settings *settings, otmec_batch *out,
                                               char *msg, size_t msg_len);

/* OTMEC_OK when the backend can run here; else BACKEND_UNAVAILABLE and why.
 * For CUDA, msg also says how it runs when it can ("available", or emulated
 * on the host in a test build). */
OTMEC_EXPORT otmec_error otmec_backend_available(otmec_backend backend, char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif /* OTMEC_H */
