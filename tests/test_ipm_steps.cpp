// The interior-point method's step rules: the multipliers' own step (soft
// constraints) by hand, and a strict solve that crawls stopping where it is.
#include "solver_fixture.h"

namespace {

TEST(MultiplierStep, LinearizedComplementarityByHand)
{
    // z = 2, s = 0.5 moving by 0.25, mu = 0.1: mu/s - z - z/s ds = 0.2 - 2 - 1
    EXPECT_DOUBLE_EQ(otm_multiplier_step(2.0, 1.0 / 0.5, 0.25, 0.1), -2.8);
    // keeps 0.99 of z = 2 against dz = -2.8
    EXPECT_DOUBLE_EQ(otm_multiplier_step_bound(2.0, -2.8, 0.99), 0.99 * 2.0 / 2.8);
    EXPECT_EQ(otm_multiplier_step_bound(2.0, -1.0, 0.99), 1.0); // 1.98 > 1: capped at a full step
    EXPECT_EQ(otm_multiplier_step_bound(2.0, 5.0, 0.99), 1.0);  // rising: no bound
    // a slack of 0.5 falling by 1 per unit step keeps 1% of itself at 0.495
    EXPECT_DOUBLE_EQ(otm_slack_step_bound(1.0, 0.99, 0.5, -1.0), 0.495);
    EXPECT_EQ(otm_slack_step_bound(0.3, 0.99, 0.5, -1.0), 0.3); // a shorter step already
    EXPECT_EQ(otm_slack_step_bound(1.0, 0.99, 0.5, 2.0), 1.0);  // rising: no bound
}

// One owner with b free (bounds 0 and +inf) and the rest fixed: the bound is
// the smallest over lamR, lamT and b's lower multiplier.
TEST(MultiplierStep, OwnerBoundIsTheSmallestOverItsMultipliers)
{
    otm_ipm_ctx c{};
    c.free_mask = 1u << JET_B;
    for (int j = 0; j < JET_DIM; ++j)
        c.sc.x[j] = 1.0;
    otm_ipm_owner o{};
    otm_ipm_step st{};
    o.x[JET_B] = 0.5; // scaled distance to b's lower bound 0: 0.5
    otm_ipm_owner_set_bound_slacks(&c, &o);
    st.d[JET_B] = 1.0; // moving away: b's multiplier falls
    o.zl[JET_B] = 1.0;
    o.lamR = 1.0, o.sR = 1.0, st.dsR = 3.0; // dlamR = mu - 1 - 3
    o.lamT = 1.0, o.sT = 1.0, st.dsT = -1.0; // dlamT = mu - 1 + 1 > 0
    otm_ipm_shared sh{};
    sh.mu = 0.1;
    const double tau = 0.99;
    const double by_lamR = tau * 1.0 / (4.0 - 0.1);
    const double by_zl = tau * 1.0 / -(0.1 / 0.5 - 1.0 - 1.0 / 0.5 * 1.0); // dzl = 0.2 - 1 - 2
    EXPECT_DOUBLE_EQ(otm_ipm_owner_dual_step_bound(&c, &sh, &o, &st, tau), std::fmin(by_lamR, by_zl));
    st.d[JET_B] = 0.0; // b still: dzl = 0.2 - 1 = -0.8, bound 1.2375 > 1
    EXPECT_DOUBLE_EQ(otm_ipm_owner_dual_step_bound(&c, &sh, &o, &st, tau), by_lamR);
    st.dsR = 0.0; // nothing falls fast enough to bind
    EXPECT_EQ(otm_ipm_owner_dual_step_bound(&c, &sh, &o, &st, tau), 1.0);
}

// SP2 (exact rates) on P1 from its interiorized initial point, to 1e-7 (a
// soft solve of four owners stops at a residual of about 1e-8: the soft
// constraints are for thousands of owners, work.h).
struct Sp2Problem {
    otmec_instance *inst = load_p1();
    PreparedWork pw{inst, OTMEC_ALGORITHM_JOINT};
    otm_ipm_problem p{};
    Sp2Problem()
    {
        otm_work &w = pw.w;
        otm_sp1(&w, pw.lambda(), 1);
        unsigned mask = 1u << JET_B | 1u << JET_P | 1u << JET_F | 1u << JET_FL;
        EXPECT_EQ(otm_interiorize(&w, mask), 0);
        p = otm_work_problem(&w, OTM_KIND_SP2_EXACT, mask, 200.0 / w.n, w.q.w_t);
        p.mu0 = 0.1;
        p.tol = 1e-7;
        p.max_iter = 200;
    }
    ~Sp2Problem() { otmec_instance_free(inst); }
    // objective of the returned point: w_t T + sum of the owners' F
    double objective() const
    {
        otm_scales unscaled = pw.w.sc;
        unscaled.F = 1.0;
        double F = pw.w.q.w_t * p.T;
        for (size_t i = 0; i < pw.w.n; ++i)
            F += otm_owner_eval(OTM_KIND_SP2_EXACT, &pw.w.q, &pw.w.od[i], 0.0, pw.w.own[i].x, 0u, &unscaled).F.v;
        return F;
    }
};

// A strict solve told that every step is short stops after three, at
// exactly the point three iterations reach, still strict and strictly
// inside; told that none is, it is the plain solve.
TEST(Crawl, StrictSolveThatCrawlsStopsWhereItIs)
{
    Sp2Problem strict;
    ASSERT_EQ(otm_ipm_solve(&strict.p), OTM_IPM_CONVERGED);
    EXPECT_EQ(strict.p.ctx.soft_constraints, 0);
    ASSERT_GT(strict.p.iterations, 3);

    Sp2Problem never;
    never.p.crawl_iterations = 3;
    never.p.crawl_step = 0.0; // no step is shorter than 0
    ASSERT_EQ(otm_ipm_solve(&never.p), OTM_IPM_CONVERGED);
    EXPECT_EQ(never.p.iterations, strict.p.iterations);
    EXPECT_EQ(never.p.T, strict.p.T);

    Sp2Problem crawling;
    crawling.p.crawl_iterations = 3;
    crawling.p.crawl_step = 2.0; // every step (at most 1) is short
    EXPECT_EQ(otm_ipm_solve(&crawling.p), OTM_IPM_CRAWLED);
    EXPECT_EQ(crawling.p.ctx.soft_constraints, 0);
    EXPECT_EQ(crawling.p.iterations, 3);
    EXPECT_GT(crawling.p.kkt, crawling.p.tol);

    Sp2Problem three;
    three.p.max_iter = 3;
    EXPECT_EQ(otm_ipm_solve(&three.p), OTM_IPM_MAX_ITER);
    EXPECT_EQ(crawling.p.T, three.p.T);
    EXPECT_EQ(crawling.objective(), three.objective());
    EXPECT_EQ(crawling.p.kkt, three.p.kkt);
    const double Ts = crawling.p.T / crawling.p.ctx.sc.T;
    for (size_t i = 0; i < crawling.pw.w.n; ++i)
        EXPECT_TRUE(otm_ipm_owner_interior(&crawling.p.ctx, &crawling.pw.w.own[i], Ts)) << "owner " << i;
    // and it moved: the objective fell from the start's
    Sp2Problem start;
    EXPECT_LT(crawling.objective(), start.objective());
}

} // namespace
