/*
 * Structured feasible primal-dual interior-point method for one realization:
 * the owner phases of math/ipm_owner.h plus the realization's scalar work
 * (the coupling of T, sum b and sum fL). Host and device: a team runs it, each
 * member over its own owners, with team reductions wherever owners meet.
 */
#ifndef OTMEC_IPM_H
#define OTMEC_IPM_H

#include <float.h>
#include <stddef.h>

#include "math/ipm_owner.h"
#include "math/ipm_owner_lanes.h"
#include "solver/progress.h"
#include "solver/team.h"

#define OTM_IPM_STALL_ITERATIONS 20

/* A strict solve crawls when every owner must stay inside its curved delay
 * and rate bounds on every trial point: at N = 10^6 the warm start's SP2 cut
 * each step of about 0.2 seven or eight times, to about 1e-3, for 90
 * iterations and more (some owner among the million always crossed its
 * bound). Such steps are the sign for the warm start, which then stops:
 * after one of them for the exact SP2, two in a row for an SCA surrogate
 * (with one, `--sp2 sca` at 3,000 owners took 121 iterations instead of
 * 78). The counts were chosen by measurement from 2,000 to 10^6 owners
 * (docs/algorithm.md). */
#define OTM_CRAWL_STEP 0.05
#define OTM_CRAWL_ITERATIONS_EXACT 1
#define OTM_CRAWL_ITERATIONS_SCA 2

typedef enum otm_ipm_result {
    OTM_IPM_CONVERGED = 0,
    OTM_IPM_MAX_ITER = 1,
    OTM_IPM_FAILED = -1, /* the point stays feasible, but no progress was possible */
    OTM_IPM_VIOLATED = -2, /* soft constraints: the last point misses a rate floor or T_max */
    OTM_IPM_CRAWLED = 2    /* stopped by the crawl watch (crawl_iterations): strictly feasible, not converged */
} otm_ipm_result;

typedef struct otm_ipm_problem {
    otm_ipm_ctx ctx;
    otm_team team;
    size_t n;
    const otm_owner_data *od;
    otm_ipm_owner *own;   /* n owners; x must be strictly interior on entry */
    otm_ipm_owner *trial; /* n owners of workspace */
    otm_owner_hessians *own_h, *trial_h; /* the jets' Hessians of own and trial */
    otm_ipm_step *step;   /* n owners' Newton steps (workspace) */
    double T;             /* physical time, strictly above every T_n on entry */
    double mu0, tol;
    int max_iter;
    /* FULL only: 0 keeps lambda fixed (one Dinkelbach step). Otherwise lambda
     * follows the ratio U/S of the iterates wherever the barrier problem is
     * solved (and at the end) once it rises by more than ratio_tol relative,
     * so one solve does the work of every Dinkelbach step. */
    int track_ratio;
    double ratio_tol;
    /* Strict constraints only, when crawl_iterations > 0: after that many
     * steps in a row shorter than crawl_step the solve stops at the point it
     * reached (OTM_IPM_CRAWLED), which stays strictly feasible. */
    int crawl_iterations;
    double crawl_step;
    /* results */
    int iterations;
    double kkt;                    /* KKT residual (scaled, mu = 0) at the returned point */
    double lamB, lamL, lamTmax;    /* coupling multipliers (scaled) */
} otm_ipm_problem;

/* The current points (and their Hessians) and the trial ones change
 * places: the arrays swap, nothing is copied. */
OTMEC_HD void otm_ipm_swap_points(otm_ipm_problem *p)
{
    otm_ipm_owner *own = p->own;
    p->own = p->trial;
    p->trial = own;
    otm_owner_hessians *own_h = p->own_h;
    p->own_h = p->trial_h;
    p->trial_h = own_h;
}

/* The deadline the interior-point solves keep: a hair inside T_max. They
 * keep every delay below T in scaled units, and the model's delay of the
 * same allocation (otmec_check_allocation's formula) can differ from those
 * by a few ulps: with the deadline binding, fuzzing found T_n = T_max + 2
 * ulps. 16 ulps inside, such a point meets T_max as the model computes it;
 * the ratio moves by about 1e-15. */
#define OTM_DEADLINE_INSIDE (16.0 * DBL_EPSILON)

OTMEC_HD double otm_ipm_deadline(const otm_ipm_ctx *ctx)
{
    return ctx->q.T_max * (1.0 - OTM_DEADLINE_INSIDE);
}

typedef struct otm_coupling {
    double sB, sL, sTm; /* scaled slacks of sum b, sum fL, T_max (inf when absent) */
} otm_coupling;

/* The coupling slacks given the owners' sums of b and fL. */
OTMEC_HD otm_coupling otm_coupling_from_sums(const otm_ipm_problem *p, double sum_b, double sum_fL, double Ts)
{
    otm_coupling c;
    c.sB = 1.0 - sum_b / p->ctx.q.B;
    c.sL = 1.0 - sum_fL / p->ctx.q.F_L;
    c.sTm = isfinite(p->ctx.q.T_max) ? otm_ipm_deadline(&p->ctx) / p->ctx.sc.T - Ts : INFINITY;
    return c;
}

OTMEC_HD otm_coupling otm_coupling_slacks(const otm_ipm_problem *p, const otm_ipm_owner *own, double Ts)
{
    double sums[2] = {0.0, 0.0};
    otm_block_sum bs = otm_block_sum_begin(&p->team, p->n);
    OTM_FOR_OWNERS_SUM(p, i, bs, sums, 2) {
        sums[0] += own[i].x[JET_B];
        sums[1] += own[i].x[JET_FL];
    }
    otm_block_sum_end(&p->team, &bs, sums, 2);
    return otm_coupling_from_sums(p, sums[0], sums[1], Ts);
}

/* The coupling constraints are shared by all n owners: their barrier weight
 * is n*mu, so that each owner's share of it is mu. */
OTMEC_HD double otm_coupling_merit(const otm_ipm_problem *p, const otm_coupling *c, double Ts, double mu)
{
    double nmu = (double)p->n * mu;
    double m = p->ctx.coef_T * Ts - nmu * (log(c->sB) + log(c->sL));
    if (isfinite(c->sTm))
        m -= nmu * log(c->sTm);
    return m;
}

/* Newton step of a coupling multiplier lam of a slack sl (scaled by n):
 * along lam sl = n mu, with g = n mu / sl and sig_ds = (lam / sl) * (the
 * slack's step, negated). For the two resource sums sig_ds is the coupling
 * system's own unknown (tB, tL), not lam / sl times the owners' summed
 * steps: near a solution with the sum's constraint active, lam / sl grows
 * like 1 / mu (6.5e10 at mu = 1e-10, N = 10) while the summed steps cancel
 * to 1e-14, so that product carried their rounding into the multiplier
 * (+-1.4e-4 from one step to the next, a stationarity error of 6e-6 in
 * every owner's b) and cost the last interior-point iterations. */
OTMEC_HD double otm_coupling_multiplier_step(double lam, double g, double sig_ds)
{
    return g - lam + sig_ds;
}

OTMEC_HD int otm_coupling_interior(const otm_coupling *c)
{
    return c->sB > 0.0 && c->sL > 0.0 && c->sTm > 0.0;
}

#define OTM_IPM_SUMS 13

/* Soft solves let mu fall on the owners' average error only while no
 * owner's error exceeds this (scaled units): at 10^6 owners mu otherwise
 * fell from 0.5 to 0.125 with a few owners at errors near 1, and 16
 * iterations of steps near 1e-4 followed (144 iterations in all, 134 with
 * the cap; at 3,000 to 10^5 owners the cap changes 0 to 3 iterations). */
#define OTM_SOFT_CENTRING_CAP 0.3

OTMEC_HD void otm_ipm_sums_pack(const otm_ipm_sums *s, double v[OTM_IPM_SUMS])
{
    v[0] = s->eKe;
    v[1] = s->eKa;
    v[2] = s->eKl;
    v[3] = s->aKa;
    v[4] = s->aKl;
    v[5] = s->lKl;
    v[6] = s->eKr;
    v[7] = s->aKr;
    v[8] = s->lKr;
    v[9] = s->sigT;
    v[10] = s->muT;
    v[11] = s->lamT;
    v[12] = s->centrality;
}

OTMEC_HD void otm_ipm_sums_unpack(const double v[OTM_IPM_SUMS], otm_ipm_sums *s)
{
    s->eKe = v[0];
    s->eKa = v[1];
    s->eKl = v[2];
    s->aKa = v[3];
    s->aKl = v[4];
    s->lKl = v[5];
    s->eKr = v[6];
    s->aKr = v[7];
    s->lKr = v[8];
    s->sigT = v[9];
    s->muT = v[10];
    s->lamT = v[11];
    s->centrality = v[12];
}

/* otm_block_sum_at for the sums of s (its maxima run on across blocks). */
OTMEC_HD void otm_ipm_sums_at(const otm_team *t, otm_block_sum *bs, size_t i, otm_ipm_sums *s)
{
    if (i < bs->block_end)
        return;
    double v[OTM_IPM_SUMS];
    otm_ipm_sums_pack(s, v);
    otm_block_sum_at(t, bs, i, v, OTM_IPM_SUMS);
    otm_ipm_sums_unpack(v, s);
}

/* Sums and maxima of the owners' contributions over the team. */
OTMEC_HD void otm_ipm_sums_reduce(const otm_team *t, otm_block_sum *bs, otm_ipm_sums *s)
{
    double v[OTM_IPM_SUMS + 3];
    otm_ipm_sums_pack(s, v);
    v[OTM_IPM_SUMS] = s->stat;
    v[OTM_IPM_SUMS + 1] = s->comp;
    v[OTM_IPM_SUMS + 2] = s->comp_mu;
    otm_block_sum_end_and(t, bs, v, OTM_IPM_SUMS, OTM_REDUCE_MAX, OTM_IPM_SUMS + 3);
    otm_ipm_sums_unpack(v, s);
    s->stat = v[OTM_IPM_SUMS];
    s->comp = v[OTM_IPM_SUMS + 1];
    s->comp_mu = v[OTM_IPM_SUMS + 2];
}

OTMEC_HD otm_ipm_sums otm_ipm_sums_zero(void)
{
    otm_ipm_sums s;
    s.eKe = s.eKa = s.eKl = s.aKa = s.aKl = s.lKl = s.eKr = s.aKr = s.lKr = 0.0;
    s.sigT = s.muT = s.lamT = 0.0;
    s.stat = s.comp = s.comp_mu = s.centrality = 0.0;
    s.negative = 0;
    return s;
}

/* Rows a and b of (M | r) exchanged. */
OTMEC_HD void otm_swap_rows3(double M[3][3], double r[3], int a, int b)
{
    for (int j = 0; j < 3; ++j) {
        double t = M[a][j];
        M[a][j] = M[b][j];
        M[b][j] = t;
    }
    double t = r[a];
    r[a] = r[b];
    r[b] = t;
}

/* Row i of (M | r) less its multiple that zeroes column k, by pivot row k. */
OTMEC_HD void otm_eliminate3(double M[3][3], double r[3], int k, int i)
{
    double f = M[i][k] / M[k][k];
    for (int j = k; j < 3; ++j)
        M[i][j] -= f * M[k][j];
    r[i] -= f * r[k];
}

/* 3x3 Gaussian elimination with partial pivoting (the first of equal
 * pivots); 0 when singular. Written out, with rows exchanged in place: every
 * index is a constant, so the device keeps M in registers (with the rows
 * indexed through a permutation, M lived in local memory and each step of
 * the elimination waited on its loads). */
OTMEC_HD int otm_solve3(double M[3][3], double r[3], double x[3])
{
    double best = fabs(M[0][0]);
    int piv = 0;
    if (fabs(M[1][0]) > best) {
        piv = 1;
        best = fabs(M[1][0]);
    }
    if (fabs(M[2][0]) > best)
        piv = 2;
    if (piv == 1)
        otm_swap_rows3(M, r, 0, 1);
    else if (piv == 2)
        otm_swap_rows3(M, r, 0, 2);
    if (!(fabs(M[0][0]) > 0.0))
        return 0;
    otm_eliminate3(M, r, 0, 1);
    otm_eliminate3(M, r, 0, 2);
    if (fabs(M[2][1]) > fabs(M[1][1]))
        otm_swap_rows3(M, r, 1, 2);
    if (!(fabs(M[1][1]) > 0.0))
        return 0;
    otm_eliminate3(M, r, 1, 2);
    if (!(fabs(M[2][2]) > 0.0))
        return 0;
    x[2] = r[2] / M[2][2];
    x[1] = (r[1] - M[1][2] * x[2]) / M[1][1];
    x[0] = (r[0] - M[0][1] * x[1] - M[0][2] * x[2]) / M[0][0];
    return isfinite(x[0]) && isfinite(x[1]) && isfinite(x[2]);
}

/* Residuals of the whole realization: owners, the time row and the coupling
 * complementarity. Stationarity of T and coupling terms are per owner on
 * average (divided by n) so that every entry is O(1) whatever n. */
OTMEC_HD void otm_ipm_residuals_from(const otm_ipm_problem *p, const otm_ipm_shared *sh, const otm_coupling *c,
                                     double lamTm, const otm_ipm_sums *s, double *E0, double *Emu)
{
    double n = (double)p->n;
    double statT = fabs(p->ctx.coef_T - s->lamT + lamTm) / (n + p->ctx.coef_T + s->lamT + lamTm);
    double cB = sh->lamB * c->sB / n, cL = sh->lamL * c->sL / n;
    double cT = isfinite(c->sTm) ? lamTm * c->sTm / n : 0.0;
    double comp_mu = otm_fmax(fabs(cB - sh->mu), fabs(cL - sh->mu));
    if (isfinite(c->sTm))
        comp_mu = otm_fmax(comp_mu, fabs(cT - sh->mu));
    *E0 = otm_fmax(fmax(s->stat, statT), otm_fmax(s->comp, otm_fmax(cB, otm_fmax(cL, cT))));
    double largest = otm_fmax(s->stat, s->comp_mu);
    if (p->ctx.soft_constraints && largest <= OTM_SOFT_CENTRING_CAP) {
        /* The barrier problem's error, by which mu falls, per owner on
         * average once no owner is far off: its largest over 10^5 owners is
         * that of the few worst centred, and waiting for those cost 3-6
         * iterations per mu at every level (77 iterations at 10^4 owners,
         * 94-99 at 10^5, 158 at 10^6). E0, which decides convergence, stays
         * the largest. */
        *Emu = otm_fmax(fmax(s->centrality / n, statT), comp_mu);
        return;
    }
    *Emu = otm_fmax(fmax(largest, statT), comp_mu);
}

#if OTM_HAVE_LANES
/* The residual sums of owners own[i .. i + OTM_LANES) (p->own or p->trial)
 * of a blocked team, four at a time (math/ipm_owner_lanes.h), folded into
 * s in owner order. */
static void otm_ipm_residual_lanes(otm_ipm_problem *p, const otm_ipm_shared *sh, const otm_ipm_owner *own, size_t i,
                                   otm_block_sum *bs, otm_ipm_sums *s)
{
    otm_owner_lanes_residual r;
    otm_ipm_owner_residual_lanes(&p->ctx, sh, &own[i], &r);
    for (int u = 0; u < OTM_LANES; ++u) {
        otm_ipm_sums_at(&p->team, bs, i + u, s);
        otm_ipm_sums_add_residual(s, &r, u, own[i + u].lamT);
    }
}

/* otm_ipm_residuals' pass for a blocked team. */
static void otm_ipm_residuals_lanes(otm_ipm_problem *p, const otm_ipm_shared *sh, double relambda,
                                    otm_block_sum *bs, otm_ipm_sums *s)
{
    const otm_team *team = &p->team;
    size_t i = otm_team_first_owner(team, p->n);
    const size_t end = otm_team_end_owner(team, p->n);
    for (; i + OTM_LANES <= end; i += OTM_LANES) {
        if (relambda > 0.0)
            for (int u = 0; u < OTM_LANES; ++u)
                otm_owner_jets_relambda(&p->own[i + u].J, &p->own_h[i + u], relambda);
        otm_ipm_residual_lanes(p, sh, p->own, i, bs, s);
    }
    for (; i < end; ++i) {
        if (relambda > 0.0)
            otm_owner_jets_relambda(&p->own[i].J, &p->own_h[i], relambda);
        otm_ipm_sums_at(team, bs, i, s);
        otm_ipm_owner_residual(&p->ctx, sh, &p->own[i], s);
    }
}
#endif

/* The owners' residual sums, one pass. With relambda > 0 the pass first
 * moves each owner's objective to lambda raised by that factor
 * (otm_ipm_raise_lambda): one pass over the owners instead of two. */
OTMEC_HD_ONE_COPY void otm_ipm_residuals(otm_ipm_problem *p, const otm_ipm_shared *sh, const otm_coupling *c,
                                         double lamTm, double relambda, double *E0, double *Emu)
{
    otm_ipm_sums s = otm_ipm_sums_zero();
    otm_block_sum bs = otm_block_sum_begin(&p->team, p->n);
#if OTM_HAVE_LANES
    if (p->team.blocked)
        otm_ipm_residuals_lanes(p, sh, relambda, &bs, &s);
    else
#endif
    OTM_FOR_OWNERS(p, i) {
        if (relambda > 0.0)
            otm_owner_jets_relambda(&p->own[i].J, &p->own_h[i], relambda);
        otm_ipm_sums_at(&p->team, &bs, i, &s);
        otm_ipm_owner_residual(&p->ctx, sh, &p->own[i], &s);
    }
    otm_ipm_sums_reduce(&p->team, &bs, &s);
    otm_ipm_residuals_from(p, sh, c, lamTm, &s, E0, Emu);
}

OTMEC_HD otm_ipm_shared otm_ipm_shared_zero(void)
{
    otm_ipm_shared sh;
    sh.Ts = sh.mu = sh.lamB = sh.lamL = sh.dT = sh.tB = sh.tL = 0.0;
    sh.gB = sh.gL = sh.gTm = sh.sigB = sh.sigL = sh.sigTm = 0.0;
    sh.soc = 0;
    return sh;
}

/* KKT residual (mu = 0) of the point and multipliers held in p, after
 * re-evaluating every owner at its x. */
OTMEC_HD double otm_ipm_kkt_residual(otm_ipm_problem *p)
{
    otm_ipm_shared sh = otm_ipm_shared_zero();
    sh.Ts = p->T / p->ctx.sc.T;
    sh.lamB = p->lamB;
    sh.lamL = p->lamL;
    OTM_FOR_OWNERS(p, i) {
        otm_ipm_owner_eval(&p->ctx, &p->od[i], &p->own[i], &p->own_h[i]);
        otm_ipm_owner_sync_slacks(&p->own[i], sh.Ts);
    }
    otm_coupling c = otm_coupling_slacks(p, p->own, sh.Ts);
    double E0, Emu;
    otm_ipm_residuals(p, &sh, &c, p->lamTmax, 0.0, &E0, &Emu);
    return E0;
}

/* Sums over the team's owners of utility (v[0]) and energy (v[1]) at the
 * owners' points: U and, with T, S of P0. */
OTMEC_HD void otm_value_sums(const otm_params *q, const otm_team *team, size_t n, const otm_owner_data *od,
                             const otm_ipm_owner *own, double v[2])
{
    v[0] = v[1] = 0.0;
    otm_block_sum bs = otm_block_sum_begin(team, n);
    OTM_FOR_TEAM_OWNERS_SUM(team, n, i, bs, v, 2) {
        const double *x = own[i].x;
        otm_owner_cost c = otm_owner_costs(q, od[i].h, od[i].g, od[i].D, x[JET_PHI], x[JET_B], x[JET_P], x[JET_F],
                                           x[JET_FL]);
        v[0] += otm_utility(q, od[i].omega, x[JET_PHI]);
        v[1] += c.E;
    }
    otm_block_sum_end(team, &bs, v, 2);
}

/* Over the team's owners: the largest delay T_n / T scale (worst[0]) and the
 * largest rate constraint cR (worst[1], negative when every floor is met):
 * how far the owners' points are from feasible, whatever their slacks. */
OTMEC_HD_ONE_COPY void otm_ipm_worst_constraints(const otm_ipm_problem *p, double worst[2])
{
    worst[0] = worst[1] = -INFINITY;
    OTM_FOR_OWNERS(p, i) {
        worst[0] = otm_fmax(worst[0], p->own[i].J.Tn.v);
        worst[1] = otm_fmax(worst[1], p->own[i].J.cR.v);
    }
    otm_team_reduce(&p->team, OTM_REDUCE_MAX, worst, 2);
}

/* What U/S of P0 needs from the owners' points, read off their full-problem
 * jets: the sums of utility and energy (v, summed by blocks of owners) and
 * the largest delay T_n / T scale and rate constraint cR (worst). */
typedef struct otm_ratio_parts {
    double v[2], worst[2];
} otm_ratio_parts;

OTMEC_HD otm_ratio_parts otm_ratio_parts_zero(void)
{
    otm_ratio_parts r = {{0.0, 0.0}, {-INFINITY, -INFINITY}};
    return r;
}

/* One owner's share, in an owner loop that block-sums r->v. */
OTMEC_HD void otm_ratio_parts_add(otm_ratio_parts *r, const otm_owner_jets *J)
{
    r->v[0] += J->util;
    r->v[1] += J->energy;
    r->worst[0] = otm_fmax(r->worst[0], J->Tn.v);
    r->worst[1] = otm_fmax(r->worst[1], J->cR.v);
}

/* After the loop: the team's sums and maxima. */
OTMEC_HD void otm_ratio_parts_end(const otm_team *t, otm_block_sum *bs, otm_ratio_parts *r)
{
    double v[4] = {r->v[0], r->v[1], r->worst[0], r->worst[1]};
    otm_block_sum_end_and(t, bs, v, 2, OTM_REDUCE_MAX, 4);
    r->v[0] = v[0];
    r->v[1] = v[1];
    r->worst[0] = v[2];
    r->worst[1] = v[3];
}

/* The parts at the owners' current points: a pass of its own. */
OTMEC_HD otm_ratio_parts otm_ipm_ratio_parts(const otm_ipm_problem *p)
{
    otm_ratio_parts r = otm_ratio_parts_zero();
    otm_block_sum bs = otm_block_sum_begin(&p->team, p->n);
    OTM_FOR_OWNERS_SUM(p, i, bs, r.v, 2)
    otm_ratio_parts_add(&r, &p->own[i].J);
    otm_ratio_parts_end(&p->team, &bs, &r);
    return r;
}

/* U/S of P0 at the owners' points (their parts r) and physical time
 * Ts * T scale. */
OTMEC_HD double otm_ipm_ratio(const otm_ipm_problem *p, const otm_ratio_parts *r, double Ts)
{
    if (p->ctx.soft_constraints) {
        /* Dinkelbach's lambda must be the ratio of a feasible point: T
         * covers every delay, and a missed rate floor gives none (the
         * violated iterate's own T and S would overstate it) */
        if (!(r->worst[1] < 0.0))
            return -INFINITY;
        Ts = otm_fmax(Ts, r->worst[0]);
    }
    return r->v[0] / otm_consumption(&p->ctx.q, r->v[1], Ts * p->ctx.sc.T);
}

/* Dinkelbach's update inside the solve: lambda <- U/S (from the owners'
 * parts r) when that gains more than ratio_tol. Returns the factor by which
 * lambda rose, which the owners' objectives must then move by (the
 * residual pass does it, otm_ipm_residuals), or 0 when it did not move.
 * The objectives are updated, not evaluated again (otm_owner_jets_relambda:
 * a raise at most iterations made the evaluations an eighth of the work). */
OTMEC_HD double otm_ipm_raise_lambda(otm_ipm_problem *p, const otm_ratio_parts *r, double Ts)
{
    double ratio = otm_ipm_ratio(p, r, Ts);
    if (!(ratio > p->ctx.lambda * (1.0 + p->ratio_tol)))
        return 0.0;
    /* the T coefficient is lambda * w_t on the same scales */
    const double factor = ratio / p->ctx.lambda;
    p->ctx.coef_T *= factor;
    p->ctx.lambda = ratio;
    return factor;
}

/* The filter of a line search with soft constraints (Waechter and Biegler's,
 * as in IPOPT): pairs (violation, merit) that a trial point must improve on
 * in one of the two. Violations and slopes are per owner. */
#define OTM_FILTER_SIZE 16
/* The barrier's decrease with soft constraints, mu <- min(0.5 mu, mu^1.2)
 * (strict: 0.2 and 1.5): after a large decrease the filter let violations
 * grow that took hundreds of iterations to undo. N = 100,000, seeds 1-3:
 * 95-99 iterations and 17-18 s with it; with 0.2/1.5, 0.35/1.5, 0.5/1.5,
 * 0.5/1.3 and 0.2/1.2 seed 2 did not converge in 100 s (0.2/1.5: MAX_ITER
 * after 462 s). */
#define OTM_SOFT_MU_FACTOR 0.5
#define OTM_SOFT_MU_POWER 1.2
/* ... and min(0.5 mu, mu^1.1) for the rest of the solve once a level below
 * mu = 1e-3 took more than 10 Newton iterations: the superlinear decrease
 * then outruns what the steps can follow. At N = 10^6 each fall of mu from
 * 1.8e-4 on took the violation to the filter's cap and 14-50 iterations of
 * short steps; mu^1.1 throughout gave 157 iterations instead of 193, half
 * the CPU time, but 94 instead of 77 at N = 10^4. With this rule 10^6
 * takes 158; N = 10^4 to 10^5 (seeds 1-3) are unchanged (no level below
 * 1e-3 took more than 7 there); 3 x 10^5 seed 1 takes 121 instead of 110
 * (a level of 11 at mu = 3.2e-5), 5% more time. */
#define OTM_SOFT_MU_POWER_GENTLE 1.1
#define OTM_LONG_LEVEL_MU 1e-3
#define OTM_LONG_LEVEL_ITERATIONS 10
#define OTM_FILTER_THETA_MAX 1e2 /* per owner and unit of mu: no trial point violates more */
#define OTM_FILTER_THETA_MIN 1e-4 /* below it, merit descent (Armijo) decides */

typedef struct otm_filter {
    int n;
    double theta[OTM_FILTER_SIZE], merit[OTM_FILTER_SIZE];
} otm_filter;

OTMEC_HD void otm_filter_reset(otm_filter *f)
{
    f->n = 0;
}

OTMEC_HD void otm_filter_add(otm_filter *f, double theta, double merit)
{
    if (f->n == OTM_FILTER_SIZE) { /* the oldest entry goes */
        for (int k = 1; k < f->n; ++k) {
            f->theta[k - 1] = f->theta[k];
            f->merit[k - 1] = f->merit[k];
        }
        f->n -= 1;
    }
    f->theta[f->n] = theta;
    f->merit[f->n] = merit;
    f->n += 1;
}

/* Does the filter accept a trial (theta, merit) from (theta0, merit0) at
 * step alpha, with the merit's slope along the step? `armijo`: the merit's
 * sufficient decrease holds. A step that only trades violation against
 * merit enters the filter. */
OTMEC_HD int otm_filter_accepts(otm_filter *f, double theta0, double merit0, double theta, double merit,
                                double alpha, double slope, double mu, int armijo)
{
    /* Without a restoration phase the violation must stay where Newton steps
     * undo it: within the barrier's scale (a step at mu = 1e-10 that traded
     * a violation of 3.4 for merit never came back, measured). */
    if (!(theta <= otm_fmax(theta0, OTM_FILTER_THETA_MAX * mu)))
        return 0;
    for (int k = 0; k < f->n; ++k)
        if (theta >= f->theta[k] && merit >= f->merit[k])
            return 0;
    /* switching condition: the violation is small, and the merit's
     * predicted decrease dominates it: then the merit must fall (the two
     * powers only where the violation is small, not at every trial) */
    if (theta0 <= OTM_FILTER_THETA_MIN && slope < 0.0 && alpha * pow(-slope, 2.3) > pow(theta0, 1.1))
        return armijo;
    const double gamma_theta = 1e-5, gamma_merit = 1e-8;
    if (!(theta <= (1.0 - gamma_theta) * theta0 || merit <= merit0 - gamma_merit * theta0))
        return 0;
    otm_filter_add(f, (1.0 - gamma_theta) * theta0, merit0 - gamma_merit * theta0);
    return 1;
}

#if OTM_HAVE_LANES
/* The Newton blocks of this member's owners (a blocked team: consecutive
 * owners), OTM_LANES at a time (math/ipm_owner_lanes.h), their sums added
 * owner by owner in owner order: the scalar loop's bits. An owner whose
 * arrowhead factor fails takes the scalar phase. Returns 0 when a block
 * cannot be factored. */
static int otm_ipm_assemble_lanes(otm_ipm_problem *p, const otm_ipm_shared *sh, int level, otm_block_sum *bs,
                                  otm_ipm_sums *s)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    const otm_team *team = &p->team;
    const double aB = otm_is_free(ctx, JET_B) ? ctx->aB : 0.0, lFL = otm_is_free(ctx, JET_FL) ? ctx->aL : 0.0;
    size_t i = otm_team_first_owner(team, p->n);
    const size_t end = otm_team_end_owner(team, p->n);
    for (; i + OTM_LANES <= end; i += OTM_LANES) {
        otm_owner_lanes_block blk;
        otm_ipm_owner_block_lanes(ctx, sh, &p->own[i], &p->own_h[i], &p->step[i], &blk);
        for (int u = 0; u < OTM_LANES; ++u) {
            otm_ipm_sums_at(team, bs, i + u, s);
            if (blk.ok[u]) {
                double e[JET_DIM];
                for (int j = 0; j < JET_DIM; ++j)
                    e[j] = blk.e[j][u];
                otm_ipm_owner_add_block(e, aB, lFL, blk.sigT[u], blk.pT[u], &p->step[i + u], s);
            } else if (!otm_ipm_owner_assemble(ctx, sh, &p->own[i + u], &p->own_h[i + u], &p->step[i + u], level,
                                               s)) {
                return 0;
            }
        }
    }
    for (; i < end; ++i) {
        otm_ipm_sums_at(team, bs, i, s);
        if (!otm_ipm_owner_assemble(ctx, sh, &p->own[i], &p->own_h[i], &p->step[i], level, s))
            return 0;
    }
    return 1;
}

/* The owners' steps of this member (a blocked team), OTM_LANES at a time:
 * into sums what the direction's scalar loop adds (the slope, the summed
 * b and fL steps, merit, violation, the merit's scale; the step bounds at
 * sums[6] and sums[7]), owner by owner in owner order: its bits. */
static void otm_ipm_steps_lanes(otm_ipm_problem *p, const otm_ipm_shared *sh, double tau, otm_block_sum *bs,
                                double sums[8])
{
    const otm_ipm_ctx *ctx = &p->ctx;
    const otm_team *team = &p->team;
    size_t i = otm_team_first_owner(team, p->n);
    const size_t end = otm_team_end_owner(team, p->n);
    for (; i < end; i += OTM_LANES) {
        otm_owner_lanes_step ls;
        const int lanes = end - i < OTM_LANES ? (int)(end - i) : OTM_LANES;
        if (lanes == OTM_LANES)
            otm_ipm_owner_step_lanes(ctx, sh, &p->own[i], &p->step[i], tau, &ls);
        for (int u = 0; u < lanes; ++u) {
            const otm_ipm_owner *o = &p->own[i + u];
            otm_ipm_step *st = &p->step[i + u];
            otm_block_sum_at(team, bs, i + u, sums, 6);
            if (lanes < OTM_LANES) { /* the last owners, one at a time */
                ls.alpha[u] = otm_ipm_owner_step(ctx, sh, o, st, tau, &sums[0]);
                ls.alpha_dual[u] = ctx->soft_constraints ? otm_ipm_owner_dual_step_bound(ctx, sh, o, st, tau) : 1.0;
                ls.merit[u] = otm_ipm_owner_merit(o, sh->mu);
                ls.violation[u] = otm_ipm_owner_violation(o, sh->Ts);
            } else {
                sums[0] += ls.dot[u];
            }
            sums[6] = otm_fmin(sums[6], ls.alpha[u]);
            if (ctx->soft_constraints)
                sums[7] = otm_fmin(sums[7], ls.alpha_dual[u]);
            sums[1] += st->d[JET_B];
            sums[2] += st->d[JET_FL];
            sums[3] += ls.merit[u];
            sums[4] += ls.violation[u];
            sums[5] += fabs(ls.merit[u]);
        }
    }
}
#endif

/* The Newton direction at the current point, from convexify level
 * *convexify on (the level that worked is written back): every owner block
 * assembled and solved, the 3x3 coupling system solved into sh->dT, tB, tL,
 * and each owner's step. With it the largest steps that keep a fraction tau
 * of every bound distance and slack (alpha) and, soft constraints only, of
 * every multiplier (alpha_dual); the merit's slope along it. Returns 0 when
 * no direction exists. */
typedef struct otm_ipm_direction {
    double alpha, alpha_dual;
    double slope;
    double merit, violation; /* at the current point (coupling included; violation summed) */
    double merit_scale; /* the sum of the magnitudes of the merit's terms: the scale of its rounding */
} otm_ipm_direction;

OTMEC_HD_ONE_COPY int otm_ipm_newton_direction(otm_ipm_problem *p, otm_ipm_shared *sh, const otm_coupling *c,
                                               double lamTm, double tau, int *convexify, otm_ipm_direction *dir)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    const otm_team *team = &p->team;
    /* Exact Newton when the whole system is positive definite
     * (otm_ipm_system_definite: the owner blocks' inertia, the resource
     * sums' curvature, the time coupling's Schur complement); else every
     * owner block is convexified (nonconvex P(lambda) only). */
    otm_ipm_sums s = otm_ipm_sums_zero();
    const double sigTm = sh->sigTm;
    int assembled = 0;
    for (int level = *convexify; level < 2 && !assembled; ++level) {
        s = otm_ipm_sums_zero();
        int ok = 1;
        otm_block_sum bs = otm_block_sum_begin(team, p->n);
#if OTM_HAVE_LANES
        if (team->blocked)
            ok = otm_ipm_assemble_lanes(p, sh, level, &bs, &s);
        else
#endif
            OTM_FOR_OWNERS(p, i) {
                if (!ok)
                    break;
                otm_ipm_sums_at(team, &bs, i, &s);
                ok = otm_ipm_owner_assemble(ctx, sh, &p->own[i], &p->own_h[i], &p->step[i], level, &s);
            }
        /* the sums, and whether every block was factored, in one
         * reduction (assembly sets none of the sums' maxima) */
        double v[OTM_IPM_SUMS + 1];
        otm_ipm_sums_pack(&s, v);
        v[OTM_IPM_SUMS] = !ok ? 0.0 : s.negative > 0 ? 0.5 : 1.0;
        otm_block_sum_end_and(team, &bs, v, OTM_IPM_SUMS, OTM_REDUCE_MIN, OTM_IPM_SUMS + 1);
        otm_ipm_sums_unpack(v, &s);
        assembled = v[OTM_IPM_SUMS] > 0.25;
        /* some member's blocks have negative eigenvalues (rare): their
         * count, in a reduction of its own */
        const int negative =
            assembled && v[OTM_IPM_SUMS] < 0.75 ? (int)(otm_team_sum(team, (double)s.negative) + 0.5) : 0;
        assembled = assembled && otm_ipm_system_definite(&s, negative, s.sigT + sigTm, sh->sigB, sh->sigL);
        *convexify = level;
    }
    if (!assembled)
        return 0;
    const double sigB = sh->sigB, sigL = sh->sigL;
    double wTT = s.sigT + sigTm;
    double rT = -ctx->coef_T + s.muT - sh->gTm;
    double M[3][3] = {{wTT - s.eKe, -s.eKa, -s.eKl},
                      {-sigB * s.eKa, -sigB * s.aKa - 1.0, -sigB * s.aKl},
                      {-sigL * s.eKl, -sigL * s.aKl, -sigL * s.lKl - 1.0}};
    double rhs[3] = {rT - s.eKr, -sigB * s.aKr, -sigL * s.lKr};
    double sol[3];
    if (!otm_solve3(M, rhs, sol))
        return 0;
    sh->dT = sol[0];
    sh->tB = sol[1];
    sh->tL = sol[2];

    /* slope, sum db, sum dfL, and the merit (its coupling term first, on
     * the first member) and violation at the current point, which the line
     * search starts from: one pass over the owners instead of two; then the
     * primal and dual step bounds */
    const double coupling_merit = team->rank == 0 ? otm_coupling_merit(p, c, sh->Ts, sh->mu) : 0.0;
    double sums[8] = {0.0, 0.0, 0.0, coupling_merit, 0.0, fabs(coupling_merit), 1.0, 1.0};
    double *bound = sums + 6;
    otm_block_sum bs = otm_block_sum_begin(team, p->n);
#if OTM_HAVE_LANES
    if (team->blocked)
        otm_ipm_steps_lanes(p, sh, tau, &bs, sums);
    else
#endif
    OTM_FOR_OWNERS_SUM(p, i, bs, sums, 6) {
        const otm_ipm_owner *o = &p->own[i];
        otm_ipm_step *st = &p->step[i];
        bound[0] = otm_fmin(bound[0], otm_ipm_owner_step(ctx, sh, o, st, tau, &sums[0]));
        if (ctx->soft_constraints)
            bound[1] = otm_fmin(bound[1], otm_ipm_owner_dual_step_bound(ctx, sh, o, st, tau));
        sums[1] += st->d[JET_B];
        sums[2] += st->d[JET_FL];
        double merit = otm_ipm_owner_merit(o, sh->mu);
        sums[3] += merit;
        sums[4] += otm_ipm_owner_violation(o, sh->Ts);
        sums[5] += fabs(merit);
    }
    otm_block_sum_end_and(team, &bs, sums, 6, OTM_REDUCE_MIN, 8);
    dir->merit = sums[3];
    dir->violation = sums[4];
    dir->merit_scale = sums[5];
    double alpha = bound[0];
    /* the coupling slacks' steps, from the owners' summed b and fL steps
     * (only the step bound reads them: the multipliers step from tB, tL) */
    double dsB = -ctx->aB * sums[1], dsL = -ctx->aL * sums[2], dsTm = -sh->dT;
    if (dsB < 0.0)
        alpha = otm_fmin(alpha, tau * c->sB / -dsB);
    if (dsL < 0.0)
        alpha = otm_fmin(alpha, tau * c->sL / -dsL);
    if (isfinite(c->sTm) && dsTm < 0.0)
        alpha = otm_fmin(alpha, tau * c->sTm / -dsTm);
    dir->alpha = alpha;
    /* T enters the owners' merits through their delay slacks (slope above);
     * here its objective term and the deadline's barrier */
    dir->slope = sums[0] + (ctx->coef_T + sh->gTm) * sh->dT;
    dir->alpha_dual = bound[1];
    if (ctx->soft_constraints) {
        double dlamB = otm_coupling_multiplier_step(sh->lamB, sh->gB, sh->tB);
        double dlamL = otm_coupling_multiplier_step(sh->lamL, sh->gL, sh->tL);
        dir->alpha_dual = otm_fmin(dir->alpha_dual, otm_fmin(otm_multiplier_step_bound(sh->lamB, dlamB, tau),
                                                             otm_multiplier_step_bound(sh->lamL, dlamL, tau)));
        if (isfinite(c->sTm)) {
            double dlamTm = otm_coupling_multiplier_step(lamTm, sh->gTm, sigTm * sh->dT);
            dir->alpha_dual = otm_fmin(dir->alpha_dual, otm_multiplier_step_bound(lamTm, dlamTm, tau));
        }
    }
    return 1;
}

/* Sufficient decrease of the merit at step alpha along a direction of
 * slope `slope`, or no rise beyond rounding. The merit is a sum of terms of
 * about `scale` in magnitude together, which cancel to a small value where
 * lambda = U/S (U - lambda S = 0): its rounding is relative to that scale,
 * not to its value. With |merit0| as the scale, a refinement at N = 100
 * failed its line search at mu = 1e-10: every trial point, down to steps of
 * 1e-18, lay 4e-14 above a merit of 6.7e-7 whose 83 terms summed to 107 in
 * magnitude, and the refinement fell back to the full warm start. */
OTMEC_HD int otm_armijo(double merit, double merit0, double alpha, double slope, double scale)
{
    return merit <= merit0 + 1e-4 * alpha * slope || merit - merit0 <= 1e-14 * otm_fmax(1.0, scale);
}

/* The trial point at step alpha of the current direction, into p->trial,
 * at trial time Ts: 0 when it leaves the interior; else its merit and
 * violation (per owner) and its coupling slacks. */
OTMEC_HD_ONE_COPY int otm_ipm_trial_point(otm_ipm_problem *p, const otm_ipm_shared *sh, double alpha, double Ts,
                                          double *merit, double *theta, otm_coupling *ct)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    const otm_team *team = &p->team;
    int ok = 1;
    /* merit, violation and the coupling's sums of b and fL, in one pass
     * over the owners (at 10^6 owners each pass streams their states) */
    double v[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
    otm_block_sum bs = otm_block_sum_begin(team, p->n);
    OTM_FOR_OWNERS_SUM(p, i, bs, v, 4) {
        if (!ok)
            break;
        otm_ipm_owner *t = &p->trial[i];
        otm_ipm_owner_trial(ctx, &p->od[i], &p->own[i], &p->step[i], alpha, Ts, t, &p->trial_h[i]);
        ok = otm_ipm_owner_interior(ctx, t, Ts);
        if (ok) {
            v[0] += otm_ipm_owner_merit(t, sh->mu);
            v[1] += otm_ipm_owner_violation(t, Ts);
            v[2] += t->x[JET_B];
            v[3] += t->x[JET_FL];
        }
    }
    v[4] = ok ? 1.0 : 0.0; /* every trial point interior: in the same reduction */
    otm_block_sum_end_and(team, &bs, v, 4, OTM_REDUCE_MIN, 5);
    if (!(v[4] > 0.5))
        return 0;
    *ct = otm_coupling_from_sums(p, v[2], v[3], Ts);
    if (!otm_coupling_interior(ct))
        return 0;
    *merit = v[0] + otm_coupling_merit(p, ct, Ts, sh->mu);
    *theta = v[1] / (double)p->n;
    return isfinite(*merit) && isfinite(*theta);
}

/* IPOPT's second-order corrections, tried when the full trial step at
 * alpha raised the violation: the Newton system again, with each owner's
 * violations replaced by alpha times the current ones plus those of the
 * trial point, which removes the curvature of the rate and delay
 * constraints from the step. A corrected point that is not accepted but
 * lowered the violation by a hundredth is corrected again, from its own
 * violations, up to OTM_SOC_MAX times (IPOPT's max_soc and kappa_soc). At
 * N = 10^6 one correction left a level at mu = 1.8e-4 with steps of 1/16
 * to 1/4 for 8 iterations, after which mu fell gently (120 iterations in
 * all); with up to four that level took 6 and the gentle fall never began
 * (108). Returns 1 when a corrected trial point is accepted (p->trial, *ct
 * and *dir hold it and sh its coupling step), 0 when none is (the original
 * direction is rebuilt), -1 when no direction could be rebuilt. */
#define OTM_SOC_MAX 4
#define OTM_SOC_PROGRESS 0.99

/* The rejected full step the corrections start from, and the line search's
 * reference at the current point. In memory, handed by pointer: the device
 * then keeps none of it in registers across the passes (docs/gpu.md,
 * "Registers"). */
typedef struct otm_soc_trial {
    double alpha;                 /* the full step's length: the acceptance tests use it */
    double scale;                 /* the factor of the carried violations: alpha, then each corrected step's */
    double Ts, theta;             /* time and violation (per owner) of the last trial point */
    double theta0, merit0, slope; /* at the current point */
} otm_soc_trial;

OTMEC_HD_ONE_COPY int otm_ipm_second_order_correction(otm_ipm_problem *p, otm_ipm_shared *sh, const otm_coupling *c,
                                                      double lamTm, double tau, int convexify, otm_soc_trial *tr,
                                                      otm_filter *filter, otm_ipm_direction *dir, otm_coupling *ct)
{
    otm_ipm_direction corrected;
    int accepted = 0;
    for (int k = 0; k < OTM_SOC_MAX; ++k) {
        /* the violations the correction removes: at first, alpha times the
         * current point's plus the rejected trial point's; then the last
         * corrected step's times the carried ones plus its trial point's */
        OTM_FOR_OWNERS(p, i) {
            otm_ipm_step *st = &p->step[i];
            double vR = otm_ipm_owner_vR(&p->trial[i]), vT = otm_ipm_owner_vT(&p->trial[i], tr->Ts);
            if (k == 0) {
                st->socR = tr->scale * otm_ipm_owner_vR(&p->own[i]) + vR;
                st->socT = tr->scale * otm_ipm_owner_vT(&p->own[i], sh->Ts) + vT;
            } else {
                st->socR = tr->scale * st->socR + vR;
                st->socT = tr->scale * st->socT + vT;
            }
        }
        sh->soc = 1;
        int level = convexify;
        if (!otm_ipm_newton_direction(p, sh, c, lamTm, tau, &level, &corrected) || level != convexify)
            break;
        double Ts = sh->Ts + corrected.alpha * sh->dT, merit, theta;
        if (!otm_ipm_trial_point(p, sh, corrected.alpha, Ts, &merit, &theta, ct))
            break;
        int armijo = otm_armijo(merit, tr->merit0, tr->alpha, tr->slope, dir->merit_scale);
        accepted = otm_filter_accepts(filter, tr->theta0, tr->merit0, theta, merit, tr->alpha,
                                      tr->slope / (double)p->n, sh->mu, armijo);
        if (accepted || !(theta <= OTM_SOC_PROGRESS * tr->theta))
            break;
        tr->scale = corrected.alpha;
        tr->Ts = Ts;
        tr->theta = theta;
    }
    sh->soc = 0;
    if (accepted) {
        *dir = corrected;
        return 1;
    }
    int level = convexify;
    otm_ipm_direction original;
    return otm_ipm_newton_direction(p, sh, c, lamTm, tau, &level, &original) ? 0 : -1;
}

/* The first pass over the owners: their jets and multipliers at the start;
 * 0 when a start is not strictly interior. */
OTMEC_HD_ONE_COPY int otm_ipm_start_pass(otm_ipm_problem *p, const otm_ipm_shared *sh)
{
    int interior = 1;
    OTM_FOR_OWNERS(p, i) {
        otm_ipm_owner_eval(&p->ctx, &p->od[i], &p->own[i], &p->own_h[i]);
        otm_ipm_owner_init_multipliers(&p->ctx, &p->own[i], sh->Ts, sh->mu);
        interior = interior && otm_ipm_owner_interior(&p->ctx, &p->own[i], sh->Ts);
    }
    return otm_team_all(&p->team, interior);
}

/* What the accept pass sums of owner i's accepted point (p->trial[i]):
 * its residual with the accepted shared scalars, or, tracking the ratio,
 * its U and S. */
OTMEC_HD void otm_ipm_accepted_sums(otm_ipm_problem *p, const otm_ipm_shared *accepted, size_t i,
                                    otm_block_sum *bs, otm_ipm_sums *next, otm_ratio_parts *parts)
{
    if (p->track_ratio) {
        otm_block_sum_at(&p->team, bs, i, parts->v, 2);
        otm_ratio_parts_add(parts, &p->trial[i].J);
    } else {
        otm_ipm_sums_at(&p->team, bs, i, next);
        otm_ipm_owner_residual(&p->ctx, accepted, &p->trial[i], next);
    }
}

/* The pass that accepts each owner's trial step (multipliers at step
 * alpha_dual, taken with the shared scalars sh of the step) into p->trial
 * and sums there either the next iteration's residuals (with the accepted
 * shared scalars) or, when the refinement tracks its ratio, U and S: lambda
 * then rises at most iterations, and the residuals at the new lambda come
 * from the pass that moves the objectives (otm_ipm_measure). */
OTMEC_HD_ONE_COPY void otm_ipm_accept_pass(otm_ipm_problem *p, const otm_ipm_shared *sh,
                                           const otm_ipm_shared *accepted, double alpha_dual, otm_ipm_sums *next,
                                           otm_ratio_parts *parts)
{
    const otm_team *team = &p->team;
    *next = otm_ipm_sums_zero();
    *parts = otm_ratio_parts_zero();
    otm_block_sum bs = otm_block_sum_begin(team, p->n); /* of the one or the other */
#if OTM_HAVE_LANES
    if (team->blocked) {
        /* four owners at a time; the last ones, and the ratio's parts, one
         * at a time */
        size_t i = otm_team_first_owner(team, p->n);
        const size_t end = otm_team_end_owner(team, p->n);
        for (; i + OTM_LANES <= end; i += OTM_LANES) {
            otm_ipm_owner_accept_lanes(&p->ctx, sh, &p->own[i], &p->step[i], &p->trial[i], alpha_dual);
            if (!p->track_ratio) {
                otm_ipm_residual_lanes(p, accepted, p->trial, i, &bs, next);
                continue;
            }
            for (size_t k = i; k < i + OTM_LANES; ++k)
                otm_ipm_accepted_sums(p, accepted, k, &bs, next, parts);
        }
        for (; i < end; ++i) {
            otm_ipm_owner_accept(&p->ctx, sh, &p->own[i], &p->step[i], &p->trial[i], alpha_dual);
            otm_ipm_accepted_sums(p, accepted, i, &bs, next, parts);
        }
    } else
#endif
    OTM_FOR_OWNERS(p, i) {
        otm_ipm_owner_accept(&p->ctx, sh, &p->own[i], &p->step[i], &p->trial[i], alpha_dual);
        otm_ipm_accepted_sums(p, accepted, i, &bs, next, parts);
    }
    if (p->track_ratio)
        otm_ratio_parts_end(team, &bs, parts);
    else
        otm_ipm_sums_reduce(team, &bs, next);
}

/* The interior-point loop's state from one iteration to the next. One
 * struct in memory, handed to the phases by pointer: the device then keeps
 * none of it in registers across the owner passes, whose own register need
 * is what sets the kernel's (docs/gpu.md, "Registers"). */
typedef struct otm_ipm_state {
    otm_ipm_shared sh;
    otm_coupling c;
    double lamTm;           /* the deadline's multiplier */
    double mu_min, mu_factor, mu_power;
    int short_steps;
    int level_start;        /* iteration at which mu took its current value */
    otm_filter filter;
    double filter_mu, filter_lambda; /* the barrier problem the filter is of */
    double best;            /* smallest KKT residual since lambda last rose */
    int since_best;
    otm_ipm_sums next;      /* the owners' residual sums at the accepted point */
    int have_next;
    otm_ratio_parts parts;  /* ... and what their U/S needs (track_ratio) */
    int have_parts;
} otm_ipm_state;

/* The start: jets, multipliers, coupling slacks and multipliers, the barrier
 * schedule; 0 when the start is not strictly interior. */
OTMEC_HD_ONE_COPY int otm_ipm_begin(otm_ipm_problem *p, otm_ipm_state *st)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    st->sh = otm_ipm_shared_zero();
    st->sh.Ts = p->T / ctx->sc.T;
    st->sh.mu = p->mu0;
    if (!otm_ipm_start_pass(p, &st->sh))
        return 0;
    st->c = otm_coupling_slacks(p, p->own, st->sh.Ts);
    if (!otm_coupling_interior(&st->c))
        return 0;
    const double n = (double)p->n;
    /* coupling multipliers carry the 1/n normalisation of their residual */
    st->sh.lamB = n * st->sh.mu / st->c.sB;
    st->sh.lamL = n * st->sh.mu / st->c.sL;
    st->lamTm = isfinite(st->c.sTm) ? n * st->sh.mu / st->c.sTm : 0.0;
    st->mu_min = p->tol / 10.0;
    st->mu_factor = ctx->soft_constraints ? OTM_SOFT_MU_FACTOR : 0.2;
    st->mu_power = ctx->soft_constraints ? OTM_SOFT_MU_POWER : 1.5;
    st->short_steps = 0;
    st->level_start = 0;
    otm_filter_reset(&st->filter);
    st->filter_mu = st->filter_lambda = NAN;
    st->best = INFINITY;
    st->since_best = 0;
    st->have_next = 0;
    st->have_parts = 0;
    return 1;
}

/* Residuals at the current point (lambda raised to U/S first when the
 * refinement tracks its ratio), the convergence tests, and the barrier
 * parameter for the next step. Returns 1 when the solve has converged. */
OTMEC_HD_ONE_COPY int otm_ipm_measure(otm_ipm_problem *p, otm_ipm_state *st, int it)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    otm_ipm_shared *sh = &st->sh;
    double E0, Emu, factor = 0.0;
    /* Dinkelbach's lambda follows U/S at every iterate, not only where
     * the barrier problem is solved: the problem then moves a little at
     * each step instead of by one jump per mu level, each followed by a
     * re-centring (median iterations at N = 1 / 10 / 100 / 300 / 1,000 /
     * 10^4: 28 / 33 / 53 / 62 / 66 / 64 -> 26 / 30 / 48 / 56 / 60 / 58,
     * no longer tails, the same ratios). The residuals are then summed
     * once, at the new lambda, by the pass that moves the objectives. */
    if (p->track_ratio) {
        /* the accept pass summed U and S at the accepted point */
        if (!st->have_parts)
            st->parts = otm_ipm_ratio_parts(p);
        st->have_parts = 0;
        factor = otm_ipm_raise_lambda(p, &st->parts, sh->Ts);
        if (factor > 0.0)
            st->best = INFINITY;
    }
    if (st->have_next)
        otm_ipm_residuals_from(p, sh, &st->c, st->lamTm, &st->next, &E0, &Emu);
    else
        otm_ipm_residuals(p, sh, &st->c, st->lamTm, factor, &E0, &Emu);
    st->have_next = 0;
    p->kkt = E0;
    /* the soft solve's slower barrier decrease would stop at mu near
     * tol, a few 1e-10 short of the ratio: it goes on to the smallest mu */
    if (E0 <= p->tol && (sh->mu <= st->mu_min || !ctx->soft_constraints))
        return 1;
    /* At the smallest mu, a residual that stops falling is at the
     * rounding floor of the data: within 100 tol that is convergence. */
    st->since_best = E0 < st->best ? 0 : st->since_best + 1;
    st->best = otm_fmin(st->best, E0);
    if (sh->mu <= st->mu_min && st->since_best >= OTM_IPM_STALL_ITERATIONS && E0 <= 100.0 * p->tol)
        return 1;
    /* Barrier problem solved to E_mu <= mu before mu falls: with the
     * looser 10 mu the iterates reach small mu off-centre and jam against
     * the curved delay constraints (measured on P(lambda), N = 100). With
     * lambda following U/S at every iterate, 4 mu (strict solves) took
     * median iterations at N = 1 / 10 / 100 / 300 from 26 / 30 / 48 / 57
     * to 23 / 28 / 45 / 53, but one realization in a few hundred from
     * 40 to 200-330: lambda crept up at every step at mu = 1e-10 while
     * the off-centre iterates lost their footing (2 mu: tails too). */
    while (Emu <= sh->mu && sh->mu > st->mu_min) {
        if (ctx->soft_constraints && sh->mu < OTM_LONG_LEVEL_MU && it - st->level_start > OTM_LONG_LEVEL_ITERATIONS)
            st->mu_power = OTM_SOFT_MU_POWER_GENTLE;
        st->level_start = it;
        sh->mu = otm_fmax(st->mu_min, otm_fmin(st->mu_factor * sh->mu, pow(sh->mu, st->mu_power)));
        otm_ipm_residuals(p, sh, &st->c, st->lamTm, 0.0, &E0, &Emu);
        /* Soft solves: one fall per iteration. On the owners' average
         * error mu fell twice at once at 3 x 10^5 owners (0.0625 to
         * 0.0156), the step after it took the largest error from 0.06
         * to 4.9, and the recovery and the short steps of the levels
         * below cost 24 iterations (123 in all, 99 with one fall). */
        if (ctx->soft_constraints)
            break;
    }
    return 0;
}

/* Backtracking along dir, keeping the bounds and slacks strict: on the
 * barrier merit, or with soft constraints by the filter on (violation,
 * merit). Returns 1 with the accepted trial point in p->trial, its coupling
 * slacks in *ct and its step in dir->alpha (dir replaced by the corrected
 * direction when a second-order correction was taken); 0 when no step was
 * accepted. */
OTMEC_HD_ONE_COPY int otm_ipm_line_search(otm_ipm_problem *p, otm_ipm_state *st, double tau, int convexify,
                                          otm_ipm_direction *dir, otm_coupling *ct)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    otm_ipm_shared *sh = &st->sh;
    const double n = (double)p->n, merit0 = dir->merit, slope = dir->slope;
    const double theta0 = dir->violation / n; /* per owner, as the filter's constants are */
    const double slope_per_owner = slope / n;
    if (sh->mu != st->filter_mu || ctx->lambda != st->filter_lambda) {
        /* a new barrier problem: the old filter says nothing about it */
        otm_filter_reset(&st->filter);
        st->filter_mu = sh->mu;
        st->filter_lambda = ctx->lambda;
    }
    double alpha = dir->alpha;
    *ct = st->c;
    for (int ls = 0; ls < 60; ++ls, alpha *= 0.5) {
        double Ts = sh->Ts + alpha * sh->dT, merit, theta;
        if (!otm_ipm_trial_point(p, sh, alpha, Ts, &merit, &theta, ct))
            continue;
        int armijo = otm_armijo(merit, merit0, alpha, slope, dir->merit_scale);
        int accepted = ctx->soft_constraints ? otm_filter_accepts(&st->filter, theta0, merit0, theta, merit, alpha,
                                                                  slope_per_owner, sh->mu, armijo)
                                             : armijo;
        if (accepted) {
            dir->alpha = alpha;
            return 1;
        }
        /* A full step that raised the violation meets the constraints'
         * curvature (worst after mu falls: at N = 10^6 the first step at
         * a new mu took the violation to the filter's cap, and steps of
         * 1/64 followed for 30-50 iterations at each mu): corrected
         * before backtracking. */
        if (ls == 0 && ctx->soft_constraints && theta >= theta0) {
            otm_soc_trial tr = {alpha, alpha, Ts, theta, theta0, merit0, slope};
            int soc = otm_ipm_second_order_correction(p, sh, &st->c, st->lamTm, tau, convexify, &tr, &st->filter,
                                                      dir, ct);
            if (soc > 0)
                return 1; /* dir->alpha is the corrected step's */
            if (soc < 0)
                return 0; /* no direction at all */
        }
    }
    return 0;
}

/* Takes the accepted step: coupling multipliers, the owners' states (the
 * trial points become the current ones), T, and the crawl watch. */
OTMEC_HD_ONE_COPY void otm_ipm_take_step(otm_ipm_problem *p, otm_ipm_state *st, const otm_ipm_direction *dir,
                                         const otm_coupling *ct)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    const otm_ipm_shared *sh = &st->sh;
    const otm_coupling *c = &st->c;
    const double alpha = dir->alpha, nmu = (double)p->n * sh->mu;
    const double sigTm = sh->sigTm;
    double dlamB = otm_coupling_multiplier_step(sh->lamB, sh->gB, sh->tB);
    double dlamL = otm_coupling_multiplier_step(sh->lamL, sh->gL, sh->tL);
    double dlamTm = isfinite(c->sTm) ? otm_coupling_multiplier_step(st->lamTm, sh->gTm, sigTm * sh->dT) : 0.0;
    /* Soft constraints: the multipliers go at least as far as the primal
     * step (clamped, as with strict constraints), and further while every
     * multiplier keeps a fraction tau of itself (IPOPT's dual step).
     * Tied to a short primal step they stay off the central path: at
     * N = 10^6 a full step grew every delay slack by 70% and left each
     * delay multiplier at a tenth of mu / slack; T's curvature is the sum
     * of those multipliers over their slacks, so the next Newton step of
     * T was 50 times too long, the fraction-to-boundary rule cut the step
     * to 1e-9..1e-3, and the multipliers, moving by that step, never
     * recovered (hundreds of iterations). */
    double alpha_dual = ctx->soft_constraints ? otm_fmax(alpha, dir->alpha_dual) : alpha;
    /* The shared scalars move first, so that the pass that accepts each
     * owner's step also sums the next iteration's residuals there (one
     * pass over the owners fewer; the same sums in the same order). */
    otm_ipm_shared accepted_sh = *sh;
    accepted_sh.lamB = otm_clamp_multiplier(sh->lamB + alpha_dual * dlamB, nmu, ct->sB);
    accepted_sh.lamL = otm_clamp_multiplier(sh->lamL + alpha_dual * dlamL, nmu, ct->sL);
    if (isfinite(c->sTm))
        st->lamTm = otm_clamp_multiplier(st->lamTm + alpha_dual * dlamTm, nmu, ct->sTm);
    accepted_sh.Ts = sh->Ts + alpha * sh->dT;
    otm_ipm_accept_pass(p, sh, &accepted_sh, alpha_dual, &st->next, &st->parts);
    otm_ipm_swap_points(p);
    st->sh = accepted_sh;
    st->have_next = !p->track_ratio;
    st->have_parts = p->track_ratio;
    st->c = *ct;
    if (p->crawl_iterations > 0 && !ctx->soft_constraints)
        st->short_steps = alpha < p->crawl_step ? st->short_steps + 1 : 0;
}

/* The end: the KKT residual at the last point when the loop did not
 * converge, the model's constraints after a soft solve, and T and the
 * coupling multipliers into p. */
OTMEC_HD_ONE_COPY otm_ipm_result otm_ipm_end(otm_ipm_problem *p, otm_ipm_state *st, otm_ipm_result result)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    otm_ipm_shared *sh = &st->sh;
    if (result != OTM_IPM_CONVERGED) {
        double E0, Emu;
        otm_ipm_residuals(p, sh, &st->c, st->lamTm, 0.0, &E0, &Emu);
        p->kkt = E0;
        if (E0 <= 100.0 * p->tol)
            result = OTM_IPM_CONVERGED; /* stalled at the rounding floor */
    }
    if (ctx->soft_constraints) {
        /* The point returned must meet the model's constraints whatever the
         * equations' last violations: T covers every owner's delay, and a
         * rate floor or the deadline still missed makes the point unusable. */
        double worst[2];
        otm_ipm_worst_constraints(p, worst);
        sh->Ts = otm_fmax(sh->Ts, worst[0]);
        if (!(worst[1] < 0.0) || !(sh->Ts * ctx->sc.T <= otm_ipm_deadline(ctx)))
            result = OTM_IPM_VIOLATED;
    }
    p->T = sh->Ts * ctx->sc.T;
    p->lamB = sh->lamB;
    p->lamL = sh->lamL;
    p->lamTmax = st->lamTm;
    return result;
}

/* Returns OTM_IPM_FAILED at once when the start is not strictly interior. */
OTMEC_HD_ONE_COPY otm_ipm_result otm_ipm_solve(otm_ipm_problem *p)
{
    p->iterations = 0;
    p->kkt = INFINITY;
    otm_ipm_owner *const own = p->own; /* where the states are returned */
    otm_ipm_state st;
    if (!otm_ipm_begin(p, &st))
        return OTM_IPM_FAILED;
    otm_ipm_result result = OTM_IPM_MAX_ITER;
    for (int it = 0; it < p->max_iter; ++it) {
        if (otm_ipm_measure(p, &st, it)) {
            result = OTM_IPM_CONVERGED;
            break;
        }
        const double nmu = (double)p->n * st.sh.mu;
        /* the coupling's weights, which the direction, its corrections and
         * the step read (divisions are a device's slowest arithmetic) */
        st.sh.gB = nmu / st.c.sB;
        st.sh.gL = nmu / st.c.sL;
        st.sh.sigB = st.sh.lamB / st.c.sB;
        st.sh.sigL = st.sh.lamL / st.c.sL;
        st.sh.gTm = isfinite(st.c.sTm) ? nmu / st.c.sTm : 0.0;
        st.sh.sigTm = isfinite(st.c.sTm) ? st.lamTm / st.c.sTm : 0.0;
        const double tau = otm_fmax(0.99, 1.0 - st.sh.mu);
        int convexify = 0;
        otm_ipm_direction dir;
        otm_coupling ct;
        /* A failure still ends below, where T and the multipliers are
         * written back: they must match the owners' x, which earlier
         * iterations have moved. */
        if (!otm_ipm_newton_direction(p, &st.sh, &st.c, st.lamTm, tau, &convexify, &dir) ||
            !otm_ipm_line_search(p, &st, tau, convexify, &dir, &ct)) {
            result = OTM_IPM_FAILED;
            break;
        }
        otm_ipm_take_step(p, &st, &dir, &ct);
        p->iterations = it + 1;
#ifndef __CUDA_ARCH__
        if (p->team.rank == 0) {
            otm_progress report = {p->ctx.kind == OTM_KIND_FULL, p->iterations, p->kkt, p->n};
            otm_progress_report(&report);
        }
#endif
        if (p->crawl_iterations > 0 && st.short_steps >= p->crawl_iterations) {
            result = OTM_IPM_CRAWLED;
            break;
        }
    }
    result = otm_ipm_end(p, &st, result);
    if (p->own != own) {
        /* the owners' states are in the workspace array: back where the
         * caller reads them */
        OTM_FOR_OWNERS(p, i) {
            own[i] = p->own[i]; /* own is p->trial */
            p->trial_h[i] = p->own_h[i];
        }
        otm_ipm_swap_points(p);
        otm_team_sync(&p->team);
    }
    return result;
}

#endif
