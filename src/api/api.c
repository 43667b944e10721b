/*
 * The public entries that dispatch: settings, backend availability, the solve
 * of one instance and the batched solve. Each checks its arguments once and
 * hands valid settings to the solver (solver/methods.c) or to a backend
 * (backend/); nothing below this layer calls back into it.
 */
#include <string.h>

#include "backend/backend.h"
#include "gen/generator.h"
#include "internal.h"
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
    if (set->backend == OTMEC_BACKEND_CUDA) {
        e = otm_method_backend_check(set->method, OTMEC_BACKEND_CUDA, msg, msg_len);
        return e != OTMEC_OK ? e : otm_cuda_solve_scenario(scenario, seed, first, set, 0, out, msg, msg_len);
    }
    return otm_cpu_solve_batch(scenario, seed, first, set, out, msg, msg_len);
}
