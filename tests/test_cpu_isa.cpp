// The CPU solver's two copies (solver/controller_cpu.h): where this CPU runs
// the x86-64-v3 copy, it gives the baseline copy's bits on every output of
// otmec_solve, over the controller's paths: the joint refinement from the
// initial point (N = 10, with and without a binding deadline, greedy
// admission), the published algorithm, a baseline method, the soft
// refinement after an AO step (N = 2,500), SCA, and a team of two threads.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "batch_util.h"
#include "solution_util.h"

extern "C" {
#include "solver/controller_cpu.h"
}

namespace {

struct Case {
    const char *name;
    size_t n;
    uint64_t seed;
    otmec_algorithm algorithm;
    otmec_method method;
    otmec_sp2_method sp2;
    double T_max;
    otmec_admission admission;
    int threads;
};

otmec_solution *solve_with(const Case &c, otm_cpu_isa isa)
{
    otmec_scenario sc; // the default scenario at N = 10, the scaled one beyond
    if (c.n == 10)
        otmec_scenario_default(&sc);
    else
        sc = scaled_scenario(c.n);
    if (std::isfinite(c.T_max))
        sc.params.T_max_s = c.T_max;
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_generate(&sc, c.seed, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    otmec_settings set;
    otmec_settings_default(&set);
    set.algorithm = c.algorithm;
    set.method = c.method;
    set.sp2_method = c.sp2;
    set.admission = c.admission;
    set.threads = c.threads;
    otm_cpu_isa before = otm_cpu_isa_select(isa);
    otmec_solution *sol = nullptr;
    EXPECT_EQ(otmec_solve(inst, &set, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    otm_cpu_isa_select(before);
    otmec_instance_free(inst);
    return sol;
}

TEST(CpuIsa, X86_64_V3CopyGivesTheBaselineBits)
{
    if (!otm_cpu_has_x86_64_v3())
        GTEST_SKIP() << "no x86-64-v3 copy here (not built, or this CPU lacks AVX2/BMI2)";
    const double inf = INFINITY;
    const Case cases[] = {
        {"joint N=10", 10, 1, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf, OTMEC_ADMISSION_NONE, 1},
        {"joint N=10 seed 7", 10, 7, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf,
         OTMEC_ADMISSION_NONE, 1},
        {"joint N=10 T_max=60 s", 10, 2, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, 60.0,
         OTMEC_ADMISSION_NONE, 1},
        {"joint N=10 greedy", 10, 3, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf,
         OTMEC_ADMISSION_GREEDY, 1},
        {"paper N=10", 10, 4, OTMEC_ALGORITHM_PAPER, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf, OTMEC_ADMISSION_NONE, 1},
        {"paper N=10 SCA", 10, 5, OTMEC_ALGORITHM_PAPER, OTMEC_METHOD_PROPOSED, OTMEC_SP2_SCA, inf, OTMEC_ADMISSION_NONE,
         1},
        {"fixed-phi N=10", 10, 6, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_FIXED_PHI, OTMEC_SP2_EXACT, inf,
         OTMEC_ADMISSION_NONE, 1},
        {"joint N=100", 100, 2, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf,
         OTMEC_ADMISSION_NONE, 1},
        {"joint N=2500 (soft, AO step first)", 2500, 1, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT,
         inf, OTMEC_ADMISSION_NONE, 1},
        {"joint N=2500 two threads", 2500, 2, OTMEC_ALGORITHM_JOINT, OTMEC_METHOD_PROPOSED, OTMEC_SP2_EXACT, inf,
         OTMEC_ADMISSION_NONE, 2},
    };
    for (const Case &c : cases) {
        otmec_solution *base = solve_with(c, OTM_CPU_ISA_BASELINE);
        otmec_solution *v3 = solve_with(c, OTM_CPU_ISA_X86_64_V3);
        ASSERT_TRUE(base && v3) << c.name;
        EXPECT_TRUE(otmec_solution_has_allocation(base)) << c.name;
        expect_same_bits(base, v3, c.name);
        otmec_solution_free(base);
        otmec_solution_free(v3);
    }
}

TEST(CpuIsa, TheSelectedCopyIsTheOneThatRuns)
{
    otm_cpu_isa before = otm_cpu_isa_select(OTM_CPU_ISA_BASELINE);
    EXPECT_EQ(otm_cpu_isa_in_use(), OTM_CPU_ISA_BASELINE);
    EXPECT_EQ(otm_cpu_isa_select(OTM_CPU_ISA_X86_64_V3), OTM_CPU_ISA_BASELINE);
    EXPECT_EQ(otm_cpu_isa_in_use(), otm_cpu_has_x86_64_v3() ? OTM_CPU_ISA_X86_64_V3 : OTM_CPU_ISA_BASELINE);
    otm_cpu_isa_select(OTM_CPU_ISA_BEST);
    EXPECT_EQ(otm_cpu_isa_in_use(), otm_cpu_has_x86_64_v3() ? OTM_CPU_ISA_X86_64_V3 : OTM_CPU_ISA_BASELINE);
    otm_cpu_isa_select(before);
}

} // namespace
