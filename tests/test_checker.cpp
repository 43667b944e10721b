// The allocation checker at the edge of every constraint C1-C7: a point just
// inside (by 1e-9 relative) passes; a point just outside (by 1e-3 and by
// 1e-6) fails with the right constraint, the right owner (-1 for the coupling
// constraints) and the violation's size `worst` to 1e-12. The delays and
// rates the expected sizes need are worked out here from the model's
// formulas, not taken from the library. Public API only.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

extern "C" {
#include "otmec.h"
}

namespace {

const double kInside = 1e-9;
const double kOutside[] = { 1e-3, 1e-6 };
const double kWorstTolerance = 1e-12;

// Two owners with room in every constraint: owner 1 has the longer delay.
struct Point {
    otmec_params prm;
    std::vector<double> h{ 1e-9, 5e-10 }, g{ 1e-11, 1e-11 }, D{ 700, 900 };
    unsigned char active[2] = { 1, 1 };
    double phi[2] = { 0.3, 0.4 }, b[2] = { 8e6, 8e6 }, p[2] = { 0.1, 0.15 };
    double f[2] = { 1e9, 8e8 }, fL[2] = { 5e9, 5e9 };
    double T = 1e5;

    Point() { otmec_params_default(&prm); }

    // Secrecy rate [bit/s] of owner k, as the model defines it.
    double rate(int k) const
    {
        double snr_bob = p[k] * h[k] / (prm.N0_W_per_Hz * b[k]);
        double snr_eve = p[k] * g[k] / (prm.N0_W_per_Hz * b[k]);
        return b[k] * (std::log2(1.0 + snr_bob) - std::log2(1.0 + snr_eve));
    }

    // T_n = LMO emulator time + fine-tuning time + upload time.
    double delay(int k) const
    {
        double lmo = prm.c_L * (1.0 - phi[k]) / fL[k];
        double tune = prm.epochs * D[k] * prm.c_full * (prm.gamma_E + (1.0 - prm.gamma_E) * phi[k]) / f[k];
        double upload = prm.M_bits * phi[k] / rate(k);
        return lmo + tune + upload;
    }

    otmec_violation check() const
    {
        otmec_instance *inst = nullptr;
        char msg[OTMEC_MESSAGE_LEN] = "";
        otmec_violation v = { -1.0, -1, -2 };
        EXPECT_EQ(otmec_instance_create(&prm, 2, h.data(), g.data(), D.data(), &inst, msg, sizeof msg), OTMEC_OK)
            << msg;
        otmec_allocation a = { 2, active, phi, b, p, f, fL, T };
        EXPECT_EQ(otmec_check_allocation(inst, &a, &v), OTMEC_OK);
        otmec_instance_free(inst);
        return v;
    }
};

void expect_feasible(const Point &pt, const std::string &what)
{
    otmec_violation v = pt.check();
    EXPECT_EQ(v.worst, 0.0) << what << ": C" << v.constraint << " owner " << v.owner;
    EXPECT_EQ(v.constraint, 0) << what;
    EXPECT_EQ(v.owner, -1) << what;
}

void expect_violation(const Point &pt, int constraint, long owner, double worst, const std::string &what)
{
    otmec_violation v = pt.check();
    EXPECT_EQ(v.constraint, constraint) << what;
    EXPECT_EQ(v.owner, owner) << what;
    EXPECT_NEAR(v.worst, worst, kWorstTolerance) << what;
}

// Sets one bound of a point at `edge` * (1 + signed distance): a move
// function gets the point and the relative distance (positive is outside).
struct Boundary {
    const char *name;
    int constraint;
    long owner;
    std::function<void(Point &, double)> move;
    // Expected `worst` at relative distance d outside.
    std::function<double(const Point &, double)> worst;
};

void check_boundary(const Boundary &bd)
{
    Point inside;
    bd.move(inside, -kInside);
    expect_feasible(inside, std::string(bd.name) + " inside by 1e-9");
    for (double d : kOutside) {
        Point outside;
        bd.move(outside, d);
        expect_violation(outside, bd.constraint, bd.owner, bd.worst(outside, d),
                         std::string(bd.name) + " outside by " + std::to_string(d));
    }
}

TEST(Checker, BasePointIsFeasibleWithRoom)
{
    Point pt;
    expect_feasible(pt, "base point");
    ASSERT_GT(pt.delay(1), pt.delay(0) * 1.01); // owner 1 sets the delay
    ASSERT_GT(pt.rate(0), 2.0 * pt.prm.R_min_bps);
    ASSERT_GT(pt.rate(1), 2.0 * pt.prm.R_min_bps);
    ASSERT_GT(pt.rate(0), pt.rate(1) * 1.01); // owner 1 meets R_min first
}

// C1: phi_min <= phi_n <= phi_max, measured relative to phi_max.
TEST(Checker, C1AdapterShareBounds)
{
    check_boundary({ "C1 phi_max", 1, 1, [](Point &pt, double d) { pt.phi[1] = pt.prm.phi_max * (1.0 + d); },
                     [](const Point &, double d) { return d; } });
    check_boundary({ "C1 phi_min", 1, 0, [](Point &pt, double d) { pt.phi[0] = pt.prm.phi_min * (1.0 - d); },
                     [](const Point &pt, double d) { return d * pt.prm.phi_min / pt.prm.phi_max; } });
}

// C2: sum b_n <= B (a coupling constraint: owner -1), relative to B.
TEST(Checker, C2BandwidthBudget)
{
    check_boundary({ "C2 sum b", 2, -1, [](Point &pt, double d) { pt.b[1] = pt.prm.B_Hz * (1.0 + d) - pt.b[0]; },
                     [](const Point &, double d) { return d; } });
}

// C3: p_n <= p_max, relative to p_max.
TEST(Checker, C3PowerCap)
{
    check_boundary({ "C3 p_max", 3, 0, [](Point &pt, double d) { pt.p[0] = pt.prm.p_max_W * (1.0 + d); },
                     [](const Point &, double d) { return d; } });
}

// C4: f_min <= f_n <= f_max, both relative to f_max.
TEST(Checker, C4OwnerFrequencyBounds)
{
    check_boundary({ "C4 f_max", 4, 0, [](Point &pt, double d) { pt.f[0] = pt.prm.f_max_Hz * (1.0 + d); },
                     [](const Point &, double d) { return d; } });
    check_boundary({ "C4 f_min", 4, 1, [](Point &pt, double d) { pt.f[1] = pt.prm.f_min_Hz * (1.0 - d); },
                     [](const Point &pt, double d) { return d * pt.prm.f_min_Hz / pt.prm.f_max_Hz; } });
}

// C5: sum fL_n <= F_L (coupling: owner -1), relative to F_L.
TEST(Checker, C5LmoFrequencyBudget)
{
    check_boundary({ "C5 sum fL", 5, -1, [](Point &pt, double d) { pt.fL[0] = pt.prm.F_L_Hz * (1.0 + d) - pt.fL[1]; },
                     [](const Point &, double d) { return d; } });
}

// C6: R_n >= R_min, relative to R_min. The floor is moved to the owner's rate.
TEST(Checker, C6SecrecyRateFloor)
{
    check_boundary({ "C6 R_min", 6, 1, [](Point &pt, double d) { pt.prm.R_min_bps = pt.rate(1) * (1.0 + d); },
                     [](const Point &pt, double) { return (pt.prm.R_min_bps - pt.rate(1)) / pt.prm.R_min_bps; } });
}

// C7: T_n <= T for every owner (relative to T), and T <= T_max (coupling:
// owner -1, relative to T_max).
TEST(Checker, C7Delays)
{
    check_boundary({ "C7 T_n <= T", 7, 1, [](Point &pt, double d) { pt.T = pt.delay(1) / (1.0 + d); },
                     [](const Point &pt, double) { return (pt.delay(1) - pt.T) / pt.T; } });
    check_boundary({ "C7 T <= T_max", 7, -1, [](Point &pt, double d) { pt.prm.T_max_s = pt.T / (1.0 + d); },
                     [](const Point &pt, double) { return (pt.T - pt.prm.T_max_s) / pt.prm.T_max_s; } });
}

// Variables that must be positive: a negative fL_n would shorten the LMO
// time and the sum, so only C5's own check can catch it (size 1 by rule).
// A zero or negative b_n or p_n makes the rate 0 and the delay infinite.
TEST(Checker, PositivityAndNonFiniteValues)
{
    Point neg_fL;
    neg_fL.fL[1] = -neg_fL.fL[1];
    expect_violation(neg_fL, 5, 1, 1.0, "fL_1 < 0");

    for (int var = 0; var < 2; ++var) {
        Point zero;
        (var == 0 ? zero.b : zero.p)[0] = 0.0;
        otmec_violation v = zero.check();
        EXPECT_GE(v.worst, 1.0) << (var == 0 ? "b_0 = 0" : "p_0 = 0");
        EXPECT_EQ(v.owner, 0) << (var == 0 ? "b_0 = 0" : "p_0 = 0");
    }

    Point nan_phi;
    nan_phi.phi[0] = NAN;
    otmec_violation v = nan_phi.check();
    EXPECT_EQ(v.constraint, 1);
    EXPECT_EQ(v.owner, 0);
    EXPECT_EQ(v.worst, INFINITY);

    Point inf_T;
    inf_T.T = INFINITY; // no deadline, yet T itself must be a number
    expect_violation(inf_T, 7, -1, 1.0, "T = inf");
}

// Owners that are not active are not checked, and leave the sums.
TEST(Checker, InactiveOwnersAreIgnored)
{
    Point pt;
    pt.active[0] = 0;
    pt.phi[0] = 2.0;
    pt.b[0] = 1e9;
    pt.fL[0] = 1e12;
    expect_feasible(pt, "owner 0 inactive");
}

// Where two constraints are violated the larger one is reported.
TEST(Checker, ReportsTheLargestViolation)
{
    Point pt;
    pt.p[0] = pt.prm.p_max_W * (1.0 + 1e-3);
    pt.b[1] = pt.prm.B_Hz * (1.0 + 2e-3) - pt.b[0];
    expect_violation(pt, 2, -1, 2e-3, "C3 by 1e-3 and C2 by 2e-3");
    pt.b[1] = pt.prm.B_Hz * (1.0 + 0.5e-3) - pt.b[0];
    expect_violation(pt, 3, 0, 1e-3, "C3 by 1e-3 and C2 by 5e-4");
}

} // namespace
