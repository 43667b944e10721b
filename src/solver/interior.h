/* Strictly feasible starting points for the interior-point solves. The
 * controller's own steps (the initial point, SP1's closed forms) may put a
 * point exactly on a bound. An interior-point method started within rounding
 * distance of a curved constraint crawls, so the point is moved well inside:
 * 1e-3 of each range, 1e-2 of T. The solves are convex (SP2) or local
 * (refinement) and end where they end whatever the start. Host and device. */
#ifndef OTMEC_INTERIOR_H
#define OTMEC_INTERIOR_H

#include <string.h>

#include "math/owner_math.h"
#include "solver/work.h"

OTMEC_HD double otm_clip_inside(double x, double lo, double hi, double margin)
{
    double m = margin * (hi - lo);
    return otm_fmin(otm_fmax(x, lo + m), hi - m);
}

/* Every rate at least R_min (1 + margin) and sum b at most B (1 - margin),
 * bandwidth moved from owners with rate to spare; 0 on success. */
OTMEC_HD_ONE_COPY int otm_interior_bandwidth(otm_work *w, double margin)
{
    const otm_params *q = &w->q;
    const double R_req = q->R_min * (1.0 + margin);
    const double budget = q->B * (1.0 - margin);
    double total = 0.0;
    int ok = 1;
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, &total, 1) {
        double *x = w->own[i].x;
        const otm_owner_data *od = &w->od[i];
        if (otm_secrecy_rate(x[JET_B], x[JET_P], od->h, od->g, q->N0) < R_req || !(x[JET_B] > 0.0)) {
            double b = otm_min_bandwidth(x[JET_P], od->h, od->g, q->N0, R_req, q->B);
            ok = ok && isfinite(b);
            if (isfinite(b))
                x[JET_B] = otm_fmax(b, x[JET_B]);
        }
        total += x[JET_B];
    }
    otm_block_sum_end(&w->team, &bs, &total, 1);
    if (!otm_team_all(&w->team, ok))
        return -1;
    if (total <= budget)
        return 0;
    double sums[2] = {0.0, 0.0}; /* required, spare */
    bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, sums, 2) {
        double *x = w->own[i].x;
        const otm_owner_data *od = &w->od[i];
        double b_req = otm_min_bandwidth(x[JET_P], od->h, od->g, q->N0, R_req, x[JET_B]);
        w->trial[i].x[JET_B] = b_req; /* scratch */
        sums[0] += b_req;
        sums[1] += x[JET_B] - b_req;
    }
    otm_block_sum_end(&w->team, &bs, sums, 2);
    double theta = (budget - sums[0]) / sums[1];
    if (!(theta > 0.0) || !(sums[1] > 0.0))
        return -1;
    ok = 1;
    OTM_FOR_OWNERS(w, i) {
        double *x = w->own[i].x;
        double b_req = w->trial[i].x[JET_B];
        x[JET_B] = b_req + theta * (x[JET_B] - b_req);
        ok = ok && x[JET_B] > 0.0;
    }
    return otm_team_all(&w->team, ok) ? 0 : -1;
}

/* At a binding deadline the bound pushes above cost time the deadline does
 * not leave; with phi free, each late owner's phi moves (T_n is affine in
 * phi) just far enough toward its faster end. Returns the new max delay. */
OTMEC_HD_ONE_COPY double otm_pull_phi_below(otm_work *w, double target, double margin)
{
    const otm_params *q = &w->q;
    OTM_FOR_OWNERS(w, i) {
        double *x = w->own[i].x;
        double R = otm_secrecy_rate(x[JET_B], x[JET_P], w->od[i].h, w->od[i].g, q->N0);
        otm_affine_phi af = otm_affine_in_phi(q, w->od[i].D, R, x[JET_P], x[JET_F], x[JET_FL]);
        if (otm_delay_at_phi(&af, x[JET_PHI]) > target && af.beta != 0.0)
            x[JET_PHI] = otm_clip_inside(otm_phi_at_delay(&af, target), q->phi_min, q->phi_max, margin);
    }
    return otm_max_delay(w);
}

OTMEC_HD_ONE_COPY int otm_interiorize_with(otm_work *w, unsigned free_mask, double margin)
{
    const otm_params *q = &w->q;
    OTM_FOR_OWNERS(w, i) {
        double *x = w->own[i].x;
        if ((free_mask >> JET_PHI & 1u) && q->phi_max > q->phi_min)
            x[JET_PHI] = otm_clip_inside(x[JET_PHI], q->phi_min, q->phi_max, margin);
        if (free_mask >> JET_P & 1u)
            x[JET_P] = otm_clip_inside(x[JET_P], 0.0, q->p_max, margin);
        if ((free_mask >> JET_F & 1u) && q->f_max > q->f_min)
            x[JET_F] = otm_clip_inside(x[JET_F], q->f_min, q->f_max, margin);
    }
    if (otm_interior_bandwidth(w, margin) != 0) {
        /* Bandwidth floors shrink as power grows: with almost no bandwidth to
         * spare, start every owner at (nearly) full power. */
        if (!(free_mask >> JET_P & 1u))
            return -1;
        OTM_FOR_OWNERS(w, i)
        w->own[i].x[JET_P] = q->p_max * (1.0 - margin);
        if (otm_interior_bandwidth(w, margin) != 0)
            return -1;
    }
    double fl_total = 0.0;
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, &fl_total, 1)
    fl_total += w->own[i].x[JET_FL];
    otm_block_sum_end(&w->team, &bs, &fl_total, 1);
    double fl_budget = q->F_L * (1.0 - margin);
    if (fl_total > fl_budget)
        OTM_FOR_OWNERS(w, i)
        w->own[i].x[JET_FL] *= fl_budget / fl_total;

    double T_need = otm_max_delay(w);
    if (isfinite(q->T_max) && T_need >= q->T_max * (1.0 - margin) && (free_mask >> JET_PHI & 1u))
        T_need = otm_pull_phi_below(w, q->T_max * (1.0 - margin), margin);
    /* even the check-only pass needs T strictly above every delay */
    double T = otm_fmax(w->T, T_need * (1.0 + otm_fmax(10.0 * margin, 1e-12)));
    if (isfinite(q->T_max) && T >= q->T_max * (1.0 - 5.0 * margin)) {
        if (!(T_need < q->T_max))
            return -1;
        T = 0.5 * (T_need + q->T_max);
        if (!(T > T_need))
            return -1;
    }
    w->T = T;
    return 0;
}

/* The margins otm_interiorize tries, largest first; 0 only checks. */
#define OTM_INTERIOR_MARGINS 7
OTMEC_HD double otm_interior_margin(int k)
{
    switch (k) {
    case 0:
        return 1e-3;
    case 1:
        return 1e-5;
    case 2:
        return 1e-7;
    case 3:
        return 1e-9;
    case 4:
        return 1e-11;
    case 5:
        return 1e-13;
    default:
        return 0.0;
    }
}

/* Moves the point strictly inside every constraint of the problem whose free
 * variables are given; returns 0 on success. Tries shrinking margins: near a
 * binding deadline, or a rate floor just under an owner's capacity, the first
 * ones cost more than the constraints leave. */
OTMEC_HD_ONE_COPY int otm_interiorize(otm_work *w, unsigned free_mask)
{
    double T0 = w->T;
    OTM_FOR_OWNERS(w, i)
    memcpy(w->scratch + 5 * i, w->own[i].x, sizeof w->own[i].x);
    for (int k = 0; k < OTM_INTERIOR_MARGINS; ++k) {
        if (otm_interiorize_with(w, free_mask, otm_interior_margin(k)) == 0)
            return 0;
        OTM_FOR_OWNERS(w, i)
        memcpy(w->own[i].x, w->scratch + 5 * i, sizeof w->own[i].x);
        w->T = T0;
    }
    return -1;
}

#endif
