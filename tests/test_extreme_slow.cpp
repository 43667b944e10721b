// Solves with 100,000 owners (public API only). Label `slow`: each takes
// longer than the rest of the suite together, and CI leaves them out; run
// them with `ctest -L slow`. The record lines ("EXTREME ...") give the times.
#include "extreme_fixture.h"

namespace {

using namespace extreme;

// Default scenario, 100,000 owners; `scaled`: B and F_L grow with N as in
// bench_solve (2 MHz and 2 GHz per owner, the default's share at N = 10).
otmec_instance *hundred_thousand_owners(bool scaled)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 100000;
    if (scaled) {
        sc.params.B_Hz *= static_cast<double>(sc.N) / 10.0;
        sc.params.F_L_Hz *= static_cast<double>(sc.N) / 10.0;
    }
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

// 20 MHz for 100,000 owners: greedy admission keeps the few hundred that fit.
TEST(ExtremeSlow, HundredThousandOwnersGreedyAdmission)
{
    Instance inst(hundred_thousand_owners(false));
    otmec_settings s;
    otmec_settings_default(&s);
    s.admission = OTMEC_ADMISSION_GREEDY;
    Outcome r = solve_and_check(inst.get(), kBothMethods[0], "N=100000 default scenario, greedy admission", &s);
    EXPECT_TRUE(r.has_allocation) << r.reason;
    EXPECT_GT(r.num_active, 0u);
}

// Every owner served (B and F_L scaled), paper mode.
TEST(ExtremeSlow, HundredThousandOwnersPaper)
{
    Instance inst(hundred_thousand_owners(true));
    Outcome r = solve_and_check(inst.get(), kBothMethods[1], "N=100000 (B, F_L x 1e4)");
    EXPECT_TRUE(r.has_allocation) << r.reason;
}

} // namespace
