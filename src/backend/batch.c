/* otmec_solve_batch and the CUDA path of otmec_solve: the backends behind
 * one call. The CPU backend spreads realizations over OpenMP threads; the
 * CUDA backend (cuda/batch_solve.cu) solves a chunk of realizations per
 * launch. Both run the controller of solver/controller.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "backend/backend.h"
#include "cuda/batch.h"
#include "cuda/owner_eval.h"
#include "gen/generator.h"
#include "internal.h"
#include "otmec_config.h"
#include "solver/solve_host.h"

otmec_error otmec_backend_available(otmec_backend backend, char *msg, size_t msg_len)
{
    if (backend == OTMEC_BACKEND_CPU)
        return OTMEC_OK;
    if (backend != OTMEC_BACKEND_CUDA) {
        otmec_set_message(msg, msg_len, "unknown backend %d", (int)backend);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (!OTMEC_HAVE_CUDA) {
        otmec_set_message(msg, msg_len, OTMEC_NO_CUDA_MESSAGE);
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    if (otmec_cuda_device_count() == 0) {
        otmec_set_message(msg, msg_len, "no CUDA device is available (no driver, no device, or the runtime failed)");
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    return OTMEC_OK;
}

/* Row r of the batch from a summary (and, on the CPU, a solution). */
static void store_summary(otmec_batch *out, size_t r, const otm_summary *sm)
{
    out->status[r] = sm->status;
    out->ratio[r] = sm->has_allocation ? sm->ratio : NAN;
    if (out->utility)
        out->utility[r] = sm->has_allocation ? sm->utility : NAN;
    if (out->consumption)
        out->consumption[r] = sm->has_allocation ? sm->consumption : NAN;
    if (out->energy_J)
        out->energy_J[r] = sm->has_allocation ? sm->energy : NAN;
    if (out->time_s)
        out->time_s[r] = sm->has_allocation ? sm->T : NAN;
    if (out->kkt_residual)
        out->kkt_residual[r] = sm->has_allocation ? sm->kkt : NAN;
    if (out->ipm_iterations)
        out->ipm_iterations[r] = sm->it.ipm;
    if (out->iterations)
        out->iterations[r] = sm->it;
    if (out->num_active)
        out->num_active[r] = sm->n_active;
}

static void copy_owner_array(double *dst, const double *src, size_t n)
{
    if (dst)
        memcpy(dst, src, n * sizeof *dst);
}

/* One realization on the CPU: the instance otmec_generate gives, solved by
 * otmec_solve. */
static otmec_error cpu_one(const otmec_scenario *sc, uint64_t seed, uint64_t stream, const otmec_settings *set,
                           otmec_batch *out, size_t r, char *msg, size_t msg_len)
{
    otmec_instance *inst = NULL;
    otmec_solution *sol = NULL;
    otmec_error e = otmec_generate(sc, seed, stream, &inst, msg, msg_len);
    if (e == OTMEC_OK)
        e = otmec_solve(inst, set, &sol, msg, msg_len);
    if (e == OTMEC_OK) {
        const size_t n = sc->N, off = r * n;
        otm_summary sm;
        memset(&sm, 0, sizeof sm);
        sm.status = sol->status;
        sm.has_allocation = sol->has_allocation;
        sm.ratio = sol->eval.ratio;
        sm.utility = sol->eval.utility;
        sm.consumption = sol->eval.consumption;
        sm.energy = sol->eval.energy_J;
        sm.T = sol->T;
        sm.kkt = sol->kkt_residual;
        sm.it = sol->it;
        sm.n_active = sol->n_active;
        store_summary(out, r, &sm);
        if (out->owner_status)
            for (size_t k = 0; k < n; ++k)
                out->owner_status[off + k] = (unsigned char)sol->owner_status[k];
        copy_owner_array(out->phi ? out->phi + off : NULL, sol->phi, n);
        copy_owner_array(out->b_Hz ? out->b_Hz + off : NULL, sol->b, n);
        copy_owner_array(out->p_W ? out->p_W + off : NULL, sol->p, n);
        copy_owner_array(out->f_Hz ? out->f_Hz + off : NULL, sol->f, n);
        copy_owner_array(out->fL_Hz ? out->fL_Hz + off : NULL, sol->fL, n);
    }
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return e;
}

static otmec_error cpu_batch(const otmec_scenario *sc, uint64_t seed, uint64_t first, const otmec_settings *set,
                             otmec_batch *out, char *msg, size_t msg_len)
{
    otmec_settings one = *set;
    one.trace = NULL; /* threads would call it concurrently */
    otmec_error first_error = OTMEC_OK;
    long long count = (long long)out->count;
    int threads = set->threads;
#ifdef _OPENMP
    if (threads <= 0)
        threads = omp_get_num_procs();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#else
    (void)threads;
#endif
    for (long long r = 0; r < count; ++r) {
        char local[OTMEC_MESSAGE_LEN];
        otmec_error e = cpu_one(sc, seed, first + (uint64_t)r, &one, out, (size_t)r, local, sizeof local);
        if (e != OTMEC_OK) {
#ifdef _OPENMP
#pragma omp critical(otmec_batch_error)
#endif
            if (first_error == OTMEC_OK) {
                first_error = e;
                otmec_set_message(msg, msg_len, "realization %llu: %s", (unsigned long long)(first + (uint64_t)r),
                                  local);
            }
        }
    }
    return first_error;
}

static void cuda_in_common(otm_cuda_batch_in *in, const otmec_params *prm, const otmec_settings *set, size_t n,
                           size_t count)
{
    memset(in, 0, sizeof *in);
    in->q = otm_params_flat(prm);
    in->settings = *set;
    in->num_owners = n;
    in->count = count;
    in->memory_budget = set->device_memory_bytes;
}

static otmec_error cuda_batch(const otmec_scenario *sc, uint64_t seed, uint64_t first, const otmec_settings *set,
                              otmec_batch *out, char *msg, size_t msg_len)
{
    otmec_params prm = otm_scenario_params(sc);
    otm_cuda_batch_in in;
    cuda_in_common(&in, &prm, set, sc->N, out->count);
    in.geo = otm_scenario_geometry(sc);
    in.seed = seed;
    in.first = first;
    otm_cuda_batch_out o;
    memset(&o, 0, sizeof o);
    o.summary = calloc(out->count, sizeof *o.summary);
    if (!o.summary) {
        otmec_set_message(msg, msg_len, "out of memory for %zu realization summaries", out->count);
        return OTMEC_ERR_NO_MEMORY;
    }
    o.owner_status = out->owner_status;
    o.phi = out->phi;
    o.b = out->b_Hz;
    o.p = out->p_W;
    o.f = out->f_Hz;
    o.fL = out->fL_Hz;
    otmec_error e = otm_cuda_solve_batch(&in, &o, msg, msg_len);
    if (e == OTMEC_OK)
        for (size_t r = 0; r < out->count; ++r)
            store_summary(out, r, &o.summary[r]);
    free(o.summary);
    return e;
}

otmec_error otmec_solve_batch(const otmec_scenario *scenario, uint64_t seed, uint64_t first,
                              const otmec_settings *settings, otmec_batch *out, char *msg, size_t msg_len)
{
    if (!scenario || !out || !out->status || !out->ratio) {
        otmec_set_message(msg, msg_len, "otmec_solve_batch: scenario, out, out->status and out->ratio are required");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    otmec_settings defaults;
    otmec_settings_default(&defaults);
    const otmec_settings *set = settings ? settings : &defaults;
    if (!otm_settings_valid(set)) {
        otmec_set_message(msg, msg_len,
                          "otmec_solve_batch: invalid settings (enum out of range, limit < 1 or tolerance <= 0)");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    otmec_error e = otm_scenario_check_drawable(scenario, msg, msg_len);
    if (e != OTMEC_OK)
        return e;
    if (out->count == 0)
        return OTMEC_OK;
    if (set->backend == OTMEC_BACKEND_CUDA) {
        e = otm_cuda_method_check(set, msg, msg_len);
        return e != OTMEC_OK ? e : cuda_batch(scenario, seed, first, set, out, msg, msg_len);
    }
    if (set->backend != OTMEC_BACKEND_CPU) {
        otmec_set_message(msg, msg_len, "otmec_solve_batch: unknown backend %d", (int)set->backend);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    return cpu_batch(scenario, seed, first, set, out, msg, msg_len);
}

otmec_error otm_cuda_method_check(const otmec_settings *set, char *msg, size_t msg_len)
{
    if (set->method == OTMEC_METHOD_PROPOSED)
        return OTMEC_OK;
    otmec_set_message(msg, msg_len, "the CUDA backend solves the proposed method; %s runs on the CPU backend",
                      otmec_method_name(set->method));
    return OTMEC_ERR_INVALID_ARGUMENT;
}

/* otmec_solve with settings->backend == CUDA: the instance as a batch of one
 * realization (the proposed method only). */
otmec_error otm_cuda_solve_instance(const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol,
                                    char *msg, size_t msg_len)
{
    otm_cuda_batch_in in;
    cuda_in_common(&in, &inst->prm, set, inst->n, 1);
    in.h = inst->h;
    in.g = inst->g;
    in.D = inst->D;
    otm_summary sm;
    memset(&sm, 0, sizeof sm);
    unsigned char *status = calloc(inst->n ? inst->n : 1, 1);
    if (!status) {
        otmec_set_message(msg, msg_len, "out of memory for %zu owners", inst->n);
        return OTMEC_ERR_NO_MEMORY;
    }
    otm_cuda_batch_out o = {&sm, status, sol->phi, sol->b, sol->p, sol->f, sol->fL, sol->rate, sol->T_n, sol->E_n};
    otmec_error e = otm_cuda_solve_batch(&in, &o, msg, msg_len);
    if (e == OTMEC_OK) {
        otm_solution_set_owner_status(sol, status);
        otm_params q = otm_params_flat(&inst->prm);
        otm_summary_to_solution(&sm, &q, set->admission, sol);
        sol->algorithm = set->algorithm;
        sol->method = set->method;
    }
    free(status);
    return e;
}
