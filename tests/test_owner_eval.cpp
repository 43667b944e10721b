// The owner problem's closed-form jets (otm_owner_eval) against the dense jet
// arithmetic they replaced (tests/owner_eval_dense.h, no derivative code in
// common) on random points over the whole parameter box, the extremes of
// tests/test_extreme.cpp included, for every kind and several free masks;
// and a few entries against finite differences.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

extern "C" {
#include "internal.h"
#include "owner_eval_dense.h"
}

namespace {

const otm_kind kKinds[] = {OTM_KIND_SP2, OTM_KIND_SP2_EXACT, OTM_KIND_FULL, OTM_KIND_PHASE1};

// The masks the solver uses (SP2: b, p, f, fL; FULL: all; PHASE1: b, fL),
// none, and single and mixed ones that put phi and a (b, p) variable apart.
const unsigned kMasks[] = {31u, 30u, 18u, 0u, 1u, 2u, 4u, 5u, 9u, 17u, 21u, 26u};

struct Draw {
    std::mt19937_64 rng{20};
    double uni(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
    double log_uni(double lo, double hi) { return std::exp(uni(std::log(lo), std::log(hi))); }
    bool coin(double p) { return uni(0.0, 1.0) < p; }
    // lo, hi or a point between: bounds are where the solver ends up
    double in_box(double lo, double hi)
    {
        double u = uni(0.0, 1.0);
        return u < 0.1 ? lo : (u < 0.2 ? hi : uni(lo, hi));
    }
};

otm_params default_params()
{
    otmec_params prm;
    otmec_params_default(&prm);
    return otm_params_flat(&prm);
}

// Scales of an ordinary operating point of the default scenario.
otm_scales ordinary_scales(const otm_params &q)
{
    return otm_scales{{1.0, 2e6, q.p_max, q.f_max, 2e9}, 100.0, 10.0, q.B};
}

// A point anywhere in the box, b, p and fL over decades.
struct Point {
    double x[JET_DIM];
};

Point draw_wide_point(Draw &r, const otm_params &q)
{
    Point pt;
    pt.x[JET_PHI] = r.uni(q.phi_min, q.phi_max);
    pt.x[JET_B] = r.log_uni(1e4, 2e7);
    pt.x[JET_P] = r.log_uni(1e-4, q.p_max);
    pt.x[JET_F] = r.uni(q.f_min, q.f_max);
    pt.x[JET_FL] = r.log_uni(1e7, 2e10);
    return pt;
}

// An owner within the default scenario's ranges, Eve's gain a fraction of
// Bob's drawn log-uniformly from [eve_lo, eve_hi].
otm_owner_data draw_owner(Draw &r, const otm_params &q, double eve_lo, double eve_hi)
{
    otm_owner_data od;
    od.h = r.log_uni(1e-11, 1e-9);
    od.g = od.h * r.log_uni(eve_lo, eve_hi);
    od.D = std::floor(r.uni(500.0, 1001.0));
    od.omega = r.uni(0.5, 2.0);
    od.phi = r.uni(q.phi_min, q.phi_max);
    return od;
}

// Calls check(q, od, x, r, trial) at `count` random owners (Eve 1e-6 to
// 0.99 of Bob) and points anywhere in the box, the default parameters.
template <class Check> void for_random_points(int count, Check check)
{
    Draw r;
    const otm_params q = default_params();
    for (int trial = 0; trial < count; ++trial) {
        const otm_owner_data od = draw_owner(r, q, 1e-6, 0.99);
        const Point pt = draw_wide_point(r, q);
        check(q, od, pt.x, r, trial);
    }
}

struct Case {
    otm_params q;
    otm_owner_data od;
    otm_scales sc;
    double lambda;
    double x[JET_DIM];
};

// One random owner problem. The parameters range over what the scenario
// files accept and tests/test_extreme.cpp solves: data sets from 1 to 1e15
// samples, zeta from 1e-12 to 100, Bob's gain 1e-12 above Eve's up to 1e8
// times it, bandwidths from 1 kHz to 10 GHz per owner, any weights.
Case random_case(Draw &r)
{
    otmec_params prm;
    otmec_params_default(&prm);
    Case c;
    c.q = otm_params_flat(&prm);
    otm_params &q = c.q;
    q.N0 = prm.N0_W_per_Hz * r.log_uni(1e-2, 1e2);
    q.p_max = r.log_uni(1e-3, 10.0);
    q.R_min = r.coin(0.1) ? 0.0 : r.log_uni(1e3, 1e8);
    q.f_min = r.log_uni(1e7, 1e9);
    q.f_max = q.f_min * r.log_uni(1.0 + 1e-9, 100.0);
    q.kappa_D = r.log_uni(1e-29, 1e-25);
    q.kappa_L = r.log_uni(1e-29, 1e-25);
    q.c_L = r.log_uni(1e6, 1e13);
    q.c_full = r.log_uni(1e4, 1e10);
    q.gamma_E = r.uni(0.0, 1.0);
    q.epochs = r.log_uni(1.0, 100.0);
    q.M = r.log_uni(1e3, 1e12);
    q.phi_min = r.uni(1e-3, 0.5);
    q.phi_max = r.coin(0.1) ? q.phi_min : q.phi_min + r.uni(0.0, 1.0 - q.phi_min);
    q.zeta = r.log_uni(1e-12, 1e2);
    q.w_e = r.coin(0.1) ? 0.0 : (r.coin(0.1) ? 1.0 : r.uni(0.0, 1.0));
    q.w_t = 1.0 - q.w_e;

    otm_owner_data &od = c.od;
    od.h = r.log_uni(1e-14, 1e-6);
    double ratio = r.coin(0.3) ? 1.0 / (1.0 + std::pow(10.0, -r.uni(3.0, 12.0))) : r.log_uni(1e-8, 0.99);
    od.g = od.h * ratio;
    od.D = r.coin(0.2) ? (r.coin(0.5) ? 1.0 : 1e15) : std::floor(r.log_uni(1.0, 1e12));
    od.omega = r.log_uni(1e-2, 1e2);

    double n = std::floor(r.log_uni(1.0, 1e5));
    double B = r.log_uni(1e3, 1e10) * n, F_L = r.log_uni(1e7, 1e11) * n;
    q.B = B;
    q.F_L = F_L;
    double b_scale = B / n, fL_scale = F_L / n;
    c.sc = otm_scales{{1.0, b_scale, q.p_max, q.f_max, fL_scale}, r.log_uni(1e-3, 1e6), r.log_uni(1e-6, 1e4), B};

    double *x = c.x;
    x[JET_PHI] = r.in_box(q.phi_min, q.phi_max);
    x[JET_B] = b_scale * r.log_uni(1e-6, 100.0);
    x[JET_P] = q.p_max * (r.coin(0.1) ? 1.0 : r.log_uni(1e-8, 1.0));
    x[JET_F] = r.in_box(q.f_min, q.f_max);
    x[JET_FL] = fL_scale * r.log_uni(1e-6, 100.0);

    // SP2's constants where the solver takes them: phi and Eve's
    // linearization at another point of the box, y the FP optimum there.
    od.phi = r.in_box(q.phi_min, q.phi_max);
    double b0 = b_scale * r.log_uni(1e-3, 10.0), p0 = q.p_max * r.log_uni(1e-6, 1.0);
    otm_eve_linearization(&od, b0, p0, q.N0);
    double R0 = otm_secrecy_rate(b0, p0, od.h, od.g, q.N0);
    od.y = otm_fp_auxiliary(&q, p0, od.phi, R0) * r.log_uni(0.1, 10.0);
    c.lambda = r.log_uni(1e-4, 1e2);
    return c;
}

const char *const kOutputs[] = {"F", "cR", "Tn"};

std::string entry_name(int e)
{
    if (e == 0)
        return "value";
    if (e <= JET_DIM)
        return "g" + std::to_string(e - 1);
    int k = e - 1 - JET_DIM;
    return "h" + std::to_string(jet_row(k)) + std::to_string(jet_col(k));
}

double entry(const jet &J, int e)
{
    return e == 0 ? J.v : (e <= JET_DIM ? J.g[e - 1] : J.h[e - 1 - JET_DIM]);
}

// Where an entry is a difference of large terms (R_b at low SNR, 1/R's
// b-p curvature, the curvature in p of the energy p s/R, the phi slope of
// T_n), its last bits are rounding noise of the terms' size in any
// evaluation, and the dense jets, whose chain rule forms more such
// differences (R_p through b + p g/N0 when Eve's SNR is large), carry more
// of it than the closed forms (checked against 60-digit arithmetic where
// the two differed most). So an entry may also differ by the rounding noise
// of either evaluation at that point: the largest change of the entry when
// every operation rounds upward, downward, or the point moves by a few ulps
// (directed rounding shifts terms alike and can miss their difference's
// noise; moved points draw it afresh). A wrong partial derivative moves an
// entry by its own size, far beyond either.
typedef otm_dense_jets (*eval_fn)(otm_kind, const otm_params *, const otm_owner_data *, double, const double *,
                                  unsigned, const otm_scales *);

const int kNeighbours = 4;

struct Rounded {
    otm_dense_jets nearest, up, down;
    otm_dense_jets neighbour[kNeighbours];
};

// Called through a volatile pointer so that the compiler, which assumes
// rounding to nearest, cannot evaluate once and reuse the result.
Rounded eval_rounded(eval_fn fn, const Case &c, const double (*xn)[JET_DIM], otm_kind kind, unsigned mask)
{
    eval_fn volatile call = fn;
    Rounded r;
    for (int k = 0; k < kNeighbours; ++k)
        r.neighbour[k] = call(kind, &c.q, &c.od, c.lambda, xn[k], mask, &c.sc);
    r.nearest = call(kind, &c.q, &c.od, c.lambda, c.x, mask, &c.sc);
    std::fesetround(FE_UPWARD);
    r.up = call(kind, &c.q, &c.od, c.lambda, c.x, mask, &c.sc);
    std::fesetround(FE_DOWNWARD);
    r.down = call(kind, &c.q, &c.od, c.lambda, c.x, mask, &c.sc);
    std::fesetround(FE_TONEAREST);
    return r;
}

const jet &output(const otm_dense_jets &J, int c)
{
    return c == 0 ? J.F : (c == 1 ? J.cR : J.Tn);
}

double rounding_noise(const Rounded &r, int c, int e)
{
    double x = entry(output(r.nearest, c), e);
    double n = std::fmax(std::fabs(entry(output(r.up, c), e) - x), std::fabs(entry(output(r.down, c), e) - x));
    for (int k = 0; k < kNeighbours; ++k)
        n = std::fmax(n, std::fabs(entry(output(r.neighbour[k], c), e) - x));
    return n;
}

struct Worst {
    double err = 0.0; // |closed - dense| / max(1e-12 kappa scale, rounding noise)
    std::string where;
};

void compare(const Rounded &a, const Rounded &b, double kappa, const std::string &label, Worst &w)
{
    for (int c = 0; c < 3; ++c)
        for (int e = 0; e < 1 + JET_DIM + JET_HDIM; ++e) {
            double x = entry(output(a.nearest, c), e), y = entry(output(b.nearest, c), e);
            double noise = rounding_noise(a, c, e) + rounding_noise(b, c, e);
            // An off-diagonal entry relative to the geometric mean of its two
            // diagonal curvatures (Cauchy-Schwarz: its share of the quadratic
            // model d^T H d), each at least g_i^2/|v|, the curvature of a
            // power law with that value and slope.
            const jet &J = output(b.nearest, c);
            double scale = std::fabs(y);
            if (e > JET_DIM) {
                int k = e - 1 - JET_DIM, i = jet_row(k), j = jet_col(k);
                double si = std::fabs(jet_h(&J, i, i)) + J.g[i] * J.g[i] / std::fabs(J.v);
                double sj = std::fabs(jet_h(&J, j, j)) + J.g[j] * J.g[j] / std::fabs(J.v);
                scale += std::sqrt(si * sj);
            }
            double tol = std::fmax(1e-12 * kappa * scale, noise);
            double err = x == y ? 0.0 : std::fabs(x - y) / tol;
            if (!(err <= w.err)) {
                w.err = std::isnan(err) ? INFINITY : err;
                char buf[200];
                std::snprintf(buf, sizeof buf, " %s.%s: closed %.17g dense %.17g rounding noise %.3g", kOutputs[c],
                              entry_name(e).c_str(), x, y, noise);
                w.where = label + buf;
            }
        }
}

TEST(OwnerEval, ClosedFormsMatchDenseJets)
{
    Draw r;
    Worst worst;
    int points = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        Case c = random_case(r);
        double xn[kNeighbours][JET_DIM];
        for (int k = 0; k < kNeighbours; ++k)
            for (int j = 0; j < JET_DIM; ++j)
                xn[k][j] = c.x[j] * (1.0 + (r.coin(0.5) ? 1.0 : -1.0) * 0x1p-52 * (k + 1));
        // The dense jets' own rounding error grows with two condition
        // numbers: Eve's SNR (their chain rule forms b/(b + p g/N0) as
        // 1 - (p g/N0)/(b + p g/N0)) and 1/w at low SNR w (R_b as the
        // difference log1p(w) - w/(1 + w)); the 1e-12 is relative to both.
        double D1 = c.x[JET_B] + c.x[JET_P] * (c.od.g / c.q.N0);
        double snr_eve = c.x[JET_P] * (c.od.g / c.q.N0) / c.x[JET_B];
        double w = c.x[JET_P] * ((c.od.h - c.od.g) / c.q.N0) / D1;
        double kappa = (1.0 + snr_eve) * (1.0 + 1.0 / w);
        for (otm_kind kind : kKinds)
            for (unsigned mask : kMasks) {
                Rounded a = eval_rounded(otm_owner_eval_expanded, c, xn, kind, mask);
                Rounded b = eval_rounded(otm_owner_eval_dense, c, xn, kind, mask);
                compare(a, b, kappa, "trial " + std::to_string(trial) + " kind " + std::to_string(kind) + " mask " +
                                  std::to_string(mask), worst);
                ++points;
            }
    }
    std::printf("%d evaluations; worst |closed - dense| / tolerance = %.3g at %s\n", points, worst.err,
                worst.where.c_str());
    EXPECT_LE(worst.err, 1.0) << worst.where;
}

// A few entries of each kind against central differences of the closed
// forms themselves, at ordinary points of the default scenario: the gradient
// from values, the Hessian from gradients.
TEST(OwnerEval, ClosedFormsMatchFiniteDifferences)
{
    Draw r;
    const otm_params q = default_params();
    for (int trial = 0; trial < 50; ++trial) {
        otm_owner_data od = draw_owner(r, q, 1e-3, 0.5);
        otm_eve_linearization(&od, 2e6, 0.1, q.N0);
        od.y = otm_fp_auxiliary(&q, 0.1, od.phi, otm_secrecy_rate(2e6, 0.1, od.h, od.g, q.N0));
        const otm_scales sc = ordinary_scales(q);
        double x[JET_DIM] = {r.uni(q.phi_min, q.phi_max), r.uni(0.5e6, 4e6), r.uni(0.02, q.p_max),
                             r.uni(q.f_min, q.f_max), r.uni(0.5e9, 4e9)};
        for (otm_kind kind : kKinds) {
            otm_dense_jets J = otm_owner_eval_expanded(kind, &q, &od, 0.1, x, 31u, &sc);
            for (int i = 0; i < JET_DIM; ++i) {
                const double step = 1e-6;
                double xp[JET_DIM], xm[JET_DIM];
                for (int k = 0; k < JET_DIM; ++k)
                    xp[k] = xm[k] = x[k];
                xp[i] += step * sc.x[i];
                xm[i] -= step * sc.x[i];
                otm_dense_jets P = otm_owner_eval_expanded(kind, &q, &od, 0.1, xp, 31u, &sc);
                otm_dense_jets M = otm_owner_eval_expanded(kind, &q, &od, 0.1, xm, 31u, &sc);
                for (int c = 0; c < 3; ++c) {
                    const jet &j0 = output(J, c), &jp = output(P, c), &jm = output(M, c);
                    double fd = (jp.v - jm.v) / (2 * step);
                    EXPECT_NEAR(fd, j0.g[i], 1e-6 * (std::fabs(j0.g[i]) + 1e-6 * std::fabs(j0.v)) + 1e-12)
                        << "kind " << kind << " " << kOutputs[c] << " g" << i << " trial " << trial;
                    for (int j = 0; j < JET_DIM; ++j) {
                        double fdh = (jp.g[j] - jm.g[j]) / (2 * step);
                        EXPECT_NEAR(fdh, jet_h(&j0, i, j),
                                    1e-5 * (std::fabs(jet_h(&j0, i, j)) + 1e-3 * std::fabs(j0.g[j])) + 1e-12)
                            << "kind " << kind << " " << kOutputs[c] << " h" << i << j << " trial " << trial;
                    }
                }
            }
        }
    }
}

// The full problem's by-products, each owner's utility and energy (the
// refinement sums them for U/S), against the model's own formulas.
TEST(OwnerEval, UtilityAndEnergyMatchTheModel)
{
    for_random_points(200, [](const otm_params &q, const otm_owner_data &od, const double *x, Draw &r, int trial) {
        const otm_scales sc = ordinary_scales(q);
        otm_owner_jets J = otm_owner_eval(OTM_KIND_FULL, &q, &od, r.uni(0.01, 3.0), x, 31u, &sc);
        otm_owner_cost c = otm_owner_costs(&q, od.h, od.g, od.D, x[JET_PHI], x[JET_B], x[JET_P], x[JET_F],
                                           x[JET_FL]);
        double util = otm_utility(&q, od.omega, x[JET_PHI]);
        EXPECT_NEAR(J.util, util, 1e-14 * util) << "trial " << trial;
        EXPECT_NEAR(J.energy, c.E, 1e-13 * c.E) << "trial " << trial;
        // other kinds carry none
        otm_owner_jets P = otm_owner_eval(OTM_KIND_PHASE1, &q, &od, 0.0, x, 31u, &sc);
        EXPECT_EQ(P.util, 0.0);
        EXPECT_EQ(P.energy, 0.0);
    });
}

// The full problem's objective moved to another lambda by an update
// (what the refinement does when lambda rises) against an evaluation there.
TEST(OwnerEval, RelambdaMatchesAnEvaluation)
{
    for_random_points(200, [](const otm_params &q, const otm_owner_data &od, const double *x, Draw &r, int trial) {
        const otm_scales sc = ordinary_scales(q);
        const double lambda = r.log_uni(1e-3, 3.0), raised = lambda * r.uni(1.0, 1.5);
        otm_owner_jets J, at;
        otm_owner_hessians H, at_H;
        otm_owner_eval_into(OTM_KIND_FULL, &q, &od, lambda, x, 31u, &sc, &J, &H);
        otm_owner_eval_into(OTM_KIND_FULL, &q, &od, raised, x, 31u, &sc, &at, &at_H);
        otm_owner_jets_relambda(&J, &H, raised / lambda);
        // the size of the terms that cancel in F: its energy and utility parts
        const double scale = std::fabs(at.F.v) + std::fabs(at.uF[0]);
        EXPECT_NEAR(J.F.v, at.F.v, 1e-14 * scale) << "trial " << trial;
        for (int j = 0; j < JET_DIM; ++j) {
            const double sj = std::fabs(at.F.g[j]) + (j == JET_PHI ? std::fabs(at.uF[1]) : 0.0);
            EXPECT_NEAR(J.F.g[j], at.F.g[j], 1e-14 * sj) << "trial " << trial << " g" << j;
        }
        for (int k = 0; k < OTM_ARROW_HDIM; ++k)
            EXPECT_NEAR(H.F[k], at_H.F[k], 1e-14 * std::fabs(at_H.F[k])) << "trial " << trial << " h" << k;
    });
}

// t - ln(1 + t) near t = 0 (where the difference of the two would keep no
// digits) against its series, and elsewhere against long double.
TEST(OwnerEval, LogGapIsAccurate)
{
    for (double t : {1e-12, -1e-12, 1e-8, -1e-8, 1e-5, -1e-5}) {
        double series = t * t * (0.5 - t / 3.0 + t * t / 4.0);
        EXPECT_NEAR(otm_log1p_gap(t, 1.0 + t), series, 1e-15 * series) << t;
    }
    for (double t : {0.05, -0.05, 0.099, 0.1, -0.1, 0.5, -0.5, 3.0, 1e6, -0.999, -1.0 + 1e-9}) {
        long double lt = t;
        double ref = (double)(lt - log1pl(lt));
        EXPECT_NEAR(otm_log1p_gap(t, 1.0 + t), ref, 3e-14 * ref) << t;
        EXPECT_GT(otm_log1p_gap(t, 1.0 + t), 0.0) << t;
    }
    EXPECT_EQ(otm_log1p_gap(0.0, 1.0), 0.0);
}

// The SCA surrogate of the secrecy rate is at most the rate and equals it
// at the linearization point, also where h is barely above g (one ulp: the
// surrogate formed as a difference of Bob's and Eve's terms was 1.6x the
// rate there, and a fuzzed solve missed a deadline by as much).
TEST(OwnerEval, SurrogateNeverAboveTheRate)
{
    Draw r;
    const double N0 = 1.6e-13;
    for (int trial = 0; trial < 20000; ++trial) {
        otm_owner_data od = {};
        od.g = r.log_uni(1e-14, 1e-7);
        od.h = r.coin(0.3) ? std::nextafter(od.g, 1.0) : od.g * (1.0 + r.log_uni(1e-15, 1e3));
        double b0 = r.log_uni(1e2, 1e9), p0 = r.log_uni(1e-6, 10.0);
        otm_eve_linearization(&od, b0, p0, N0);
        double R0 = otm_secrecy_rate(b0, p0, od.h, od.g, N0);
        // (the IPM's rate divides by b + p g/N0 once, the checker's per call: ulps apart)
        EXPECT_NEAR(otm_surrogate_rate(b0, p0, &od, N0), R0, 1e-15 * R0) << trial;
        double b = b0 * r.log_uni(1e-3, 1e3), p = p0 * r.log_uni(1e-3, 1e3);
        double R = otm_secrecy_rate(b, p, od.h, od.g, N0), Rs = otm_surrogate_rate(b, p, &od, N0);
        EXPECT_LE(Rs, R * (1.0 + 1e-15)) << trial << " h/g-1 " << od.h / od.g - 1.0;
        // The gap b psi(t) against the tangent less Eve's term formed
        // directly in long double, where that difference is well
        // conditioned (Eve's SNR not small, the gap not tiny).
        long double a = (long double)od.g / N0, u0 = a * p0 / b0;
        long double tangent = (log1pl(u0) - u0 / (1 + u0)) * b + a / (1 + u0) * p, eve = b * log1pl(p * a / b);
        otm_bp_derivs gap = otm_tangent_gap_bp(b, p, od.g / N0, od.eve_snr0);
        if (u0 > 1e-3L && tangent - eve > 1e-4L * tangent) {
            EXPECT_NEAR(gap.v, (double)(tangent - eve), 1e-11 * (double)(tangent - eve)) << trial;
        }
    }
}

}  // namespace
