/* State of one realization's solve, as one team member sees it: the active
 * owners' arrays (shared by the team), the current scalars (each member holds
 * the same copy) and the bookkeeping every stage of the controller shares.
 * Host and device. */
#ifndef OTMEC_WORK_H
#define OTMEC_WORK_H

#include <string.h>

#include "otmec.h"
#include "math/owner_math.h"
#include "solver/ipm.h"
#include "solver/team.h"

/* SP1's view of one owner at the current (b, p, f, fL). */
typedef struct otm_sp1_owner {
    otm_affine_phi af;
    double a;        /* lambda * w_e * dE/dphi */
    double omega;
    double free_opt; /* unconstrained maximizer clipped to [phi_min, phi_max] */
} otm_sp1_owner;

/* Per-owner arrays of one realization, capacity for every owner of the
 * instance (the active ones come first). On the host they are one block that
 * starts at index (solve.c). */
typedef struct otm_owner_arrays {
    size_t *index;         /* active owner -> instance owner */
    otm_owner_data *od;    /* per active owner; phi/y/eve_snr0 used by SP2 */
    otm_ipm_owner *own;    /* x holds the current point (phi, b, p, f, fL) */
    otm_ipm_owner *trial;  /* interior-point workspace */
    otm_owner_hessians *own_h, *trial_h; /* the Hessians of own's and trial's jets */
    otm_ipm_step *step;    /* interior-point workspace: the owners' Newton steps */
    otm_sp1_owner *sp1;    /* SP1 workspace */
    otm_ipm_owner *backup; /* a point (and its multipliers) to return to */
    double *scratch;       /* 5 per owner: interiorize's own copy */
    double *b_min;         /* bandwidth floors at p_max */
} otm_owner_arrays;

/* Bytes of otm_owner_arrays per owner. */
#define OTM_OWNER_ARRAY_BYTES                                                                                       \
    (sizeof(size_t) + sizeof(otm_owner_data) + 3 * sizeof(otm_ipm_owner) + 2 * sizeof(otm_owner_hessians) +       \
     sizeof(otm_ipm_step) + sizeof(otm_sp1_owner) + 6 * sizeof(double))

typedef struct otm_work {
    otm_team team;
    otm_params q;
    const otmec_settings *set;
    size_t n;              /* active owners */
    size_t *index;
    otm_owner_data *od;
    otm_ipm_owner *own;
    otm_ipm_owner *trial;
    otm_owner_hessians *own_h, *trial_h;
    otm_ipm_step *step;
    otm_sp1_owner *sp1;
    otm_ipm_owner *backup;
    double *scratch;
    double *b_min;
    double T;              /* current time variable */
    double backup_T;       /* T of the point in backup */
    otm_scales sc;         /* fixed for the whole solve */
    otmec_iterations it;
    int hit_limit;         /* some loop stopped at its iteration limit */
    int refine_converged;  /* the refinement reached a KKT point of P0 */
    int phi_fixed;         /* FIXED_PHI baseline: SP1 updates y only */
    int sub_failed;        /* the latest SP2 or refinement solve stalled above tolerance */
    int warm_start;        /* AO only warms the refinement up: SP2 may stop early */
    /* coupling multipliers of the last interior-point solve and its scaling */
    double lamB, lamL, lamTmax;
    double mult_scale; /* objective scale of their solve; < 0 for P(lambda) */
} otm_work;

/* A zeroed work over the given arrays, team and settings. */
OTMEC_HD void otm_work_init(otm_work *w, const otm_owner_arrays *a, otm_team team, const otm_params *q,
                            const otmec_settings *set)
{
    memset(w, 0, sizeof *w);
    w->team = team;
    w->team.active = team.size; /* until the owners are selected */
    w->q = *q;
    w->set = set;
    w->index = a->index;
    w->od = a->od;
    w->own = a->own;
    w->trial = a->trial;
    w->own_h = a->own_h;
    w->trial_h = a->trial_h;
    w->step = a->step;
    w->sp1 = a->sp1;
    w->backup = a->backup;
    w->scratch = a->scratch;
    w->b_min = a->b_min;
}

/* The settings' trace callback, host only and by one member. */
OTMEC_HD void otm_trace(const otm_work *w, int level, int iteration, double value)
{
#ifdef __CUDA_ARCH__
    (void)w;
    (void)level;
    (void)iteration;
    (void)value;
#else
    if (w->set->trace && w->team.rank == 0)
        w->set->trace(w->set->trace_user, level, iteration, value);
#endif
}

/* U and S at the current point (true secrecy rates). */
OTMEC_HD_ONE_COPY void otm_work_value(const otm_work *w, double *U, double *S)
{
    double v[2]; /* utility, energy */
    otm_value_sums(&w->q, &w->team, w->n, w->od, w->own, v);
    *U = v[0];
    *S = otm_consumption(&w->q, v[1], w->T);
}

/* Maximal owner delay at the current point (true rates). */
OTMEC_HD_ONE_COPY double otm_max_delay(const otm_work *w)
{
    double T = 0.0;
    OTM_FOR_OWNERS(w, i) {
        const double *x = w->own[i].x;
        otm_owner_cost c = otm_owner_costs(&w->q, w->od[i].h, w->od[i].g, w->od[i].D, x[JET_PHI], x[JET_B],
                                           x[JET_P], x[JET_F], x[JET_FL]);
        T = otm_fmax(T, c.T);
    }
    return otm_team_max(&w->team, T);
}

/* The variables that move: b, p, fL, f unless f_min = f_max, and phi (when
 * asked) unless phi_min = phi_max. */
OTMEC_HD unsigned otm_free_mask(const otm_params *q, int with_phi)
{
    unsigned mask = 1u << JET_B | 1u << JET_P | 1u << JET_FL;
    if (q->f_max > q->f_min)
        mask |= 1u << JET_F;
    if (with_phi && q->phi_max > q->phi_min)
        mask |= 1u << JET_PHI;
    return mask;
}

/* The refinement's rate and delay constraints are soft (refine.h), and a
 * crawling warm-start SP2 stops early (sp2.h), from this many active
 * owners on. Measured (scaled default scenario, one thread, CPU
 * time against the strict solve): at N = 300 and 1,000 the soft solve takes
 * 7-25% more time on bench/compare_pipelines.py's matrix; at 2,000 to 10,000
 * it takes the same or less (N = 3,000 seed 1: 0.42 s against 0.78 s;
 * 10,000: 1.24 s against 1.51 s); from some tens of thousands of owners on
 * only the soft solve converges. Below it the solve is the strict one of
 * before, iteration for iteration. */
#define OTM_SOFT_CONSTRAINTS_MIN_OWNERS 2000

/* An interior-point problem over the work's owners and point: objective
 * scaled by F_scale (per owner), T weighted by T_weight in physical units. */
OTMEC_HD otm_ipm_problem otm_work_problem(otm_work *w, otm_kind kind, unsigned free_mask, double F_scale,
                                          double T_weight)
{
    otm_ipm_problem p;
    memset(&p, 0, sizeof p);
    p.ctx.kind = kind;
    p.ctx.q = w->q;
    p.ctx.free_mask = free_mask;
    p.ctx.sc = w->sc;
    p.ctx.sc.F = F_scale;
    p.ctx.coef_T = T_weight * w->sc.T / F_scale;
    p.ctx.aB = w->sc.x[JET_B] / w->q.B;
    p.ctx.aL = w->sc.x[JET_FL] / w->q.F_L;
    p.ctx.soft_constraints = 0;
    p.team = w->team;
    p.n = w->n;
    p.od = w->od;
    p.own = w->own;
    p.trial = w->trial;
    p.own_h = w->own_h;
    p.trial_h = w->trial_h;
    p.step = w->step;
    p.T = w->T;
    p.tol = w->set->eps_kkt;
    p.max_iter = w->set->max_ipm;
    return p;
}

/* ---- host only (src/solver/solve.c) ---------------------------------- */
struct otmec_solution;

/* Allocates the arrays for every owner of inst, selects the active owners
 * (outage, admission), checks the bandwidth floors and sets the initial
 * point, on a team of one. Returns 0 to go on, 1 when *sol already holds the
 * verdict (INFEASIBLE), -1 when out of memory. Release with otm_work_release
 * in every case. */
int otm_work_prepare(otm_work *w, const otmec_instance *inst, const otmec_settings *set,
                     struct otmec_solution *sol);
int otm_work_prepare_with(otm_work *w, const otmec_instance *inst, const otmec_params *prm,
                          const otmec_settings *set, struct otmec_solution *sol);
/* Idempotent. */
void otm_work_release(otm_work *w);

/* Dinkelbach + AO (+ refinement when asked) from the prepared point: status,
 * allocation and evaluation (under w->q) into sol. */
void otm_solve_prepared(otm_work *w, struct otmec_solution *sol, int refine);

/* Status (from the loop flags), KKT residual and allocation into sol. */
void otm_finish(otm_work *w, struct otmec_solution *sol);

#endif
