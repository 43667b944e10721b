// otmec_solve_instances on the CPU backend: each given realization is, in
// every output array and bit for bit, what otmec_instance_create +
// otmec_solve give for its row, whatever the thread count; bad arrays,
// parameters and requests are refused before anything is solved, with the
// array and the first bad entry named.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "batch_util.h"
#include "full_batch.h"
#include "given_instances.h"

namespace {

FullBatch solve_given(const Given &in, int per_realization, const otmec_settings &set)
{
    FullBatch out(in.count, in.n);
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_solve_instances(in.count, in.n, in.h.data(), in.g.data(), in.D.data(), in.params.data(),
                                    per_realization, &set, &v, msg, sizeof msg),
              OTMEC_OK)
        << msg;
    return out;
}

// Every row against otmec_solve of otmec_instance_create on the same row.
void expect_each_row_is_solve(const FullBatch &batch, const Given &in, int per_realization,
                              const otmec_settings &set, const std::string &what)
{
    for (size_t r = 0; r < in.count; ++r) {
        otmec_instance *inst = given_instance(in, per_realization, r);
        ASSERT_NE(inst, nullptr);
        otmec_solution *sol = nullptr;
        char msg[OTMEC_MESSAGE_LEN];
        ASSERT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
        expect_row_is_solution(batch, r, sol, what);
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

otmec_settings cpu_settings(int threads)
{
    otmec_settings set;
    otmec_settings_default(&set);
    set.threads = threads;
    return set;
}

TEST(Instances, EachRealizationIsCreateThenSolveInEveryArray)
{
    const Given in = hand_scaled(24, 6);
    for (int threads : {1, 3}) {
        otmec_settings set = cpu_settings(threads);
        FullBatch batch = solve_given(in, 1, set);
        expect_each_row_is_solve(batch, in, 1, set, std::to_string(threads) + " threads");
        size_t optimal = 0, outage = 0;
        for (size_t r = 0; r < in.count; ++r)
            optimal += batch.status[r] == OTMEC_STATUS_OPTIMAL;
        for (unsigned char s : batch.owner_status)
            outage += s == OTMEC_OWNER_OUTAGE;
        EXPECT_GE(optimal, 20u) << "the instances should mostly be solvable";
        EXPECT_GE(outage, in.n + 10u) << "outage owners, a whole realization of them among them";
        EXPECT_TRUE(std::isnan(batch.ratio[in.count - 1])) << "every owner in outage: no allocation";
    }
}

TEST(Instances, SharedParamsAndAnotherMethod)
{
    const Given in = hand_scaled(8, 5);
    otmec_settings set = cpu_settings(2);
    expect_each_row_is_solve(solve_given(in, 0, set), in, 0, set, "shared params");
    set.method = OTMEC_METHOD_NO_SECRECY;
    set.algorithm = OTMEC_ALGORITHM_PAPER;
    expect_each_row_is_solve(solve_given(in, 1, set), in, 1, set, "no-secrecy, paper");
}

TEST(Instances, NoRealizationsSolveNothing)
{
    otmec_params prm;
    otmec_params_default(&prm);
    otmec_batch v{};
    otmec_status status = OTMEC_STATUS_NUMERICAL_ERROR;
    double ratio = -1.0;
    v.status = &status;
    v.ratio = &ratio;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_solve_instances(0, 4, nullptr, nullptr, nullptr, &prm, 0, nullptr, &v, msg, sizeof msg),
              OTMEC_OK)
        << msg;
    EXPECT_EQ(ratio, -1.0);
}

// A request with one thing wrong: its error, a message holding `named`, and
// not one row written.
void expect_refused(const Given &in, int per_realization, size_t out_count, otmec_error want,
                    const std::string &named, const otmec_settings *set = nullptr)
{
    FullBatch out(in.count, in.n);
    std::fill(out.ratio.begin(), out.ratio.end(), -1.0);
    otmec_batch v = out.view();
    v.count = out_count;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_solve_instances(in.count, in.n, in.h.data(), in.g.data(), in.D.data(), in.params.data(),
                                    per_realization, set, &v, msg, sizeof msg),
              want)
        << named << ": " << msg;
    EXPECT_NE(std::string(msg).find(named), std::string::npos) << msg;
    for (double x : out.ratio)
        EXPECT_EQ(x, -1.0) << "a row was written: " << named;
}

TEST(Instances, BadValuesAreNamedByRealizationAndOwner)
{
    const Given ok = hand_scaled(4, 3);
    Given bad = ok;
    bad.h[2 * 3 + 1] = NAN;
    expect_refused(bad, 1, 4, OTMEC_ERR_INVALID_INPUT, "h[2][1]: must be finite and > 0 (got nan): realization 2, owner 1");
    bad = ok;
    bad.h[3 * 3 + 2] = INFINITY;
    bad.h[3 * 3 + 0] = INFINITY; // the first one is named
    expect_refused(bad, 1, 4, OTMEC_ERR_INVALID_INPUT, "h[3][0]");
    bad = ok;
    bad.g[1 * 3 + 2] = -1e-12;
    expect_refused(bad, 1, 4, OTMEC_ERR_INVALID_INPUT, "g[1][2]: must be finite and > 0");
    bad = ok;
    bad.g[0] = 0.0;
    expect_refused(bad, 1, 4, OTMEC_ERR_INVALID_INPUT, "g[0][0]");
    bad = ok;
    bad.D[3 * 3 + 1] = 0.0;
    expect_refused(bad, 1, 4, OTMEC_ERR_INVALID_INPUT, "D[3][1]: must be finite and >= 1 (got 0): realization 3, owner 1");
    bad = ok;
    bad.D[2] = -5.0;
    expect_refused(bad, 0, 4, OTMEC_ERR_INVALID_INPUT, "D[0][2]");
}

TEST(Instances, BadParametersAreNamed)
{
    Given bad = hand_scaled(5, 2);
    bad.params[4].B_Hz = -1.0;
    expect_refused(bad, 1, 5, OTMEC_ERR_INVALID_INPUT, "params[4].B_Hz");
    bad.params[0].w_e = -0.5;
    expect_refused(bad, 1, 5, OTMEC_ERR_INVALID_INPUT, "params[0].w_e");
    // shared: params[0] alone is read, and named as an instance's parameters are
    expect_refused(bad, 0, 5, OTMEC_ERR_INVALID_INPUT, "params.w_e");
}

TEST(Instances, BadRequestsAreRefused)
{
    Given in = hand_scaled(3, 2);
    in.params[0].phi_min = 2.0;
    expect_refused(in, 0, 3, OTMEC_ERR_INVALID_INPUT, "params.phi_min");
    in = hand_scaled(3, 2);
    expect_refused(in, 1, 2, OTMEC_ERR_INVALID_ARGUMENT, "out->count (2) must equal count (3)");
    expect_refused(in, 2, 3, OTMEC_ERR_INVALID_ARGUMENT, "params_per_realization must be 0 or 1 (got 2)");
    otmec_settings set = cpu_settings(1);
    set.max_ipm = 0;
    expect_refused(in, 1, 3, OTMEC_ERR_INVALID_ARGUMENT, "invalid settings", &set);
    set = cpu_settings(1);
    set.backend = OTMEC_BACKEND_CUDA;
    set.method = OTMEC_METHOD_EQUAL;
    expect_refused(in, 1, 3, OTMEC_ERR_INVALID_ARGUMENT, "CPU backend", &set);

    FullBatch out(3, 2);
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_solve_instances(3, 2, in.h.data(), nullptr, in.D.data(), in.params.data(), 1, nullptr, &v, msg,
                                    sizeof msg),
              OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(msg).find("required"), std::string::npos) << msg;
    EXPECT_EQ(otmec_solve_instances(3, 2, in.h.data(), in.g.data(), in.D.data(), nullptr, 0, nullptr, &v, msg,
                                    sizeof msg),
              OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(otmec_solve_instances(3, 2, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 1, nullptr,
                                    nullptr, msg, sizeof msg),
              OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(otmec_solve_instances(3, 0, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 1, nullptr, &v,
                                    msg, sizeof msg),
              OTMEC_ERR_INVALID_INPUT);
    EXPECT_NE(std::string(msg).find("num_owners"), std::string::npos) << msg;
    otmec_batch huge = v;
    huge.count = SIZE_MAX / 4;
    EXPECT_EQ(otmec_solve_instances(SIZE_MAX / 4, 4, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 0,
                                    nullptr, &huge, msg, sizeof msg),
              OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(msg).find("overflow"), std::string::npos) << msg;
}

// Without a device (or without CUDA built) the CUDA backend says so; with
// one, it solves (test_cuda_batch compares it with the CPU).
TEST(Instances, CudaBackendAnswersEitherWay)
{
    const Given in = hand_scaled(2, 3);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error avail = otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg);
    otmec_settings set = cpu_settings(1);
    set.backend = OTMEC_BACKEND_CUDA;
    FullBatch out(2, 3);
    otmec_batch v = out.view();
    otmec_error e = otmec_solve_instances(2, 3, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 1, &set, &v,
                                          msg, sizeof msg);
    EXPECT_EQ(e, avail == OTMEC_OK ? OTMEC_OK : OTMEC_ERR_BACKEND_UNAVAILABLE) << msg;
}

} // namespace
