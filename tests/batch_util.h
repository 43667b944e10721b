// Batches for the otmec_solve_batch tests: owned arrays and comparisons.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include "otmec.h"
}

struct OwnedBatch {
    size_t n = 0;
    std::vector<otmec_status> status;
    std::vector<double> ratio, T, kkt;
    std::vector<int> ipm;
    std::vector<unsigned char> owner_status;
    std::vector<double> phi, b, p, f, fL;
    OwnedBatch(size_t count, size_t num_owners)
        : n(num_owners), status(count), ratio(count), T(count), kkt(count), ipm(count),
          owner_status(count * num_owners), phi(count * num_owners), b(count * num_owners),
          p(count * num_owners), f(count * num_owners), fL(count * num_owners)
    {
    }
    otmec_batch view()
    {
        otmec_batch v{};
        v.count = status.size();
        v.status = status.data();
        v.ratio = ratio.data();
        v.time_s = T.data();
        v.kkt_residual = kkt.data();
        v.ipm_iterations = ipm.data();
        v.owner_status = owner_status.data();
        v.phi = phi.data();
        v.b_Hz = b.data();
        v.p_W = p.data();
        v.f_Hz = f.data();
        v.fL_Hz = fL.data();
        return v;
    }
};

// The default scenario with N owners and the resources per owner scaled
// (2 MHz and 2 GHz per owner): it serves any N.
inline otmec_scenario scaled_scenario(size_t n)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = n;
    sc.params.B_Hz *= (double)n / 10.0;
    sc.params.F_L_Hz *= (double)n / 10.0;
    return sc;
}

inline double rel_diff(double a, double b)
{
    if (std::isnan(a) && std::isnan(b))
        return 0.0;
    double s = std::max(std::fabs(a), std::fabs(b));
    return s > 0.0 ? std::fabs(a - b) / s : 0.0;
}

// Relative difference of realization r's owners in two arrays, norm-wise:
// ||x - y|| / ||y|| (y the reference; entries of inactive owners are 0 in
// both). Single entries of near-flat directions (phi of an owner whose utility
// and cost almost balance) move more: 1.4e-7 at worst at N = 1000 while the
// norm-wise difference was 5e-9 (host teams, docs/gpu.md).
inline double owners_diff(const std::vector<double> &x, const std::vector<double> &y, size_t r, size_t n)
{
    double d = 0.0, ref = 0.0;
    for (size_t i = r * n; i < (r + 1) * n; ++i) {
        d += (x[i] - y[i]) * (x[i] - y[i]);
        ref += y[i] * y[i];
    }
    return ref > 0.0 ? std::sqrt(d / ref) : std::sqrt(d);
}

// Same statuses, ratios within tol_ratio, allocations within tol_alloc
// (b is the reference).
inline void expect_batches_agree(const OwnedBatch &a, const OwnedBatch &b, double tol_ratio, double tol_alloc,
                                 const std::string &what)
{
    ASSERT_EQ(a.status.size(), b.status.size());
    for (size_t r = 0; r < a.status.size(); ++r) {
        std::string at = what + ", realization " + std::to_string(r);
        ASSERT_EQ(a.status[r], b.status[r]) << at;
        EXPECT_LE(rel_diff(a.ratio[r], b.ratio[r]), tol_ratio) << at << ": " << a.ratio[r] << " vs " << b.ratio[r];
        EXPECT_TRUE(std::equal(a.owner_status.begin() + (long)(r * a.n), a.owner_status.begin() + (long)((r + 1) * a.n),
                               b.owner_status.begin() + (long)(r * a.n)))
            << at;
        EXPECT_LE(owners_diff(a.phi, b.phi, r, a.n), tol_alloc) << at << " phi";
        EXPECT_LE(owners_diff(a.b, b.b, r, a.n), tol_alloc) << at << " b";
        EXPECT_LE(owners_diff(a.p, b.p, r, a.n), tol_alloc) << at << " p";
        EXPECT_LE(owners_diff(a.f, b.f, r, a.n), tol_alloc) << at << " f";
        EXPECT_LE(owners_diff(a.fL, b.fL, r, a.n), tol_alloc) << at << " fL";
    }
}

inline void expect_batches_identical(const OwnedBatch &a, const OwnedBatch &b, const std::string &what)
{
    EXPECT_EQ(a.status, b.status) << what;
    for (size_t r = 0; r < a.ratio.size(); ++r) {
        if (!(std::isnan(a.ratio[r]) && std::isnan(b.ratio[r]))) {
            EXPECT_EQ(a.ratio[r], b.ratio[r]) << what << ", realization " << r;
        }
    }
    EXPECT_EQ(a.owner_status, b.owner_status) << what;
    EXPECT_EQ(a.phi, b.phi) << what;
    EXPECT_EQ(a.b, b.b) << what;
    EXPECT_EQ(a.p, b.p) << what;
    EXPECT_EQ(a.f, b.f) << what;
    EXPECT_EQ(a.fL, b.fL) << what;
}
