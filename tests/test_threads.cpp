// One realization's owners over several CPU threads (settings.threads,
// solver/team.h's blocked teams): the sums go block by block in owner order
// and the blocks in block order, so every thread count gives the bits of one
// thread. Checked on every output of otmec_solve, for the proposed method in
// both algorithms and for a baseline, through the library's OpenMP teams and
// through teams of plain threads; the block sums by hand; and the batch that
// hands its threads to one realization at a time.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "batch_util.h"
#include "otmec_config.h"
#include "solution_util.h"
#include "team_runner.h"

namespace {

otmec_instance *scaled_instance(size_t n, uint64_t seed)
{
    otmec_scenario sc = scaled_scenario(n);
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_generate(&sc, seed, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

otmec_solution *solve(const otmec_instance *inst, otmec_settings set, int threads)
{
    set.threads = threads;
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    return sol;
}

TEST(Threads, BlockSumsByHand)
{
    // n = 2.5 blocks of ones plus 0.5 each: block partials 1536, 1536, 768
    const size_t n = 2 * OTM_OWNER_BLOCK + OTM_OWNER_BLOCK / 2;
    ASSERT_EQ(otm_owner_blocks(n), 3u);
    ASSERT_EQ(otm_owner_blocks(OTM_OWNER_BLOCK), 1u);
    ASSERT_EQ(otm_owner_blocks(0), 1u);
    otm_team t = otm_team_single();
    std::vector<double> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = i % 2 ? 1.0 : 0.5;
    struct {
        otm_team team;
        size_t n;
    } w = {t, n};
    double v[2] = {-7.0, 0.0}; // a constant term goes into block 0
    otm_block_sum bs = otm_block_sum_begin(&t, n);
    OTM_FOR_OWNERS_SUM(&w, i, bs, v, 2) {
        v[0] += x[i];
        v[1] += 1.0;
    }
    otm_block_sum_end(&t, &bs, v, 2);
    EXPECT_EQ(v[0], -7.0 + 0.75 * (double)n);
    EXPECT_EQ(v[1], (double)n);

    // Block partials are added in block order: 1 + 2^53 in block 0 rounds to
    // 2^53 (an owner-order sum would too), then -2^53 from block 1 gives 0,
    // and block 2's 1 gives 1; a sum over the three blocks' values in any
    // other grouping would differ.
    std::vector<double> y(n, 0.0);
    y[0] = 1.0;
    y[1] = 9007199254740992.0;
    y[OTM_OWNER_BLOCK] = -9007199254740992.0;
    y[2 * OTM_OWNER_BLOCK] = 1.0;
    double s = 0.0;
    bs = otm_block_sum_begin(&t, n);
    OTM_FOR_OWNERS_SUM(&w, i, bs, &s, 1)
    s += y[i];
    otm_block_sum_end(&t, &bs, &s, 1);
    EXPECT_EQ(s, 1.0);
}

// Team members hold contiguous runs of blocks, differing by one block at
// most, the first member always block 0; strided teams deal round-robin.
TEST(Threads, OwnersDealtInBlocks)
{
    const size_t n = 5 * OTM_OWNER_BLOCK + 10; // 6 blocks
    otm_team t = otm_team_single();
    t.size = 4;
    size_t expect_first[] = {0, 2, 3, 5}, expect_end[] = {2, 3, 5, 6};
    for (int r = 0; r < 4; ++r) {
        t.rank = r;
        EXPECT_EQ(otm_team_first_owner(&t, n), expect_first[r] * OTM_OWNER_BLOCK) << "member " << r;
        EXPECT_EQ(otm_team_end_owner(&t, n), std::min(n, expect_end[r] * OTM_OWNER_BLOCK)) << "member " << r;
    }
    t.size = 3; // one block, three members: the first holds it
    t.rank = 0;
    EXPECT_EQ(otm_team_end_owner(&t, 100), 100u);
    t.rank = 1;
    EXPECT_EQ(otm_team_first_owner(&t, 100), otm_team_end_owner(&t, 100));
    t.blocked = 0;
    EXPECT_EQ(otm_team_first_owner(&t, 100), 1u);
    EXPECT_EQ(otm_team_end_owner(&t, 100), 100u);
}

// The joint solve with the soft refinement (N >= 2,000) on 3 blocks, and
// paper mode's AO (a few steps of it) on 2: one, two and three threads give the same bits.
TEST(Threads, OneRealizationSameBitsForOneTwoThreeThreads)
{
    struct Case {
        size_t n;
        otmec_algorithm alg;
    } cases[] = {{2500, OTMEC_ALGORITHM_JOINT}, {1100, OTMEC_ALGORITHM_PAPER}};
    for (const Case &c : cases) {
        otmec_instance *inst = scaled_instance(c.n, 2);
        otmec_settings set;
        otmec_settings_default(&set);
        set.algorithm = c.alg;
        if (c.alg == OTMEC_ALGORITHM_PAPER) { // AO creeps by design: a few steps are enough here
            set.max_dinkelbach = 1;
            set.max_ao = 2;
        }
        otmec_solution *one = solve(inst, set, 1);
        ASSERT_TRUE(one->has_allocation);
        if (c.alg == OTMEC_ALGORITHM_JOINT) {
            EXPECT_EQ(one->status, OTMEC_STATUS_OPTIMAL);
        }
        set.threads = 3; // at most one thread per block
        EXPECT_EQ(otm_team_threads(&set, c.n), OTMEC_HAVE_OPENMP ? (int)std::min<size_t>(3, otm_owner_blocks(c.n)) : 1);
        set.threads = 0; // every core, but at least 8 blocks each
        EXPECT_EQ(otm_team_threads(&set, c.n), 1);
        int auto16 = otm_team_threads(&set, 16 * OTM_OWNER_BLOCK); // 2 unless one core
        EXPECT_TRUE(auto16 == 2 || (auto16 == 1 && (!OTMEC_HAVE_OPENMP || std::thread::hardware_concurrency() < 2)));
        for (int threads : {2, 3}) {
            otmec_solution *team = solve(inst, set, threads);
            expect_same_bits(one, team, std::string(otmec_algorithm_name(c.alg)) + " N=" + std::to_string(c.n) +
                                            " threads=" + std::to_string(threads));
            otmec_solution_free(team);
        }
        otmec_solution_free(one);
        otmec_instance_free(inst);
    }
}

// A baseline on the team path: NO_SECRECY drops Eve after the selection.
TEST(Threads, BaselineSameBits)
{
    otmec_instance *inst = scaled_instance(1500, 4);
    otmec_settings set;
    otmec_settings_default(&set);
    set.method = OTMEC_METHOD_NO_SECRECY;
    otmec_solution *one = solve(inst, set, 1), *two = solve(inst, set, 2);
    ASSERT_TRUE(one->has_allocation);
    expect_same_bits(one, two, "no-secrecy N=1500");
    otmec_solution_free(one);
    otmec_solution_free(two);
    otmec_instance_free(inst);
}

// Blocked teams of plain threads (tests/team_runner.h), whatever OpenMP
// does: the same bits as otmec_solve on one thread, on every member.
TEST(Threads, BlockedTeamsOfThreadsAreTheTeamOfOne)
{
    otmec_instance *inst = scaled_instance(2100, 1);
    otmec_settings set;
    otmec_settings_default(&set);
    otmec_solution *one = solve(inst, set, 1);
    for (int size : {2, 3}) {
        TeamResult team = solve_with_team(inst, set, size, true);
        for (const otm_summary &m : team.summary) {
            EXPECT_EQ(m.status, one->status) << "team " << size;
            EXPECT_EQ(m.ratio, one->eval.ratio) << "team " << size;
            EXPECT_EQ(m.T, one->T) << "team " << size;
            EXPECT_EQ(m.it.ipm, one->it.ipm) << "team " << size;
        }
        EXPECT_EQ(std::memcmp(team.b.data(), one->b, inst->n * sizeof(double)), 0) << "team " << size;
        EXPECT_EQ(std::memcmp(team.phi.data(), one->phi, inst->n * sizeof(double)), 0) << "team " << size;
        EXPECT_EQ(std::memcmp(team.fL.data(), one->fL, inst->n * sizeof(double)), 0) << "team " << size;
    }
    otmec_solution_free(one);
    otmec_instance_free(inst);
}

// Fewer realizations than threads: each realization gets every thread, and
// still equals otmec_solve on one thread.
TEST(Threads, BatchOfFewLargeRealizations)
{
    otmec_scenario sc = scaled_scenario(1200);
    OwnedBatch out(2, sc.N);
    otmec_settings set;
    otmec_settings_default(&set);
    set.threads = 3;
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(otmec_solve_batch(&sc, 5, 0, &set, &v, msg, sizeof msg), OTMEC_OK) << msg;
    for (size_t r = 0; r < 2; ++r) {
        otmec_instance *inst = nullptr;
        ASSERT_EQ(otmec_generate(&sc, 5, r, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        otmec_settings one_thread = set;
        otmec_solution *sol = solve(inst, one_thread, 1);
        EXPECT_EQ(out.status[r], sol->status);
        EXPECT_EQ(out.ratio[r], sol->eval.ratio);
        EXPECT_EQ(out.T[r], sol->T);
        EXPECT_EQ(std::memcmp(&out.b[r * sc.N], sol->b, sc.N * sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&out.fL[r * sc.N], sol->fL, sc.N * sizeof(double)), 0);
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

} // namespace
