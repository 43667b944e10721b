// End-to-end solver behaviour: P1 reference values, monotone loops, statuses.
#include "solver_fixture.h"

namespace {

struct Trace {
    std::vector<std::pair<int, double>> level[4];
    static void record(void *user, int level, int it, double value)
    {
        static_cast<Trace *>(user)->level[level].push_back({it, value});
    }
};

otmec_solution *solve(const otmec_instance *inst, otmec_settings s)
{
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve(inst, &s, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    return sol;
}

void expect_feasible(const otmec_instance *inst, const otmec_solution *sol)
{
    ASSERT_TRUE(otmec_solution_has_allocation(sol));
    otmec_allocation a = otmec_solution_allocation(sol);
    otmec_violation v;
    ASSERT_EQ(otmec_check_allocation(inst, &a, &v), OTMEC_OK);
    EXPECT_EQ(v.worst, 0.0) << "C" << v.constraint << " owner " << v.owner;
    otmec_evaluation e, reported = otmec_solution_evaluation(sol);
    ASSERT_EQ(otmec_evaluate_allocation(inst, &a, &e), OTMEC_OK);
    EXPECT_NEAR(e.ratio, reported.ratio, 1e-9 * reported.ratio);
    EXPECT_NEAR(e.utility, reported.utility, 1e-9 * reported.utility);
}

TEST(Solver, P1PaperModeMatchesReference)
{
    otmec_instance *inst = load_p1();
    otmec_settings s;
    otmec_settings_default(&s);
    s.algorithm = OTMEC_ALGORITHM_PAPER;
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    double ratio = otmec_solution_evaluation(sol).ratio;
    EXPECT_NEAR(ratio, reference_value("ratio_paper"), 0.01 * reference_value("ratio_paper"));
    EXPECT_NEAR(ratio, reference_value("ratio_paper"), 1e-5); // in fact to the reference's digits
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, P1JointModeReachesBestKnown)
{
    otmec_instance *inst = load_p1();
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    double ratio = otmec_solution_evaluation(sol).ratio;
    EXPECT_GE(ratio, 0.999 * reference_value("ratio_best_known"));
    EXPECT_LE(otmec_solution_kkt_residual(sol), 1e-8);
    const double phi_best[9] = {0.4698, 0.2992, 0.5, 0.4118, 0.4142, 0.5, 0.4184, 0.3628, 0.5};
    for (int k = 0; k < 9; ++k)
        EXPECT_NEAR(otmec_solution_phi(sol)[k], phi_best[k], 1e-3) << k;
    expect_feasible(inst, sol);
    otmec_solution_free(sol);

    s.refine = 0; // joint AO alone
    sol = solve(inst, s);
    EXPECT_NEAR(otmec_solution_evaluation(sol).ratio, reference_value("ratio_joint_ao"), 1e-5);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, ScaAndExactSp2AgreeOnP1)
{
    otmec_instance *inst = load_p1();
    otmec_settings s;
    otmec_settings_default(&s);
    s.algorithm = OTMEC_ALGORITHM_PAPER;
    s.max_sca = 5000;
    otmec_solution *exact = solve(inst, s);
    s.sp2_method = OTMEC_SP2_SCA;
    otmec_solution *sca = solve(inst, s);
    EXPECT_GT(otmec_solution_iterations(sca).sca, 0);
    EXPECT_NEAR(otmec_solution_evaluation(sca).ratio, otmec_solution_evaluation(exact).ratio, 1e-6);
    otmec_solution_free(exact);
    otmec_solution_free(sca);
    otmec_instance_free(inst);
}

// lambda never decreases over Dinkelbach, P(lambda) never decreases over AO,
// the SP2 objective never increases over SCA.
TEST(Solver, EveryLoopIsMonotone)
{
    otmec_instance *inst = load_p1();
    // joint: the AO loop runs in full only without the refinement (with it,
    // one AO step starts the refinement; see RefinementNeverLowersTheRatio)
    for (otmec_algorithm alg : {OTMEC_ALGORITHM_PAPER, OTMEC_ALGORITHM_JOINT}) {
        Trace t;
        otmec_settings s;
        otmec_settings_default(&s);
        s.algorithm = alg;
        s.refine = 0;
        s.sp2_method = OTMEC_SP2_SCA;
        s.max_sca = 30; // enough steps to watch; the limit only shortens SP2
        s.max_ao = 30;
        s.trace = Trace::record;
        s.trace_user = &t;
        otmec_solution *sol = solve(inst, s);
        ASSERT_GE(t.level[0].size(), 2u);
        for (size_t k = 1; k < t.level[0].size(); ++k)
            EXPECT_GE(t.level[0][k].second, t.level[0][k - 1].second);
        size_t checked_ao = 0, checked_sca = 0;
        for (size_t k = 1; k < t.level[1].size(); ++k)
            if (t.level[1][k].first > 0) { // same Dinkelbach iteration
                double prev = t.level[1][k - 1].second;
                EXPECT_GE(t.level[1][k].second, prev - 1e-9 * std::fabs(prev) - 1e-12);
                ++checked_ao;
            }
        for (size_t k = 1; k < t.level[2].size(); ++k)
            if (t.level[2][k].first > 0) { // same SP2
                double prev = t.level[2][k - 1].second;
                EXPECT_LE(t.level[2][k].second, prev + 1e-9 * prev);
                ++checked_sca;
            }
        EXPECT_GT(checked_ao, 0u);
        EXPECT_GT(checked_sca, 10u);
        expect_feasible(inst, sol);
        otmec_solution_free(sol);
    }
    otmec_instance_free(inst);
}

TEST(Solver, RefinementNeverLowersTheRatio)
{
    otmec_instance *inst = load_p1();
    Trace t;
    otmec_settings s;
    otmec_settings_default(&s);
    s.trace = Trace::record;
    s.trace_user = &t;
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    // below 2,000 owners the refinement starts from the initial point: no
    // Dinkelbach or AO step before it
    EXPECT_EQ(t.level[0].size(), 0u);
    EXPECT_EQ(t.level[1].size(), 0u);
    ASSERT_GE(t.level[3].size(), 1u);
    for (size_t k = 1; k < t.level[3].size(); ++k)
        EXPECT_GE(t.level[3][k].second, t.level[3][k - 1].second);
    EXPECT_DOUBLE_EQ(t.level[3].back().second, otmec_solution_evaluation(sol).ratio);
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, OutageOwnerIsExcluded)
{
    otmec_params prm;
    otmec_params_default(&prm);
    // owner 1: Eve hears it better than the base station
    otmec_instance *inst = make_instance(prm, {6e-10, 1e-12, 2e-9}, {4e-12, 5e-12, 3e-11}, {800, 900, 600});
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    EXPECT_EQ(otmec_solution_owner_status(sol)[1], OTMEC_OWNER_OUTAGE);
    EXPECT_EQ(otmec_solution_owner_status(sol)[0], OTMEC_OWNER_ACTIVE);
    EXPECT_EQ(otmec_solution_num_active(sol), 2u);
    EXPECT_EQ(otmec_solution_phi(sol)[1], 0.0);
    EXPECT_EQ(otmec_solution_b(sol)[1], 0.0);
    EXPECT_EQ(otmec_solution_fL(sol)[1], 0.0);
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, BandwidthFloorsBeyondBIsInfeasible)
{
    otmec_params prm;
    otmec_params_default(&prm);
    prm.R_min_bps = 1e8; // each owner needs more than half of B
    otmec_instance *inst = make_instance(prm, {6e-10, 8e-10, 2e-9}, {4e-12, 5e-12, 3e-11}, {800, 900, 600});
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_INFEASIBLE);
    EXPECT_FALSE(otmec_solution_has_allocation(sol));
    EXPECT_NE(std::string(otmec_solution_reason(sol)).find("b_min"), std::string::npos);
    otmec_solution_free(sol);

    s.admission = OTMEC_ADMISSION_GREEDY; // drop the hungriest owners until it fits
    sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    int dropped = 0;
    for (int k = 0; k < 3; ++k)
        dropped += otmec_solution_owner_status(sol)[k] == OTMEC_OWNER_DROPPED;
    EXPECT_GE(dropped, 1);
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, DeadlineTooShortIsInfeasibleAndJustEnoughIsMet)
{
    otmec_instance *p1 = load_p1();
    otmec_params prm = *otmec_instance_params(p1);
    std::vector<double> h(otmec_instance_h(p1), otmec_instance_h(p1) + 9);
    std::vector<double> g(otmec_instance_g(p1), otmec_instance_g(p1) + 9);
    std::vector<double> D(otmec_instance_D(p1), otmec_instance_D(p1) + 9);
    otmec_instance_free(p1);

    prm.T_max_s = 5.0; // far below what the fastest allocation reaches
    otmec_instance *inst = make_instance(prm, h, g, D);
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_INFEASIBLE);
    std::string reason = otmec_solution_reason(sol);
    EXPECT_NE(reason.find("T_max"), std::string::npos) << reason;
    EXPECT_FALSE(otmec_solution_has_allocation(sol));
    otmec_solution_free(sol);
    otmec_instance_free(inst);

    prm.T_max_s = 60.0; // binding deadline, reachable
    inst = make_instance(prm, h, g, D);
    sol = solve(inst, s);
    // AO creeps along the deadline; the refinement ends at a KKT point of P0
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL) << otmec_solution_reason(sol);
    EXPECT_LE(otmec_solution_kkt_residual(sol), 1e-6);
    EXPECT_LE(otmec_solution_iterations(sol).ao, 60); // handed over, not 25,000 AO steps
    expect_feasible(inst, sol);
    EXPECT_LE(otmec_solution_evaluation(sol).time_s, 60.0);
    EXPECT_GT(otmec_solution_evaluation(sol).ratio, 0.0438); // 0.043817 measured
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

// Every owner's delay on a binding deadline (T_max = 100 sqrt 2, both
// served owners' delays on it; found by fuzzing). The solver's T, kept above
// each delay in scaled units, came back two ulps below the delays as the
// checker computes them; raised to them, it went two ulps above T_max, the
// delays being there. Now the interior-point solves keep the deadline 16
// ulps inside T_max and T covers every delay: both hold exactly.
TEST(Solver, TimeCoversEveryDelayOnABindingDeadline)
{
    otmec_params prm;
    otmec_params_default(&prm);
    prm.B_Hz = 28284271.247461904;
    prm.p_max_W = 0.2;
    prm.R_min_bps = 5656854.249492381;
    prm.N0_W_per_Hz = 5.630085598747366e-21;
    prm.f_min_Hz = 1697056274.8477142;
    prm.kappa_D = 5e-27;
    prm.c_full = 141421356.23730952;
    prm.epochs = 1;
    prm.M_bits = 1600000000;
    prm.phi_min = 5e-13;
    prm.phi_max = 5e-07;
    prm.zeta = 20;
    prm.w_e = 0.05;
    prm.w_t = 9.499999999999999e-08;
    prm.T_max_s = 141.4213562373095;
    struct variant {
        const char *what;
        double f_max_Hz, F_L_Hz, kappa_L, c_L, gamma_E;
    };
    const variant variants[] = {
        {"T below the delays", 8485281374.238571, 20000000000.0, 5.656854249492381e-27, 282842712474.619,
         0.3567621345008163},
        {"delays above T_max", 2121320343.5596428, 23784142300.05442, 1.4142135623730953e-27, 70710678118.65475,
         0.3},
    };
    for (const variant &v : variants) {
        prm.f_max_Hz = v.f_max_Hz;
        prm.F_L_Hz = v.F_L_Hz;
        prm.kappa_L = v.kappa_L;
        prm.c_L = v.c_L;
        prm.gamma_E = v.gamma_E;
        otmec_instance *inst = make_instance(prm, {1e-09, 1e-09, 1e-22}, {1e-11, 1e-11, 1.414213562373095e-11},
                                             {1, 1, 1061});
        otmec_settings s;
        otmec_settings_default(&s);
        s.admission = OTMEC_ADMISSION_GREEDY;
        s.max_dinkelbach = 5;
        s.max_ao = 20;
        s.max_sca = 10;
        s.max_ipm = 100;
        otmec_solution *sol = solve(inst, s);
        EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL) << v.what << ": " << otmec_solution_reason(sol);
        expect_feasible(inst, sol);
        const double *T_n = otmec_solution_owner_time(sol);
        double T = otmec_solution_evaluation(sol).time_s;
        for (size_t k = 0; k < 3; ++k)
            EXPECT_LE(T_n[k], T) << v.what << ": owner " << k;
        EXPECT_LE(T, prm.T_max_s) << v.what;
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

// Greedy admission leaves sum b_min just under B: a nearly degenerate start
// (needs full power to be strictly feasible).
TEST(Solver, GreedyAdmissionOnACrowdedCell)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 1000; // failed with NUMERICAL_ERROR before the interior start raised power
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_INFEASIBLE);
    otmec_solution_free(sol);
    s.admission = OTMEC_ADMISSION_GREEDY;
    sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL) << otmec_solution_reason(sol);
    EXPECT_LE(otmec_solution_kkt_residual(sol), 1e-6);
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

// Greedy admission drops the owner with the largest bandwidth floor b_min
// first. Floors here (R_min = 1 Mbit/s, p_max = 0.2 W): about 150 kHz for
// h = 4e-13 and 354 kHz for h = 5e-14. Together 654 kHz exceed B = 400 kHz;
// without the weak owner 300 kHz fit. (Dropping the cheapest first would
// leave the weak owner alone.)
TEST(Solver, GreedyAdmissionDropsTheLargestFloorFirst)
{
    otmec_params prm;
    otmec_params_default(&prm);
    prm.B_Hz = 4e5;
    otmec_instance *inst = make_instance(prm, {4e-13, 5e-14, 4e-13}, {1e-15, 1e-15, 1e-15}, {700, 800, 900});
    otmec_settings s;
    otmec_settings_default(&s);
    s.admission = OTMEC_ADMISSION_GREEDY;
    otmec_solution *sol = solve(inst, s);
    ASSERT_TRUE(otmec_solution_has_allocation(sol)) << otmec_solution_reason(sol);
    const otmec_owner_status *os = otmec_solution_owner_status(sol);
    EXPECT_EQ(os[0], OTMEC_OWNER_ACTIVE);
    EXPECT_EQ(os[1], OTMEC_OWNER_DROPPED);
    EXPECT_EQ(os[2], OTMEC_OWNER_ACTIVE);
    EXPECT_EQ(otmec_solution_num_active(sol), 2u);
    expect_feasible(inst, sol);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Solver, SingleOwner)
{
    otmec_params prm;
    otmec_params_default(&prm);
    otmec_instance *inst = make_instance(prm, {6e-10}, {4e-12}, {800});
    otmec_settings s;
    otmec_settings_default(&s);
    otmec_solution *sol = solve(inst, s);
    EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
    expect_feasible(inst, sol);
    EXPECT_LE(otmec_solution_kkt_residual(sol), 1e-8);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

} // namespace
