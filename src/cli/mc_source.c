/* Where a Monte Carlo run's realizations come from: the generator (the
 * scenario, the seed and stream r), or row r of arrays given in a file
 * (--instances). The rest of the run does not know which. */
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

otmec_error mc_source_solve_batch(const mc_config *cfg, uint64_t first, const otmec_settings *s, otmec_batch *out,
                                  char *msg, size_t msg_len)
{
    if (cfg->given == NULL)
        return otmec_solve_batch(&cfg->scenario, cfg->seed, first, s, out, msg, msg_len);
    const size_t N = cfg->given->N;
    return otmec_solve_instances(out->count, N, cfg->given->h + first * N, cfg->given->g + first * N,
                                 cfg->given->D + first * N, &cfg->scenario.params, 0, s, out, msg, msg_len);
}
