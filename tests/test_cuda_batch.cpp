// The CUDA backend against the CPU backend (the agreement targets:
// ratio within 1e-9, every allocation array within 1e-7), bit-for-bit
// repeatability, chunking, and otmec_solve --backend cuda. Every case skips
// itself where no device is present; CI compiles them all.
#include <gtest/gtest.h>

#include <string>

#include "batch_util.h"

extern "C" {
#include "internal.h"
}

namespace {

class CudaBatch : public ::testing::Test {
protected:
    void SetUp() override
    {
        char msg[OTMEC_MESSAGE_LEN];
        if (otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg) != OTMEC_OK)
            GTEST_SKIP() << msg;
    }
};

OwnedBatch solve(const otmec_scenario &sc, uint64_t seed, uint64_t first, size_t count, otmec_backend backend,
                 size_t device_bytes = 0, otmec_algorithm alg = OTMEC_ALGORITHM_JOINT)
{
    OwnedBatch out(count, sc.N);
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = backend;
    set.algorithm = alg;
    set.device_memory_bytes = device_bytes;
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve_batch(&sc, seed, first, &set, &v, msg, sizeof msg), OTMEC_OK) << msg;
    return out;
}

void agree(size_t n, size_t count, uint64_t seed, otmec_algorithm alg = OTMEC_ALGORITHM_JOINT)
{
    otmec_scenario sc = scaled_scenario(n);
    OwnedBatch cpu = solve(sc, seed, 0, count, OTMEC_BACKEND_CPU, 0, alg);
    OwnedBatch gpu = solve(sc, seed, 0, count, OTMEC_BACKEND_CUDA, 0, alg);
    expect_batches_agree(gpu, cpu, 1e-9, 1e-7,
                         "N=" + std::to_string(n) + " seed=" + std::to_string(seed) + " " + otmec_algorithm_name(alg));
}

TEST_F(CudaBatch, AgreesWithCpuOneOwner)
{
    for (uint64_t seed : {1u, 2u, 3u})
        agree(1, 64, seed);
}

TEST_F(CudaBatch, AgreesWithCpuSevenOwners)
{
    for (uint64_t seed : {1u, 2u, 3u})
        agree(7, 64, seed);
    agree(7, 32, 4, OTMEC_ALGORITHM_PAPER);
}

TEST_F(CudaBatch, AgreesWithCpuThousandOwners)
{
    for (uint64_t seed : {1u, 2u})
        agree(1000, 4, seed);
}

TEST_F(CudaBatch, AgreesWithCpuFiveThousandOwners)
{
    for (uint64_t seed : {1u, 2u})
        agree(5000, 1, seed);
}

TEST_F(CudaBatch, SameBitsOnTwoRuns)
{
    otmec_scenario sc = scaled_scenario(50);
    expect_batches_identical(solve(sc, 9, 0, 64, OTMEC_BACKEND_CUDA), solve(sc, 9, 0, 64, OTMEC_BACKEND_CUDA),
                             "two GPU runs");
}

// A budget of a few realizations cuts the run into many chunks: same bits.
TEST_F(CudaBatch, ChunksGiveTheSameBits)
{
    otmec_scenario sc = scaled_scenario(20);
    OwnedBatch whole = solve(sc, 5, 100, 50, OTMEC_BACKEND_CUDA);
    OwnedBatch chunked = solve(sc, 5, 100, 50, OTMEC_BACKEND_CUDA, 7 * 20 * 4000);
    expect_batches_identical(whole, chunked, "one chunk vs many");
}

TEST_F(CudaBatch, SolveBackendCudaMatchesCpu)
{
    otmec_scenario sc = scaled_scenario(10);
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    otmec_settings set;
    otmec_settings_default(&set);
    otmec_solution *cpu = nullptr, *gpu = nullptr;
    ASSERT_EQ(otmec_solve(inst, &set, &cpu, msg, sizeof msg), OTMEC_OK) << msg;
    set.backend = OTMEC_BACKEND_CUDA;
    ASSERT_EQ(otmec_solve(inst, &set, &gpu, msg, sizeof msg), OTMEC_OK) << msg;
    EXPECT_EQ(gpu->status, cpu->status);
    EXPECT_LE(rel_diff(gpu->eval.ratio, cpu->eval.ratio), 1e-9);
    for (size_t k = 0; k < inst->n; ++k) {
        EXPECT_EQ(gpu->owner_status[k], cpu->owner_status[k]) << k;
        EXPECT_LE(rel_diff(gpu->b[k], cpu->b[k]), 1e-6) << k;
    }
    otmec_solution_free(cpu);
    otmec_solution_free(gpu);
    otmec_instance_free(inst);
}

} // namespace
