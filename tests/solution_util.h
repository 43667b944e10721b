// Solutions compared output by output, bit for bit.
#pragma once

#include <cstring>
#include <string>

#include <gtest/gtest.h>

extern "C" {
#include "internal.h"
}

inline void expect_same_bits(const otmec_solution *a, const otmec_solution *b, const std::string &what)
{
    ASSERT_EQ(a->status, b->status) << what;
    EXPECT_STREQ(a->reason, b->reason) << what;
    EXPECT_EQ(std::memcmp(&a->eval, &b->eval, sizeof a->eval), 0) << what << ": ratio " << a->eval.ratio << " vs "
                                                                      << b->eval.ratio;
    EXPECT_EQ(std::memcmp(&a->it, &b->it, sizeof a->it), 0) << what << ": iterations";
    EXPECT_EQ(a->T, b->T) << what;
    EXPECT_EQ(a->kkt_residual, b->kkt_residual) << what;
    EXPECT_EQ(a->n_active, b->n_active) << what;
    const size_t n = a->n;
    for (const double *(*get)(const otmec_solution *) :
         {otmec_solution_phi, otmec_solution_b, otmec_solution_p, otmec_solution_f, otmec_solution_fL,
          otmec_solution_secrecy_rate, otmec_solution_owner_time, otmec_solution_owner_energy})
        EXPECT_EQ(std::memcmp(get(a), get(b), n * sizeof(double)), 0) << what << ": an allocation array";
    EXPECT_EQ(std::memcmp(a->owner_status, b->owner_status, n * sizeof *a->owner_status), 0) << what;
}
