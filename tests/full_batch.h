// A batch with every output array of otmec_batch, and the check that a row
// of it is, bit for bit, what otmec_solve gave for that realization.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "batch_util.h"

// Every output array of a batch (tests/batch_util.h).
using FullBatch = OwnedBatch;

inline uint64_t bits_of(double x)
{
    uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}

// Row r of the batch against the solution of the same realization: every
// summary entry (NaN where the solution has no allocation) and every owner
// array, bit for bit.
inline void expect_row_is_solution(const FullBatch &batch, size_t r, const otmec_solution *sol,
                                   const std::string &what)
{
    const std::string at = what + ", realization " + std::to_string(r);
    const size_t n = batch.n;
    ASSERT_EQ(otmec_solution_num_owners(sol), n) << at;
    EXPECT_EQ(batch.status[r], otmec_solution_status(sol)) << at;
    const otmec_evaluation ev = otmec_solution_evaluation(sol);
    const bool has = otmec_solution_has_allocation(sol) != 0;
    const char *names[] = {"ratio", "utility", "consumption", "energy_J", "time_s", "kkt_residual"};
    const double got[] = {batch.ratio[r], batch.utility[r], batch.consumption[r],
                          batch.energy[r], batch.T[r],  batch.kkt[r]};
    const double want[] = {ev.ratio, ev.utility, ev.consumption, ev.energy_J, ev.time_s,
                           otmec_solution_kkt_residual(sol)};
    for (int k = 0; k < 6; ++k) {
        if (has)
            EXPECT_EQ(bits_of(got[k]), bits_of(want[k])) << at << " " << names[k] << ": " << got[k] << " vs " << want[k];
        else
            EXPECT_TRUE(std::isnan(got[k])) << at << " " << names[k] << " without an allocation: " << got[k];
    }
    const otmec_iterations it = otmec_solution_iterations(sol);
    EXPECT_EQ(batch.ipm[r], it.ipm) << at;
    EXPECT_EQ(batch.iterations[r].dinkelbach, it.dinkelbach) << at;
    EXPECT_EQ(batch.iterations[r].ao, it.ao) << at;
    EXPECT_EQ(batch.iterations[r].sca, it.sca) << at;
    EXPECT_EQ(batch.iterations[r].ipm, it.ipm) << at;
    EXPECT_EQ(batch.iterations[r].refine, it.refine) << at;
    EXPECT_EQ(batch.num_active[r], otmec_solution_num_active(sol)) << at;
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    const char *owner_names[] = {"phi", "b", "p", "f", "fL"};
    const std::vector<double> *rows[] = {&batch.phi, &batch.b, &batch.p, &batch.f, &batch.fL};
    const double *cols[] = {otmec_solution_phi(sol), otmec_solution_b(sol), otmec_solution_p(sol),
                            otmec_solution_f(sol), otmec_solution_fL(sol)};
    for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(batch.owner_status[r * n + i], (unsigned char)st[i]) << at << " owner_status[" << i << "]";
        for (int k = 0; k < 5; ++k)
            EXPECT_EQ(bits_of((*rows[k])[r * n + i]), bits_of(cols[k][i]))
                << at << " " << owner_names[k] << "[" << i << "]: " << (*rows[k])[r * n + i] << " vs " << cols[k][i];
    }
}
