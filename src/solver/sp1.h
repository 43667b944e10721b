/* SP1: the adapter extraction rates (and, in joint mode, the time T) in
 * closed form, then the FP auxiliary y. Host and device. */
#ifndef OTMEC_SP1_H
#define OTMEC_SP1_H

#include "math/owner_math.h"
#include "solver/work.h"

OTMEC_HD otm_sp1_owner otm_sp1_prepare(const otm_work *w, size_t i, double lambda)
{
    const double *x = w->own[i].x;
    otm_sp1_owner s;
    double R = otm_secrecy_rate(x[JET_B], x[JET_P], w->od[i].h, w->od[i].g, w->q.N0);
    s.af = otm_affine_in_phi(&w->q, w->od[i].D, R, x[JET_P], x[JET_F], x[JET_FL]);
    s.a = lambda * w->q.w_e * s.af.e1;
    s.omega = w->od[i].omega;
    s.free_opt = otm_phi_closed_form(s.omega, w->q.zeta, s.a, w->q.phi_min, w->q.phi_max);
    return s;
}

/* [lo, hi]: C1 intersected with alpha + beta*phi <= T. */
OTMEC_HD void otm_sp1_interval(const otm_params *q, const otm_sp1_owner *s, double T, double *lo, double *hi)
{
    *lo = q->phi_min;
    *hi = q->phi_max;
    if (s->af.beta > 0.0)
        *hi = otm_fmin(*hi, otm_phi_at_delay(&s->af, T));
    else if (s->af.beta < 0.0)
        *lo = otm_fmax(*lo, otm_phi_at_delay(&s->af, T));
    if (*hi < *lo) /* rounding at a point that is feasible */
        *hi = *lo = otm_fmin(otm_fmax(*lo, q->phi_min), q->phi_max);
}

OTMEC_HD double otm_sp1_phi(const otm_params *q, const otm_sp1_owner *s, double T)
{
    double lo, hi;
    otm_sp1_interval(q, s, T, &lo, &hi);
    return otm_fmin(otm_fmax(s->free_opt, lo), hi);
}

/* Multiplier of the owner's delay constraint at time T: the marginal value of
 * time, h'(phi) * dphi/dT where the delay bound holds phi. */
OTMEC_HD double otm_sp1_time_price(const otm_params *q, const otm_sp1_owner *s, double T)
{
    if (s->af.beta == 0.0)
        return 0.0;
    double phi = otm_sp1_phi(q, s, T);
    /* the delay bound holds phi back when phi sits below (beta > 0) or above
     * (beta < 0) its unconstrained optimum without being held by C1 */
    int held = s->af.beta > 0.0 ? (phi < s->free_opt && phi < q->phi_max) : (phi > s->free_opt && phi > q->phi_min);
    if (!held)
        return 0.0;
    double slope = otm_utility_slope(q, s->omega, phi) - s->a;
    return slope / s->af.beta;
}

/* Summed time prices at T minus lambda * w_t. */
OTMEC_HD double otm_sp1_excess(const otm_work *w, double T, double target)
{
    double excess = w->team.rank == 0 ? -target : 0.0;
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, &excess, 1)
    excess += otm_sp1_time_price(&w->q, &w->sp1[i], T);
    otm_block_sum_end(&w->team, &bs, &excess, 1);
    return excess;
}

/* Joint mode: the concave value in T is maximized where the summed time
 * prices meet lambda * w_t; the prices are non-increasing in T. */
OTMEC_HD double otm_sp1_best_time(const otm_work *w, double lambda)
{
    const otm_params *q = &w->q;
    double range[2] = {0.0, 0.0}; /* T_lo, T_hi */
    OTM_FOR_OWNERS(w, i) {
        const otm_affine_phi *af = &w->sp1[i].af;
        double fastest = otm_delay_at_phi(af, af->beta > 0.0 ? q->phi_min : q->phi_max);
        range[0] = otm_fmax(range[0], fastest);
        range[1] = otm_fmax(range[1], otm_delay_at_phi(af, w->sp1[i].free_opt));
    }
    otm_team_reduce(&w->team, OTM_REDUCE_MAX, range, 2);
    double T_lo = range[0], T_hi = range[1];
    /* never reach T_max exactly: SP2 needs a strictly feasible start (and
     * room of its own when T_lo is within 1e-6 of T_max) */
    double T_cap = otm_fmax(q->T_max * (1.0 - 1e-6), 0.5 * (T_lo + q->T_max));
    T_hi = otm_fmin(otm_fmax(T_hi, T_lo), T_cap);
    T_lo = otm_fmin(T_lo, T_hi);
    double target = lambda * q->w_t;
    if (otm_sp1_excess(w, T_lo, target) <= 0.0)
        return T_lo;
    for (int k = 0; k < 200 && T_hi - T_lo > 4e-16 * T_hi; ++k) {
        double T = 0.5 * (T_lo + T_hi);
        if (otm_sp1_excess(w, T, target) > 0.0)
            T_lo = T;
        else
            T_hi = T;
    }
    return T_hi;
}

/* Sets y_n = 1/(2 p_n s_n R_n) at the current point. */
OTMEC_HD void otm_update_y(otm_work *w)
{
    OTM_FOR_OWNERS(w, i) {
        const double *x = w->own[i].x;
        double R = otm_secrecy_rate(x[JET_B], x[JET_P], w->od[i].h, w->od[i].g, w->q.N0);
        w->od[i].phi = x[JET_PHI];
        w->od[i].y = otm_fp_auxiliary(&w->q, x[JET_P], x[JET_PHI], R);
    }
}

/* SP1 of docs/model.md section 5: phi (and T in joint mode) in closed form, then y. */
OTMEC_HD_ONE_COPY void otm_sp1(otm_work *w, double lambda, int joint)
{
    OTM_FOR_OWNERS(w, i)
    w->sp1[i] = otm_sp1_prepare(w, i, lambda);
    if (joint)
        w->T = otm_sp1_best_time(w, lambda);
    OTM_FOR_OWNERS(w, i)
    w->own[i].x[JET_PHI] = otm_sp1_phi(&w->q, &w->sp1[i], w->T);
    /* phi where the delay bound binds is (T - alpha)/beta, and T_n
     * recomputed from it (TL + TD + s/R, as the checker does) may round
     * above T: the T joint mode picks covers it (the equal baseline returns
     * this point); paper mode keeps its T, and SP2 follows */
    if (joint)
        w->T = otm_fmax(w->T, otm_max_delay(w));
    otm_update_y(w);
}

#endif
