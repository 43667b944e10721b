// Solves with 10,000 to 1,000,000 owners (public API only). Label `slow`: each takes
// longer than the rest of the suite together, and CI leaves them out; run
// them with `ctest -L slow`. The record lines ("EXTREME ...") give the times.
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "extreme_fixture.h"

namespace {

using namespace extreme;

// Default scenario, 100,000 owners; `scaled`: B and F_L grow with N as in
// bench_solve (2 MHz and 2 GHz per owner, the default's share at N = 10).
otmec_instance *hundred_thousand_owners(bool scaled)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 100000;
    if (scaled) {
        sc.params.B_Hz *= static_cast<double>(sc.N) / 10.0;
        sc.params.F_L_Hz *= static_cast<double>(sc.N) / 10.0;
    }
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

// n owners of the scaled default scenario (seed, stream 0).
otmec_instance *scaled_owners(size_t n, uint64_t seed)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = n;
    sc.params.B_Hz *= static_cast<double>(n) / 10.0;
    sc.params.F_L_Hz *= static_cast<double>(n) / 10.0;
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_generate(&sc, seed, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

// 20 MHz for 100,000 owners: greedy admission keeps the few hundred that fit.
TEST(ExtremeSlow, HundredThousandOwnersGreedyAdmission)
{
    Instance inst(hundred_thousand_owners(false));
    otmec_settings s;
    otmec_settings_default(&s);
    s.admission = OTMEC_ADMISSION_GREEDY;
    Outcome r = solve_and_check(inst.get(), kBothMethods[0], "N=100000 default scenario, greedy admission", &s);
    EXPECT_TRUE(r.has_allocation) << r.reason;
    EXPECT_GT(r.num_active, 0u);
}

// Every owner served (B and F_L scaled), paper mode.
TEST(ExtremeSlow, HundredThousandOwnersPaper)
{
    Instance inst(hundred_thousand_owners(true));
    Outcome r = solve_and_check(inst.get(), kBothMethods[1], "N=100000 (B, F_L x 1e4)");
    EXPECT_TRUE(r.has_allocation) << r.reason;
}

// Every loop's value along the way: Dinkelbach's lambda (level 0), AO's
// P(lambda) within one Dinkelbach step (level 1) and the refinement's ratio
// (level 3) never fall.
struct LoopTrace {
    std::vector<std::pair<int, double>> level[4];
    static void record(void *user, int level, int it, double value)
    {
        if (level >= 0 && level < 4)
            static_cast<LoopTrace *>(user)->level[level].push_back({it, value});
    }
    void expect_monotone(const std::string &where) const
    {
        for (size_t k = 1; k < level[0].size(); ++k)
            EXPECT_GE(level[0][k].second, level[0][k - 1].second) << where << ": Dinkelbach step " << k;
        for (size_t k = 1; k < level[1].size(); ++k)
            if (level[1][k].first > 0) { // same Dinkelbach step
                double prev = level[1][k - 1].second;
                EXPECT_GE(level[1][k].second, prev - 1e-9 * std::fabs(prev)) << where << ": AO step " << k;
            }
        for (size_t k = 1; k < level[3].size(); ++k)
            EXPECT_GE(level[3][k].second, level[3][k - 1].second) << where << ": refinement step " << k;
    }
};

// The default pipeline (joint mode, refinement) with every owner served:
// every loop monotone, and the returned ratio at least every value a loop
// reached (the refinement's fallback runs AO and Dinkelbach again from its
// own point, so each loop's trace may restart, never lower).
otmec_status expect_joint_monotone(size_t n, uint64_t seed = 1, int threads = 1)
{
    Instance inst(scaled_owners(n, seed));
    LoopTrace t;
    otmec_settings s;
    otmec_settings_default(&s);
    s.trace = LoopTrace::record;
    s.trace_user = &t;
    s.threads = threads;
    const std::string label = "N=" + std::to_string(n) + " seed " + std::to_string(seed) + " (B, F_L scaled), " +
                              std::to_string(threads) + " thread(s), traced";
    Outcome r = solve_and_check(inst.get(), kBothMethods[0], label, &s);
    EXPECT_TRUE(r.has_allocation) << r.reason;
    if (r.status == OTMEC_STATUS_OPTIMAL) {
        EXPECT_LE(r.kkt, OTMEC_KKT_TOLERANCE) << label;
    }
    EXPECT_FALSE(t.level[0].empty());
    EXPECT_FALSE(t.level[3].empty());
    t.expect_monotone(label);
    for (int level : {0, 3})
        for (const auto &v : t.level[level])
            EXPECT_GE(r.ratio, v.second * (1.0 - 1e-12)) << label << ": level " << level << " step " << v.first;
    return r.status;
}

TEST(ExtremeSlow, TenThousandOwnersJointOptimalAndMonotone)
{
    EXPECT_EQ(expect_joint_monotone(10000), OTMEC_STATUS_OPTIMAL);
}

// 30,000 owners, where a step shared by every owner used to crawl (docs/
// algorithm.md, soft constraints): about 6 s each.
TEST(ExtremeSlow, ThirtyThousandOwnersJointOptimalAndMonotone)
{
    for (uint64_t seed : {1, 2, 3})
        EXPECT_EQ(expect_joint_monotone(30000, seed), OTMEC_STATUS_OPTIMAL) << "seed " << seed;
}

// N = 100,000, seeds 1-3: OPTIMAL since the soft refinement's barrier
// decrease (docs/algorithm.md); about 20 s each.
TEST(ExtremeSlow, HundredThousandOwnersJointOptimalAndMonotone)
{
    for (uint64_t seed : {1, 2, 3})
        EXPECT_EQ(expect_joint_monotone(100000, seed), OTMEC_STATUS_OPTIMAL) << "seed " << seed;
}

// One and two threads sharing the owners (settings.threads): the same bits
// in every output.
void expect_same_bits_one_and_two_threads(size_t n)
{
    Instance inst(scaled_owners(n, 1));
    ASSERT_NE(inst.get(), nullptr);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_solution *sol[2] = {nullptr, nullptr};
    for (int k = 0; k < 2; ++k) {
        otmec_settings s;
        otmec_settings_default(&s);
        s.threads = k + 1;
        ASSERT_EQ(otmec_solve(inst.get(), &s, &sol[k], msg, sizeof msg), OTMEC_OK) << msg;
    }
    const std::string label = "N=" + std::to_string(n) + ", 1 and 2 threads";
    EXPECT_EQ(otmec_solution_status(sol[0]), otmec_solution_status(sol[1])) << label;
    otmec_evaluation e0 = otmec_solution_evaluation(sol[0]), e1 = otmec_solution_evaluation(sol[1]);
    EXPECT_EQ(e0.ratio, e1.ratio) << label;
    EXPECT_EQ(e0.time_s, e1.time_s) << label;
    EXPECT_EQ(otmec_solution_kkt_residual(sol[0]), otmec_solution_kkt_residual(sol[1])) << label;
    EXPECT_EQ(otmec_solution_iterations(sol[0]).ipm, otmec_solution_iterations(sol[1]).ipm) << label;
    for (const double *(*get)(const otmec_solution *) :
         {otmec_solution_phi, otmec_solution_b, otmec_solution_p, otmec_solution_f, otmec_solution_fL})
        EXPECT_EQ(std::memcmp(get(sol[0]), get(sol[1]), n * sizeof(double)), 0) << label << ": an allocation array";
    otmec_solution_free(sol[0]);
    otmec_solution_free(sol[1]);
}

TEST(ExtremeSlow, HundredThousandOwnersSameBitsOnOneAndTwoThreads)
{
    expect_same_bits_one_and_two_threads(100000);
}

// N = 1,000,000 seed 1 on every core (the bits are those of one thread):
// OPTIMAL, monotone and checker-clean; then one against two threads.
TEST(ExtremeSlow, MillionOwnersJointOptimalAndMonotone)
{
    EXPECT_EQ(expect_joint_monotone(1000000, 1, 0), OTMEC_STATUS_OPTIMAL);
}

TEST(ExtremeSlow, MillionOwnersSameBitsOnOneAndTwoThreads)
{
    expect_same_bits_one_and_two_threads(1000000);
}

} // namespace
