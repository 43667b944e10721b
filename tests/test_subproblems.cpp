// SP1 closed forms against brute force, SP2 against its KKT conditions and
// against random feasible points.
#include "solver_fixture.h"

extern "C" {
#include "math/owner_problem.h"
}

namespace {

// P(lambda) restricted to what SP1 moves: sum_n omega ln(1+zeta phi) -
// lambda*(w_e*sum E_n(phi) + w_t*T), everything else at the current point.
double sp1_value(const otm_work &w, const std::vector<double> &phi, double T, double lambda)
{
    double v = -lambda * w.q.w_t * T;
    for (size_t i = 0; i < w.n; ++i) {
        const double *x = w.own[i].x;
        otm_owner_cost c =
            otm_owner_costs(&w.q, w.od[i].h, w.od[i].g, w.od[i].D, phi[i], x[JET_B], x[JET_P], x[JET_F], x[JET_FL]);
        if (c.T > T * (1 + 1e-12))
            return -INFINITY;
        v += otm_utility(&w.q, w.od[i].omega, phi[i]) - lambda * w.q.w_e * c.E;
    }
    return v;
}

// Best phi_n on a grid for a given T (owners separate once T is fixed).
std::vector<double> grid_phi(const otm_work &w, double T, double lambda, int points)
{
    std::vector<double> best(w.n);
    for (size_t i = 0; i < w.n; ++i) {
        double bv = -INFINITY;
        for (int k = 0; k <= points; ++k) {
            double phi = w.q.phi_min + (w.q.phi_max - w.q.phi_min) * k / points;
            std::vector<double> trial(w.n, 0.0);
            const double *x = w.own[i].x;
            otm_owner_cost c =
                otm_owner_costs(&w.q, w.od[i].h, w.od[i].g, w.od[i].D, phi, x[JET_B], x[JET_P], x[JET_F], x[JET_FL]);
            if (c.T > T)
                continue;
            double v = otm_utility(&w.q, w.od[i].omega, phi) - lambda * w.q.w_e * c.E;
            if (v > bv) {
                bv = v;
                best[i] = phi;
            }
        }
    }
    return best;
}

std::vector<double> current_phi(const otm_work &w)
{
    std::vector<double> phi(w.n);
    for (size_t i = 0; i < w.n; ++i)
        phi[i] = w.own[i].x[JET_PHI];
    return phi;
}

TEST(Sp1, PaperModeBeatsDenseGrid)
{
    otmec_instance *inst = load_p1();
    PreparedWork pw(inst, OTMEC_ALGORITHM_PAPER);
    ASSERT_EQ(pw.state, 0);
    otm_work &w = pw.w;
    otm_sp1(&w, pw.lambda(), 0);
    ASSERT_EQ(otm_sp2(&w), 0); // move off the initial point first
    for (double lambda : {0.02, 0.07, 0.12}) {
        double T = w.T;
        std::vector<double> grid = grid_phi(w, T, lambda, 20000);
        otm_sp1(&w, lambda, 0);
        EXPECT_EQ(w.T, T); // paper mode keeps T
        double closed = sp1_value(w, current_phi(w), T, lambda);
        double brute = sp1_value(w, grid, T, lambda);
        ASSERT_TRUE(std::isfinite(closed));
        EXPECT_GE(closed, brute - 1e-10 * std::fabs(brute)) << "lambda " << lambda;
        EXPECT_LE(closed, brute + 1e-3) << "lambda " << lambda; // within one grid step of the bound
        // y is the FP optimum at the new point: y = 1/(2 p s R)
        for (size_t i = 0; i < w.n; ++i) {
            const double *x = w.own[i].x;
            double R = otm_secrecy_rate(x[JET_B], x[JET_P], w.od[i].h, w.od[i].g, w.q.N0);
            EXPECT_NEAR(w.od[i].y * 2.0 * x[JET_P] * w.q.M * x[JET_PHI] * R, 1.0, 1e-12);
        }
    }
    otmec_instance_free(inst);
}

TEST(Sp1, JointModeBeatsGridOverPhiAndT)
{
    otmec_instance *inst = load_p1();
    PreparedWork pw(inst, OTMEC_ALGORITHM_JOINT);
    ASSERT_EQ(pw.state, 0);
    otm_work &w = pw.w;
    otm_sp1(&w, pw.lambda(), 1);
    ASSERT_EQ(otm_sp2(&w), 0);
    for (double lambda : {0.05, 0.1}) {
        double T0 = w.T;
        double brute = -INFINITY;
        for (int k = 0; k <= 400; ++k) {
            double T = T0 * (0.3 + 2.7 * k / 400.0);
            brute = std::fmax(brute, sp1_value(w, grid_phi(w, T, lambda, 2000), T, lambda));
        }
        otm_sp1(&w, lambda, 1);
        double closed = sp1_value(w, current_phi(w), w.T, lambda);
        EXPECT_GE(closed, brute - 1e-10 * std::fabs(brute)) << "lambda " << lambda;
        w.T = T0;
    }
    otmec_instance_free(inst);
}

// SP2 objective in the form the solver minimizes (FP with y, given rate model).
double sp2_objective(const otm_work &w, const double *b, const double *p, const double *f, const double *fL, double T,
                     bool surrogate)
{
    double E = 0.0;
    for (size_t i = 0; i < w.n; ++i) {
        const otm_owner_data &od = w.od[i];
        double R = surrogate ? otm_surrogate_rate(b[i], p[i], &od, w.q.N0)
                             : otm_secrecy_rate(b[i], p[i], od.h, od.g, w.q.N0);
        double ps = p[i] * w.q.M * od.phi;
        E += w.q.kappa_L * otm_cycles_lmo(&w.q, od.phi) * fL[i] * fL[i] +
             w.q.kappa_D * otm_cycles_owner(&w.q, od.D, od.phi) * f[i] * f[i] + od.y * ps * ps + 0.25 / (od.y * R * R);
    }
    return w.q.w_e * E + w.q.w_t * T;
}

// Random feasible points of SP2 (phi, y and the linearization fixed); T is
// the smallest feasible one, max_n T_n.
double best_random_sp2(const otm_work &w, bool surrogate, int count, int *feasible)
{
    unsigned long long s = 12345;
    auto u = [&s]() {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return ((s >> 11) + 0.5) / 9007199254740992.0;
    };
    size_t n = w.n;
    std::vector<double> b(n), p(n), f(n), fL(n);
    double best = INFINITY;
    *feasible = 0;
    for (int k = 0; k < count; ++k) {
        double sb = 0, sl = 0;
        for (size_t i = 0; i < n; ++i) {
            // around the current point, within the bounds
            const double *x = w.own[i].x;
            b[i] = x[JET_B] * (0.7 + 0.6 * u());
            p[i] = std::fmin(w.q.p_max, x[JET_P] * (0.7 + 0.6 * u()));
            f[i] = std::fmin(w.q.f_max, std::fmax(w.q.f_min, x[JET_F] * (0.7 + 0.6 * u())));
            fL[i] = x[JET_FL] * (0.7 + 0.6 * u());
            sb += b[i];
            sl += fL[i];
        }
        if (sb > w.q.B || sl > w.q.F_L)
            continue;
        double T = 0;
        bool ok = true;
        for (size_t i = 0; i < n && ok; ++i) {
            const otm_owner_data &od = w.od[i];
            double R = surrogate ? otm_surrogate_rate(b[i], p[i], &od, w.q.N0)
                                 : otm_secrecy_rate(b[i], p[i], od.h, od.g, w.q.N0);
            ok = R >= w.q.R_min && R > 0;
            T = std::fmax(T, otm_cycles_lmo(&w.q, od.phi) / fL[i] + otm_cycles_owner(&w.q, od.D, od.phi) / f[i] +
                                 w.q.M * od.phi / R);
        }
        if (!ok || T > w.q.T_max)
            continue;
        ++*feasible;
        best = std::fmin(best, sp2_objective(w, b.data(), p.data(), f.data(), fL.data(), T, surrogate));
    }
    return best;
}

void check_sp2(otmec_sp2_method method)
{
    otmec_instance *inst = load_p1();
    PreparedWork pw(inst, OTMEC_ALGORITHM_JOINT);
    ASSERT_EQ(pw.state, 0);
    otm_work &w = pw.w;
    pw.set.sp2_method = method;
    pw.set.max_sca = 1; // SCA: exactly one surrogate, linearized at the start
    double lambda = pw.lambda();
    otm_sp1(&w, lambda, 1);
    ASSERT_EQ(otm_sp2(&w), 0);
    otm_sp1(&w, lambda, 1);
    ASSERT_EQ(otm_sp2(&w), 0); // a second round from a non-initial point
    EXPECT_EQ(w.sub_failed, 0);
    std::vector<double> b(w.n), p(w.n), f(w.n), fL(w.n);
    for (size_t i = 0; i < w.n; ++i) {
        b[i] = w.own[i].x[JET_B];
        p[i] = w.own[i].x[JET_P];
        f[i] = w.own[i].x[JET_F];
        fL[i] = w.own[i].x[JET_FL];
    }
    bool surrogate = method == OTMEC_SP2_SCA;
    double value = sp2_objective(w, b.data(), p.data(), f.data(), fL.data(), w.T, surrogate);
    int feasible = 0;
    double random_best = best_random_sp2(w, surrogate, 10000, &feasible);
    EXPECT_GT(feasible, 1000);
    EXPECT_LE(value, random_best);
    otmec_instance_free(inst);
}

TEST(Sp2, ExactSolveBeatsRandomFeasiblePoints) { check_sp2(OTMEC_SP2_EXACT); }
TEST(Sp2, ScaSurrogateSolveBeatsRandomFeasiblePoints) { check_sp2(OTMEC_SP2_SCA); }

// The deadline SP2 works to, as the work holds it while SP2 runs: read by
// the trace at SP2's own steps (level 2), which run inside otm_sp2.
struct DeadlineProbe {
    const otm_work *w = nullptr;
    std::vector<double> seen;
};

void record_deadline(void *user, int level, int, double)
{
    auto *probe = static_cast<DeadlineProbe *>(user);
    if (level == 2)
        probe->seen.push_back(probe->w->q.T_max);
}

// P1's owners with the given deadline (T_max_s = INFINITY: none).
otmec_instance *p1_with_deadline(double T_max_s)
{
    otmec_instance *p1 = load_p1();
    otmec_params prm = *otmec_instance_params(p1);
    size_t n = otmec_instance_num_owners(p1);
    std::vector<double> h(otmec_instance_h(p1), otmec_instance_h(p1) + n);
    std::vector<double> g(otmec_instance_g(p1), otmec_instance_g(p1) + n);
    std::vector<double> D(otmec_instance_D(p1), otmec_instance_D(p1) + n);
    otmec_instance_free(p1);
    prm.T_max_s = T_max_s;
    return make_instance(prm, h, g, D);
}

// One SP1 + SP2 round from the initial point; the deadlines SP2 saw, and the
// largest owner delay when it started.
struct Sp2Deadlines {
    std::vector<double> seen;
    double start_delay = NAN;
    double T_max_after = NAN;
};

Sp2Deadlines sp2_deadlines(double T_max_s, otmec_sp2_method method)
{
    Sp2Deadlines out;
    otmec_instance *inst = p1_with_deadline(T_max_s);
    PreparedWork pw(inst, OTMEC_ALGORITHM_JOINT);
    EXPECT_EQ(pw.state, 0);
    if (pw.state == 0) {
        otm_work &w = pw.w;
        pw.set.sp2_method = method;
        DeadlineProbe probe;
        probe.w = &w;
        otm_sp1(&w, pw.lambda(), 1);
        out.start_delay = otm_max_delay(&w);
        pw.set.trace = record_deadline; // w.set is &pw.set
        pw.set.trace_user = &probe;
        EXPECT_EQ(otm_sp2(&w), 0);
        pw.set.trace = nullptr;
        out.seen = probe.seen;
        out.T_max_after = w.q.T_max;
    }
    otmec_instance_free(inst);
    return out;
}

// No deadline (T_max = +inf): SP2 works without one. Tightening it would
// give inf - inf, a NaN deadline that only happens to act as none because
// every comparison with NaN is false.
TEST(Sp2, NoDeadlineStaysNoDeadline)
{
    for (otmec_sp2_method method : {OTMEC_SP2_EXACT, OTMEC_SP2_SCA}) {
        Sp2Deadlines d = sp2_deadlines(INFINITY, method);
        ASSERT_FALSE(d.seen.empty()) << "method " << method;
        for (double T : d.seen)
            EXPECT_EQ(T, INFINITY) << "method " << method;
        EXPECT_EQ(d.T_max_after, INFINITY) << "method " << method;
    }
}

// A deadline: SP2 works to one a hair (1e-7 relative) inside it, or to half
// the room the current point leaves when that is less; T_max comes back.
TEST(Sp2, DeadlineTightenedInsideTmax)
{
    for (double T_max : {60.0, 1e4}) {
        Sp2Deadlines d = sp2_deadlines(T_max, OTMEC_SP2_EXACT);
        ASSERT_FALSE(d.seen.empty()) << "T_max " << T_max;
        ASSERT_LT(d.start_delay, T_max);
        double want = T_max - std::fmin(1e-7 * T_max, 0.5 * (T_max - d.start_delay));
        for (double T : d.seen) {
            EXPECT_EQ(T, want) << "T_max " << T_max;
            EXPECT_LT(T, T_max);
            EXPECT_GT(T, d.start_delay);
        }
        EXPECT_EQ(d.T_max_after, T_max);
    }
    EXPECT_EQ(otm_sp2_deadline(10.0, 4.0), 10.0 - 1e-6);      // 1e-7 inside
    EXPECT_EQ(otm_sp2_deadline(8.0, 8.0 - 0x1p-20), 8.0 - 0x1p-21); // half the room (exact in binary)
    EXPECT_EQ(otm_sp2_deadline(INFINITY, 4.0), INFINITY);
    EXPECT_EQ(otm_sp2_deadline(INFINITY, INFINITY), INFINITY);
}

// The interior-point solve reports its KKT residual; SP2 reaches 1e-10.
TEST(Sp2, KktResidualAtReturnedPoint)
{
    otmec_instance *inst = load_p1();
    PreparedWork pw(inst, OTMEC_ALGORITHM_JOINT);
    ASSERT_EQ(pw.state, 0);
    otm_work &w = pw.w;
    otm_sp1(&w, pw.lambda(), 1);
    ASSERT_EQ(otm_interiorize(&w, 1u << JET_B | 1u << JET_P | 1u << JET_F | 1u << JET_FL), 0);
    otm_ipm_problem p{};
    p.ctx.kind = OTM_KIND_SP2_EXACT;
    p.ctx.q = w.q;
    p.ctx.free_mask = 1u << JET_B | 1u << JET_P | 1u << JET_F | 1u << JET_FL;
    p.ctx.sc = w.sc;
    p.ctx.sc.F = 200.0 / w.n;
    p.ctx.coef_T = w.q.w_t * w.sc.T / p.ctx.sc.F;
    p.ctx.aB = w.sc.x[JET_B] / w.q.B;
    p.ctx.aL = w.sc.x[JET_FL] / w.q.F_L;
    p.team = otm_team_single();
    p.n = w.n;
    p.od = w.od;
    p.own = w.own;
    p.trial = w.trial;
    p.own_h = w.own_h;
    p.trial_h = w.trial_h;
    p.step = w.step;
    p.T = w.T;
    p.mu0 = 0.1;
    p.tol = 1e-10;
    p.max_iter = 200;
    EXPECT_EQ(otm_ipm_solve(&p), OTM_IPM_CONVERGED);
    EXPECT_LE(p.kkt, 1e-10);
    EXPECT_LE(otm_ipm_kkt_residual(&p), 1e-8); // recomputed from scratch at the point
    otmec_instance_free(inst);
}

} // namespace
