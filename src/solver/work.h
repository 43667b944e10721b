/* State of one solve on the CPU: the active owners, the current point and
 * the bookkeeping every stage of the controller shares. */
#ifndef OTMEC_WORK_H
#define OTMEC_WORK_H

#include "otmec.h"
#include "solver/ipm.h"

/* SP1's view of one owner at the current (b, p, f, fL). */
typedef struct otm_sp1_owner {
    otm_affine_phi af;
    double a;        /* lambda * w_e * dE/dphi */
    double omega;
    double free_opt; /* unconstrained maximizer clipped to [phi_min, phi_max] */
} otm_sp1_owner;

typedef struct otm_work {
    otm_params q;
    const otmec_settings *set;
    size_t n;              /* active owners */
    size_t *index;         /* active owner -> instance owner */
    otm_owner_data *od;    /* per active owner; phi/y/Gb/Gp used by SP2 */
    otm_ipm_owner *own;    /* x holds the current point (phi, b, p, f, fL) */
    otm_ipm_owner *trial;  /* interior-point workspace */
    otm_sp1_owner *sp1;    /* SP1 workspace */
    otm_ipm_owner *backup; /* a point (and its multipliers) to return to */
    double *scratch;       /* 5 per owner: interiorize's own copy */
    double T;              /* current time variable */
    otm_scales sc;         /* fixed for the whole solve */
    otmec_iterations it;
    int hit_limit;         /* some loop stopped at its iteration limit */
    int refine_converged;  /* the refinement reached a KKT point of P0 */
    int phi_fixed;         /* FIXED_PHI baseline: SP1 updates y only */
    int sub_failed;        /* the latest SP2 or refinement solve stalled above tolerance */
    /* coupling multipliers of the last interior-point solve and its scaling */
    double lamB, lamL, lamTmax;
    double mult_scale; /* objective scale of their solve; < 0 for P(lambda) */
} otm_work;

/* Selects the active owners (outage, admission), checks the bandwidth
 * floors and sets the initial point. Returns 0 to go on, 1 when *sol already
 * holds the verdict (INFEASIBLE), -1 when out of memory. Release with
 * otm_work_release in every case. */
struct otmec_solution;
int otm_work_prepare(otm_work *w, const otmec_instance *inst, const otmec_settings *set,
                     struct otmec_solution *sol);
int otm_work_prepare_with(otm_work *w, const otmec_instance *inst, const otmec_params *prm,
                          const otmec_settings *set, struct otmec_solution *sol);
void otm_work_release(otm_work *w);

/* Dinkelbach over AO; lambda at the final point, NAN when SP2 had no
 * interior start. */
double otm_dinkelbach_ao(otm_work *w, int max_ao);

/* Dinkelbach + AO (+ refinement when asked) from the prepared point: status,
 * allocation and evaluation (under w->q) into sol. */
void otm_solve_prepared(otm_work *w, struct otmec_solution *sol, int refine);

/* Status (from the loop flags), KKT residual and allocation into sol. */
void otm_finish(otm_work *w, struct otmec_solution *sol);

/* Writes the work's allocation, costs and evaluation (under w->q) into sol. */
void otm_fill_allocation(struct otmec_solution *sol, otm_work *w);

/* U and S at the current point (true secrecy rates). */
void otm_work_value(const otm_work *w, double *U, double *S);

/* The variables that move: b, p, fL, f unless f_min = f_max, and phi (when
 * asked) unless phi_min = phi_max. */
unsigned otm_free_mask(const otm_params *q, int with_phi);

/* An interior-point problem over the work's owners and point: objective
 * scaled by F_scale (per owner), T weighted by T_weight in physical units. */
otm_ipm_problem otm_work_problem(otm_work *w, otm_kind kind, unsigned free_mask, double F_scale, double T_weight);

/* SP1 of MODEL.md section 5: phi (and T in joint mode) in closed form, then y. */
void otm_sp1(otm_work *w, double lambda, int joint);

/* Sets y_n = 1/(2 p_n s_n R_n) at the current point. */
void otm_update_y(otm_work *w);

/* SP2 by SCA: returns 0 on success, -1 when no interior start exists. */
int otm_sp2(otm_work *w);

/* Final refinement: Dinkelbach on P(lambda) solved by the interior-point
 * method over all variables. Returns the final lambda. */
double otm_refine(otm_work *w, double lambda);

/* KKT residual of P0 at the current point (lambda = U/S), with the
 * multipliers of the last interior-point solve. */
double otm_p0_kkt_residual(otm_work *w);

/* Moves the point strictly inside every constraint of the problem whose
 * free variables are given; returns 0 on success. */
int otm_interiorize(otm_work *w, unsigned free_mask);

/* Every rate at least R_min (1 + margin) and sum b at most B (1 - margin),
 * bandwidth moved from owners with rate to spare; 0 on success. */
int otm_interior_bandwidth(otm_work *w, double margin);

/* Maximal owner delay at the current point (true rates). */
double otm_max_delay(const otm_work *w);

#endif
