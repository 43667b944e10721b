#include "h5/instances_h5.h"

#include <hdf5.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct param_attr {
    const char *name;
    size_t offset;
} param_attr;

#define ATTR(field) { #field, offsetof(otmec_params, field) }

/* The keys of an instance's "params" (docs/formats.md), as attribute names. */
static const param_attr param_attrs[] = {
    ATTR(B_Hz),    ATTR(p_max_W), ATTR(R_min_bps), ATTR(N0_W_per_Hz), ATTR(f_min_Hz), ATTR(f_max_Hz), ATTR(kappa_D),
    ATTR(F_L_Hz),  ATTR(kappa_L), ATTR(c_L),       ATTR(c_full),      ATTR(gamma_E),  ATTR(epochs),   ATTR(M_bits),
    ATTR(phi_min), ATTR(phi_max), ATTR(zeta),      ATTR(w_e),         ATTR(w_t),      ATTR(T_max_s),
};

static otmec_error fail(char *msg, size_t msg_len, otmec_error err, const char *fmt, ...)
{
    if (msg != NULL && msg_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, msg_len, fmt, ap);
        va_end(ap);
    }
    return err;
}

/* A numeric scalar attribute of the root group into *p; 0 when absent. */
static otmec_error read_param(hid_t file, const char *path, const param_attr *a, otmec_params *p, int *found,
                              char *msg, size_t msg_len)
{
    *found = 0;
    htri_t exists = H5Aexists(file, a->name);
    if (exists <= 0)
        return exists < 0 ? fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: attribute '%s' cannot be read", path, a->name)
                          : OTMEC_OK;
    hid_t attr = H5Aopen(file, a->name, H5P_DEFAULT);
    hid_t type = attr < 0 ? H5I_INVALID_HID : H5Aget_type(attr);
    hid_t space = attr < 0 ? H5I_INVALID_HID : H5Aget_space(attr);
    H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    hssize_t points = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    double value = NAN;
    otmec_error err = OTMEC_OK;
    if (attr < 0 || type < 0 || space < 0)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: attribute '%s' cannot be read", path, a->name);
    else if ((cls != H5T_FLOAT && cls != H5T_INTEGER) || points != 1)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: attribute '%s' must be one number", path, a->name);
    else if (H5Aread(attr, H5T_NATIVE_DOUBLE, &value) < 0)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: attribute '%s' cannot be read as a number", path, a->name);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (attr >= 0)
        H5Aclose(attr);
    if (err == OTMEC_OK) {
        *(double *)((char *)p + a->offset) = value;
        *found = 1;
    }
    return err;
}

/* The dataset's shape as [R, N] (transposed when MATLAB wrote it). */
static otmec_error dataset_shape(hid_t file, const char *path, const char *name, size_t *R, size_t *N, int *matlab,
                                 char *msg, size_t msg_len)
{
    htri_t exists = H5Lexists(file, name, H5P_DEFAULT);
    if (exists <= 0)
        return fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: dataset '%s' is missing (expected h, g and D, shape [R, N])",
                    path, name);
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    if (set < 0)
        return fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: '%s' is not a dataset", path, name);
    hid_t type = H5Dget_type(set), space = H5Dget_space(set);
    H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    hsize_t dims[2] = { 0, 0 };
    otmec_error err = OTMEC_OK;
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: dataset '%s' must hold numbers (float or integer)", path, name);
    else if (rank != 2 || H5Sget_simple_extent_dims(space, dims, NULL) != 2)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: dataset '%s' has %d dimensions; expected 2, [R, N]", path,
                   name, rank);
    else if (dims[0] == 0 || dims[1] == 0)
        err = fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: dataset '%s' is empty (shape [%llu, %llu])", path, name,
                   (unsigned long long)dims[0], (unsigned long long)dims[1]);
    *matlab = err == OTMEC_OK && H5Aexists(set, "MATLAB_class") > 0;
    *R = (size_t)dims[*matlab ? 1 : 0];
    *N = (size_t)dims[*matlab ? 0 : 1];
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    H5Dclose(set);
    return err;
}

/* The whole dataset as doubles, [R][N] (MATLAB's [N][R] transposed). */
static otmec_error read_dataset(hid_t file, const char *path, const char *name, size_t R, size_t N, int matlab,
                                double *out, char *msg, size_t msg_len)
{
    double *raw = matlab ? malloc(R * N * sizeof *raw) : out;
    if (raw == NULL)
        return fail(msg, msg_len, OTMEC_ERR_NO_MEMORY, "%s: out of memory reading '%s'", path, name);
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    herr_t st = set < 0 ? -1 : H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw);
    if (set >= 0)
        H5Dclose(set);
    if (matlab) {
        for (size_t n = 0; st >= 0 && n < N; ++n)
            for (size_t r = 0; r < R; ++r)
                out[r * N + n] = raw[n * R + r];
        free(raw);
    }
    return st < 0 ? fail(msg, msg_len, OTMEC_ERR_PARSE, "%s: dataset '%s' cannot be read as numbers", path, name)
                  : OTMEC_OK;
}

/* The first value out of range, named by realization and owner. */
static otmec_error check_values(const char *path, const char *name, const double *x, size_t R, size_t N,
                                double min, int min_inclusive, char *msg, size_t msg_len)
{
    for (size_t k = 0; k < R * N; ++k) {
        int ok = isfinite(x[k]) && (min_inclusive ? x[k] >= min : x[k] > min);
        if (!ok)
            return fail(msg, msg_len, OTMEC_ERR_INVALID_INPUT,
                        "%s: dataset '%s', realization %zu, owner %zu (%s[%zu][%zu]) is %.17g; expected a finite "
                        "value %s %g",
                        path, name, k / N, k % N, name, k / N, k % N, x[k], min_inclusive ? ">=" : ">", min);
    }
    return OTMEC_OK;
}

static uint64_t fnv1a(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t k = 0; k < len; ++k)
        hash = (hash ^ p[k]) * 1099511628211ULL;
    return hash;
}

static otmec_error read_file(hid_t file, const char *path, otm_h5_instances *out, char *msg, size_t msg_len)
{
    static const char *names[3] = { "h", "g", "D" };
    size_t R[3], N[3];
    int matlab[3];
    for (int k = 0; k < 3; ++k) {
        otmec_error err = dataset_shape(file, path, names[k], &R[k], &N[k], &matlab[k], msg, msg_len);
        if (err != OTMEC_OK)
            return err;
    }
#define SAME(a, b) (R[a] == R[b] && N[a] == N[b] && matlab[a] == matlab[b])
    if (!SAME(0, 1) || !SAME(0, 2)) {
        /* the odd one out is named; the other is the shape it should have */
        const int odd = SAME(0, 1) ? 2 : SAME(0, 2) ? 1 : 0, other = odd == 0 ? 1 : 0;
        return fail(msg, msg_len, OTMEC_ERR_PARSE,
                    "%s: dataset '%s' has %zu realizations of %zu owners%s and '%s' %zu of %zu%s; the three "
                    "datasets must have one shape [R, N]",
                    path, names[odd], R[odd], N[odd], matlab[odd] ? " (MATLAB)" : "", names[other], R[other],
                    N[other], matlab[other] ? " (MATLAB)" : "");
    }
#undef SAME
    out->R = R[0];
    out->N = N[0];
    out->matlab = matlab[0];
    if (out->R > SIZE_MAX / sizeof(double) / out->N)
        return fail(msg, msg_len, OTMEC_ERR_NO_MEMORY, "%s: %zu x %zu values do not fit in memory", path, out->R,
                    out->N);
    double **arrays[3] = { &out->h, &out->g, &out->D };
    for (int k = 0; k < 3; ++k) {
        *arrays[k] = malloc(out->R * out->N * sizeof(double));
        if (*arrays[k] == NULL)
            return fail(msg, msg_len, OTMEC_ERR_NO_MEMORY, "%s: out of memory for dataset '%s'", path, names[k]);
        otmec_error err = read_dataset(file, path, names[k], out->R, out->N, out->matlab, *arrays[k], msg, msg_len);
        if (err == OTMEC_OK)
            err = check_values(path, names[k], *arrays[k], out->R, out->N, k < 2 ? 0.0 : 1.0, k == 2, msg, msg_len);
        if (err != OTMEC_OK)
            return err;
    }
    otmec_params_default(&out->params);
    for (size_t k = 0; k < sizeof param_attrs / sizeof param_attrs[0]; ++k) {
        int found = 0;
        otmec_error err = read_param(file, path, &param_attrs[k], &out->params, &found, msg, msg_len);
        if (err != OTMEC_OK)
            return err;
        out->num_params += found;
    }
    uint64_t dims[2] = { out->R, out->N }, hash = 14695981039346656037ULL;
    hash = fnv1a(hash, dims, sizeof dims);
    for (int k = 0; k < 3; ++k)
        hash = fnv1a(hash, *arrays[k], out->R * out->N * sizeof(double));
    out->hash = hash;
    return OTMEC_OK;
}

otmec_error otm_h5_instances_read(const char *path, otm_h5_instances *out, char *msg, size_t msg_len)
{
    if (path == NULL || out == NULL)
        return fail(msg, msg_len, OTMEC_ERR_INVALID_ARGUMENT, "no file given");
    memset(out, 0, sizeof *out);
    /* The library's own error stack would go to stderr: the message says it. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    htri_t is_h5 = H5Fis_hdf5(path);
    if (is_h5 <= 0)
        return fail(msg, msg_len, is_h5 < 0 ? OTMEC_ERR_IO : OTMEC_ERR_PARSE,
                    is_h5 < 0 ? "%s: cannot be opened (missing or unreadable)" : "%s: not an HDF5 file", path);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return fail(msg, msg_len, OTMEC_ERR_IO, "%s: cannot be opened as an HDF5 file", path);
    otmec_error err = read_file(file, path, out, msg, msg_len);
    H5Fclose(file);
    if (err != OTMEC_OK)
        otm_h5_instances_free(out);
    return err;
}

void otm_h5_instances_free(otm_h5_instances *x)
{
    if (x == NULL)
        return;
    free(x->h);
    free(x->g);
    free(x->D);
    memset(x, 0, sizeof *x);
}
