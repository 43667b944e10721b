// The emulation build's own tests (OTMEC_CUDA_EMULATION=ON only): the
// emulated runtime catches each planted fault of tests/cuda/faulty_kernels.cu
// and lets a correct kernel through, and the solver kernel, run on it, gives
// bit for bit what the same controller gives on the host with the same team
// (the host compiler rounds as the emulated kernel does; a device with its
// FMA and math library is held to test_cuda_batch's criteria instead), with
// and without a deadline; the kernel's SP2 deadline is the host's
// (tests/cuda/sp2_deadline.cu).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "batch_util.h"
#include "cuda/faulty_kernels.h"
#include "cuda/sp2_deadline.h"
#include "cuda_device.h"
#include "cuda_source.h"
#include "given_instances.h"
#include "team_runner.h"

extern "C" {
#include "backend/backend.h"
#include "cuda/cuda_backend.h"
}

namespace {

const unsigned kBlocks = 3, kThreads = 64;

struct Sums {
    otmec_error rc;
    std::string msg;
    std::vector<double> out;
};

Sums block_sums(otm_fault fault)
{
    std::vector<double> in(kBlocks * kThreads);
    for (size_t i = 0; i < in.size(); ++i)
        in[i] = (double)(i % 7) + 0.25 * (double)(i / kThreads);
    Sums s{OTMEC_OK, "", std::vector<double>(kBlocks, -1.0)};
    char msg[OTMEC_MESSAGE_LEN] = "";
    s.rc = otm_faulty_block_sums(fault, kBlocks, kThreads, in.data(), s.out.data(), msg, sizeof msg);
    s.msg = msg;
    return s;
}

void expect_caught(otm_fault fault, const std::string &reason)
{
    Sums s = block_sums(fault);
    EXPECT_EQ(s.rc, OTMEC_ERR_INTERNAL) << "fault " << fault << " went unnoticed";
    EXPECT_NE(s.msg.find(reason), std::string::npos) << "fault " << fault << ": " << s.msg;
    // The failure is reported once: the next launch starts clean.
    EXPECT_EQ(block_sums(OTM_FAULT_NONE).rc, OTMEC_OK);
}

TEST(CudaEmulation, CorrectKernelRunsAndSums)
{
    Sums s = block_sums(OTM_FAULT_NONE);
    ASSERT_EQ(s.rc, OTMEC_OK) << s.msg;
    for (unsigned b = 0; b < kBlocks; ++b) {
        double want = 0.0;
        for (unsigned t = 0; t < kThreads; ++t) {
            size_t i = (size_t)b * kThreads + t;
            want += (double)(i % 7) + 0.25 * (double)b;
        }
        EXPECT_EQ(s.out[b], want) << "block " << b;
    }
}

TEST(CudaEmulation, BarrierInABranchOfOneThreadFails)
{
    expect_caught(OTM_FAULT_BARRIER_IN_BRANCH, "wait at different __syncthreads");
}

TEST(CudaEmulation, BarrierAfterAThreadLeftFails)
{
    expect_caught(OTM_FAULT_EARLY_EXIT, "divergent __syncthreads");
}

TEST(CudaEmulation, ThreadsAtDifferentBarriersFail)
{
    expect_caught(OTM_FAULT_TWO_BARRIERS, "wait at different __syncthreads");
}

TEST(CudaEmulation, SharedMemoryOverrunFails)
{
    expect_caught(OTM_FAULT_WRITE_PAST_SHARED, "shared memory written outside");
    expect_caught(OTM_FAULT_WRITE_BEFORE_SHARED, "shared memory written outside");
}

TEST(CudaEmulation, ReadOfUnwrittenSharedMemoryFails)
{
    expect_caught(OTM_FAULT_READ_UNWRITTEN, "never written");
}

// The KKT residuals of two batches bit for bit (NaN where there is no allocation).
void expect_same_kkt(const OwnedBatch &a, const OwnedBatch &b, const std::string &what)
{
    for (size_t r = 0; r < a.kkt.size(); ++r) {
        if (!(std::isnan(a.kkt[r]) && std::isnan(b.kkt[r]))) {
            EXPECT_EQ(a.kkt[r], b.kkt[r]) << what << ", realization " << r;
        }
    }
}

// Realizations 0 .. count - 1 of a scenario on the emulated device with a
// given team, and the same on host teams of that size.
// The batch of (seed, first) on the CPU backend and on the device with a
// thread per realization.
void solve_on_cpu_and_device_threads(const otmec_scenario &sc, uint64_t seed, uint64_t first,
                                     otmec_settings set, OwnedBatch &cpu, OwnedBatch &gpu)
{
    otmec_batch vc = cpu.view(), vg = gpu.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_solve_batch(&sc, seed, first, &set, &vc, msg, sizeof msg), OTMEC_OK) << msg;
    set.backend = OTMEC_BACKEND_CUDA;
    ASSERT_EQ(solve_drawn_on_cuda(sc, seed, first, &set, 1, &vg, msg, sizeof msg), OTMEC_OK) << msg;
}

void expect_kernel_matches_host_team(const otmec_scenario &sc, const otmec_settings &settings, unsigned team,
                                     uint64_t seed, size_t count, const std::string &what)
{
    const size_t n = sc.N;
    otmec_settings set = settings;
    set.backend = OTMEC_BACKEND_CUDA;
    OwnedBatch gpu(count, n), host(count, n);
    otmec_batch v = gpu.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(solve_drawn_on_cuda(sc, seed, 0, &set, team, &v, msg, sizeof msg), OTMEC_OK) << msg;
    for (size_t r = 0; r < count; ++r) {
        otmec_instance *inst = nullptr;
        ASSERT_EQ(otmec_generate(&sc, seed, r, &inst, msg, sizeof msg), OTMEC_OK) << msg;
        TeamResult t = solve_with_team(inst, set, (int)team);
        otmec_instance_free(inst);
        host.status[r] = t.summary[0].status;
        host.ratio[r] = t.summary[0].ratio;
        host.kkt[r] = t.summary[0].kkt;
        std::copy(t.owner_status.begin(), t.owner_status.end(), host.owner_status.begin() + (long)(r * n));
        std::copy(t.phi.begin(), t.phi.end(), host.phi.begin() + (long)(r * n));
        std::copy(t.b.begin(), t.b.end(), host.b.begin() + (long)(r * n));
        std::copy(t.p.begin(), t.p.end(), host.p.begin() + (long)(r * n));
        std::copy(t.f.begin(), t.f.end(), host.f.begin() + (long)(r * n));
        std::copy(t.fL.begin(), t.fL.end(), host.fL.begin() + (long)(r * n));
    }
    expect_batches_identical(gpu, host, what);
    expect_same_kkt(gpu, host, what);
}

// The same for a scaled scenario of n owners, default settings.
void expect_kernel_matches_host_team(size_t n, unsigned team, uint64_t seed, size_t count)
{
    otmec_settings set;
    otmec_settings_default(&set);
    expect_kernel_matches_host_team(scaled_scenario(n), set, team, seed, count,
                                    "N=" + std::to_string(n) + " team " + std::to_string(team));
}

TEST(CudaEmulation, BlockTeamMatchesHostTeamBitForBit)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    expect_kernel_matches_host_team(7, 32, 3, 6);
    expect_kernel_matches_host_team(40, 64, 1, 2);
}

// A thread alone with its realization is a team of one: the CPU backend.
TEST(CudaEmulation, ThreadPerRealizationMatchesCpuBitForBit)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    const size_t n = 7, count = 150; // three blocks of 64, the last one part-filled
    otmec_scenario sc = scaled_scenario(n);
    otmec_settings set;
    otmec_settings_default(&set);
    OwnedBatch cpu(count, n), gpu(count, n);
    solve_on_cpu_and_device_threads(sc, 2, 10, set, cpu, gpu);
    expect_batches_identical(gpu, cpu, "a thread per realization vs the CPU");
    expect_same_kkt(gpu, cpu, "a thread per realization vs the CPU");
    EXPECT_EQ(gpu.ipm, cpu.ipm);
}

// The same for given instances, each with its own parameters, in chunks
// of 30 realizations (the last one part-filled, as the last block of each).
TEST(CudaEmulation, GivenInstancesThreadPerRealizationMatchCpuBitForBit)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    const size_t n = 5;
    const Given in = hand_scaled(70, n);
    otmec_settings set;
    otmec_settings_default(&set);
    OwnedBatch cpu(in.count, n), gpu(in.count, n);
    otmec_batch vc = cpu.view(), vg = gpu.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_solve_instances(in.count, n, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 1, &set,
                                    &vc, msg, sizeof msg),
              OTMEC_OK)
        << msg;
    set.backend = OTMEC_BACKEND_CUDA;
    set.device_memory_bytes = 30 * otm_cuda_bytes_per_realization(n);
    ASSERT_EQ(solve_given_on_cuda(n, in.h.data(), in.g.data(), in.D.data(), in.params.data(), 1, &set, 1, &vg, msg,
                                  sizeof msg),
              OTMEC_OK)
        << msg;
    expect_batches_identical(gpu, cpu, "given instances, a thread per realization vs the CPU");
    expect_same_kkt(gpu, cpu, "given instances, a thread per realization vs the CPU");
    EXPECT_EQ(gpu.ipm, cpu.ipm);
}

// No deadline (T_max = +inf) leaves SP2 without one on the device too: the
// kernel's otm_sp2_deadline gives +inf, not inf - inf = NaN, and a finite
// deadline is tightened bit for bit as on the host.
TEST(CudaEmulation, Sp2DeadlineAsOnTheHost)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    const std::vector<double> T_max = {INFINITY, INFINITY, 60.0, 8.0, 1e4};
    const std::vector<double> delay = {4.0, INFINITY, 30.0, 8.0 - 0x1p-20, 9999.9999};
    std::vector<double> out(T_max.size(), -1.0);
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otm_cuda_sp2_deadlines(T_max.size(), T_max.data(), delay.data(), out.data(), msg, sizeof msg),
              OTMEC_OK)
        << msg;
    EXPECT_EQ(out[0], INFINITY);
    EXPECT_EQ(out[1], INFINITY);
    EXPECT_EQ(out[2], 60.0 - 6e-6);         // 1e-7 inside
    EXPECT_EQ(out[3], 8.0 - 0x1p-21);       // half the room
    EXPECT_LT(out[4], 1e4);
    for (size_t i = 0; i < T_max.size(); ++i)
        EXPECT_EQ(out[i], otm_sp2_deadline(T_max[i], delay[i])) << "case " << i;
}

// Realizations without a deadline, stated as T_max_s = +INFINITY, by both SP2
// methods: the kernel gives bit for bit the CPU backend's answers (a thread
// per realization) and a host team's (a block team).
TEST(CudaEmulation, NoDeadlineMatchesCpuBitForBit)
{
    OTMEC_REQUIRE_CUDA_DEVICE();
    const size_t n = 6, count = 40;
    otmec_scenario sc = scaled_scenario(n);
    sc.params.T_max_s = INFINITY;
    for (otmec_sp2_method method : {OTMEC_SP2_EXACT, OTMEC_SP2_SCA}) {
        const std::string what = "T_max = inf, SP2 method " + std::to_string((int)method);
        otmec_settings set;
        otmec_settings_default(&set);
        set.sp2_method = method;
        OwnedBatch cpu(count, n), gpu(count, n);
        solve_on_cpu_and_device_threads(sc, 4, 0, set, cpu, gpu);
        size_t optimal = 0;
        for (size_t r = 0; r < count; ++r)
            optimal += cpu.status[r] == OTMEC_STATUS_OPTIMAL;
        EXPECT_GT(optimal, count / 2) << what; // the answers compared are solutions
        expect_batches_identical(gpu, cpu, what + ", a thread per realization vs the CPU");
        expect_same_kkt(gpu, cpu, what + ", a thread per realization vs the CPU");
        EXPECT_EQ(gpu.ipm, cpu.ipm) << what;
        expect_kernel_matches_host_team(sc, set, 32, 4, 3, what + ", a block team of 32 vs host teams");
    }
}

TEST(CudaEmulation, LayoutChoice)
{
    // Few owners and enough realizations to fill 132 multiprocessors: a
    // thread each; otherwise a team from a warp up to 128 threads.
    EXPECT_EQ(otm_cuda_layout_for(10, 512 * 132, 132, 0).team, 1u);
    EXPECT_EQ(otm_cuda_layout_for(10, 512 * 132 - 1, 132, 0).team, 32u);
    EXPECT_EQ(otm_cuda_layout_for(17, 1000000, 132, 0).team, 32u);
    EXPECT_EQ(otm_cuda_layout_for(33, 10, 132, 0).team, 64u);
    EXPECT_EQ(otm_cuda_layout_for(5000, 10, 132, 0).team, 128u);
    otm_cuda_layout solo = otm_cuda_layout_for(1000, 10, 132, 1);
    EXPECT_EQ(solo.block, OTM_CUDA_SOLO_BLOCK);
    EXPECT_EQ(solo.shared_bytes, 0u);
    otm_cuda_layout team = otm_cuda_layout_for(3, 10, 132, 64);
    EXPECT_EQ(team.block, 64u);
    EXPECT_EQ(team.shared_bytes, (64u + 4u) * OTM_TEAM_WIDTH * sizeof(double)); // columns, then segments' rows
    otmec_scenario sc = scaled_scenario(3);
    otmec_settings set;
    otmec_settings_default(&set);
    OwnedBatch b(1, 3);
    otmec_batch v = b.view();
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(solve_drawn_on_cuda(sc, 1, 0, &set, 48, &v, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(msg).find("team of 48 threads"), std::string::npos) << msg;
}

} // namespace
