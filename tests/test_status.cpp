// The status of a solve says what its point is, whatever path produced it:
// OPTIMAL from a refined (joint) solve only at a KKT residual of P0 within
// OTMEC_KKT_TOLERANCE; otherwise MAX_ITER with the reason. One case per path
// that can end a solve: the refinement, its fallback (AO to convergence and
// a second refinement), AO without refinement, paper mode, a subproblem that
// stops above its tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "solver_fixture.h"

namespace {

struct Solved {
    otmec_status status = OTMEC_STATUS_NUMERICAL_ERROR;
    std::string reason;
    double kkt = NAN, ratio = NAN;
    otmec_iterations it{};
};

Solved solve_p1(const otmec_settings &s)
{
    otmec_instance *inst = load_p1();
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    Solved r;
    EXPECT_EQ(otmec_solve(inst, &s, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    if (sol) {
        r.status = otmec_solution_status(sol);
        r.reason = otmec_solution_reason(sol);
        r.kkt = otmec_solution_kkt_residual(sol);
        r.ratio = otmec_solution_evaluation(sol).ratio;
        r.it = otmec_solution_iterations(sol);
        EXPECT_TRUE(otmec_solution_has_allocation(sol));
    }
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return r;
}

otmec_settings defaults(otmec_algorithm algorithm = OTMEC_ALGORITHM_JOINT)
{
    otmec_settings s;
    otmec_settings_default(&s);
    s.algorithm = algorithm;
    return s;
}

bool says(const Solved &r, const char *words)
{
    return r.reason.find(words) != std::string::npos;
}

// The default path: one AO step, then the refinement to a KKT point.
TEST(Status, RefinedSolveIsOptimalWithinTheTolerance)
{
    Solved r = solve_p1(defaults());
    EXPECT_EQ(r.status, OTMEC_STATUS_OPTIMAL) << r.reason;
    EXPECT_LE(r.kkt, OTMEC_KKT_TOLERANCE);
    EXPECT_EQ(r.reason, "");
    EXPECT_EQ(r.it.refine, 1) << "P1 needs no fallback";
}

// Interior-point solves cut at 3 iterations: the refinement cannot reach a
// KKT point, so the fallback runs (AO to convergence, a second refinement),
// which cannot either. Its AO steps converge (their flags are cleared before
// the fallback): that must not make the result OPTIMAL.
TEST(Status, FallbackThatMissesTheToleranceIsMaxIter)
{
    otmec_settings s = defaults();
    s.max_ipm = 3;
    Solved r = solve_p1(s);
    EXPECT_GE(r.it.refine, 2) << "the fallback's second refinement ran";
    EXPECT_GT(r.it.ao, 1) << "the fallback's AO ran";
    EXPECT_GT(r.kkt, OTMEC_KKT_TOLERANCE);
    EXPECT_EQ(r.status, OTMEC_STATUS_MAX_ITER) << r.reason;
    EXPECT_TRUE(says(r, "did not reach a KKT point")) << r.reason;
    EXPECT_TRUE(says(r, "above the tolerance")) << r.reason;
}

// The fallback that succeeds: enough iterations for the second refinement
// but not for the first (whose solve starts farther away). Whatever the
// path, OPTIMAL comes with the residual.
TEST(Status, EveryIterationLimitGivesAnHonestStatus)
{
    for (int max_ipm : {3, 5, 8, 12, 16, 20, 30, 40, 60, 100, 200}) {
        otmec_settings s = defaults();
        s.max_ipm = max_ipm;
        Solved r = solve_p1(s);
        const std::string where = "max_ipm " + std::to_string(max_ipm);
        ASSERT_TRUE(r.status == OTMEC_STATUS_OPTIMAL || r.status == OTMEC_STATUS_MAX_ITER) << where;
        if (r.status == OTMEC_STATUS_OPTIMAL)
            EXPECT_LE(r.kkt, OTMEC_KKT_TOLERANCE) << where;
        else
            EXPECT_GT(r.kkt, OTMEC_KKT_TOLERANCE) << where << ": " << r.reason;
    }
}

// Joint AO without the refinement, stopped by its AO limit.
TEST(Status, AoAtItsLimitIsMaxIterWithTheReason)
{
    otmec_settings s = defaults();
    s.refine = 0;
    s.max_ao = 1;
    Solved r = solve_p1(s);
    EXPECT_EQ(r.status, OTMEC_STATUS_MAX_ITER);
    EXPECT_TRUE(says(r, "iteration limit")) << r.reason;

    s.max_ao = 500;
    r = solve_p1(s);
    EXPECT_EQ(r.status, OTMEC_STATUS_OPTIMAL) << r.reason;
    EXPECT_EQ(r.reason, "");
}

// Paper mode: its own stop rules (AO fixed points are not KKT points of P0,
// and its residual says how far: 3.6 on P1); stopped by Dinkelbach's limit it
// is MAX_ITER.
TEST(Status, PaperModeStatusFollowsItsLoops)
{
    otmec_settings s = defaults(OTMEC_ALGORITHM_PAPER);
    Solved r = solve_p1(s);
    EXPECT_EQ(r.status, OTMEC_STATUS_OPTIMAL) << r.reason;
    EXPECT_GT(r.kkt, 1.0) << "an AO fixed point, not a KKT point of P0";

    s.max_dinkelbach = 1;
    r = solve_p1(s);
    EXPECT_EQ(r.status, OTMEC_STATUS_MAX_ITER);
    EXPECT_TRUE(says(r, "iteration limit")) << r.reason;
}

// An SP2 cut at 2 interior-point iterations stops above its tolerance.
TEST(Status, SubproblemAboveItsToleranceIsMaxIter)
{
    otmec_settings s = defaults(OTMEC_ALGORITHM_PAPER);
    s.max_ipm = 2;
    Solved r = solve_p1(s);
    EXPECT_EQ(r.status, OTMEC_STATUS_MAX_ITER);
    EXPECT_TRUE(says(r, "subproblem stopped above")) << r.reason;
}

} // namespace
