/* CPU driver of the structured interior-point method: runs the owner phases
 * of math/ipm_owner.h as loops and does the realization's scalar work. */
#include "solver/ipm.h"

#include <math.h>
#include <string.h>

#define STALL_ITERATIONS 20

typedef struct coupling {
    double sB, sL, sTm; /* scaled slacks of sum b, sum fL, T_max (inf when absent) */
} coupling;

static coupling coupling_slacks(const otm_ipm_problem *p, const otm_ipm_owner *own, double Ts)
{
    coupling c;
    double sb = 0.0, sl = 0.0;
    for (size_t i = 0; i < p->n; ++i) {
        sb += own[i].x[JET_B];
        sl += own[i].x[JET_FL];
    }
    c.sB = 1.0 - sb / p->ctx.q.B;
    c.sL = 1.0 - sl / p->ctx.q.F_L;
    c.sTm = isfinite(p->ctx.q.T_max) ? p->ctx.q.T_max / p->ctx.sc.T - Ts : INFINITY;
    return c;
}

/* The coupling constraints are shared by all n owners: their barrier weight
 * is n*mu, so that each owner's share of it is mu. */
static double coupling_merit(const otm_ipm_problem *p, const coupling *c, double Ts, double mu)
{
    double nmu = (double)p->n * mu;
    double m = p->ctx.coef_T * Ts - nmu * (log(c->sB) + log(c->sL));
    if (isfinite(c->sTm))
        m -= nmu * log(c->sTm);
    return m;
}

static int coupling_interior(const coupling *c)
{
    return c->sB > 0.0 && c->sL > 0.0 && c->sTm > 0.0;
}

/* 3x3 Gaussian elimination with partial pivoting; 0 when singular. */
static int solve3(double M[3][3], double r[3], double x[3])
{
    int idx[3] = {0, 1, 2};
    for (int k = 0; k < 3; ++k) {
        int piv = k;
        for (int i = k + 1; i < 3; ++i)
            if (fabs(M[idx[i]][k]) > fabs(M[idx[piv]][k]))
                piv = i;
        int t = idx[k];
        idx[k] = idx[piv];
        idx[piv] = t;
        double d = M[idx[k]][k];
        if (!(fabs(d) > 0.0))
            return 0;
        for (int i = k + 1; i < 3; ++i) {
            double f = M[idx[i]][k] / d;
            for (int j = k; j < 3; ++j)
                M[idx[i]][j] -= f * M[idx[k]][j];
            r[idx[i]] -= f * r[idx[k]];
        }
    }
    for (int k = 2; k >= 0; --k) {
        double s = r[idx[k]];
        for (int j = k + 1; j < 3; ++j)
            s -= M[idx[k]][j] * x[j];
        x[k] = s / M[idx[k]][k];
    }
    return isfinite(x[0]) && isfinite(x[1]) && isfinite(x[2]);
}

/* Residuals of the whole realization: owners, the time row and the coupling
 * complementarity. Stationarity of T and coupling terms are per owner on
 * average (divided by n) so that every entry is O(1) whatever n. */
static void residuals(const otm_ipm_problem *p, const otm_ipm_shared *sh, const coupling *c, double lamTm,
                      double *E0, double *Emu)
{
    otm_ipm_sums s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < p->n; ++i)
        otm_ipm_owner_residual(&p->ctx, sh, &p->own[i], &s);
    double n = (double)p->n;
    double statT = fabs(p->ctx.coef_T - s.lamT + lamTm) / (n + p->ctx.coef_T + s.lamT + lamTm);
    double cB = sh->lamB * c->sB / n, cL = sh->lamL * c->sL / n;
    double cT = isfinite(c->sTm) ? lamTm * c->sTm / n : 0.0;
    double comp_mu = fmax(fabs(cB - sh->mu), fabs(cL - sh->mu));
    if (isfinite(c->sTm))
        comp_mu = fmax(comp_mu, fabs(cT - sh->mu));
    *E0 = fmax(fmax(s.stat, statT), fmax(s.comp, fmax(cB, fmax(cL, cT))));
    *Emu = fmax(fmax(s.stat, statT), fmax(s.comp_mu, comp_mu));
}

double otm_ipm_kkt_residual(otm_ipm_problem *p)
{
    otm_ipm_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.Ts = p->T / p->ctx.sc.T;
    sh.lamB = p->lamB;
    sh.lamL = p->lamL;
    for (size_t i = 0; i < p->n; ++i)
        otm_ipm_owner_eval(&p->ctx, &p->od[i], &p->own[i]);
    coupling c = coupling_slacks(p, p->own, sh.Ts);
    double E0, Emu;
    residuals(p, &sh, &c, p->lamTmax, &E0, &Emu);
    return E0;
}

otm_ipm_result otm_ipm_solve(otm_ipm_problem *p)
{
    const otm_ipm_ctx *ctx = &p->ctx;
    otm_ipm_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.Ts = p->T / ctx->sc.T;
    sh.mu = p->mu0;
    p->iterations = 0;
    p->kkt = INFINITY;

    for (size_t i = 0; i < p->n; ++i) {
        otm_ipm_owner_eval(ctx, &p->od[i], &p->own[i]);
        if (!otm_ipm_owner_interior(ctx, &p->own[i], sh.Ts))
            return OTM_IPM_FAILED;
        otm_ipm_owner_init_multipliers(ctx, &p->own[i], sh.Ts, sh.mu);
    }
    coupling c = coupling_slacks(p, p->own, sh.Ts);
    if (!coupling_interior(&c))
        return OTM_IPM_FAILED;
    double n = (double)p->n;
    /* coupling multipliers carry the 1/n normalisation of their residual */
    sh.lamB = n * sh.mu / c.sB;
    sh.lamL = n * sh.mu / c.sL;
    double lamTm = isfinite(c.sTm) ? n * sh.mu / c.sTm : 0.0;
    const double mu_min = p->tol / 10.0;

    otm_ipm_result result = OTM_IPM_MAX_ITER;
    double best = INFINITY;
    int since_best = 0;
    for (int it = 0; it < p->max_iter; ++it) {
        double E0, Emu;
        residuals(p, &sh, &c, lamTm, &E0, &Emu);
        p->kkt = E0;
        if (E0 <= p->tol) {
            result = OTM_IPM_CONVERGED;
            break;
        }
        /* At the smallest mu, a residual that stops falling is at the
         * rounding floor of the data: within 100 tol that is convergence. */
        since_best = E0 < best ? 0 : since_best + 1;
        best = fmin(best, E0);
        if (sh.mu <= mu_min && since_best >= STALL_ITERATIONS && E0 <= 100.0 * p->tol) {
            result = OTM_IPM_CONVERGED;
            break;
        }
        /* Barrier problem solved to E_mu <= mu before mu falls: with the
         * looser 10 mu the iterates reach small mu off-centre and jam against
         * the curved delay constraints (measured on P(lambda), N = 100). */
        while (Emu <= sh.mu && sh.mu > mu_min) {
            sh.mu = fmax(mu_min, fmin(0.2 * sh.mu, pow(sh.mu, 1.5)));
            residuals(p, &sh, &c, lamTm, &E0, &Emu);
        }
        double nmu = n * sh.mu;
        sh.gB = nmu / c.sB;
        sh.gL = nmu / c.sL;

        /* Exact Newton when the whole system is positive definite: every
         * owner block and the time coupling's Schur complement; else every
         * owner block is convexified (nonconvex P(lambda) only). */
        otm_ipm_sums s;
        double sigTm = isfinite(c.sTm) ? lamTm / c.sTm : 0.0;
        int convexify = 0, assembled = 0;
        for (; convexify < 2 && !assembled; ++convexify) {
            memset(&s, 0, sizeof s);
            assembled = 1;
            for (size_t i = 0; i < p->n && assembled; ++i)
                assembled = otm_ipm_owner_assemble(ctx, &sh, &p->own[i], convexify, &s);
            assembled = assembled && s.sigT + sigTm - s.eKe > 0.0;
        }
        if (!assembled)
            return OTM_IPM_FAILED;
        double sigB = sh.lamB / c.sB, sigL = sh.lamL / c.sL;
        double wTT = s.sigT + sigTm;
        double rT = -ctx->coef_T + s.muT - (isfinite(c.sTm) ? nmu / c.sTm : 0.0);
        double M[3][3] = {{wTT - s.eKe, -s.eKa, -s.eKl},
                          {-sigB * s.eKa, -sigB * s.aKa - 1.0, -sigB * s.aKl},
                          {-sigL * s.eKl, -sigL * s.aKl, -sigL * s.lKl - 1.0}};
        double rhs[3] = {rT - s.eKr, -sigB * s.aKr, -sigL * s.lKr};
        double sol[3];
        if (!solve3(M, rhs, sol))
            return OTM_IPM_FAILED;
        sh.dT = sol[0];
        sh.tB = sol[1];
        sh.tL = sol[2];

        double tau = fmax(0.99, 1.0 - sh.mu);
        double alpha = 1.0, slope = 0.0, sumdb = 0.0, sumdl = 0.0;
        for (size_t i = 0; i < p->n; ++i) {
            alpha = fmin(alpha, otm_ipm_owner_step(ctx, &sh, &p->own[i], tau, &slope));
            sumdb += p->own[i].d[JET_B];
            sumdl += p->own[i].d[JET_FL];
        }
        double dsB = -ctx->aB * sumdb, dsL = -ctx->aL * sumdl, dsTm = -sh.dT;
        if (dsB < 0.0)
            alpha = fmin(alpha, tau * c.sB / -dsB);
        if (dsL < 0.0)
            alpha = fmin(alpha, tau * c.sL / -dsL);
        if (isfinite(c.sTm) && dsTm < 0.0)
            alpha = fmin(alpha, tau * c.sTm / -dsTm);
        slope += (ctx->coef_T - s.muT + (isfinite(c.sTm) ? nmu / c.sTm : 0.0)) * sh.dT;

        double merit0 = coupling_merit(p, &c, sh.Ts, sh.mu);
        for (size_t i = 0; i < p->n; ++i)
            merit0 += otm_ipm_owner_merit(ctx, &p->own[i], sh.Ts, sh.mu);

        /* Backtracking on the barrier merit, keeping every constraint strict. */
        int accepted = 0;
        coupling ct = c;
        for (int ls = 0; ls < 60; ++ls, alpha *= 0.5) {
            double Ts = sh.Ts + alpha * sh.dT;
            int ok = 1;
            double merit = 0.0;
            for (size_t i = 0; i < p->n && ok; ++i) {
                otm_ipm_owner_trial(ctx, &p->own[i], alpha, &p->trial[i]);
                otm_ipm_owner_eval(ctx, &p->od[i], &p->trial[i]);
                ok = otm_ipm_owner_interior(ctx, &p->trial[i], Ts);
                if (ok)
                    merit += otm_ipm_owner_merit(ctx, &p->trial[i], Ts, sh.mu);
            }
            if (!ok)
                continue;
            ct = coupling_slacks(p, p->trial, Ts);
            if (!coupling_interior(&ct))
                continue;
            merit += coupling_merit(p, &ct, Ts, sh.mu);
            if (!isfinite(merit))
                continue;
            double scale = fmax(1.0, fabs(merit0));
            if (merit <= merit0 + 1e-4 * alpha * slope || merit - merit0 <= 1e-14 * scale) {
                accepted = 1;
                break;
            }
        }
        if (!accepted) {
            result = OTM_IPM_FAILED;
            break;
        }
        for (size_t i = 0; i < p->n; ++i)
            otm_ipm_owner_accept(ctx, &sh, &p->own[i], &p->trial[i], alpha);
        double dlamB = nmu / c.sB - sh.lamB + sigB * ctx->aB * sumdb;
        double dlamL = nmu / c.sL - sh.lamL + sigL * ctx->aL * sumdl;
        sh.lamB = otm_clamp_multiplier(sh.lamB + alpha * dlamB, nmu, ct.sB);
        sh.lamL = otm_clamp_multiplier(sh.lamL + alpha * dlamL, nmu, ct.sL);
        if (isfinite(c.sTm)) {
            double dlamTm = nmu / c.sTm - lamTm + sigTm * sh.dT;
            lamTm = otm_clamp_multiplier(lamTm + alpha * dlamTm, nmu, ct.sTm);
        }
        sh.Ts += alpha * sh.dT;
        c = ct;
        p->iterations = it + 1;
    }
    if (result != OTM_IPM_CONVERGED) {
        double E0, Emu;
        residuals(p, &sh, &c, lamTm, &E0, &Emu);
        p->kkt = E0;
        if (E0 <= 100.0 * p->tol)
            result = OTM_IPM_CONVERGED; /* stalled at the rounding floor */
    }
    p->T = sh.Ts * ctx->sc.T;
    p->lamB = sh.lamB;
    p->lamL = sh.lamL;
    p->lamTmax = lamTm;
    return result;
}
