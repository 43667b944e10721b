// The solver on random scenarios far from the defaults: every parameter
// drawn over a wide range, deadlines binding or not. Whatever the status,
// an allocation never violates a constraint and nothing is NaN.
#include "solver_fixture.h"

namespace {

struct Lcg {
    unsigned long long s;
    double uniform(double a, double b)
    {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return a + (b - a) * (double)(s >> 11) / 9007199254740992.0;
    }
};

otmec_scenario random_scenario(Lcg &r)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 1 + (size_t)r.uniform(0, 24);
    sc.params.B_Hz = r.uniform(0.5e6, 4e6) * (double)sc.N;
    sc.params.R_min_bps = std::pow(10.0, r.uniform(4, 7));
    sc.params.p_max_W = r.uniform(0.01, 1.0);
    sc.params.F_L_Hz = r.uniform(0.3e9, 5e9) * (double)sc.N;
    sc.params.w_e = r.uniform(0.0, 1.0);
    sc.params.w_t = 1.0 - sc.params.w_e;
    sc.params.zeta = std::pow(10.0, r.uniform(-1, 2));
    sc.params.phi_min = r.uniform(0.01, 0.3);
    sc.params.phi_max = sc.params.phi_min + r.uniform(0.0, 0.6);
    if (r.uniform(0, 1) < 0.3)
        sc.params.T_max_s = r.uniform(20, 400);
    sc.eve_xy_m[0] = r.uniform(20, 400);
    return sc;
}

TEST(RandomInstances, FeasibleAndMostlyOptimal)
{
    Lcg r{2026};
    int solved = 0, optimal = 0, infeasible = 0;
    for (int t = 0; t < 60; ++t) {
        otmec_scenario sc = random_scenario(r);
        otmec_instance *inst = nullptr;
        char msg[OTMEC_MESSAGE_LEN];
        ASSERT_EQ(otmec_generate(&sc, 11, (uint64_t)t, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        otmec_settings s;
        otmec_settings_default(&s);
        otmec_solution *sol = nullptr;
        ASSERT_EQ(otmec_solve(inst, &s, &sol, msg, sizeof msg), OTMEC_OK) << msg;
        otmec_status st = otmec_solution_status(sol);
        EXPECT_NE(st, OTMEC_STATUS_NUMERICAL_ERROR) << "case " << t << ": " << otmec_solution_reason(sol);
        if (otmec_solution_has_allocation(sol)) {
            ++solved;
            optimal += st == OTMEC_STATUS_OPTIMAL;
            otmec_allocation a = otmec_solution_allocation(sol);
            otmec_violation v;
            ASSERT_EQ(otmec_check_allocation(inst, &a, &v), OTMEC_OK);
            EXPECT_EQ(v.worst, 0.0) << "case " << t << " C" << v.constraint;
            otmec_evaluation e = otmec_solution_evaluation(sol);
            EXPECT_TRUE(std::isfinite(e.ratio) && e.ratio > 0.0) << "case " << t;
            EXPECT_TRUE(std::isfinite(otmec_solution_kkt_residual(sol))) << "case " << t;
        } else {
            infeasible += st == OTMEC_STATUS_INFEASIBLE;
        }
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
    EXPECT_GT(solved, 30);
    EXPECT_GE(optimal, solved - 2) << optimal << " of " << solved << " OPTIMAL";
    std::printf("random instances: %d solved (%d OPTIMAL), %d INFEASIBLE\n", solved, optimal, infeasible);
}

// Paper mode stalls by design (MAX_ITER is expected), but its points stay
// feasible and it never fails numerically (it did at binding deadlines).
TEST(RandomInstances, PaperModeStaysFeasible)
{
    Lcg r{2026};
    for (int t = 0; t < 60; ++t) {
        otmec_scenario sc = random_scenario(r);
        otmec_instance *inst = nullptr;
        char msg[OTMEC_MESSAGE_LEN];
        ASSERT_EQ(otmec_generate(&sc, 11, (uint64_t)t, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        otmec_settings s;
        otmec_settings_default(&s);
        s.algorithm = OTMEC_ALGORITHM_PAPER;
        s.max_ao = 40;
        otmec_solution *sol = nullptr;
        ASSERT_EQ(otmec_solve(inst, &s, &sol, msg, sizeof msg), OTMEC_OK) << msg;
        EXPECT_NE(otmec_solution_status(sol), OTMEC_STATUS_NUMERICAL_ERROR)
            << "case " << t << ": " << otmec_solution_reason(sol);
        if (otmec_solution_has_allocation(sol)) {
            otmec_allocation a = otmec_solution_allocation(sol);
            otmec_violation v;
            ASSERT_EQ(otmec_check_allocation(inst, &a, &v), OTMEC_OK);
            EXPECT_EQ(v.worst, 0.0) << "case " << t << " C" << v.constraint;
        }
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

} // namespace
