// The CUDA backend's driver called directly (below the API layer), so that a
// test can force the launch layout: a team of `team` threads a realization.
#pragma once

extern "C" {
#include "backend/backend.h"
}

// Realizations first .. first + out->count - 1 of the scenario's run `seed`.
inline otmec_error solve_drawn_on_cuda(const otmec_scenario &sc, uint64_t seed, uint64_t first,
                                       const otmec_settings *set, unsigned team, otmec_batch *out, char *msg,
                                       size_t msg_len)
{
    otm_batch_source src = otm_batch_source_drawn(&sc, seed, first);
    return otm_cuda_solve_source(&src, set, team, out, msg, msg_len);
}

// Given instances, each with its own parameters when params_per_realization.
inline otmec_error solve_given_on_cuda(size_t n, const double *h, const double *g, const double *D,
                                       const otmec_params *params, int params_per_realization,
                                       const otmec_settings *set, unsigned team, otmec_batch *out, char *msg,
                                       size_t msg_len)
{
    otm_batch_source src = otm_batch_source_given(n, h, g, D, params, params_per_realization);
    return otm_cuda_solve_source(&src, set, team, out, msg, msg_len);
}
