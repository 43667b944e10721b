/* Instances given in an HDF5 file (docs/formats.md, "Instances: HDF5"):
 * datasets h, g and D of shape [R, N] (one row per realization) and,
 * optionally, the system parameters as attributes of the root group. A file
 * MATLAB wrote with save -v7.3 holds each R x N matrix transposed, [N, R];
 * its datasets carry a MATLAB_class attribute, and they are read back as
 * R x N. Used by otmec mc --instances; no printing, no exit. */
#ifndef OTMEC_H5_INSTANCES_H
#define OTMEC_H5_INSTANCES_H

#include <stddef.h>
#include <stdint.h>

#include "otmec.h"

typedef struct otm_h5_instances {
    size_t R, N;
    double *h, *g, *D;    /* [R * N], realization-major */
    otmec_params params;  /* otmec_params_default, then the file's attributes */
    int num_params;       /* how many parameters the file's attributes gave */
    int matlab;           /* the datasets were [N, R], as MATLAB writes them */
    uint64_t hash;        /* FNV-1a over R, N and the arrays: what the file holds */
} otm_h5_instances;

/* Reads and checks the whole file: the three datasets present, numeric, two
 * dimensional and of one shape; every h and g positive and finite, every D
 * at least 1 and finite; a parameter attribute a numeric scalar. On failure
 * msg names the file, the dataset or attribute and, for a bad value, the
 * realization and owner; *out is left empty. */
otmec_error otm_h5_instances_read(const char *path, otm_h5_instances *out, char *msg, size_t msg_len);

void otm_h5_instances_free(otm_h5_instances *x);

#endif
