/* Instances from MATLAB values: the "params" struct, the owners' arrays and
 * a whole struct in the instance format (docs/formats.md). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "otmex.h"

static const struct {
    const char *name;
    size_t offset;
} param_fields[] = {
#define F(x) {#x, offsetof(otmec_params, x)}
    F(B_Hz),     F(p_max_W), F(R_min_bps), F(N0_W_per_Hz), F(f_min_Hz), F(f_max_Hz), F(kappa_D),
    F(F_L_Hz),   F(kappa_L), F(c_L),       F(c_full),      F(gamma_E),  F(epochs),   F(M_bits),
    F(phi_min),  F(phi_max), F(zeta),      F(w_e),         F(w_t),      F(T_max_s),
#undef F
};
#define NUM_PARAM_FIELDS (sizeof param_fields / sizeof param_fields[0])

void otmex_read_params(const mxArray *st, size_t index, const char *name, otmec_params *out)
{
    otmec_params_default(out);
    if (!mxIsStruct(st))
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected a struct with the fields of the instance format's params", name);
    const int nfields = mxGetNumberOfFields(st);
    for (int k = 0; k < nfields; ++k) {
        const char *field = mxGetFieldNameByNumber(st, k);
        size_t i = 0;
        while (i < NUM_PARAM_FIELDS && strcmp(field, param_fields[i].name) != 0)
            ++i;
        if (i == NUM_PARAM_FIELDS)
            otmex_fail(OTMEX_ID_ARGUMENT, "%s.%s: unknown parameter (docs/formats.md lists them)", name, field);
        double *dst = (double *)((char *)out + param_fields[i].offset);
        const mxArray *v = mxGetFieldByNumber(st, (mwIndex)index, k);
        const int is_deadline = strcmp(field, "T_max_s") == 0;
        /* No deadline: [] (jsondecode's null) or Inf. */
        if (is_deadline && (v == NULL || mxIsEmpty(v))) {
            *dst = INFINITY;
            continue;
        }
        if (v == NULL || mxIsEmpty(v)) /* an element of a struct array where the field was never set */
            continue;
        char what[96];
        snprintf(what, sizeof what, "%s.%s", name, field);
        *dst = otmex_scalar(v, what);
    }
    char msg[OTMEC_MESSAGE_LEN] = "";
    if (otmec_params_validate(out, msg, sizeof msg) != OTMEC_OK) {
        /* The library names the key as "params.KEY"; an element of a struct
         * array is named first. */
        if (strcmp(name, "params") == 0)
            otmex_fail(OTMEX_ID_INPUT, "%s", msg);
        otmex_fail(OTMEX_ID_INPUT, "%s: %s", name, msg);
    }
}

void otmex_check_values(const char *name, const double *v, size_t rows, size_t cols, int is_D)
{
    const size_t n = cols ? cols : rows;
    const size_t r_count = cols ? rows : 1;
    for (size_t r = 0; r < r_count; ++r)
        for (size_t k = 0; k < n; ++k) {
            const double x = v[r * n + k];
            if (isfinite(x) && (is_D ? x >= 1.0 : x > 0.0))
                continue;
            char where[96];
            if (cols)
                snprintf(where, sizeof where, "%s(%zu,%zu)", name, r + 1, k + 1);
            else
                snprintf(where, sizeof where, "%s(%zu)", name, k + 1);
            otmex_fail(OTMEX_ID_INPUT, "%s: must be finite and %s (got %g)", where, is_D ? ">= 1" : "> 0", x);
        }
}

/* Field `field` of the 1 x 1 struct st (NULL when absent). */
static const mxArray *field_of(const mxArray *st, const char *field)
{
    return mxGetField(st, 0, field);
}

/* owners.NAME: a real double vector; its length in *n. */
static const double *owner_vector(const mxArray *owners, const char *name, size_t *n)
{
    const mxArray *v = field_of(owners, name);
    if (v == NULL)
        otmex_fail(OTMEX_ID_ARGUMENT, "owners.%s: missing", name);
    if (!mxIsDouble(v) || mxIsComplex(v) || mxIsSparse(v) || mxGetNumberOfDimensions(v) != 2 ||
        (mxGetM(v) != 1 && mxGetN(v) != 1) || mxIsEmpty(v))
        otmex_fail(OTMEX_ID_ARGUMENT, "owners.%s: expected a non-empty real double vector", name);
    *n = mxGetNumberOfElements(v);
    return (const double *)mxGetData(v);
}

otmec_instance *otmex_instance_from_struct(const mxArray *st)
{
    if (!mxIsStruct(st) || mxGetNumberOfElements(st) != 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "instance: expected a path or a 1 x 1 struct in the instance format");
    const int nfields = mxGetNumberOfFields(st);
    for (int k = 0; k < nfields; ++k) {
        const char *f = mxGetFieldNameByNumber(st, k);
        if (strcmp(f, "format") != 0 && strcmp(f, "params") != 0 && strcmp(f, "owners") != 0)
            otmex_fail(OTMEX_ID_ARGUMENT, "instance.%s: unknown field (fields: format, params, owners)", f);
    }
    const mxArray *format = field_of(st, "format");
    if (format != NULL) {
        char text[32] = "";
        if (!mxIsChar(format) || mxGetString(format, text, sizeof text) != 0 ||
            strcmp(text, "otmec-instance-1") != 0)
            otmex_fail(OTMEX_ID_INPUT, "format: expected 'otmec-instance-1'");
    }
    otmec_params params;
    const mxArray *p = field_of(st, "params");
    if (p == NULL)
        otmec_params_default(&params);
    else if (mxGetNumberOfElements(p) != 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "params: expected a 1 x 1 struct");
    else
        otmex_read_params(p, 0, "params", &params);

    const mxArray *owners = field_of(st, "owners");
    if (owners == NULL || !mxIsStruct(owners) || mxGetNumberOfElements(owners) != 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "owners: expected a 1 x 1 struct with fields h, g and D");
    size_t nh, ng, nD;
    const double *h = owner_vector(owners, "h", &nh);
    const double *g = owner_vector(owners, "g", &ng);
    const double *D = owner_vector(owners, "D", &nD);
    if (ng != nh || nD != nh)
        otmex_fail(OTMEX_ID_ARGUMENT, "owners: h, g and D must have the same length (got %zu, %zu, %zu)", nh, ng,
                   nD);
    otmex_check_values("owners.h", h, nh, 0, 0);
    otmex_check_values("owners.g", g, ng, 0, 0);
    otmex_check_values("owners.D", D, nD, 0, 1);

    otmec_instance *inst = NULL;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_instance_create(&params, nh, h, g, D, &inst, msg, sizeof msg);
    if (err != OTMEC_OK)
        otmex_fail_library(err, msg);
    otmex_hold_instance(inst);
    return inst;
}
