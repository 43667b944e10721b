// The owner phases four owners at a time (math/ipm_owner_lanes.h) against
// the scalar phases of math/ipm_owner.h, owner by owner, bit for bit: the
// Newton block (right sides and arrowhead solve, and which owners' factor
// fails), the step with its bounds, slope, merit and violation, the
// residual's contributions and the multipliers' update. Random owner states
// of every kind and free mask, mild, central and wild (multipliers over
// twelve decades, where many blocks are not positive definite), strict and
// soft, with and without a second-order correction.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "random_owner_state.h"
extern "C" {
#include "math/ipm_owner_lanes.h"
}

namespace {

#if OTM_HAVE_LANES

bool same_bits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// Four owners drawn with the same kind, mask and spread, sharing the first
// one's context and shared scalars (the lanes read both once for all).
struct Group {
    otm_ipm_ctx c;
    otm_ipm_shared sh;
    otm_ipm_owner o[OTM_LANES];
    otm_owner_hessians H[OTM_LANES];
    otm_ipm_step st[OTM_LANES];
};

Group random_group(Draw &r, int t)
{
    const otm_kind kind = kKinds[t % 4];
    const unsigned mask = kMasks[(t / 4) % 8];
    const Spread spread = Spread(t / 32 % 3);
    Group g{};
    for (int u = 0; u < OTM_LANES; ++u) {
        State s = random_state(r, kind, mask, spread);
        if (u == 0) {
            g.c = s.c;
            g.sh = s.sh;
        }
        g.o[u] = s.o;
        g.H[u] = s.H;
        g.st[u] = s.st;
    }
    g.sh.dT = r.uni(-1.0, 1.0);
    g.sh.tB = r.uni(-1.0, 1.0);
    g.sh.tL = r.uni(-1.0, 1.0);
    return g;
}

std::string where(int t, int u, const char *what)
{
    return "group " + std::to_string(t) + " owner " + std::to_string(u) + " " + what;
}

const int kGroups = 3000;

TEST(OwnerLanes, NewtonBlockHasTheScalarBits)
{
    Draw r;
    int failed_lanes = 0;
    for (int t = 0; t < kGroups; ++t) {
        Group g = random_group(r, t);
        otm_ipm_step lanes[OTM_LANES];
        std::memcpy(lanes, g.st, sizeof lanes);
        otm_owner_lanes_block blk;
        otm_ipm_owner_block_lanes(&g.c, &g.sh, g.o, g.H, lanes, &blk);
        for (int u = 0; u < OTM_LANES; ++u) {
            double rr[JET_DIM], e[JET_DIM], a[JET_DIM], l[JET_DIM], sigT, pT;
            otm_ipm_step st = g.st[u];
            otm_ipm_owner_rhs(&g.c, &g.sh, &g.o[u], &st, rr, e, a, l, &sigT, &pT);
            int negative;
            const int ok =
                otm_ipm_owner_solve_arrow(&g.c, &g.o[u], &g.H[u], rr, a, l, st.kr, st.ke, st.ka, st.kl, 0, &negative);
            ASSERT_EQ(blk.ok[u], ok) << where(t, u, "factor");
            failed_lanes += !ok;
            ASSERT_TRUE(same_bits(blk.sigT[u], sigT)) << where(t, u, "sigT");
            ASSERT_TRUE(same_bits(blk.pT[u], pT)) << where(t, u, "pT");
            for (int j = 0; j < JET_DIM; ++j)
                ASSERT_TRUE(same_bits(blk.e[j][u], e[j])) << where(t, u, "e");
            if (!ok)
                continue;
            for (int j = 0; j < JET_DIM; ++j) {
                ASSERT_TRUE(same_bits(lanes[u].kr[j], st.kr[j])) << where(t, u, "kr");
                ASSERT_TRUE(same_bits(lanes[u].ke[j], st.ke[j])) << where(t, u, "ke");
                ASSERT_TRUE(same_bits(lanes[u].ka[j], st.ka[j])) << where(t, u, "ka");
                ASSERT_TRUE(same_bits(lanes[u].kl[j], st.kl[j])) << where(t, u, "kl");
            }
        }
    }
    // the wild states give blocks that are not positive definite: the
    // flag is exercised both ways
    EXPECT_GT(failed_lanes, 50);
    EXPECT_LT(failed_lanes, kGroups * OTM_LANES / 2);
}

TEST(OwnerLanes, StepHasTheScalarBits)
{
    Draw r;
    for (int t = 0; t < kGroups; ++t) {
        Group g = random_group(r, t);
        otm_owner_lanes_block blk;
        otm_ipm_owner_block_lanes(&g.c, &g.sh, g.o, g.H, g.st, &blk); // a Newton solution to step along
        const double tau = r.uni(0.9, 0.999);
        otm_ipm_step lanes[OTM_LANES];
        std::memcpy(lanes, g.st, sizeof lanes);
        otm_owner_lanes_step ls;
        otm_ipm_owner_step_lanes(&g.c, &g.sh, g.o, lanes, tau, &ls);
        for (int u = 0; u < OTM_LANES; ++u) {
            otm_ipm_step st = g.st[u];
            double slope = 0.0;
            const double alpha = otm_ipm_owner_step(&g.c, &g.sh, &g.o[u], &st, tau, &slope);
            ASSERT_TRUE(same_bits(ls.alpha[u], alpha)) << where(t, u, "alpha");
            ASSERT_TRUE(same_bits(ls.dot[u], slope)) << where(t, u, "slope");
            if (g.c.soft_constraints) {
                ASSERT_TRUE(same_bits(ls.alpha_dual[u], otm_ipm_owner_dual_step_bound(&g.c, &g.sh, &g.o[u], &st, tau)))
                    << where(t, u, "alpha_dual");
            }
            ASSERT_TRUE(same_bits(ls.merit[u], otm_ipm_owner_merit(&g.o[u], g.sh.mu))) << where(t, u, "merit");
            ASSERT_TRUE(same_bits(ls.violation[u], otm_ipm_owner_violation(&g.o[u], g.sh.Ts)))
                << where(t, u, "violation");
            for (int j = 0; j < JET_DIM; ++j)
                ASSERT_TRUE(same_bits(lanes[u].d[j], st.d[j])) << where(t, u, "d");
            ASSERT_TRUE(same_bits(lanes[u].dsR, st.dsR)) << where(t, u, "dsR");
            ASSERT_TRUE(same_bits(lanes[u].dsT, st.dsT)) << where(t, u, "dsT");
        }
    }
}

void expect_same_sums(const otm_ipm_sums &a, const otm_ipm_sums &b, const std::string &at)
{
    EXPECT_TRUE(same_bits(a.stat, b.stat)) << at << " stat";
    EXPECT_TRUE(same_bits(a.comp, b.comp)) << at << " comp";
    EXPECT_TRUE(same_bits(a.comp_mu, b.comp_mu)) << at << " comp_mu";
    EXPECT_TRUE(same_bits(a.centrality, b.centrality)) << at << " centrality";
    EXPECT_TRUE(same_bits(a.lamT, b.lamT)) << at << " lamT";
}

// The residual folded over owners in order, from sums that already hold
// other owners' contributions.
TEST(OwnerLanes, ResidualFoldsToTheScalarSums)
{
    Draw r;
    for (int t = 0; t < kGroups; ++t) {
        Group g = random_group(r, t);
        otm_ipm_sums scalar{}, lanes{};
        scalar.stat = lanes.stat = r.log_uni(1e-12, 1.0);
        scalar.comp = lanes.comp = r.log_uni(1e-12, 1.0);
        scalar.comp_mu = lanes.comp_mu = r.log_uni(1e-12, 1.0);
        scalar.centrality = lanes.centrality = r.log_uni(1e-12, 1.0);
        for (int u = 0; u < OTM_LANES; ++u)
            otm_ipm_owner_residual(&g.c, &g.sh, &g.o[u], &scalar);
        otm_owner_lanes_residual res;
        otm_ipm_owner_residual_lanes(&g.c, &g.sh, g.o, &res);
        for (int u = 0; u < OTM_LANES; ++u)
            otm_ipm_sums_add_residual(&lanes, &res, u, g.o[u].lamT);
        expect_same_sums(lanes, scalar, "group " + std::to_string(t));
        if (HasFailure())
            return;
    }
}

// The multipliers of a trial point: the owners moved a little, their
// distances to the bounds and slacks anew, a dual step length below one.
TEST(OwnerLanes, AcceptHasTheScalarBits)
{
    Draw r;
    for (int t = 0; t < kGroups; ++t) {
        Group g = random_group(r, t);
        otm_owner_lanes_block blk;
        otm_ipm_owner_block_lanes(&g.c, &g.sh, g.o, g.H, g.st, &blk);
        otm_owner_lanes_step ls;
        otm_ipm_owner_step_lanes(&g.c, &g.sh, g.o, g.st, 0.99, &ls);
        otm_ipm_owner trial[OTM_LANES], lanes[OTM_LANES];
        for (int u = 0; u < OTM_LANES; ++u) {
            trial[u] = g.o[u];
            for (int j = 0; j < JET_DIM; ++j)
                trial[u].x[j] *= r.uni(0.999, 1.001);
            otm_ipm_owner_set_bound_slacks(&g.c, &trial[u]);
            trial[u].sR *= r.uni(0.5, 2.0);
            trial[u].sT *= r.uni(0.5, 2.0);
        }
        std::memcpy(lanes, trial, sizeof lanes);
        const double alpha_dual = r.coin(0.5) ? 1.0 : r.uni(0.0, 1.0);
        otm_ipm_owner_accept_lanes(&g.c, &g.sh, g.o, g.st, lanes, alpha_dual);
        for (int u = 0; u < OTM_LANES; ++u) {
            otm_ipm_owner_accept(&g.c, &g.sh, &g.o[u], &g.st[u], &trial[u], alpha_dual);
            ASSERT_EQ(std::memcmp(&lanes[u], &trial[u], sizeof trial[u]), 0) << where(t, u, "accepted owner");
        }
    }
}

#else
TEST(OwnerLanes, NotInThisBuild)
{
    GTEST_SKIP() << "no vector extensions in this compiler";
}
#endif

} // namespace
