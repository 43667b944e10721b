// Instance generator: determinism, the stream layout, and distribution sanity.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

extern "C" {
#include "math/owner_draw.h"
#include "otmec.h"
}

namespace {

struct InstanceDeleter {
    void operator()(otmec_instance *p) const { otmec_instance_free(p); }
};
using Instance = std::unique_ptr<otmec_instance, InstanceDeleter>;

Instance generate(const otmec_scenario &s, uint64_t seed, uint64_t stream)
{
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_generate(&s, seed, stream, &inst, msg, sizeof msg);
    EXPECT_EQ(err, OTMEC_OK) << msg;
    return Instance(inst);
}

otmec_scenario default_scenario(size_t n)
{
    otmec_scenario s;
    otmec_scenario_default(&s);
    s.N = n;
    return s;
}

otm_gen_geometry geometry(const otmec_scenario &s)
{
    otm_gen_geometry g;
    g.radius = s.radius_m;
    g.min_distance = s.min_distance_m;
    g.eve_x = s.eve_xy_m[0];
    g.eve_y = s.eve_xy_m[1];
    g.pl_a = s.pathloss_a_dB;
    g.pl_b = s.pathloss_b_dB;
    g.D_min = s.D_min;
    g.D_max = s.D_max;
    return g;
}

bool same_bits(const double *a, const double *b, size_t n)
{
    return std::memcmp(a, b, n * sizeof(double)) == 0;
}

TEST(Generator, SameSeedAndStreamSameInstance)
{
    otmec_scenario s = default_scenario(50);
    Instance a = generate(s, 42, 7), b = generate(s, 42, 7);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(otmec_instance_num_owners(a.get()), 50u);
    EXPECT_TRUE(same_bits(otmec_instance_h(a.get()), otmec_instance_h(b.get()), 50));
    EXPECT_TRUE(same_bits(otmec_instance_g(a.get()), otmec_instance_g(b.get()), 50));
    EXPECT_TRUE(same_bits(otmec_instance_D(a.get()), otmec_instance_D(b.get()), 50));
}

TEST(Generator, StreamsAndSeedsDiffer)
{
    otmec_scenario s = default_scenario(10);
    Instance a = generate(s, 42, 0), b = generate(s, 42, 1), c = generate(s, 43, 0);
    Instance d = generate(s, 42, uint64_t(1) << 32); // the high stream word counts too
    Instance e = generate(s, uint64_t(42) | (uint64_t(1) << 32), 0);
    const double *h = otmec_instance_h(a.get());
    EXPECT_FALSE(same_bits(h, otmec_instance_h(b.get()), 10));
    EXPECT_FALSE(same_bits(h, otmec_instance_h(c.get()), 10));
    EXPECT_FALSE(same_bits(h, otmec_instance_h(d.get()), 10));
    EXPECT_FALSE(same_bits(h, otmec_instance_h(e.get()), 10));
}

TEST(Generator, OwnerDoesNotDependOnN)
{
    // Owner n of a realization is the same whatever the number of owners,
    // so growing N extends an instance instead of redrawing it.
    Instance small = generate(default_scenario(3), 9, 4), big = generate(default_scenario(30), 9, 4);
    EXPECT_TRUE(same_bits(otmec_instance_h(small.get()), otmec_instance_h(big.get()), 3));
    EXPECT_TRUE(same_bits(otmec_instance_g(small.get()), otmec_instance_g(big.get()), 3));
    EXPECT_TRUE(same_bits(otmec_instance_D(small.get()), otmec_instance_D(big.get()), 3));
}

TEST(Generator, MatchesDocumentedDraw)
{
    otmec_scenario s = default_scenario(20);
    Instance inst = generate(s, 0xdeadbeefcafeull, 123);
    otm_gen_geometry geo = geometry(s);
    for (uint32_t n = 0; n < 20; ++n) {
        otm_owner_draw o = otm_draw_owner(&geo, 0xdeadbeefcafeull, 123, n);
        EXPECT_EQ(otmec_instance_h(inst.get())[n], o.h);
        EXPECT_EQ(otmec_instance_g(inst.get())[n], o.g);
        EXPECT_EQ(otmec_instance_D(inst.get())[n], o.D);
        // Gains are fading times path loss 128.1 + 37.6 log10(d/km) dB.
        double pl_bs = 128.1 + 37.6 * std::log10(o.d_bs / 1000.0);
        double pl_eve = 128.1 + 37.6 * std::log10(o.d_eve / 1000.0);
        EXPECT_NEAR(o.h, o.fade_h * std::pow(10.0, -pl_bs / 10.0), 1e-12 * o.h);
        EXPECT_NEAR(o.g, o.fade_g * std::pow(10.0, -pl_eve / 10.0), 1e-12 * o.g);
        EXPECT_NEAR(o.d_eve, std::hypot(o.x - 250.0, o.y), 1e-9);
    }
    const otmec_params *p = otmec_instance_params(inst.get());
    EXPECT_DOUBLE_EQ(p->N0_W_per_Hz, std::pow(10.0, (-174.0 - 30.0) / 10.0));
    EXPECT_EQ(p->B_Hz, 20e6);
    EXPECT_TRUE(std::isinf(p->T_max_s));
}

TEST(Generator, FrozenStreamLayout)
{
    // Pinned values: a change here changes every Monte Carlo run ever made.
    // Owner 0 of (seed 1, stream 0) from block 0 = Philox((0,0,0,0), (1,0)).
    otm_philox_key k = { { 1u, 0u } };
    otm_philox_ctr c = { { 0u, 0u, 0u, 0u } };
    otm_philox_ctr b0 = otm_philox4x32_10(c, k);
    otmec_scenario s = default_scenario(1);
    otm_gen_geometry geo = geometry(s);
    otm_owner_draw o = otm_draw_owner(&geo, 1, 0, 0);
    double u = otm_uniform_open(b0.v[0], b0.v[1]);
    EXPECT_DOUBLE_EQ(o.d_bs, std::sqrt(u * (200.0 * 200.0 - 100.0) + 100.0));
    double theta = 2.0 * OTMEC_PI * otm_uniform_open(b0.v[2], b0.v[3]);
    EXPECT_DOUBLE_EQ(o.x, o.d_bs * std::cos(theta));
    c.v[1] = 1;
    otm_philox_ctr b1 = otm_philox4x32_10(c, k);
    EXPECT_EQ(o.fade_h, otm_exponential(b1.v[0], b1.v[1]));
    EXPECT_EQ(o.fade_g, otm_exponential(b1.v[2], b1.v[3]));
    c.v[1] = 2;
    otm_philox_ctr b2 = otm_philox4x32_10(c, k);
    EXPECT_EQ(o.D, 500.0 + std::floor(otm_uniform_open(b2.v[0], b2.v[1]) * 501.0));
}

TEST(Generator, PinnedValues)
{
    // (default scenario, seed 1, stream 0): regenerating old runs depends on
    // these staying put. Tolerance of a few ulp for a different libm.
    Instance inst = generate(default_scenario(3), 1, 0);
    const double h[] = { 5.465243480128044e-11, 4.2814383560820824e-12, 6.1378767518152118e-11 };
    const double g[] = { 7.7948813331422142e-12, 1.0040670113969123e-11, 7.3224464971549532e-12 };
    const double D[] = { 950, 981, 842 };
    for (int n = 0; n < 3; ++n) {
        EXPECT_DOUBLE_EQ(otmec_instance_h(inst.get())[n], h[n]) << n;
        EXPECT_DOUBLE_EQ(otmec_instance_g(inst.get())[n], g[n]) << n;
        EXPECT_EQ(otmec_instance_D(inst.get())[n], D[n]) << n;
    }
}

TEST(Generator, DistributionSanity)
{
    otmec_scenario s = default_scenario(1);
    otm_gen_geometry geo = geometry(s);
    const int n = 100000;
    const double R = s.radius_m, r0 = s.min_distance_m;
    double fh = 0, fg = 0, r2 = 0, cx = 0, sy = 0, Dsum = 0;
    double Dlo = 1e300, Dhi = -1e300;
    for (int i = 0; i < n; ++i) {
        otm_owner_draw o = otm_draw_owner(&geo, 2024, static_cast<uint64_t>(i / 10), static_cast<uint32_t>(i % 10));
        ASSERT_GE(o.d_bs, r0 * (1 - 1e-15));
        ASSERT_LE(o.d_bs, R * (1 + 1e-15));
        ASSERT_GT(o.h, 0.0);
        ASSERT_GT(o.g, 0.0);
        ASSERT_EQ(o.D, std::floor(o.D));
        fh += o.fade_h;
        fg += o.fade_g;
        r2 += o.d_bs * o.d_bs;
        cx += o.x / o.d_bs;
        sy += o.y / o.d_bs;
        Dsum += o.D;
        Dlo = std::min(Dlo, o.D);
        Dhi = std::max(Dhi, o.D);
    }
    const double se = 1.0 / std::sqrt(static_cast<double>(n));
    // Exp(1): mean 1, standard deviation 1.
    EXPECT_NEAR(fh / n, 1.0, 4 * se);
    EXPECT_NEAR(fg / n, 1.0, 4 * se);
    // Area-uniform: r^2 uniform on [r0^2, R^2].
    double w = R * R - r0 * r0;
    EXPECT_NEAR(r2 / n, (R * R + r0 * r0) / 2, 4 * se * w / std::sqrt(12.0));
    // Uniform angle: cos and sin average 0, standard deviation 1/sqrt(2).
    EXPECT_NEAR(cx / n, 0.0, 4 * se / std::sqrt(2.0));
    EXPECT_NEAR(sy / n, 0.0, 4 * se / std::sqrt(2.0));
    // D uniform on the integers 500..1000: both ends reached.
    EXPECT_NEAR(Dsum / n, 750.0, 4 * se * 501 / std::sqrt(12.0));
    EXPECT_EQ(Dlo, 500.0);
    EXPECT_EQ(Dhi, 1000.0);
}

TEST(Generator, FadingIndependentPerLink)
{
    otmec_scenario s = default_scenario(1);
    otm_gen_geometry geo = geometry(s);
    const int n = 100000;
    double sxy = 0;
    for (int i = 0; i < n; ++i) {
        otm_owner_draw o = otm_draw_owner(&geo, 77, static_cast<uint64_t>(i), 0);
        sxy += (o.fade_h - 1.0) * (o.fade_g - 1.0);
    }
    // Covariance of independent Exp(1) draws is 0; its standard error 1/sqrt(n).
    EXPECT_NEAR(sxy / n, 0.0, 4.0 / std::sqrt(static_cast<double>(n)));
}

TEST(Generator, SingleValueDRange)
{
    otmec_scenario s = default_scenario(5);
    s.D_min = s.D_max = 640;
    Instance inst = generate(s, 1, 1);
    for (size_t n = 0; n < 5; ++n)
        EXPECT_EQ(otmec_instance_D(inst.get())[n], 640.0);
}

TEST(Generator, RejectsBadScenario)
{
    char msg[OTMEC_MESSAGE_LEN];
    otmec_instance *inst = nullptr;
    struct Case {
        void (*edit)(otmec_scenario &);
        const char *key;
    } cases[] = {
        { [](otmec_scenario &s) { s.N = 0; }, "N:" },
        { [](otmec_scenario &s) { s.radius_m = -5; }, "radius_m:" },
        { [](otmec_scenario &s) { s.min_distance_m = 300; }, "min_distance_m:" },
        { [](otmec_scenario &s) { s.eve_xy_m[1] = NAN; }, "eve_xy_m[1]:" },
        { [](otmec_scenario &s) { s.pathloss_b_dB = -1; }, "pathloss_b_dB:" },
        { [](otmec_scenario &s) { s.N0_dBm_per_Hz = INFINITY; }, "N0_dBm_per_Hz:" },
        { [](otmec_scenario &s) { s.D_min = 0; }, "D_min:" },
        { [](otmec_scenario &s) { s.D_min = 1.5; }, "D_min:" },
        { [](otmec_scenario &s) { s.D_max = 100; }, "D_max:" },
        { [](otmec_scenario &s) { s.params.B_Hz = -1; }, "B_Hz:" },
        { [](otmec_scenario &s) { s.params.phi_max = 1.5; }, "phi_max:" },
    };
    for (const Case &c : cases) {
        otmec_scenario s = default_scenario(4);
        c.edit(s);
        msg[0] = '\0';
        EXPECT_EQ(otmec_scenario_validate(&s, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT) << c.key;
        EXPECT_EQ(std::strncmp(msg, c.key, std::strlen(c.key)), 0) << msg;
        EXPECT_EQ(otmec_generate(&s, 1, 0, &inst, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT) << c.key;
        EXPECT_EQ(inst, nullptr);
    }
    otmec_scenario s = default_scenario(4);
    EXPECT_EQ(otmec_generate(nullptr, 1, 0, &inst, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(otmec_generate(&s, 1, 0, nullptr, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
}

TEST(Generator, ScenarioNoiseIsDerivedFromDbm)
{
    // params.N0_W_per_Hz of a scenario is ignored: N0_dBm_per_Hz rules.
    otmec_scenario s = default_scenario(2);
    s.params.N0_W_per_Hz = -1;
    s.N0_dBm_per_Hz = -160;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_scenario_validate(&s, msg, sizeof msg), OTMEC_OK) << msg;
    Instance inst = generate(s, 3, 0);
    EXPECT_DOUBLE_EQ(otmec_instance_params(inst.get())->N0_W_per_Hz, 1e-19);
}

} // namespace
