// Parameter defaults and ranges, instance creation, names and messages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

extern "C" {
#include "otmec.h"
}

namespace {

TEST(Params, DefaultsAreModelSection7)
{
    otmec_params p;
    otmec_params_default(&p);
    EXPECT_EQ(p.B_Hz, 20e6);
    EXPECT_EQ(p.p_max_W, 0.2);
    EXPECT_EQ(p.R_min_bps, 1e6);
    EXPECT_NEAR(p.N0_W_per_Hz, 3.981071705534985e-21, 1e-35);
    EXPECT_EQ(p.f_min_Hz, 3e8);
    EXPECT_EQ(p.f_max_Hz, 1.5e9);
    EXPECT_EQ(p.kappa_D, 5e-27);
    EXPECT_EQ(p.F_L_Hz, 2e10);
    EXPECT_EQ(p.kappa_L, 1e-27);
    EXPECT_EQ(p.c_L, 5e10);
    EXPECT_EQ(p.c_full, 1e8);
    EXPECT_EQ(p.gamma_E, 0.3);
    EXPECT_EQ(p.epochs, 1.0);
    EXPECT_EQ(p.M_bits, 1.6e9);
    EXPECT_EQ(p.phi_min, 0.05);
    EXPECT_EQ(p.phi_max, 0.5);
    EXPECT_EQ(p.zeta, 20.0);
    EXPECT_EQ(p.w_e, 0.05);
    EXPECT_EQ(p.w_t, 0.95);
    EXPECT_TRUE(std::isinf(p.T_max_s) && p.T_max_s > 0);
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_params_validate(&p, msg, sizeof msg), OTMEC_OK) << msg;
}

struct BadParam {
    const char *what;
    void (*edit)(otmec_params &);
    const char *message; // expected prefix
};

const BadParam kBad[] = {
    { "negative bandwidth", [](otmec_params &p) { p.B_Hz = -1; }, "params.B_Hz: must be finite and > 0 (got -1)" },
    { "zero power", [](otmec_params &p) { p.p_max_W = 0; }, "params.p_max_W:" },
    { "negative rate floor", [](otmec_params &p) { p.R_min_bps = -1; }, "params.R_min_bps:" },
    { "NaN noise", [](otmec_params &p) { p.N0_W_per_Hz = NAN; }, "params.N0_W_per_Hz: must be finite and > 0 (got nan)" },
    { "zero f_min", [](otmec_params &p) { p.f_min_Hz = 0; }, "params.f_min_Hz:" },
    { "infinite f_max", [](otmec_params &p) { p.f_max_Hz = INFINITY; }, "params.f_max_Hz:" },
    { "f_min > f_max", [](otmec_params &p) { p.f_min_Hz = 2e9; }, "params.f_max_Hz: must be >= params.f_min_Hz" },
    { "kappa_D", [](otmec_params &p) { p.kappa_D = 0; }, "params.kappa_D:" },
    { "F_L", [](otmec_params &p) { p.F_L_Hz = -2; }, "params.F_L_Hz:" },
    { "kappa_L", [](otmec_params &p) { p.kappa_L = -1e-27; }, "params.kappa_L:" },
    { "c_L", [](otmec_params &p) { p.c_L = -1; }, "params.c_L:" },
    { "c_full", [](otmec_params &p) { p.c_full = 0; }, "params.c_full:" },
    { "gamma_E zero", [](otmec_params &p) { p.gamma_E = 0; }, "params.gamma_E:" },
    { "gamma_E above 1", [](otmec_params &p) { p.gamma_E = 1.01; }, "params.gamma_E: must be <= 1" },
    { "epochs", [](otmec_params &p) { p.epochs = 0.5; }, "params.epochs: must be finite and >= 1" },
    { "M", [](otmec_params &p) { p.M_bits = 0; }, "params.M_bits:" },
    { "phi_min zero", [](otmec_params &p) { p.phi_min = 0; }, "params.phi_min:" },
    { "phi_max above 1", [](otmec_params &p) { p.phi_max = 1.2; }, "params.phi_max: must be <= 1" },
    { "phi_min > phi_max", [](otmec_params &p) { p.phi_min = 0.6; }, "params.phi_max: must be >= params.phi_min" },
    { "zeta", [](otmec_params &p) { p.zeta = -20; }, "params.zeta:" },
    { "w_e", [](otmec_params &p) { p.w_e = -0.1; }, "params.w_e:" },
    { "w_t", [](otmec_params &p) { p.w_t = NAN; }, "params.w_t:" },
    { "both weights 0", [](otmec_params &p) { p.w_e = p.w_t = 0; }, "params.w_e, params.w_t:" },
    { "T_max 0", [](otmec_params &p) { p.T_max_s = 0; }, "params.T_max_s:" },
    { "T_max NaN", [](otmec_params &p) { p.T_max_s = NAN; }, "params.T_max_s:" },
    { "T_max -inf", [](otmec_params &p) { p.T_max_s = -INFINITY; }, "params.T_max_s:" },
};

TEST(Params, EveryRangeIsChecked)
{
    for (const BadParam &c : kBad) {
        otmec_params p;
        otmec_params_default(&p);
        c.edit(p);
        char msg[OTMEC_MESSAGE_LEN] = "";
        EXPECT_EQ(otmec_params_validate(&p, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT) << c.what;
        EXPECT_EQ(std::string(msg).rfind(c.message, 0), 0u) << c.what << ": " << msg;
    }
}

TEST(Params, BoundaryValuesAreValid)
{
    otmec_params p;
    otmec_params_default(&p);
    p.R_min_bps = 0;
    p.c_L = 0;
    p.gamma_E = 1;
    p.epochs = 1;
    p.phi_min = p.phi_max = 1;
    p.f_min_Hz = p.f_max_Hz;
    p.w_e = 0;
    p.T_max_s = 1e-3;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_params_validate(&p, msg, sizeof msg), OTMEC_OK) << msg;
    EXPECT_EQ(otmec_params_validate(nullptr, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    // A NULL message buffer is allowed.
    p.B_Hz = -1;
    EXPECT_EQ(otmec_params_validate(&p, nullptr, 0), OTMEC_ERR_INVALID_INPUT);
}

TEST(Instance, CreateCopiesAndValidates)
{
    otmec_params p;
    otmec_params_default(&p);
    double h[] = { 1e-9, 1e-12, 2e-10 }, g[] = { 1e-12, 1e-11, 3e-12 }, D[] = { 500, 750, 1000 };
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    // h[1] < g[1]: valid input, that owner is in outage.
    ASSERT_EQ(otmec_instance_create(&p, 3, h, g, D, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    h[0] = 5; // the instance holds its own copy
    EXPECT_EQ(otmec_instance_num_owners(inst), 3u);
    EXPECT_EQ(otmec_instance_h(inst)[0], 1e-9);
    EXPECT_EQ(otmec_instance_g(inst)[2], 3e-12);
    EXPECT_EQ(otmec_instance_D(inst)[1], 750);
    EXPECT_EQ(otmec_instance_params(inst)->B_Hz, 20e6);
    otmec_instance_free(inst);
    otmec_instance_free(nullptr);
    EXPECT_EQ(otmec_instance_num_owners(nullptr), 0u);
    EXPECT_EQ(otmec_instance_h(nullptr), nullptr);
}

TEST(Instance, RejectsBadOwners)
{
    otmec_params p;
    otmec_params_default(&p);
    struct Case {
        int which, index;
        double value;
        const char *message;
    } cases[] = {
        { 0, 3, -1e-9, "owners.h[3]: must be finite and > 0 (got -1e-09)" },
        { 0, 0, NAN, "owners.h[0]: must be finite and > 0 (got nan)" },
        { 1, 2, 0, "owners.g[2]: must be finite and > 0 (got 0)" },
        { 1, 1, INFINITY, "owners.g[1]: must be finite and > 0 (got inf)" },
        { 2, 3, 0.5, "owners.D[3]: must be finite and >= 1 (got 0.5)" },
    };
    for (const Case &c : cases) {
        double a[3][4] = { { 1e-9, 1e-9, 1e-9, 1e-9 }, { 1e-12, 1e-12, 1e-12, 1e-12 }, { 600, 600, 600, 600 } };
        a[c.which][c.index] = c.value;
        otmec_instance *inst = nullptr;
        char msg[OTMEC_MESSAGE_LEN] = "";
        EXPECT_EQ(otmec_instance_create(&p, 4, a[0], a[1], a[2], &inst, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT);
        EXPECT_STREQ(msg, c.message);
        EXPECT_EQ(inst, nullptr);
    }
    double one = 1.0;
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_instance_create(&p, 0, &one, &one, &one, &inst, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT);
    EXPECT_NE(std::strstr(msg, "owners.h"), nullptr) << msg;
    p.B_Hz = -1;
    EXPECT_EQ(otmec_instance_create(&p, 1, &one, &one, &one, &inst, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT);
    EXPECT_EQ(std::string(msg).rfind("params.B_Hz:", 0), 0u) << msg;
    EXPECT_EQ(otmec_instance_create(&p, 1, nullptr, &one, &one, &inst, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
}

TEST(Names, StatusAlgorithmAndErrors)
{
    EXPECT_STREQ(otmec_status_name(OTMEC_STATUS_OPTIMAL), "OPTIMAL");
    EXPECT_STREQ(otmec_status_name(OTMEC_STATUS_MAX_ITER), "MAX_ITER");
    EXPECT_STREQ(otmec_status_name(OTMEC_STATUS_INFEASIBLE), "INFEASIBLE");
    EXPECT_STREQ(otmec_status_name(OTMEC_STATUS_NUMERICAL_ERROR), "NUMERICAL_ERROR");
    EXPECT_STREQ(otmec_owner_status_name(OTMEC_OWNER_ACTIVE), "ACTIVE");
    EXPECT_STREQ(otmec_owner_status_name(OTMEC_OWNER_OUTAGE), "OUTAGE");
    EXPECT_STREQ(otmec_owner_status_name(OTMEC_OWNER_DROPPED), "DROPPED");
    EXPECT_STREQ(otmec_algorithm_name(OTMEC_ALGORITHM_PAPER), "paper");
    EXPECT_STREQ(otmec_algorithm_name(OTMEC_ALGORITHM_JOINT), "joint");
    EXPECT_STREQ(otmec_version(), OTMEC_VERSION_STRING);
    for (int e = OTMEC_OK; e <= OTMEC_ERR_INTERNAL; ++e) {
        const char *s = otmec_strerror(static_cast<otmec_error>(e));
        ASSERT_NE(s, nullptr);
        EXPECT_GT(std::strlen(s), 0u);
    }
    EXPECT_STREQ(otmec_strerror(OTMEC_ERR_BACKEND_UNAVAILABLE), "backend unavailable");
}

// The version macros come from the CMake project's version; the library
// linked (shared or static) must be the one the header describes.
TEST(Version, MacrosAgreeWithTheLibrary)
{
    const std::string parts = std::to_string(OTMEC_VERSION_MAJOR) + "." + std::to_string(OTMEC_VERSION_MINOR) + "." +
                              std::to_string(OTMEC_VERSION_PATCH);
    EXPECT_EQ(parts, OTMEC_VERSION_STRING);
    EXPECT_STREQ(otmec_version(), OTMEC_VERSION_STRING);
}

} // namespace
