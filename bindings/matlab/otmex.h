/*
 * Helpers shared by the MEX gateways otmec_solve.c and otmec_solve_instances.c
 * (MATLAB's mex or Octave's mkoctfile --mex). Every function that finds a bad
 * argument raises a MATLAB error through otmex_fail and does not return.
 *
 * Memory: what these helpers allocate comes from mxMalloc / mxCreate*, which
 * MATLAB and Octave free by themselves when an error unwinds the call. The
 * library's own objects (an instance, a solution) are not theirs: a gateway
 * hands them to otmex_hold_* so that otmex_fail frees them before raising.
 */
#ifndef OTMEX_H
#define OTMEX_H

#include <stddef.h>

#include "mex.h"
#include "otmec.h"

/* The error identifiers (docs/matlab.md). */
#define OTMEX_ID_ARGUMENT "otmec:invalidArgument" /* wrong type, shape, name or count of arguments */
#define OTMEX_ID_INPUT "otmec:invalidInput"       /* a value refused: NaN, a gain <= 0, a parameter out of range */
#define OTMEX_ID_IO "otmec:io"                    /* a file that could not be read */
#define OTMEX_ID_BACKEND "otmec:backendUnavailable"
#define OTMEX_ID_MEMORY "otmec:noMemory"
#define OTMEX_ID_INTERNAL "otmec:internal"

/* ---- errors and the library objects a call holds (otmex_error.c) ---------- */

/* Frees what an earlier call left held (an error in a MATLAB allocation can
 * unwind past a gateway) and arranges the same when the MEX is cleared. A
 * gateway calls it first. */
void otmex_begin(void);
/* The gateway's instance / solution: freed by otmex_release or otmex_fail. */
void otmex_hold_instance(otmec_instance *inst);
void otmex_hold_solution(otmec_solution *sol);
void otmex_release(void);
/* Frees what is held, then raises error `id` with a printf-style message. */
void otmex_fail(const char *id, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;
/* Raises the error of a failed library call: its identifier from the code,
 * its text from the library's message (or otmec_strerror's words). */
void otmex_fail_library(otmec_error err, const char *msg)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* ---- arguments (otmex_args.c) ---------------------------------------------- */

/* Settings from the name-value pairs prhs[first .. nrhs - 1] (names
 * case-insensitive), over the library's defaults. */
void otmex_read_settings(int nrhs, const mxArray *prhs[], int first, otmec_settings *out);

/* A real double scalar (what = "setting 'threads'", "params.B_Hz", ...). */
double otmex_scalar(const mxArray *a, const char *what);

/* ---- instances (otmex_instance.c) ------------------------------------------ */

/* Parameters from element `index` of a struct (array) in the instance
 * format's "params": each field named as there; a field left out keeps the
 * default; T_max_s [] or Inf is no deadline. `name` prefixes the messages
 * ("params", "params(3)"). Validated. */
void otmex_read_params(const mxArray *st, size_t index, const char *name, otmec_params *out);

/* Checks the owners' values as otmec_instance_create does, naming the first
 * bad one MATLAB's way: name(i) for a vector (cols == 0), name(r,n) for a
 * matrix of `rows` rows whose row-major copy `v` is ([r][n]). */
void otmex_check_values(const char *name, const double *v, size_t rows, size_t cols, int is_D);

/* An instance from a struct in the instance format (params and owners.h, g,
 * D), held. */
otmec_instance *otmex_instance_from_struct(const mxArray *st);

/* ---- results (otmex_output.c) ---------------------------------------------- */

/* The struct of the solution format (docs/matlab.md). */
mxArray *otmex_solution_struct(const otmec_solution *sol);

/* Result arrays of otmec_solve_instances, created as MATLAB arrays: the
 * R x 1 ones are written by the library in place; the per-owner ones are
 * written row-major into mxMalloc'd buffers and turned into R x N matrices
 * by otmex_batch_struct. */
typedef struct otmex_batch {
    size_t count, num_owners;
    otmec_batch view;            /* what the library writes */
    mxArray *ratio, *utility, *consumption, *energy_J, *time_s, *kkt_residual;
    otmec_status *status;        /* mxMalloc'd */
    size_t *num_active;          /* mxMalloc'd */
} otmex_batch;

void otmex_batch_create(otmex_batch *b, size_t count, size_t num_owners);
/* The output struct; consumes b. */
mxArray *otmex_batch_struct(otmex_batch *b);

#endif /* OTMEX_H */
