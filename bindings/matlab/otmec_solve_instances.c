/* r = otmec_solve_instances(h, g, D, params, 'name', value, ...)
 *
 * Solves R instances given as R x N matrices (row r: the N owners of
 * realization r); params (optional: [] or left out for the defaults) is one
 * struct in the instance format's "params" for every realization or a struct
 * array of R, one per realization; the settings are name-value pairs,
 * 'backend' and 'threads' included. `r` holds the batch results as R x 1 and
 * R x N arrays (docs/matlab.md). */
#include <stdio.h>

#include "otmex.h"

/* prhs[index] as a row-major [realization][owner] copy; its size in *rows,
 * *cols. MATLAB stores element (r, k) at k * rows + r, the library wants it
 * at r * cols + k. */
static double *rows_of(const mxArray *a, const char *name, size_t *rows, size_t *cols)
{
    if (!mxIsDouble(a) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfDimensions(a) != 2)
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected an R x N real double matrix (row r: the owners of realization r)",
                   name);
    const size_t m = mxGetM(a), n = mxGetN(a);
    const double *src = (const double *)mxGetData(a);
    const size_t cells = m * n;
    double *dst = (double *)mxMalloc((cells > 0 ? cells : 1) * sizeof(double));
    for (size_t r = 0; r < m; ++r)
        for (size_t k = 0; k < n; ++k)
            dst[r * n + k] = src[k * m + r];
    *rows = m;
    *cols = n;
    return dst;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    otmex_begin();
    if (nrhs < 3)
        otmex_fail(OTMEX_ID_ARGUMENT, "usage: r = otmec_solve_instances(h, g, D, params, 'name', value, ...)");
    if (nlhs > 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "otmec_solve_instances returns one output");
    size_t count, n, count_g, n_g, count_D, n_D;
    double *h = rows_of(prhs[0], "h", &count, &n);
    double *g = rows_of(prhs[1], "g", &count_g, &n_g);
    double *D = rows_of(prhs[2], "D", &count_D, &n_D);
    if (count_g != count || n_g != n)
        otmex_fail(OTMEX_ID_ARGUMENT, "g: size %zu x %zu differs from h's %zu x %zu", count_g, n_g, count, n);
    if (count_D != count || n_D != n)
        otmex_fail(OTMEX_ID_ARGUMENT, "D: size %zu x %zu differs from h's %zu x %zu", count_D, n_D, count, n);
    if (n == 0)
        otmex_fail(OTMEX_ID_ARGUMENT, "h: expected at least one owner (one column)");
    otmex_check_values("h", h, count, n, 0);
    otmex_check_values("g", g, count, n, 0);
    otmex_check_values("D", D, count, n, 1);

    /* The 4th argument is params unless it is the first setting name. */
    int first_setting = 3;
    otmec_params *params = (otmec_params *)mxMalloc((count ? count : 1) * sizeof(otmec_params));
    int per_realization = 0;
    otmec_params_default(&params[0]);
    if (nrhs > 3 && !mxIsChar(prhs[3])) {
        const mxArray *p = prhs[3];
        first_setting = 4;
        const size_t given = mxGetNumberOfElements(p);
        if (mxIsStruct(p) && given == 1) {
            otmex_read_params(p, 0, "params", &params[0]);
        } else if (mxIsStruct(p) && given == count) {
            per_realization = 1;
            for (size_t r = 0; r < count; ++r) {
                char name[48];
                snprintf(name, sizeof name, "params(%zu)", r + 1);
                otmex_read_params(p, r, name, &params[r]);
            }
        } else if (!(mxIsDouble(p) && given == 0)) {
            otmex_fail(OTMEX_ID_ARGUMENT,
                       "params: expected [], one struct for every realization or a struct array of %zu "
                       "(one per realization), got %zu elements",
                       count, given);
        }
    }
    otmec_settings settings;
    otmex_read_settings(nrhs, prhs, first_setting, &settings);

    otmex_batch out;
    otmex_batch_create(&out, count, n);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err =
        otmec_solve_instances(count, n, h, g, D, params, per_realization, &settings, &out.view, msg, sizeof msg);
    mxFree(h);
    mxFree(g);
    mxFree(D);
    mxFree(params);
    if (err != OTMEC_OK)
        otmex_fail_library(err, msg);
    plhs[0] = otmex_batch_struct(&out);
}
