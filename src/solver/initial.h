#ifndef OTMEC_INITIAL_H
#define OTMEC_INITIAL_H

#include "solver/work.h"

/* 1 when R_n(B, p_max) < R_min (or h_n <= g_n): the owner is excluded. */
int otm_owner_in_outage(const otm_params *q, double h, double g);

/* phi = phi_min, p = p_max, b = b_min + equal share, f = f_max,
 * fL = F_L/N', T = max T_n. */
void otm_initial_point(otm_work *w, const double *b_min);

/* Feasibility search for T_max (phi at its faster ends unless keep_phi);
 * returns the smallest max_n T_n reached and leaves the point there. */
double otm_fastest_point(otm_work *w, int keep_phi);

#endif
