// The CUDA backend on one large realization (label `slow`): a block team
// solves N = 20,000 owners, where the refinement's soft constraints and
// filter line search (docs/algorithm.md) do the work, with the CPU's status
// and ratio (batch_util.h's expect_backends_agree). In the emulation build
// (OTMEC_CUDA_EMULATION=ON with OTMEC_SLOW_TESTS=ON) it runs on the emulated
// runtime; elsewhere it skips without a device.
#include <gtest/gtest.h>

#include <string>

#include "batch_util.h"
#include "cuda_device.h"

namespace {

OwnedBatch solve(const otmec_scenario &sc, otmec_backend backend)
{
    OwnedBatch out(1, sc.N);
    otmec_settings set;
    otmec_settings_default(&set);
    set.backend = backend;
    otmec_batch v = out.view();
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_solve_batch(&sc, 1, 0, &set, &v, msg, sizeof msg), OTMEC_OK) << msg;
    return out;
}

TEST(CudaBatchSlow, BlockTeamSolvesTwentyThousandOwnersAsTheCpu)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    otmec_scenario sc = scaled_scenario(20000);
    OwnedBatch cpu = solve(sc, OTMEC_BACKEND_CPU);
    OwnedBatch gpu = solve(sc, OTMEC_BACKEND_CUDA);
    ASSERT_EQ(cpu.status[0], OTMEC_STATUS_OPTIMAL) << "the CPU's own solve";
    expect_backends_agree(gpu, cpu, sc, 1, 0, "N=20000 seed=1");
}

} // namespace
