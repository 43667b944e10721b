/* Where a Monte Carlo run's realizations come from: the generator (the
 * scenario, the seed and stream r), or row r of arrays given in a file
 * (--instances). The rest of the run does not know which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mc.h"

otmec_error mc_source_instance(const mc_config *cfg, uint64_t r, otmec_instance **out, char *msg, size_t msg_len)
{
    if (cfg->given == NULL)
        return otmec_generate(&cfg->scenario, cfg->seed, r, out, msg, msg_len);
    const size_t N = cfg->given->N;
    return otmec_instance_create(&cfg->scenario.params, N, cfg->given->h + r * N, cfg->given->g + r * N,
                                 cfg->given->D + r * N, out, msg, msg_len);
}

void mc_source_owner_arrays(const otmec_solution *sol, size_t N, double *owners)
{
    const double *x[5] = { otmec_solution_phi(sol), otmec_solution_b(sol), otmec_solution_p(sol),
                           otmec_solution_f(sol), otmec_solution_fL(sol) };
    const int has = otmec_solution_has_allocation(sol);
    for (int k = 0; k < 5; ++k)
        for (size_t n = 0; n < N; ++n)
            owners[(size_t)k * N + n] = has && x[k] != NULL ? x[k][n] : 0.0;
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    for (size_t n = 0; n < N; ++n)
        owners[5 * N + n] = st != NULL ? (double)st[n] : 0.0;
}

/* The given realizations one by one with otmec_solve, into the batch's
 * arrays as otmec_solve_batch fills them (CPU only). */
static otmec_error solve_given(const mc_config *cfg, uint64_t first, const otmec_settings *s, otmec_batch *out,
                               char *msg, size_t msg_len)
{
    if (s->backend != OTMEC_BACKEND_CPU) {
        snprintf(msg, msg_len, "given instances (--instances) are solved on the CPU in this version");
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    const size_t N = cfg->given->N;
    for (size_t i = 0; i < out->count; ++i) {
        otmec_instance *inst = NULL;
        otmec_solution *sol = NULL;
        otmec_error e = mc_source_instance(cfg, first + i, &inst, msg, msg_len);
        if (e == OTMEC_OK)
            e = otmec_solve(inst, s, &sol, msg, msg_len);
        otmec_instance_free(inst);
        if (e != OTMEC_OK)
            return e;
        const int has = otmec_solution_has_allocation(sol);
        const otmec_evaluation ev = otmec_solution_evaluation(sol);
        out->status[i] = otmec_solution_status(sol);
        out->ratio[i] = has ? ev.ratio : 0.0;
        double *values[5] = { out->utility, out->consumption, out->energy_J, out->time_s, out->kkt_residual };
        const double got[5] = { ev.utility, ev.consumption, ev.energy_J, ev.time_s, otmec_solution_kkt_residual(sol) };
        for (int k = 0; k < 5; ++k)
            if (values[k] != NULL)
                values[k][i] = has ? got[k] : 0.0;
        otmec_iterations it = otmec_solution_iterations(sol);
        if (out->iterations != NULL)
            out->iterations[i] = it;
        if (out->ipm_iterations != NULL)
            out->ipm_iterations[i] = it.ipm;
        if (out->num_active != NULL)
            out->num_active[i] = otmec_solution_num_active(sol);
        double *owners[5] = { out->phi, out->b_Hz, out->p_W, out->f_Hz, out->fL_Hz };
        const double *x[5] = { otmec_solution_phi(sol), otmec_solution_b(sol), otmec_solution_p(sol),
                               otmec_solution_f(sol), otmec_solution_fL(sol) };
        const otmec_owner_status *st = otmec_solution_owner_status(sol);
        for (size_t n = 0; n < N; ++n) {
            for (int k = 0; k < 5; ++k)
                if (owners[k] != NULL)
                    owners[k][i * N + n] = has && x[k] != NULL ? x[k][n] : 0.0;
            if (out->owner_status != NULL)
                out->owner_status[i * N + n] = st != NULL ? (unsigned char)st[n] : 0;
        }
        otmec_solution_free(sol);
    }
    return OTMEC_OK;
}

otmec_error mc_source_solve_batch(const mc_config *cfg, uint64_t first, const otmec_settings *s, otmec_batch *out,
                                  char *msg, size_t msg_len)
{
    if (cfg->given == NULL)
        return otmec_solve_batch(&cfg->scenario, cfg->seed, first, s, out, msg, msg_len);
    return solve_given(cfg, first, s, out, msg, msg_len);
}
