// The progress hook the tool shows long solves with (solver/progress.h):
// every Newton iteration of a solve reports once, in order, on the thread
// that set the hook and nowhere else; cleared, nothing reports.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "batch_util.h"
#include "solver/progress.h"

namespace {

struct Reports {
    std::vector<otm_progress> seen;
    static void record(void *user, const otm_progress *p) { static_cast<Reports *>(user)->seen.push_back(*p); }
};

otmec_instance *scaled_instance(size_t n)
{
    otmec_scenario sc = scaled_scenario(n);
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

otmec_solution *solve(const otmec_instance *inst, int threads)
{
    otmec_settings set;
    otmec_settings_default(&set);
    set.threads = threads;
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    return sol;
}

// One report per Newton iteration the solution counts, numbered 1, 2, ...
// within each interior-point solve, warm start before refinement.
void expect_every_iteration(const Reports &r, const otmec_solution *sol, const char *what)
{
    ASSERT_EQ(r.seen.size(), static_cast<size_t>(otmec_solution_iterations(sol).ipm)) << what;
    int previous = 0, refinement = 0;
    for (const otm_progress &p : r.seen) {
        EXPECT_TRUE(p.iteration == previous + 1 || p.iteration == 1) << what;
        EXPECT_GE(p.refinement, refinement) << what << ": the warm start reported after the refinement";
        EXPECT_TRUE(std::isfinite(p.kkt) && p.kkt >= 0.0) << what;
        EXPECT_EQ(p.owners, otmec_solution_num_active(sol)) << what;
        previous = p.iteration;
        refinement = p.refinement;
    }
    EXPECT_EQ(r.seen.back().refinement, 1) << what;
}

}  // namespace

TEST(Progress, EveryNewtonIterationReportsOnceInOrder)
{
    // 3,000 owners: the warm start (soft from 2,000 owners) and the refinement
    otmec_instance *inst = scaled_instance(3000);
    ASSERT_NE(inst, nullptr);
    for (int threads : {1, 2}) {
        Reports r;
        otm_progress_set(Reports::record, &r);
        otmec_solution *sol = solve(inst, threads);
        otm_progress_set(nullptr, nullptr);
        ASSERT_NE(sol, nullptr);
        EXPECT_EQ(otmec_solution_status(sol), OTMEC_STATUS_OPTIMAL);
        EXPECT_EQ(r.seen.front().refinement, 0) << "threads " << threads;
        expect_every_iteration(r, sol, threads == 1 ? "one thread" : "two threads");
        otmec_solution_free(sol);
    }
    otmec_instance_free(inst);
}

TEST(Progress, SilentWhenClearedAndOnOtherThreads)
{
    otmec_instance *inst = scaled_instance(10);
    ASSERT_NE(inst, nullptr);
    Reports r;
    otm_progress_set(Reports::record, &r);
    std::thread other([inst] { otmec_solution_free(solve(inst, 1)); });
    other.join();
    EXPECT_TRUE(r.seen.empty()) << "a solve on another thread reported to this thread's hook";
    otm_progress_set(nullptr, nullptr);
    otmec_solution_free(solve(inst, 1));
    EXPECT_TRUE(r.seen.empty()) << "a cleared hook was called";
    otm_progress_set(Reports::record, &r);
    otmec_solution *sol = solve(inst, 1);
    otm_progress_set(nullptr, nullptr);
    expect_every_iteration(r, sol, "N = 10");
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}
