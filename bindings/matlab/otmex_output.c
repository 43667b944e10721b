/* Results as MATLAB values: the solution struct of otmec_solve and the batch
 * struct of otmec_solve_instances (docs/matlab.md). */
#include <string.h>

#include "otmex.h"

/* A 1 x n row of n values (zeros where the library has none). */
static mxArray *row(const double *v, size_t n)
{
    mxArray *a = mxCreateDoubleMatrix(1, (mwSize)n, mxREAL);
    if (v != NULL && n > 0)
        memcpy(mxGetData(a), v, n * sizeof(double));
    return a;
}

static void set_number(mxArray *st, const char *field, double v)
{
    mxSetField(st, 0, field, mxCreateDoubleScalar(v));
}

mxArray *otmex_solution_struct(const otmec_solution *sol)
{
    static const char *fields[] = {"status",  "reason",       "method",     "algorithm",   "has_allocation",
                                   "ratio",   "utility",      "consumption", "energy_J",   "time_s",
                                   "kkt_residual", "num_active", "num_leaking", "iterations", "owners"};
    static const char *owner_fields[] = {"status", "phi",   "b_Hz", "p_W", "f_Hz", "fL_Hz", "secrecy_rate_bps",
                                         "T_s",    "E_J"};
    static const char *iteration_fields[] = {"dinkelbach", "ao", "sca", "ipm", "refine"};
    const size_t n = otmec_solution_num_owners(sol);
    const otmec_evaluation ev = otmec_solution_evaluation(sol);
    const otmec_iterations it = otmec_solution_iterations(sol);

    mxArray *s = mxCreateStructMatrix(1, 1, sizeof fields / sizeof fields[0], fields);
    mxSetField(s, 0, "status", mxCreateString(otmec_status_name(otmec_solution_status(sol))));
    mxSetField(s, 0, "reason", mxCreateString(otmec_solution_reason(sol)));
    mxSetField(s, 0, "method", mxCreateString(otmec_method_name(otmec_solution_method(sol))));
    mxSetField(s, 0, "algorithm", mxCreateString(otmec_algorithm_name(otmec_solution_algorithm(sol))));
    mxSetField(s, 0, "has_allocation", mxCreateLogicalScalar(otmec_solution_has_allocation(sol) != 0));
    set_number(s, "ratio", ev.ratio);
    set_number(s, "utility", ev.utility);
    set_number(s, "consumption", ev.consumption);
    set_number(s, "energy_J", ev.energy_J);
    set_number(s, "time_s", ev.time_s);
    set_number(s, "kkt_residual", otmec_solution_kkt_residual(sol));
    set_number(s, "num_active", (double)otmec_solution_num_active(sol));
    set_number(s, "num_leaking", (double)otmec_solution_num_leaking(sol));

    mxArray *iters = mxCreateStructMatrix(1, 1, 5, iteration_fields);
    set_number(iters, "dinkelbach", it.dinkelbach);
    set_number(iters, "ao", it.ao);
    set_number(iters, "sca", it.sca);
    set_number(iters, "ipm", it.ipm);
    set_number(iters, "refine", it.refine);
    mxSetField(s, 0, "iterations", iters);

    mxArray *owners = mxCreateStructMatrix(1, 1, sizeof owner_fields / sizeof owner_fields[0], owner_fields);
    mxArray *names = mxCreateCellMatrix(1, (mwSize)n);
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    for (size_t k = 0; k < n; ++k)
        mxSetCell(names, (mwIndex)k, mxCreateString(otmec_owner_status_name(st[k])));
    mxSetField(owners, 0, "status", names);
    mxSetField(owners, 0, "phi", row(otmec_solution_phi(sol), n));
    mxSetField(owners, 0, "b_Hz", row(otmec_solution_b(sol), n));
    mxSetField(owners, 0, "p_W", row(otmec_solution_p(sol), n));
    mxSetField(owners, 0, "f_Hz", row(otmec_solution_f(sol), n));
    mxSetField(owners, 0, "fL_Hz", row(otmec_solution_fL(sol), n));
    mxSetField(owners, 0, "secrecy_rate_bps", row(otmec_solution_secrecy_rate(sol), n));
    mxSetField(owners, 0, "T_s", row(otmec_solution_owner_time(sol), n));
    mxSetField(owners, 0, "E_J", row(otmec_solution_owner_energy(sol), n));
    mxSetField(s, 0, "owners", owners);
    return s;
}

/* mxMalloc'd room for n values of `size` bytes (at least one, never NULL). */
static void *room(size_t n, size_t size)
{
    return mxMalloc((n ? n : 1) * size);
}

/* An R x 1 column the library writes in place. */
static mxArray *column(size_t count, double **data)
{
    mxArray *a = mxCreateDoubleMatrix((mwSize)count, 1, mxREAL);
    *data = (double *)mxGetData(a);
    return a;
}

void otmex_batch_create(otmex_batch *b, size_t count, size_t num_owners)
{
    const size_t cells = count * num_owners;
    memset(b, 0, sizeof *b);
    b->count = count;
    b->num_owners = num_owners;
    otmec_batch *v = &b->view;
    v->count = count;
    b->ratio = column(count, &v->ratio);
    b->utility = column(count, &v->utility);
    b->consumption = column(count, &v->consumption);
    b->energy_J = column(count, &v->energy_J);
    b->time_s = column(count, &v->time_s);
    b->kkt_residual = column(count, &v->kkt_residual);
    b->status = v->status = (otmec_status *)room(count, sizeof(otmec_status));
    b->num_active = v->num_active = (size_t *)room(count, sizeof(size_t));
    /* Row-major [realization][owner], as the library writes them. */
    v->owner_status = (unsigned char *)room(cells, 1);
    v->phi = (double *)room(cells, sizeof(double));
    v->b_Hz = (double *)room(cells, sizeof(double));
    v->p_W = (double *)room(cells, sizeof(double));
    v->f_Hz = (double *)room(cells, sizeof(double));
    v->fL_Hz = (double *)room(cells, sizeof(double));
}

/* The R x N matrix of the row-major rows, whose buffer is freed (one array
 * at a time, so that a large batch needs room for one extra copy only). */
static mxArray *matrix(double *rows, size_t count, size_t n)
{
    mxArray *a = mxCreateDoubleMatrix((mwSize)count, (mwSize)n, mxREAL);
    double *out = (double *)mxGetData(a);
    /* MATLAB is column-major: element (r, k) is out[k * count + r]. */
    for (size_t r = 0; r < count; ++r)
        for (size_t k = 0; k < n; ++k)
            out[k * count + r] = rows[r * n + k];
    mxFree(rows);
    return a;
}

mxArray *otmex_batch_struct(otmex_batch *b)
{
    static const char *fields[] = {"num_owners", "status", "ratio",        "utility",    "consumption",
                                   "energy_J",   "time_s", "kkt_residual", "num_active", "owner_status",
                                   "phi",        "b_Hz",   "p_W",          "f_Hz",       "fL_Hz"};
    const size_t count = b->count, n = b->num_owners;
    otmec_batch *v = &b->view;
    mxArray *s = mxCreateStructMatrix(1, 1, sizeof fields / sizeof fields[0], fields);
    set_number(s, "num_owners", (double)n);

    mxArray *status = mxCreateCellMatrix((mwSize)count, 1);
    mxArray *active = mxCreateDoubleMatrix((mwSize)count, 1, mxREAL);
    double *act = (double *)mxGetData(active);
    for (size_t r = 0; r < count; ++r) {
        mxSetCell(status, (mwIndex)r, mxCreateString(otmec_status_name(b->status[r])));
        act[r] = (double)b->num_active[r];
    }
    mxFree(b->status);
    mxFree(b->num_active);
    mxSetField(s, 0, "status", status);
    mxSetField(s, 0, "ratio", b->ratio);
    mxSetField(s, 0, "utility", b->utility);
    mxSetField(s, 0, "consumption", b->consumption);
    mxSetField(s, 0, "energy_J", b->energy_J);
    mxSetField(s, 0, "time_s", b->time_s);
    mxSetField(s, 0, "kkt_residual", b->kkt_residual);
    mxSetField(s, 0, "num_active", active);

    /* owner_status: uint8 codes, 0 ACTIVE, 1 OUTAGE, 2 DROPPED (otmec_owner_status). */
    mxArray *codes = mxCreateNumericMatrix((mwSize)count, (mwSize)n, mxUINT8_CLASS, mxREAL);
    unsigned char *c = (unsigned char *)mxGetData(codes);
    for (size_t r = 0; r < count; ++r)
        for (size_t k = 0; k < n; ++k)
            c[k * count + r] = v->owner_status[r * n + k];
    mxFree(v->owner_status);
    mxSetField(s, 0, "owner_status", codes);
    mxSetField(s, 0, "phi", matrix(v->phi, count, n));
    mxSetField(s, 0, "b_Hz", matrix(v->b_Hz, count, n));
    mxSetField(s, 0, "p_W", matrix(v->p_W, count, n));
    mxSetField(s, 0, "f_Hz", matrix(v->f_Hz, count, n));
    mxSetField(s, 0, "fL_Hz", matrix(v->fL_Hz, count, n));
    memset(b, 0, sizeof *b);
    return s;
}
