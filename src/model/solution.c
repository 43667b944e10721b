/* The solution object and its accessors. */
#include <stdlib.h>

#include "internal.h"

otmec_solution *otm_solution_alloc(size_t n)
{
    otmec_solution *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t m = n ? n : 1;
    s->n = n;
    s->owner_status = calloc(m, sizeof *s->owner_status);
    s->active = calloc(m, sizeof *s->active);
    double **arrays[] = {&s->phi, &s->b, &s->p, &s->f, &s->fL, &s->rate, &s->T_n, &s->E_n};
    int ok = s->owner_status && s->active;
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; ++k) {
        *arrays[k] = calloc(m, sizeof(double));
        ok = ok && *arrays[k];
    }
    if (!ok) {
        otmec_solution_free(s);
        return NULL;
    }
    return s;
}

void otmec_solution_free(otmec_solution *s)
{
    if (!s)
        return;
    free(s->owner_status);
    free(s->active);
    free(s->phi);
    free(s->b);
    free(s->p);
    free(s->f);
    free(s->fL);
    free(s->rate);
    free(s->T_n);
    free(s->E_n);
    free(s);
}

otmec_status otmec_solution_status(const otmec_solution *s) { return s->status; }
const char *otmec_solution_reason(const otmec_solution *s) { return s->reason; }
otmec_method otmec_solution_method(const otmec_solution *s) { return s->method; }
size_t otmec_solution_num_leaking(const otmec_solution *s) { return s->n_leaking; }
otmec_algorithm otmec_solution_algorithm(const otmec_solution *s) { return s->algorithm; }
otmec_evaluation otmec_solution_evaluation(const otmec_solution *s) { return s->eval; }
double otmec_solution_kkt_residual(const otmec_solution *s) { return s->kkt_residual; }
otmec_iterations otmec_solution_iterations(const otmec_solution *s) { return s->it; }
size_t otmec_solution_num_owners(const otmec_solution *s) { return s->n; }
size_t otmec_solution_num_active(const otmec_solution *s) { return s->n_active; }
int otmec_solution_has_allocation(const otmec_solution *s) { return s->has_allocation; }
const otmec_owner_status *otmec_solution_owner_status(const otmec_solution *s) { return s->owner_status; }
const double *otmec_solution_phi(const otmec_solution *s) { return s->phi; }
const double *otmec_solution_b(const otmec_solution *s) { return s->b; }
const double *otmec_solution_p(const otmec_solution *s) { return s->p; }
const double *otmec_solution_f(const otmec_solution *s) { return s->f; }
const double *otmec_solution_fL(const otmec_solution *s) { return s->fL; }
const double *otmec_solution_secrecy_rate(const otmec_solution *s) { return s->rate; }
const double *otmec_solution_owner_time(const otmec_solution *s) { return s->T_n; }
const double *otmec_solution_owner_energy(const otmec_solution *s) { return s->E_n; }

otmec_allocation otmec_solution_allocation(const otmec_solution *s)
{
    otmec_allocation a = {s->n, s->active, s->phi, s->b, s->p, s->f, s->fL, s->T};
    return a;
}
