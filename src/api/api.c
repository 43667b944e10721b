/*
 * The public entries that dispatch: settings, backend availability, the solve
 * of one instance and the batched solves (drawn or given instances). Each checks its arguments once and
 * hands valid settings to the solver (solver/methods.c) or to a backend
 * (backend/); nothing below this layer calls back into it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backend/backend.h"
#include "gen/generator.h"
#include "internal.h"
#include "model/owner_check.h"
#include "model/params_check.h"
#include "solver/method_table.h"
#include "solver/methods.h"
#include "solver/solve_host.h"

void otmec_settings_default(otmec_settings *settings)
{
    if (settings)
        otm_settings_defaults(settings);
}

/* Enums in range, limits >= 1, tolerances > 0. */
static int settings_valid(const otmec_settings *set)
{
    return (set->backend == OTMEC_BACKEND_CPU || set->backend == OTMEC_BACKEND_CUDA) &&
           (set->algorithm == OTMEC_ALGORITHM_PAPER || set->algorithm == OTMEC_ALGORITHM_JOINT) &&
           (set->sp2_method == OTMEC_SP2_EXACT || set->sp2_method == OTMEC_SP2_SCA) &&
           (set->admission == OTMEC_ADMISSION_NONE || set->admission == OTMEC_ADMISSION_GREEDY) &&
           otm_method_row_of(set->method) != NULL && set->max_dinkelbach >= 1 && set->max_ao >= 1 &&
           set->max_sca >= 1 && set->max_ipm >= 1 && set->eps_dinkelbach > 0.0 && set->eps_ao > 0.0 &&
           set->eps_sca > 0.0 && set->eps_kkt > 0.0;
}

/* The caller's settings or the defaults, checked; NULL after a message. */
static const otmec_settings *settings_or_default(const otmec_settings *settings, otmec_settings *defaults,
                                                 const char *who, char *msg, size_t msg_len)
{
    otm_settings_defaults(defaults);
    const otmec_settings *set = settings ? settings : defaults;
    if (settings_valid(set))
        return set;
    otm_set_message(msg, msg_len, "%s: invalid settings (enum out of range, limit < 1 or tolerance <= 0)", who);
    return NULL;
}

otmec_error otmec_backend_available(otmec_backend backend, char *msg, size_t msg_len)
{
    switch (backend) {
    case OTMEC_BACKEND_CPU:
        return OTMEC_OK;
    case OTMEC_BACKEND_CUDA:
        return otm_cuda_available(msg, msg_len);
    }
    otm_set_message(msg, msg_len, "unknown backend %d", (int)backend);
    return OTMEC_ERR_INVALID_ARGUMENT;
}

static otmec_error solve_on_cuda(const otmec_instance *inst, const otmec_settings *set, otmec_solution **out,
                                 char *msg, size_t msg_len)
{
    otmec_error e = otmec_backend_available(OTMEC_BACKEND_CUDA, msg, msg_len);
    if (e == OTMEC_OK)
        e = otm_method_backend_check(set->method, OTMEC_BACKEND_CUDA, msg, msg_len);
    if (e != OTMEC_OK)
        return e;
    otmec_solution *sol = otm_solution_alloc(inst->n);
    if (!sol) {
        otm_set_message(msg, msg_len, "otmec_solve: out of memory for %zu owners", inst->n);
        return OTMEC_ERR_NO_MEMORY;
    }
    e = otm_cuda_solve_instance(inst, set, sol, msg, msg_len);
    if (e != OTMEC_OK) {
        otmec_solution_free(sol);
        return e;
    }
    *out = sol;
    return OTMEC_OK;
}

otmec_error otmec_solve(const otmec_instance *inst, const otmec_settings *settings, otmec_solution **out,
                        char *msg, size_t msg_len)
{
    if (!inst || !out) {
        otm_set_message(msg, msg_len, "otmec_solve: instance and out must not be NULL");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    otmec_settings defaults;
    const otmec_settings *set = settings_or_default(settings, &defaults, "otmec_solve", msg, msg_len);
    if (!set)
        return OTMEC_ERR_INVALID_ARGUMENT;
    if (set->backend == OTMEC_BACKEND_CUDA)
        return solve_on_cuda(inst, set, out, msg, msg_len);
    return otm_solve_cpu(inst, set, out, msg, msg_len);
}

/* A checked batch on the settings' backend (the baselines on the CPU only). */
static otmec_error solve_source(const otm_batch_source *src, const otmec_settings *set, otmec_batch *out, char *msg,
                                size_t msg_len)
{
    if (set->backend == OTMEC_BACKEND_CUDA) {
        otmec_error e = otm_method_backend_check(set->method, OTMEC_BACKEND_CUDA, msg, msg_len);
        return e != OTMEC_OK ? e : otm_cuda_solve_source(src, set, 0, out, msg, msg_len);
    }
    return otm_cpu_solve_batch(src, set, out, msg, msg_len);
}

otmec_error otmec_solve_batch(const otmec_scenario *scenario, uint64_t seed, uint64_t first,
                              const otmec_settings *settings, otmec_batch *out, char *msg, size_t msg_len)
{
    if (!scenario || !out || !out->status || !out->ratio) {
        otm_set_message(msg, msg_len, "otmec_solve_batch: scenario, out, out->status and out->ratio are required");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    otmec_settings defaults;
    const otmec_settings *set = settings_or_default(settings, &defaults, "otmec_solve_batch", msg, msg_len);
    if (!set)
        return OTMEC_ERR_INVALID_ARGUMENT;
    otmec_error e = otm_scenario_check_drawable(scenario, msg, msg_len);
    if (e != OTMEC_OK || out->count == 0)
        return e;
    otm_batch_source src = otm_batch_source_drawn(scenario, seed, first);
    return solve_source(&src, set, out, msg, msg_len);
}

/* The arguments of otmec_solve_instances other than the settings: pointers,
 * sizes and flag (INVALID_ARGUMENT), then the parameters and every value of
 * h, g and D by the rules of an instance (INVALID_INPUT), so that nothing is
 * solved unless every realization would be. */
static otmec_error instances_check(size_t count, size_t n, const double *h, const double *g, const double *D,
                                   const otmec_params *params, int per_realization, const otmec_batch *out,
                                   char *msg, size_t msg_len)
{
    if (!params || !out || !out->status || !out->ratio || (count > 0 && (!h || !g || !D))) {
        otm_set_message(msg, msg_len, "otmec_solve_instances: h, g, D, params, out, out->status and out->ratio are "
                                      "required");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (per_realization != 0 && per_realization != 1) {
        otm_set_message(msg, msg_len, "otmec_solve_instances: params_per_realization must be 0 or 1 (got %d)",
                        per_realization);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (out->count != count) {
        otm_set_message(msg, msg_len, "otmec_solve_instances: out->count (%zu) must equal count (%zu)", out->count,
                        count);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (n == 0) {
        otm_set_message(msg, msg_len, "num_owners: must be at least 1 (got 0)");
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (count > SIZE_MAX / sizeof(double) / n) {
        otm_set_message(msg, msg_len, "otmec_solve_instances: %zu realizations of %zu owners overflow the arrays",
                        count, n);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    const size_t checked = per_realization ? count : 1;
    for (size_t r = 0; r < checked; ++r) {
        char key[48];
        snprintf(key, sizeof key, per_realization ? "params[%zu]." : "params.", r);
        otmec_error e = otm_params_check(&params[r], key, msg, msg_len);
        if (e != OTMEC_OK)
            return e;
    }
    return otm_owner_values_check(count * n, n, h, g, D, "", msg, msg_len);
}

otmec_error otmec_solve_instances(size_t count, size_t num_owners, const double *h, const double *g,
                                  const double *D, const otmec_params *params, int params_per_realization,
                                  const otmec_settings *settings, otmec_batch *out, char *msg, size_t msg_len)
{
    otmec_error e = instances_check(count, num_owners, h, g, D, params, params_per_realization, out, msg, msg_len);
    if (e != OTMEC_OK)
        return e;
    otmec_settings defaults;
    const otmec_settings *set = settings_or_default(settings, &defaults, "otmec_solve_instances", msg, msg_len);
    if (!set)
        return OTMEC_ERR_INVALID_ARGUMENT;
    if (count == 0)
        return OTMEC_OK;
    otm_batch_source src = otm_batch_source_given(num_owners, h, g, D, params, params_per_realization);
    return solve_source(&src, set, out, msg, msg_len);
}
