// Random owner states of the interior-point method for the tests of its
// owner phases (test_newton_block.cpp, test_owner_lanes.cpp): random points
// over the parameter box, every kind and the solver's free masks, random
// multipliers and slacks; the jets from otm_owner_eval itself.
#ifndef OTMEC_TESTS_RANDOM_OWNER_STATE_H
#define OTMEC_TESTS_RANDOM_OWNER_STATE_H

#include <cmath>
#include <random>

extern "C" {
#include "internal.h"
#include "math/ipm_owner.h"
}

namespace {

struct Draw {
    std::mt19937_64 rng{2020};
    double uni(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
    double log_uni(double lo, double hi) { return std::exp(uni(std::log(lo), std::log(hi))); }
    bool coin(double p) { return uni(0.0, 1.0) < p; }
};

struct State {
    otm_ipm_ctx c;
    otm_owner_data od;
    otm_ipm_shared sh;
    otm_ipm_owner o;
    otm_owner_hessians H; // o's
    otm_ipm_step st; // only the violations of a second-order correction are read
};

// A random owner of a random scenario (the ranges of tests/test_owner_eval.cpp,
// less the extremes), strictly inside its bounds, with random slacks over
// several decades and multipliers near the central path (mu / slack within
// a factor 10, as the solver keeps them; kCentral), or drawn independently
// over twelve decades (kWild): blocks with condition numbers up to 1e15, as
// late in a solve, where any two solves, the dense one and the arrowhead,
// differ from the exact solution and from each other by the condition
// number times the rounding (checked against long double: neither is the
// more accurate). kMild: early iterations, mu and the slacks near 1, where
// the two must agree to 1e-12.
enum Spread { kMild, kCentral, kWild };

State random_state(Draw &r, otm_kind kind, unsigned mask, Spread spread)
{
    otmec_params prm;
    otmec_params_default(&prm);
    State s{};
    otm_ipm_ctx &c = s.c;
    c.kind = kind;
    c.q = otm_params_flat(&prm);
    otm_params &q = c.q;
    q.N0 = prm.N0_W_per_Hz * r.log_uni(1e-1, 1e1);
    q.p_max = r.log_uni(1e-2, 1.0);
    q.R_min = r.log_uni(1e3, 1e6);
    q.f_min = r.log_uni(1e8, 1e9);
    q.f_max = q.f_min * r.log_uni(2.0, 10.0);
    q.phi_min = r.uni(0.05, 0.4);
    q.phi_max = q.phi_min + r.uni(0.1, 1.0 - q.phi_min);
    q.zeta = r.log_uni(1e-3, 1e1);
    q.w_e = r.uni(0.1, 0.9);
    q.w_t = 1.0 - q.w_e;
    otm_owner_data &od = s.od;
    od.h = r.log_uni(1e-12, 1e-8);
    od.g = od.h * r.log_uni(1e-4, 0.5);
    od.D = std::floor(r.log_uni(1e3, 1e6));
    od.omega = r.log_uni(1e-1, 1e1);
    double n = std::floor(r.log_uni(2.0, 1e3));
    q.B = r.log_uni(1e5, 1e7) * n;
    q.F_L = r.log_uni(1e8, 1e10) * n;
    double b_scale = q.B / n, fL_scale = q.F_L / n;
    c.sc = otm_scales{{1.0, b_scale, q.p_max, q.f_max, fL_scale}, r.log_uni(1e-2, 1e2), r.log_uni(1e-3, 1e2), q.B};
    c.lambda = r.log_uni(1e-2, 1e1);
    c.free_mask = mask;
    c.coef_T = 1.0;
    c.aB = 1.0 / n;
    c.aL = 1.0 / n;
    c.soft_constraints = r.coin(0.5);

    otm_ipm_owner &o = s.o;
    o.x[JET_PHI] = r.uni(q.phi_min, q.phi_max);
    o.x[JET_B] = b_scale * r.log_uni(1e-2, 1.0);
    o.x[JET_P] = q.p_max * r.log_uni(1e-3, 0.99);
    o.x[JET_F] = r.uni(q.f_min, q.f_max);
    o.x[JET_FL] = fL_scale * r.log_uni(1e-2, 1.0);
    od.phi = r.uni(q.phi_min, q.phi_max);
    double b0 = b_scale * r.log_uni(1e-2, 1.0), p0 = q.p_max * r.log_uni(1e-3, 1.0);
    otm_eve_linearization(&od, b0, p0, q.N0);
    od.y = otm_fp_auxiliary(&q, p0, od.phi, otm_secrecy_rate(b0, p0, od.h, od.g, q.N0));
    otm_ipm_owner_eval(&c, &od, &o, &s.H);

    otm_ipm_shared &sh = s.sh;
    sh.mu = spread == kMild ? r.log_uni(1e-2, 1e-1) : r.log_uni(1e-9, 1e-1);
    sh.Ts = o.J.Tn.v * r.uni(1.0, 2.0);
    sh.gB = r.log_uni(1e-6, 1e2);
    sh.gL = r.log_uni(1e-6, 1e2);
    sh.soc = r.coin(0.2);
    s.st.socR = r.uni(-1e-3, 1e-3);
    s.st.socT = r.uni(-1e-3, 1e-3);
    o.sR = spread == kMild ? r.log_uni(1e-1, 1.0) : r.log_uni(1e-8, 1.0);
    o.sT = spread == kMild ? r.log_uni(1e-1, 1.0) : r.log_uni(1e-8, 1.0);
    auto multiplier = [&](double slack) {
        return spread == kWild ? r.log_uni(1e-8, 1e4) : sh.mu / slack * r.log_uni(0.1, 10.0);
    };
    for (int j = 0; j < JET_DIM; ++j) {
        double sl, su;
        otm_bound_slacks(&c, o.x, j, &sl, &su);
        o.zl[j] = multiplier(sl);
        if (otm_has_upper(j)) // su is finite
            o.zu[otm_upper_slot(j)] = multiplier(su);
    }
    o.lamR = multiplier(o.sR);
    o.lamT = multiplier(o.sT);
    return s;
}

const otm_kind kKinds[] = {OTM_KIND_SP2, OTM_KIND_SP2_EXACT, OTM_KIND_FULL, OTM_KIND_PHASE1};
// the solver's masks (FULL, SP2, PHASE1), and mixed ones
const unsigned kMasks[] = {31u, 30u, 18u, 1u, 9u, 17u, 21u, 26u};

} // namespace

#endif
