// Model formulas of docs/model.md sections 2-4 against numbers worked out by hand.
#include "solver_fixture.h"

#include <cmath>
#include <random>

extern "C" {
#include "math/owner_problem.h"
#include "owner_eval_dense.h"
#include "solver/initial.h"
}

namespace {

otm_params default_flat()
{
    otmec_params p;
    otmec_params_default(&p);
    return otm_params_flat(&p);
}

TEST(Model, SecrecyRateByHand)
{
    // SNR to Bob 0.1*1e-9/(1e-20*1e6) = 1e4, to Eve 100.
    double b = 1e6, p = 0.1, h = 1e-9, g = 1e-11, N0 = 1e-20;
    double expected = b * (std::log2(1.0 + 1e4) - std::log2(1.0 + 100.0));
    EXPECT_NEAR(otm_secrecy_rate(b, p, h, g, N0), expected, 1e-9 * expected);
    EXPECT_NEAR(expected, 6.6296e6, 1e2); // 1e6 * (13.28786 - 6.65821)
    EXPECT_EQ(otm_secrecy_rate(0.0, p, h, g, N0), 0.0);
    EXPECT_LT(otm_secrecy_rate(b, p, g, h, N0), 0.0); // Eve stronger: negative
}

// The bracketing Newton-secant search against plain bisection on random
// channels, powers, budgets and floors (Eve absent in one case of ten): the
// same feasibility verdict, a feasible answer, at most rounding above
// bisection's, and tight (a hair less bandwidth misses the floor).
TEST(Model, MinimumBandwidthAgreesWithBisection)
{
    std::mt19937_64 rng(7);
    auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    int finite = 0;
    for (int i = 0; i < 20000; ++i) {
        double N0 = std::pow(10.0, uni(-21, -17)), h = std::pow(10.0, uni(-14, -7));
        double g = i % 10 == 0 ? 0.0 : h * std::pow(10.0, uni(-6, 0.3));
        double p = std::pow(10.0, uni(-4, 1)), B = std::pow(10.0, uni(4, 9)), R_min = std::pow(10.0, uni(2, 8));
        double lo = 0.0, hi = B;
        bool feasible = otm_secrecy_rate(B, p, h, g, N0) >= R_min;
        for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; ++k) {
            double mid = 0.5 * (lo + hi);
            (otm_secrecy_rate(mid, p, h, g, N0) >= R_min ? hi : lo) = mid;
        }
        double b = otm_min_bandwidth(p, h, g, N0, R_min, B);
        ASSERT_EQ(std::isfinite(b), feasible) << "case " << i;
        if (!feasible)
            continue;
        ++finite;
        EXPECT_GE(otm_secrecy_rate(b, p, h, g, N0), R_min) << "case " << i;
        EXPECT_LE(b, hi * (1.0 + 1e-13)) << "case " << i;
        EXPECT_LT(otm_secrecy_rate(b * (1.0 - 1e-12), p, h, g, N0), R_min) << "case " << i;
    }
    EXPECT_GT(finite, 5000);
}

TEST(Model, DelaysAndEnergiesByHand)
{
    otm_params q = default_flat();
    double D = 800, phi = 0.4, b = 2e6, p = 0.1, f = 1e9, fL = 2e9, h = 1e-9, g = 1e-11;
    otm_owner_cost c = otm_owner_costs(&q, h, g, D, phi, b, p, f, fL);
    double CL = 5e10 * 0.6;                  // 3e10 cycles
    double CD = 1 * 800 * 1e8 * (0.3 + 0.7 * 0.4); // 4.64e10 cycles
    double s = 1.6e9 * 0.4;                  // 6.4e8 bit
    double R = otm_secrecy_rate(b, p, h, g, q.N0);
    EXPECT_DOUBLE_EQ(c.TL, CL / fL);
    EXPECT_NEAR(c.TL, 15.0, 1e-12);
    EXPECT_NEAR(c.EL, 1e-27 * CL * fL * fL, 1e-9);
    EXPECT_NEAR(c.EL, 1e-27 * 3e10 * 4e18, 1e-9);   // 120 J
    EXPECT_NEAR(c.TD, CD / f, 1e-9);
    EXPECT_NEAR(c.TD, 46.4, 1e-9);
    EXPECT_NEAR(c.ED, 5e-27 * 4.64e10 * 1e18, 1e-9); // 232 J
    EXPECT_NEAR(c.TU, s / R, 1e-12 * c.TU);
    EXPECT_NEAR(c.EU, p * s / R, 1e-12 * c.EU);
    EXPECT_NEAR(c.T, c.TL + c.TD + c.TU, 1e-12 * c.T);
    EXPECT_NEAR(c.E, c.EL + c.ED + c.EU, 1e-12 * c.E);
    EXPECT_NEAR(otm_utility(&q, 1.25, 0.4), 1.25 * std::log(9.0), 1e-14);
}

TEST(Model, AffineInPhiMatchesCosts)
{
    otm_params q = default_flat();
    double D = 640, b = 3e6, p = 0.15, f = 1.2e9, fL = 1.5e9, h = 2e-9, g = 3e-11;
    double R = otm_secrecy_rate(b, p, h, g, q.N0);
    otm_affine_phi a = otm_affine_in_phi(&q, D, R, p, f, fL);
    for (double phi : {0.05, 0.2, 0.5}) {
        otm_owner_cost c = otm_owner_costs(&q, h, g, D, phi, b, p, f, fL);
        EXPECT_NEAR(a.alpha + a.beta * phi, c.T, 1e-12 * c.T);
        EXPECT_NEAR(a.e0 + a.e1 * phi, c.E, 1e-12 * c.E);
    }
}

TEST(Model, ClosedFormPhiAgainstGrid)
{
    for (double a : {0.5, 2.0, 10.0, 80.0, -1.0}) {
        double omega = 1.3, zeta = 20, lo = 0.05, hi = 0.5;
        double phi = otm_phi_closed_form(omega, zeta, a, lo, hi);
        double best = -1e300, arg = lo;
        for (int k = 0; k <= 200000; ++k) {
            double x = lo + (hi - lo) * k / 200000.0;
            double v = omega * std::log1p(zeta * x) - a * x;
            if (v > best) {
                best = v;
                arg = x;
            }
        }
        double v = omega * std::log1p(zeta * phi) - a * phi;
        EXPECT_GE(v, best - 1e-12) << "a=" << a;
        EXPECT_NEAR(phi, arg, 2e-5) << "a=" << a;
    }
}

TEST(Model, MinimumBandwidthIsTight)
{
    otm_params q = default_flat();
    double h = 5e-10, g = 5e-12;
    double b = otm_min_bandwidth(q.p_max, h, g, q.N0, q.R_min, q.B);
    ASSERT_TRUE(std::isfinite(b));
    EXPECT_GE(otm_secrecy_rate(b, q.p_max, h, g, q.N0), q.R_min);
    EXPECT_LT(otm_secrecy_rate(b * (1 - 1e-9), q.p_max, h, g, q.N0), q.R_min);
    // Far owner: R(B, p_max) < R_min means outage.
    EXPECT_FALSE(std::isfinite(otm_min_bandwidth(q.p_max, 1e-17, 1e-18, q.N0, q.R_min, q.B)));
    EXPECT_TRUE(otm_owner_in_outage(&q, 1e-17, 1e-18));
    EXPECT_TRUE(otm_owner_in_outage(&q, 1e-12, 2e-12)); // Eve closer
    EXPECT_FALSE(otm_owner_in_outage(&q, h, g));
}

// Jets give exact gradients and Hessians: check against central differences.
TEST(Model, JetDerivativesMatchFiniteDifferences)
{
    otm_params q = default_flat();
    otm_owner_data od = {6.1e-10, 4.1e-12, 885, 1.1, 0.3, 7e-16, 0};
    otm_eve_linearization(&od, 2e6, 0.15, q.N0);
    otm_scales sc = {{1, 2e6, 0.2, 1.5e9, 2e9}, 150, 40, 2e7};
    double x[5] = {0.3, 2.2e6, 0.15, 1.2e9, 1.8e9};
    for (otm_kind kind : {OTM_KIND_SP2, OTM_KIND_SP2_EXACT, OTM_KIND_FULL}) {
        unsigned mask = kind == OTM_KIND_FULL ? 31u : 30u;
        otm_dense_jets J = otm_owner_eval_expanded(kind, &q, &od, 0.09, x, mask, &sc);
        const jet *js[3] = {&J.F, &J.cR, &J.Tn};
        for (int i = (kind == OTM_KIND_FULL ? 0 : 1); i < 5; ++i) {
            double step = 1e-6, xp[5], xm[5];
            for (int k = 0; k < 5; ++k)
                xp[k] = xm[k] = x[k];
            xp[i] += step * sc.x[i];
            xm[i] -= step * sc.x[i];
            otm_dense_jets P = otm_owner_eval_expanded(kind, &q, &od, 0.09, xp, mask, &sc);
            otm_dense_jets M = otm_owner_eval_expanded(kind, &q, &od, 0.09, xm, mask, &sc);
            const jet *jp[3] = {&P.F, &P.cR, &P.Tn}, *jm[3] = {&M.F, &M.cR, &M.Tn};
            for (int c = 0; c < 3; ++c) {
                double fd = (jp[c]->v - jm[c]->v) / (2 * step);
                double tol = 1e-6 * (std::fabs(js[c]->g[i]) + 1e-6 * std::fabs(js[c]->v) + 1e-12);
                EXPECT_NEAR(fd, js[c]->g[i], tol) << "kind " << kind << " c " << c << " i " << i;
                for (int j = 0; j < 5; ++j) {
                    double fdh = (jp[c]->g[j] - jm[c]->g[j]) / (2 * step);
                    double tolh = 1e-5 * (std::fabs(jet_h(js[c], i, j)) + 1e-3 * std::fabs(js[c]->g[j]) + 1e-12);
                    EXPECT_NEAR(fdh, jet_h(js[c], i, j), tolh) << "kind " << kind << " c " << c << " H" << i << j;
                }
            }
        }
    }
}

// R(b, p) is jointly concave when h > g: both perspective Hessians are rank
// one along (p/b, -1). Checked on random points by the sign of the Hessian.
TEST(Model, SecrecyRateIsJointlyConcaveWhenBobIsStronger)
{
    otm_params q = default_flat();
    otm_scales sc = {{1, 1e6, 0.1, 1e9, 1e9}, 100, 10, 1e7};
    unsigned seed = 7;
    auto uniform = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) / 16777216.0;
    };
    for (int trial = 0; trial < 2000; ++trial) {
        double h = std::pow(10.0, -12 + 4 * uniform());
        double g = h * std::pow(10.0, -3 * uniform()) * (1 - 1e-6);
        double b = 1e4 + 2e7 * uniform(), p = 1e-4 + 0.2 * uniform();
        jet jb = jet_var(JET_B, b, sc.x[JET_B]), jp = jet_var(JET_P, p, sc.x[JET_P]);
        jet R = jet_sub(jet_perspective_log(jb, jp, h / q.N0), jet_perspective_log(jb, jp, g / q.N0));
        double a = jet_h(&R, 1, 1), c = jet_h(&R, 2, 2), d = jet_h(&R, 1, 2);
        double scale = std::fabs(a) + std::fabs(c) + 1e-300;
        EXPECT_LE(a, 1e-12 * scale);
        EXPECT_LE(c, 1e-12 * scale);
        EXPECT_GE(a * c - d * d, -1e-9 * scale * scale) << "h " << h << " g " << g << " b " << b << " p " << p;
    }
}

TEST(Model, CheckerFindsEachViolation)
{
    otmec_params prm;
    otmec_params_default(&prm);
    otmec_instance *inst = make_instance(prm, {1e-9, 5e-10}, {1e-11, 1e-11}, {700, 900});
    unsigned char active[2] = {1, 1};
    double phi[2] = {0.3, 0.4}, b[2] = {8e6, 8e6}, p[2] = {0.1, 0.2}, f[2] = {1e9, 1.2e9}, fL[2] = {5e9, 5e9};
    otmec_allocation a = {2, active, phi, b, p, f, fL, 0.0};
    for (int k = 0; k < 2; ++k) {
        otm_params q = otm_params_flat(&prm);
        otm_owner_cost c = otm_owner_costs(&q, otmec_instance_h(inst)[k], otmec_instance_g(inst)[k],
                                           otmec_instance_D(inst)[k], phi[k], b[k], p[k], f[k], fL[k]);
        a.T_s = std::fmax(a.T_s, c.T);
    }
    otmec_violation v;
    ASSERT_EQ(otmec_check_allocation(inst, &a, &v), OTMEC_OK);
    EXPECT_EQ(v.worst, 0.0);
    EXPECT_EQ(v.constraint, 0);

    double T = a.T_s;
    a.T_s = 1e5; // generous time: only the bound under test is violated
    phi[1] = 0.6; // C1
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 1);
    EXPECT_EQ(v.owner, 1);
    EXPECT_NEAR(v.worst, 0.1 / 0.5, 1e-12);
    phi[1] = 0.4;
    b[0] = 1.3e7; // C2: sum 2.1e7 > 2e7
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 2);
    EXPECT_EQ(v.owner, -1);
    b[0] = 8e6;
    p[0] = 0.25; // C3
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 3);
    p[0] = 0.1;
    f[1] = 2e8; // C4
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 4);
    f[1] = 1.2e9;
    fL[1] = 1.6e10; // C5
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 5);
    fL[1] = 5e9;
    a.T_s = 0.9 * T; // C7
    otmec_check_allocation(inst, &a, &v);
    EXPECT_EQ(v.constraint, 7);
    a.T_s = T;
    b[1] = 1e3; // C6: rate far below R_min (and T_n explodes, C7 too)
    otmec_check_allocation(inst, &a, &v);
    EXPECT_TRUE(v.constraint == 6 || v.constraint == 7);
    otmec_instance_free(inst);
}

TEST(Model, EvaluationRecomputesRatio)
{
    otmec_params prm;
    otmec_params_default(&prm);
    otmec_instance *inst = make_instance(prm, {1e-9, 5e-10}, {1e-11, 1e-11}, {700, 900});
    unsigned char active[2] = {1, 1};
    double phi[2] = {0.3, 0.4}, b[2] = {8e6, 8e6}, p[2] = {0.1, 0.2}, f[2] = {1e9, 1.2e9}, fL[2] = {5e9, 5e9};
    otmec_allocation a = {2, active, phi, b, p, f, fL, 200.0};
    otmec_evaluation e;
    ASSERT_EQ(otmec_evaluate_allocation(inst, &a, &e), OTMEC_OK);
    double U = 700.0 / 800.0 * std::log(7.0) + 900.0 / 800.0 * std::log(9.0);
    EXPECT_NEAR(e.utility, U, 1e-12);
    EXPECT_NEAR(e.consumption, 0.05 * e.energy_J + 0.95 * 200.0, 1e-9);
    EXPECT_NEAR(e.ratio, U / e.consumption, 1e-15);
    otmec_instance_free(inst);
}

} // namespace

TEST(Jet, PackedHessianIndicesAgree)
{
    // every packed entry once, in row order, upper triangle only
    for (int k = 0; k < JET_HDIM; ++k) {
        EXPECT_LE(jet_row(k), jet_col(k)) << k;
        EXPECT_EQ(jet_hk(jet_row(k), jet_col(k)), k);
        if (k > 0) {
            EXPECT_TRUE(jet_row(k) > jet_row(k - 1) || jet_col(k) == jet_col(k - 1) + 1) << k;
        }
    }
    EXPECT_EQ(jet_hk(JET_DIM - 1, JET_DIM - 1), JET_HDIM - 1);
}
