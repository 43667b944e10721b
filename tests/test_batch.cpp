// otmec_solve_batch on the CPU backend: each realization is exactly what
// otmec_generate + otmec_solve give, whatever the thread count; bad requests
// are refused with a reason.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "batch_util.h"
#include "full_batch.h"

extern "C" {
#include "cuda/cuda_backend.h"
#include "internal.h"
}

namespace {

OwnedBatch solve_cpu(const otmec_scenario &sc, uint64_t seed, uint64_t first, size_t count, int threads)
{
    OwnedBatch out(count, sc.N);
    otmec_settings set;
    otmec_settings_default(&set);
    set.threads = threads;
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve_batch(&sc, seed, first, &set, &v, msg, sizeof msg), OTMEC_OK) << msg;
    return out;
}

TEST(Batch, EachRealizationIsGenerateThenSolve)
{
    otmec_scenario sc = scaled_scenario(7);
    OwnedBatch batch = solve_cpu(sc, 11, 5, 6, 2);
    for (size_t r = 0; r < 6; ++r) {
        otmec_instance *inst = nullptr;
        otmec_solution *sol = nullptr;
        char msg[OTMEC_MESSAGE_LEN];
        ASSERT_EQ(otmec_generate(&sc, 11, 5 + r, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        ASSERT_EQ(otmec_solve(inst, nullptr, &sol, msg, sizeof msg), OTMEC_OK) << msg;
        EXPECT_EQ(batch.status[r], sol->status);
        EXPECT_EQ(batch.ratio[r], sol->eval.ratio);
        EXPECT_EQ(batch.T[r], sol->T);
        EXPECT_EQ(batch.ipm[r], sol->it.ipm);
        for (size_t k = 0; k < sc.N; ++k) {
            EXPECT_EQ(batch.b[r * sc.N + k], sol->b[k]);
            EXPECT_EQ(batch.phi[r * sc.N + k], sol->phi[k]);
            EXPECT_EQ(batch.owner_status[r * sc.N + k], (unsigned char)sol->owner_status[k]);
        }
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

// Every array of the batch, summary and per owner, against otmec_solve of
// the generated instance, bit for bit, with one thread and with three.
TEST(Batch, EveryArrayIsGenerateThenSolve)
{
    otmec_scenario sc = scaled_scenario(6);
    sc.eve_xy_m[0] = 80.0; // Eve among the owners: some of them in outage
    sc.eve_xy_m[1] = 0.0;
    for (int threads : {1, 3}) {
        const size_t count = 24;
        FullBatch batch(count, sc.N);
        otmec_batch v = batch.view();
        otmec_settings set;
        otmec_settings_default(&set);
        set.threads = threads;
        char msg[OTMEC_MESSAGE_LEN];
        ASSERT_EQ(otmec_solve_batch(&sc, 8, 40, &set, &v, msg, sizeof msg), OTMEC_OK) << msg;
        size_t outage = 0;
        for (unsigned char st : batch.owner_status)
            outage += st == OTMEC_OWNER_OUTAGE;
        EXPECT_GT(outage, 0u);
        for (size_t r = 0; r < count; ++r) {
            otmec_instance *inst = nullptr;
            otmec_solution *sol = nullptr;
            ASSERT_EQ(otmec_generate(&sc, 8, 40 + r, &inst, msg, sizeof msg), OTMEC_OK) << msg;
            ASSERT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
            expect_row_is_solution(batch, r, sol, std::to_string(threads) + " threads");
            otmec_solution_free(sol);
            otmec_instance_free(inst);
        }
    }
}

TEST(Batch, ThreadCountDoesNotChangeABit)
{
    otmec_scenario sc = scaled_scenario(5);
    expect_batches_identical(solve_cpu(sc, 3, 0, 8, 1), solve_cpu(sc, 3, 0, 8, 2), "1 vs 2 threads");
}

TEST(Batch, InfeasibleRealizationsHaveNoRatio)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 300; // sum b_min > B
    OwnedBatch out = solve_cpu(sc, 1, 0, 2, 1);
    for (size_t r = 0; r < 2; ++r) {
        EXPECT_EQ(out.status[r], OTMEC_STATUS_INFEASIBLE);
        EXPECT_TRUE(std::isnan(out.ratio[r]));
    }
}

TEST(Batch, BadRequestsAreRefused)
{
    otmec_scenario sc = scaled_scenario(3);
    OwnedBatch out(2, 3);
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    otmec_batch missing = v;
    missing.ratio = nullptr;
    EXPECT_EQ(otmec_solve_batch(&sc, 1, 0, nullptr, &missing, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::strstr(msg, "ratio"), nullptr) << msg;

    otmec_scenario bad = sc;
    bad.N = 0;
    EXPECT_EQ(otmec_solve_batch(&bad, 1, 0, nullptr, &v, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT);
    EXPECT_NE(std::strstr(msg, "N"), nullptr) << msg;

    otmec_settings set;
    otmec_settings_default(&set);
    set.max_ipm = 0;
    EXPECT_EQ(otmec_solve_batch(&sc, 1, 0, &set, &v, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::strstr(msg, "invalid settings"), nullptr) << msg;

    otmec_settings_default(&set);
    set.backend = OTMEC_BACKEND_CUDA;
    set.method = OTMEC_METHOD_EQUAL;
    EXPECT_EQ(otmec_solve_batch(&sc, 1, 0, &set, &v, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::strstr(msg, "CPU backend"), nullptr) << msg;
}

// Without a device (or without CUDA built) the CUDA backend says so, through
// the batch and through otmec_solve; with one, it solves.
TEST(Batch, CudaBackendAnswersEitherWay)
{
    char msg[OTMEC_MESSAGE_LEN];
    otmec_error avail = otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg);
    otmec_scenario sc = scaled_scenario(3);
    OwnedBatch out(2, 3);
    otmec_batch v = out.view();
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = OTMEC_BACKEND_CUDA;
    otmec_error e = otmec_solve_batch(&sc, 1, 0, &set, &v, msg, sizeof msg);
    if (avail == OTMEC_OK) {
        EXPECT_EQ(e, OTMEC_OK) << msg;
    } else {
        EXPECT_EQ(avail, OTMEC_ERR_BACKEND_UNAVAILABLE);
        EXPECT_EQ(e, OTMEC_ERR_BACKEND_UNAVAILABLE);
        EXPECT_GT(std::strlen(msg), 0u);
    }
    EXPECT_EQ(otmec_backend_available(OTMEC_BACKEND_CPU, msg, sizeof msg), OTMEC_OK);
}

// The memory target: R x N = 10^7 owner slots (N = 1000, R = 10,000)
// in <= 8 GB of device memory. The run is streamed in chunks of the 4 GiB
// default budget; the kernel's stack (2672 bytes a thread, compiler report)
// over the H200's 132 x 2048 resident threads comes on top.
TEST(Batch, TenMillionOwnerSlotsStreamWithinEightGigabytes)
{
    const size_t n = 1000, R = 10000, h200_free = (size_t)139 << 30;
    size_t chunk = otm_cuda_chunk_realizations(n, R, 0, h200_free);
    ASSERT_GT(chunk, 0u);
    double chunk_bytes = (double)chunk * (double)otm_cuda_bytes_per_realization(n);
    double stack_bytes = 2672.0 * 132 * 2048;
    EXPECT_LE(chunk_bytes, 4.0 * (1u << 30));
    EXPECT_LE(chunk_bytes + stack_bytes, 8e9);
    size_t chunks = (R + chunk - 1) / chunk;
    EXPECT_GE(chunks, 2u) << "one slot is " << otm_cuda_slot_bytes() << " bytes";
    std::printf("[          ] 10^7 slots: %zu bytes a slot, %zu realizations a chunk (%.2f GB), %zu chunks\n",
                otm_cuda_slot_bytes(), chunk, chunk_bytes / 1e9, chunks);
}

TEST(Batch, ChunksFollowTheBudgetAndTheFreeMemory)
{
    const size_t per = otm_cuda_bytes_per_realization(100);
    EXPECT_EQ(otm_cuda_chunk_realizations(100, 1000, 10 * per, (size_t)1 << 40), 10u);
    EXPECT_EQ(otm_cuda_chunk_realizations(100, 5, 10 * per, (size_t)1 << 40), 5u); // never more than asked
    EXPECT_EQ(otm_cuda_chunk_realizations(100, 1000, 0, 8 * per), 4u);             // half of what is free
    EXPECT_EQ(otm_cuda_chunk_realizations(100, 1000, per - 1, (size_t)1 << 40), 0u); // not even one
}

} // namespace
