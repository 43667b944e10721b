// The CUDA backend against the CPU backend (the agreement criteria of
// batch_util.h's expect_backends_agree), bit-for-bit repeatability, chunking,
// and otmec_solve --backend cuda. Every case skips itself where no device is
// present (and fails instead in the emulation build, which always has one);
// CI runs them on the emulated runtime, twice: kernels built as nvcc builds
// them by default (FP contraction to FMA, test_cuda_batch_fma) and without.
#include <gtest/gtest.h>

#include <string>

#include "batch_util.h"
#include "cuda_device.h"
#include "cuda_source.h"
#include "given_instances.h"

extern "C" {
#include "backend/backend.h"
#include "cuda/cuda_backend.h"
#include "internal.h"
}

namespace {

// The emulation runs a kernel thousands of times slower than a device: it
// solves a quarter of the realizations (each seed still, every size of N).
#ifndef OTMEC_CUDA_TESTS_EMULATED
#define OTMEC_CUDA_TESTS_EMULATED 0
#endif
size_t reals(size_t on_a_device)
{
    return OTMEC_CUDA_TESTS_EMULATED ? (on_a_device + 3) / 4 : on_a_device;
}

class CudaBatch : public ::testing::Test {
protected:
    void SetUp() override
    {
        OTMEC_REQUIRE_CUDA_DEVICE();
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
    expect_backends_agree(gpu, cpu, sc, seed, 0,
                          "N=" + std::to_string(n) + " seed=" + std::to_string(seed) + " " + otmec_algorithm_name(alg));
}

TEST_F(CudaBatch, AgreesWithCpuOneOwner)
{
    for (uint64_t seed : {1u, 2u, 3u})
        agree(1, reals(64), seed);
}

TEST_F(CudaBatch, AgreesWithCpuSevenOwners)
{
    for (uint64_t seed : {1u, 2u, 3u})
        agree(7, reals(64), seed);
    agree(7, reals(32), 4, OTMEC_ALGORITHM_PAPER);
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
    expect_batches_identical(solve(sc, 9, 0, reals(64), OTMEC_BACKEND_CUDA),
                             solve(sc, 9, 0, reals(64), OTMEC_BACKEND_CUDA), "two GPU runs");
}

// A budget of a few realizations cuts the run into many chunks: same bits.
TEST_F(CudaBatch, ChunksGiveTheSameBits)
{
    otmec_scenario sc = scaled_scenario(20);
    const size_t count = reals(50);
    OwnedBatch whole = solve(sc, 5, 100, count, OTMEC_BACKEND_CUDA);
    OwnedBatch chunked = solve(sc, 5, 100, count, OTMEC_BACKEND_CUDA, 3 * otm_cuda_bytes_per_realization(20));
    ASSERT_GE(count, 4u * 3u) << "at least four chunks";
    expect_batches_identical(whole, chunked, "one chunk vs many");
}

// The layout of small N on a full device, a thread per realization (the
// public entry takes it from 67,584 realizations on an H200): forced here.
TEST_F(CudaBatch, ThreadPerRealizationAgreesWithCpu)
{
    const size_t n = 7, count = reals(160);
    otmec_scenario sc = scaled_scenario(n);
    OwnedBatch cpu = solve(sc, 6, 0, count, OTMEC_BACKEND_CPU);
    OwnedBatch gpu(count, n);
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = OTMEC_BACKEND_CUDA;
    otmec_batch v = gpu.view();
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(solve_drawn_on_cuda(sc, 6, 0, &set, 1, &v, msg, sizeof msg), OTMEC_OK) << msg;
    expect_backends_agree(gpu, cpu, sc, 6, 0, "a thread per realization");
}

OwnedBatch solve_given(const Given &in, int per_realization, otmec_backend backend, size_t device_bytes = 0)
{
    OwnedBatch out(in.count, in.n);
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = backend;
    set.device_memory_bytes = device_bytes;
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve_instances(in.count, in.n, in.h.data(), in.g.data(), in.D.data(), in.params.data(),
                                    per_realization, &set, &v, msg, sizeof msg),
              OTMEC_OK)
        << msg;
    return out;
}

// Instances given as arrays, each with its own parameters, copied to the
// device whole and in chunks of three realizations: the CPU's results by the
// agreement criteria (each allocation checked against its own instance), and
// the same bits whatever the chunks.
TEST_F(CudaBatch, GivenInstancesAgreeWithCpu)
{
    const size_t n = 5;
    const Given in = hand_scaled(reals(48), n);
    ASSERT_GE(in.count, 4u * 3u) << "at least four chunks";
    for (int per_realization : {1, 0}) {
        const std::string what = per_realization ? "given, params per realization" : "given, shared params";
        OwnedBatch cpu = solve_given(in, per_realization, OTMEC_BACKEND_CPU);
        OwnedBatch gpu = solve_given(in, per_realization, OTMEC_BACKEND_CUDA);
        OwnedBatch chunked =
            solve_given(in, per_realization, OTMEC_BACKEND_CUDA, 3 * otm_cuda_bytes_per_realization(n));
        expect_backends_agree_on(
            gpu, cpu, [&](size_t r) { return given_instance(in, per_realization, r); }, 0, what);
        expect_batches_identical(gpu, chunked, what + ": one chunk vs many");
    }
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
    std::vector<double> gb(gpu->b, gpu->b + inst->n), cb(cpu->b, cpu->b + inst->n);
    EXPECT_LE(owners_diff(gb, cb, 0, inst->n), 1e-5);
    for (size_t k = 0; k < inst->n; ++k)
        EXPECT_EQ(gpu->owner_status[k], cpu->owner_status[k]) << k;
    otmec_solution_free(cpu);
    otmec_solution_free(gpu);
    otmec_instance_free(inst);
}

} // namespace
