/* Name-value settings of both gateways, and scalars. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "otmex.h"

#define SETTING_NAMES                                                                                          \
    "method, algorithm, backend, admission, sp2, refine, threads, eps_dinkelbach, eps_ao, eps_sca, eps_kkt, " \
    "max_dinkelbach, max_ao, max_sca, max_ipm, device_memory_bytes"

double otmex_scalar(const mxArray *a, const char *what)
{
    if (!(mxIsDouble(a) || mxIsLogical(a)) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfElements(a) != 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected a real double scalar", what);
    return mxGetScalar(a);
}

/* A whole number in [lo, hi]. */
static double whole(const mxArray *a, const char *what, double lo, double hi)
{
    double v = otmex_scalar(a, what);
    if (!(v >= lo && v <= hi) || v != floor(v))
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected a whole number in [%.0f, %.0f], got %g", what, lo, hi, v);
    return v;
}

/* A finite value > 0 (the tolerances). */
static double positive(const mxArray *a, const char *what)
{
    double v = otmex_scalar(a, what);
    if (!(v > 0.0 && isfinite(v)))
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected a finite value > 0, got %g", what, v);
    return v;
}

/* The char vector `a` into buf (what names it in the message). */
static void text(const mxArray *a, const char *what, char *buf, size_t len)
{
    if (!mxIsChar(a) || mxGetM(a) > 1 || mxGetString(a, buf, (mwSize)len) != 0)
        otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected a char vector of at most %zu characters", what, len - 1);
}

/* Value `a` of setting `what` as one of the names first, second (0, 1). */
static int choice(const mxArray *a, const char *what, const char *first, const char *second)
{
    char v[32];
    text(a, what, v, sizeof v);
    if (strcmp(v, first) == 0)
        return 0;
    if (strcmp(v, second) == 0)
        return 1;
    otmex_fail(OTMEX_ID_ARGUMENT, "%s: expected '%s' or '%s', got '%s'", what, first, second, v);
}

void otmex_read_settings(int nrhs, const mxArray *prhs[], int first, otmec_settings *s)
{
    otmec_settings_default(s);
    if ((nrhs - first) % 2 != 0)
        otmex_fail(OTMEX_ID_ARGUMENT, "argument %d: settings come as name-value pairs; the last name has no value",
                   nrhs);
    for (int i = first; i < nrhs; i += 2) {
        char name[32], what[64];
        snprintf(what, sizeof what, "argument %d (a setting name)", i + 1);
        text(prhs[i], what, name, sizeof name);
        /* MATLAB's name-value arguments match names whatever their case. */
        for (char *c = name; *c; ++c)
            *c = (char)tolower((unsigned char)*c);
        snprintf(what, sizeof what, "setting '%s'", name);
        const mxArray *v = prhs[i + 1];
        if (strcmp(name, "method") == 0) {
            char m[32], msg[OTMEC_MESSAGE_LEN] = "";
            text(v, what, m, sizeof m);
            if (otmec_method_from_name(m, &s->method, msg, sizeof msg) != OTMEC_OK)
                otmex_fail(OTMEX_ID_ARGUMENT, "%s: %s", what, msg);
        } else if (strcmp(name, "algorithm") == 0) {
            s->algorithm = choice(v, what, "paper", "joint") ? OTMEC_ALGORITHM_JOINT : OTMEC_ALGORITHM_PAPER;
        } else if (strcmp(name, "backend") == 0) {
            s->backend = choice(v, what, "cpu", "cuda") ? OTMEC_BACKEND_CUDA : OTMEC_BACKEND_CPU;
        } else if (strcmp(name, "admission") == 0) {
            s->admission = choice(v, what, "none", "greedy") ? OTMEC_ADMISSION_GREEDY : OTMEC_ADMISSION_NONE;
        } else if (strcmp(name, "sp2") == 0) {
            s->sp2_method = choice(v, what, "exact", "sca") ? OTMEC_SP2_SCA : OTMEC_SP2_EXACT;
        } else if (strcmp(name, "refine") == 0) {
            s->refine = (int)whole(v, what, 0, 1);
        } else if (strcmp(name, "threads") == 0) {
            s->threads = (int)whole(v, what, 0, INT_MAX);
        } else if (strcmp(name, "eps_dinkelbach") == 0) {
            s->eps_dinkelbach = positive(v, what);
        } else if (strcmp(name, "eps_ao") == 0) {
            s->eps_ao = positive(v, what);
        } else if (strcmp(name, "eps_sca") == 0) {
            s->eps_sca = positive(v, what);
        } else if (strcmp(name, "eps_kkt") == 0) {
            s->eps_kkt = positive(v, what);
        } else if (strcmp(name, "max_dinkelbach") == 0) {
            s->max_dinkelbach = (int)whole(v, what, 1, INT_MAX);
        } else if (strcmp(name, "max_ao") == 0) {
            s->max_ao = (int)whole(v, what, 1, INT_MAX);
        } else if (strcmp(name, "max_sca") == 0) {
            s->max_sca = (int)whole(v, what, 1, INT_MAX);
        } else if (strcmp(name, "max_ipm") == 0) {
            s->max_ipm = (int)whole(v, what, 1, INT_MAX);
        } else if (strcmp(name, "device_memory_bytes") == 0) {
            /* 2^53: every whole number up to it is a double. */
            s->device_memory_bytes = (size_t)whole(v, what, 0, 9007199254740992.0);
        } else {
            otmex_fail(OTMEX_ID_ARGUMENT, "unknown setting '%s' (settings: %s)", name, SETTING_NAMES);
        }
    }
}
