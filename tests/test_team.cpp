// The CUDA backend's control flow without a GPU: the shared controller run by
// teams of host threads (tests/team_runner.h) must give what a team of one,
// the CPU backend, gives: same status, ratio within 1e-9, every allocation
// array within 1e-7, every member the same summary, and the same bits on a
// second run. Also: a team of one is otmec_solve exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "solver_fixture.h"
#include "team_runner.h"

namespace {

otmec_instance *scaled_instance(size_t n, uint64_t seed, uint64_t stream, bool scale = true)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = n;
    if (scale) { // resources per owner, as in bench/: the default serves ~30 owners
        sc.params.B_Hz *= (double)n / 10.0;
        sc.params.F_L_Hz *= (double)n / 10.0;
    }
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_generate(&sc, seed, stream, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

double rel(double a, double b)
{
    double s = std::max(std::fabs(a), std::fabs(b));
    return s > 0.0 ? std::fabs(a - b) / s : 0.0;
}

// Norm-wise relative difference ||x - y|| / ||y|| of two allocation arrays
// (y the team of one), as tests/batch_util.h measures CPU against GPU.
double array_diff(const std::vector<double> &x, const std::vector<double> &y)
{
    double d = 0.0, ref = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        d += (x[i] - y[i]) * (x[i] - y[i]);
        ref += y[i] * y[i];
    }
    return ref > 0.0 ? std::sqrt(d / ref) : std::sqrt(d);
}

void expect_members_agree(const TeamResult &r)
{
    for (size_t m = 1; m < r.summary.size(); ++m) {
        EXPECT_EQ(r.summary[m].status, r.summary[0].status) << "member " << m;
        EXPECT_EQ(r.summary[m].n_active, r.summary[0].n_active) << "member " << m;
        EXPECT_EQ(r.summary[m].ratio, r.summary[0].ratio) << "member " << m;
        EXPECT_EQ(r.summary[m].T, r.summary[0].T) << "member " << m;
        EXPECT_EQ(r.summary[m].it.ipm, r.summary[0].it.ipm) << "member " << m;
    }
}

void expect_agree(const TeamResult &one, const TeamResult &team, const std::string &what)
{
    const otm_summary &a = one.summary[0], &b = team.summary[0];
    ASSERT_EQ(a.status, b.status) << what;
    EXPECT_EQ(one.owner_status, team.owner_status) << what;
    if (!a.has_allocation)
        return;
    EXPECT_LE(rel(a.ratio, b.ratio), 1e-9) << what << ": " << a.ratio << " vs " << b.ratio;
    EXPECT_LE(array_diff(team.phi, one.phi), 1e-7) << what << " phi";
    EXPECT_LE(array_diff(team.b, one.b), 1e-7) << what << " b";
    EXPECT_LE(array_diff(team.p, one.p), 1e-7) << what << " p";
    EXPECT_LE(array_diff(team.f, one.f), 1e-7) << what << " f";
    EXPECT_LE(array_diff(team.fL, one.fL), 1e-7) << what << " fL";
    EXPECT_LE(rel(a.T, b.T), 1e-7) << what << " T";
}

TEST(Team, TeamOfOneIsOtmecSolve)
{
    otmec_instance *inst = load_p1();
    otmec_settings set;
    otmec_settings_default(&set);
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    TeamResult one = solve_with_team(inst, set, 1);
    EXPECT_EQ(one.summary[0].status, sol->status);
    EXPECT_EQ(one.summary[0].ratio, sol->eval.ratio);
    EXPECT_EQ(one.summary[0].it.ipm, sol->it.ipm);
    for (size_t k = 0; k < inst->n; ++k) {
        EXPECT_EQ(one.b[k], sol->b[k]);
        EXPECT_EQ(one.phi[k], sol->phi[k]);
    }
    otmec_solution_free(sol);
    otmec_instance_free(inst);
}

TEST(Team, P1AnyTeamSizeAgreesWithOne)
{
    otmec_instance *inst = load_p1();
    otmec_settings set;
    otmec_settings_default(&set);
    TeamResult one = solve_with_team(inst, set, 1);
    EXPECT_NEAR(one.summary[0].ratio, 0.0986501, 1e-6);
    for (int size : {2, 3, 4, 8}) {
        TeamResult team = solve_with_team(inst, set, size);
        expect_members_agree(team);
        expect_agree(one, team, "P1, team " + std::to_string(size));
    }
    otmec_instance_free(inst);
}

// The owner counts that fit a unit test (1000 and 5000 are in the GPU
// test), both algorithms, several seeds; team sizes as the GPU picks them
// (32 threads for up to 32 owners) and odd ones.
TEST(Team, GeneratedInstancesAgreeWithOne)
{
    for (otmec_algorithm alg : {OTMEC_ALGORITHM_JOINT, OTMEC_ALGORITHM_PAPER}) {
        otmec_settings set;
        otmec_settings_default(&set);
        set.algorithm = alg;
        for (size_t n : {(size_t)1, (size_t)7, (size_t)40}) {
            for (uint64_t seed : {1u, 2u, 3u}) {
                otmec_instance *inst = scaled_instance(n, seed, 0);
                TeamResult one = solve_with_team(inst, set, 1);
                // 32 idle-heavy members (as a warp for N = 7) once: host
                // barriers of that many threads are slow
                for (int size : {3, n == 7 && seed == 1 ? 32 : 0}) {
                    if (size == 0)
                        continue;
                    TeamResult team = solve_with_team(inst, set, size);
                    expect_members_agree(team);
                    expect_agree(one, team,
                                 std::string(otmec_algorithm_name(alg)) + " N=" + std::to_string(n) +
                                     " seed=" + std::to_string(seed) + " team=" + std::to_string(size));
                }
                otmec_instance_free(inst);
            }
        }
    }
}

// Verdicts before any solve (outage, greedy admission, bandwidth) come out
// the same whoever computes them.
TEST(Team, SelectionAndVerdictsAgreeWithOne)
{
    otmec_settings set;
    otmec_settings_default(&set);
    otmec_instance *crowded = scaled_instance(60, 5, 0, false); // sum b_min > B
    TeamResult one = solve_with_team(crowded, set, 1), team = solve_with_team(crowded, set, 8);
    EXPECT_EQ(one.summary[0].status, OTMEC_STATUS_INFEASIBLE);
    expect_members_agree(team);
    expect_agree(one, team, "infeasible N=60");
    set.admission = OTMEC_ADMISSION_GREEDY;
    one = solve_with_team(crowded, set, 1);
    team = solve_with_team(crowded, set, 8);
    EXPECT_NE(one.summary[0].status, OTMEC_STATUS_INFEASIBLE);
    EXPECT_LT(one.summary[0].n_active, (size_t)60);
    expect_members_agree(team);
    expect_agree(one, team, "greedy N=60");
    otmec_instance_free(crowded);
}

TEST(Team, SameBitsOnTwoRuns)
{
    otmec_instance *inst = scaled_instance(40, 7, 3);
    otmec_settings set;
    otmec_settings_default(&set);
    TeamResult a = solve_with_team(inst, set, 8), b = solve_with_team(inst, set, 8);
    EXPECT_EQ(a.summary[0].ratio, b.summary[0].ratio);
    EXPECT_EQ(a.b, b.b);
    EXPECT_EQ(a.p, b.p);
    EXPECT_EQ(a.phi, b.phi);
    EXPECT_EQ(a.fL, b.fL);
    otmec_instance_free(inst);
}

// One value of member `rank`: integers, so every order of a sum is exact.
double strided_value(int rank, int j)
{
    return (double)((rank * 7 + j * 3) % 11) + 100.0 * j;
}

// Sums, minima and maxima of k values over a strided team of `size` members,
// the first `active` of them holding owners: every member must get those of
// the active members' values.
void check_strided_reductions(int size, int active, int k)
{
    std::vector<double> buf(otm_team_buf_doubles(size), -1.0);
    std::vector<double> got((size_t)size * 3 * k);
    pthread_barrier_t bar;
    pthread_barrier_init(&bar, nullptr, (unsigned)size);
    auto member = [&](int rank) {
        otm_team t = otm_team_single();
        t.rank = rank;
        t.size = size;
        t.blocked = 0;
        t.active = active;
        t.buf = buf.data();
        t.host_barrier = team_detail::barrier;
        t.host_ctx = &bar;
        double v[3][OTM_TEAM_WIDTH];
        for (int j = 0; j < k; ++j)
            v[0][j] = v[1][j] = v[2][j] = strided_value(rank, j);
        otm_team_reduce(&t, OTM_REDUCE_SUM, v[0], k);
        otm_team_reduce(&t, OTM_REDUCE_MIN, v[1], k);
        otm_team_reduce(&t, OTM_REDUCE_MAX, v[2], k);
        for (int o = 0; o < 3; ++o)
            for (int j = 0; j < k; ++j)
                got[((size_t)rank * 3 + o) * k + j] = v[o][j];
    };
    run_team_members(size, member);
    pthread_barrier_destroy(&bar);
    for (int j = 0; j < k; ++j) {
        double sum = 0.0, lo = INFINITY, hi = -INFINITY;
        for (int r = 0; r < active; ++r) {
            sum += strided_value(r, j);
            lo = std::min(lo, strided_value(r, j));
            hi = std::max(hi, strided_value(r, j));
        }
        for (int r = 0; r < size; ++r) {
            const double *g = &got[(size_t)r * 3 * k];
            const std::string at = "size " + std::to_string(size) + " active " + std::to_string(active) + " k " +
                                   std::to_string(k) + " value " + std::to_string(j) + " member " + std::to_string(r);
            ASSERT_EQ(g[j], sum) << at;
            ASSERT_EQ(g[k + j], lo) << at;
            ASSERT_EQ(g[2 * k + j], hi) << at;
        }
    }
}

// otm_team_reduce on strided teams (the device's layout) of every shape its
// folding meets: one segment per column (fewer than 32 members, and more
// columns than members), several (32 to 128 members), a last segment that
// is short; with every member holding owners, or the first third.
TEST(Team, StridedReductionsOfEverySize)
{
    for (int size : {2, 3, 5, 16, 31, 32, 33, 40, 48, 64, 100, 128})
        for (int k : {1, 2, 7, OTM_TEAM_WIDTH})
            for (int active : {size, size / 3 + 1})
                check_strided_reductions(size, active, k);
}

} // namespace
