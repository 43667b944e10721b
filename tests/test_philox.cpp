// Philox-4x32-10 against the published known-answer vectors and against
// Random123's reference implementation, plus the uniform/exponential maps.
#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

extern "C" {
#include "math/philox.h"
}

namespace {

otm_philox_ctr ctr(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    otm_philox_ctr x;
    x.v[0] = a;
    x.v[1] = b;
    x.v[2] = c;
    x.v[3] = d;
    return x;
}

otm_philox_key key(uint32_t a, uint32_t b)
{
    otm_philox_key k;
    k.v[0] = a;
    k.v[1] = b;
    return k;
}

struct Kat {
    uint32_t c[4], k[2], out[4];
};

// Random123 tests/kat_vectors, "philox4x32 10" lines.
const Kat kKats[] = {
    { { 0x00000000, 0x00000000, 0x00000000, 0x00000000 },
      { 0x00000000, 0x00000000 },
      { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
    { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
      { 0xffffffff, 0xffffffff },
      { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
    { { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 },
      { 0xa4093822, 0x299f31d0 },
      { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
};

TEST(Philox, PublishedKnownAnswers)
{
    for (const Kat &t : kKats) {
        otm_philox_ctr r = otm_philox4x32_10(ctr(t.c[0], t.c[1], t.c[2], t.c[3]), key(t.k[0], t.k[1]));
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(r.v[i], t.out[i]) << "word " << i;
    }
}

TEST(Philox, MatchesRandom123Reference)
{
    r123::Philox4x32 ref;
    // A cheap deterministic walk over counters and keys, high bits included.
    uint64_t s = 0x9e3779b97f4a7c15ull;
    auto next = [&s]() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return static_cast<uint32_t>(s >> 16);
    };
    for (int trial = 0; trial < 20000; ++trial) {
        r123::Philox4x32::ctr_type c = { { next(), next(), next(), next() } };
        r123::Philox4x32::key_type k = { { next(), next() } };
        if (trial < 64) { // counters the generator actually uses: small words
            c.v[0] = static_cast<uint32_t>(trial);
            c.v[1] = static_cast<uint32_t>(trial % 3);
        }
        r123::Philox4x32::ctr_type want = ref(c, k);
        otm_philox_ctr got = otm_philox4x32_10(ctr(c.v[0], c.v[1], c.v[2], c.v[3]), key(k.v[0], k.v[1]));
        for (int i = 0; i < 4; ++i)
            ASSERT_EQ(got.v[i], want.v[i]) << "trial " << trial << " word " << i;
    }
}

TEST(Philox, UniformIsStrictlyInsideUnitInterval)
{
    EXPECT_EQ(otm_uniform_open(0, 0), std::ldexp(1.0, -53));
    EXPECT_EQ(otm_uniform_open(0xffffffffu, 0xffffffffu), 1.0 - std::ldexp(1.0, -53));
    EXPECT_GT(otm_uniform_open(0, 0), 0.0);
    EXPECT_LT(otm_uniform_open(0xffffffffu, 0xffffffffu), 1.0);
    EXPECT_DOUBLE_EQ(otm_uniform_open(0x80000000u, 0), 0.5 + std::ldexp(1.0, -53));
    // The low 12 bits of the second word are below the grid: no effect.
    EXPECT_EQ(otm_uniform_open(0x12345678u, 0x9abcd000u), otm_uniform_open(0x12345678u, 0x9abcdfffu));
}

TEST(Philox, ExponentialIsFinitePositive)
{
    double lo = otm_exponential(0xffffffffu, 0xffffffffu);
    double hi = otm_exponential(0, 0);
    EXPECT_GT(lo, 0.0);
    EXPECT_LT(lo, 1e-15);
    EXPECT_TRUE(std::isfinite(hi));
    EXPECT_NEAR(hi, 53.0 * std::log(2.0), 1e-12);
}

TEST(Philox, ExponentialMoments)
{
    // Mean and variance of Exp(1) are both 1; with n = 1e5 draws the standard
    // error of the mean is 1/sqrt(n), and of the second moment sqrt(20/n).
    const int n = 100000;
    double sum = 0.0, sum2 = 0.0;
    otm_philox_key k = key(12345u, 0u);
    for (int i = 0; i < n / 2; ++i) {
        otm_philox_ctr r = otm_philox4x32_10(ctr(static_cast<uint32_t>(i), 0, 0, 0), k);
        double a = otm_exponential(r.v[0], r.v[1]);
        double b = otm_exponential(r.v[2], r.v[3]);
        sum += a + b;
        sum2 += a * a + b * b;
    }
    double mean = sum / n;
    EXPECT_NEAR(mean, 1.0, 4.0 / std::sqrt(static_cast<double>(n)));
    EXPECT_NEAR(sum2 / n, 2.0, 4.0 * std::sqrt(20.0 / n));
}

} // namespace
