// The test kernel of tests/cuda/owner_eval.cu against the CPU's per-owner
// math: the device's own arithmetic on the model's formulas. Built where CUDA
// is built; the cases skip where there is no GPU (fail in the emulation).
#include <gtest/gtest.h>

#include "cuda_device.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

extern "C" {
#include "cuda/owner_eval.h"
#include "internal.h"
}

namespace {

// n owners at points spread over the whole feasible box, deterministic.
// Eve's gain stays below half of the BS gain so the secrecy rate carries no
// cancellation beyond a factor of two (the comparison is then about the
// kernel, not about conditioning).
struct Batch {
    std::vector<double> h, g, D, phi, b, p, f, fL;
    otm_owner_batch view() const
    {
        return otm_owner_batch{h.size(), h.data(), g.data(), D.data(), phi.data(),
                                 b.data(), p.data(), f.data(), fL.data()};
    }
};

Batch make_batch(const otmec_params &prm, size_t n)
{
    std::mt19937_64 rng(1);
    auto uni = [&rng](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    auto log_uni = [&uni](double lo, double hi) { return std::exp(uni(std::log(lo), std::log(hi))); };
    Batch s;
    for (size_t i = 0; i < n; ++i) {
        double h = log_uni(1e-13, 1e-8);
        s.h.push_back(h);
        s.g.push_back(h * log_uni(1e-4, 0.5));
        s.D.push_back(std::floor(uni(500.0, 1001.0)));
        s.phi.push_back(uni(prm.phi_min, prm.phi_max));
        s.b.push_back(log_uni(1e4, prm.B_Hz));
        s.p.push_back(log_uni(1e-3, prm.p_max_W));
        s.f.push_back(uni(prm.f_min_Hz, prm.f_max_Hz));
        s.fL.push_back(log_uni(1e8, prm.F_L_Hz));
    }
    return s;
}

void expect_rel(double gpu, double cpu, const char *what, size_t i)
{
    EXPECT_LE(std::fabs(gpu - cpu), 1e-12 * std::fabs(cpu)) << what << " of owner " << i << ": " << gpu << " vs " << cpu;
}

TEST(CudaOwnerEval, MatchesCpuMath)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    otmec_params prm;
    otmec_params_default(&prm);
    otm_params q = otm_params_flat(&prm);
    const size_t n = 1000;
    Batch s = make_batch(prm, n);
    otm_owner_batch batch = s.view();
    std::vector<otm_owner_cost> gpu(n);
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otm_cuda_owner_costs(&q, &batch, gpu.data(), msg, sizeof msg), OTMEC_OK) << msg;
    for (size_t i = 0; i < n; ++i) {
        otm_owner_cost c = otm_owner_costs(&q, s.h[i], s.g[i], s.D[i], s.phi[i], s.b[i], s.p[i], s.f[i], s.fL[i]);
        ASSERT_GT(c.rate, 0.0);
        expect_rel(gpu[i].rate, c.rate, "rate", i);
        expect_rel(gpu[i].TL, c.TL, "TL", i);
        expect_rel(gpu[i].TD, c.TD, "TD", i);
        expect_rel(gpu[i].TU, c.TU, "TU", i);
        expect_rel(gpu[i].EL, c.EL, "EL", i);
        expect_rel(gpu[i].ED, c.ED, "ED", i);
        expect_rel(gpu[i].EU, c.EU, "EU", i);
        expect_rel(gpu[i].T, c.T, "T", i);
        expect_rel(gpu[i].E, c.E, "E", i);
    }
}

TEST(CudaOwnerEval, EmptyBatchAndBadArguments)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    otmec_params prm;
    otmec_params_default(&prm);
    otm_params q = otm_params_flat(&prm);
    otm_owner_batch empty;
    std::memset(&empty, 0, sizeof empty);
    otm_owner_cost out;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otm_cuda_owner_costs(&q, &empty, &out, msg, sizeof msg), OTMEC_OK) << msg;
    EXPECT_EQ(otm_cuda_owner_costs(nullptr, &empty, &out, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_STRNE(msg, "");
    otm_owner_batch missing = empty;
    missing.n = 1; // every array NULL
    EXPECT_EQ(otm_cuda_owner_costs(&q, &missing, &out, nullptr, 0), OTMEC_ERR_INVALID_ARGUMENT);
}

} // namespace
