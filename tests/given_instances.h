// Realizations given as arrays, as otmec_solve_instances takes them: owners
// generated from a scenario, then their channels and parameters changed by
// hand, so that the rows are no scenario's draws.
#pragma once

#include <vector>

#include <gtest/gtest.h>

#include "batch_util.h"

extern "C" {
#include "otmec.h"
}

// R realizations of N owners, [realization][owner], each with its own
// parameters.
struct Given {
    size_t count, n;
    std::vector<double> h, g, D;
    std::vector<otmec_params> params;
};

// Generated owners with their channels scaled by hand, differently in each
// realization (stronger or weaker links to the base station, a closer or
// farther eavesdropper; some owners in secrecy outage, g >= h, and in the
// last realization all of them), and parameters varied per realization.
inline Given hand_scaled(size_t count, size_t n)
{
    Given in{count, n, {}, {}, {}, {}};
    otmec_scenario sc = scaled_scenario(n);
    for (size_t r = 0; r < count; ++r) {
        otmec_instance *inst = nullptr;
        char msg[OTMEC_MESSAGE_LEN];
        EXPECT_EQ(otmec_generate(&sc, 21, r, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        const double *h = otmec_instance_h(inst), *g = otmec_instance_g(inst), *D = otmec_instance_D(inst);
        const double h_scale = 0.25 + 0.125 * (double)(r % 7), g_scale = 0.5 + 0.5 * (double)(r % 5);
        for (size_t i = 0; i < n; ++i) {
            double hi = h[i] * h_scale, gi = g[i] * g_scale;
            if ((r + i) % 9 == 4 || r == count - 1)
                gi = 2.0 * hi; // outage
            in.h.push_back(hi);
            in.g.push_back(gi);
            in.D.push_back(D[i]);
        }
        otmec_params prm = *otmec_instance_params(inst);
        prm.B_Hz *= 0.8 + 0.05 * (double)(r % 6);
        prm.w_e = 0.02 * (double)(1 + r % 4);
        prm.w_t = 1.0 - prm.w_e;
        if (r % 8 == 3)
            prm.T_max_s = 50.0;
        in.params.push_back(prm);
        otmec_instance_free(inst);
    }
    return in;
}


// Realization r of the arrays as an instance (the caller frees it).
inline otmec_instance *given_instance(const Given &in, int per_realization, size_t r)
{
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    const size_t off = r * in.n;
    const otmec_params *prm = per_realization ? &in.params[r] : &in.params[0];
    EXPECT_EQ(otmec_instance_create(prm, in.n, &in.h[off], &in.g[off], &in.D[off], &inst, msg, sizeof msg), OTMEC_OK)
        << msg;
    return inst;
}
