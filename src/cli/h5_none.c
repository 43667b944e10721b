/* A build without HDF5: --instances and --save-allocations are refused with
 * a message saying so (nothing else of otmec needs HDF5). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/mc.h"

#define NO_HDF5 "this otmec was built without HDF5 (libhdf5-dev not found, or -DOTMEC_HDF5=OFF)"

otmec_error otm_h5_instances_read(const char *path, otm_h5_instances *out, char *msg, size_t msg_len)
{
    (void)out;
    snprintf(msg, msg_len, "%s: %s", path, NO_HDF5);
    return OTMEC_ERR_BACKEND_UNAVAILABLE;
}

void otm_h5_instances_free(otm_h5_instances *x)
{
    (void)x;
}

int mc_alloc_available(void)
{
    return 0;
}

const char *mc_hdf5_missing(void)
{
    return NO_HDF5;
}

int mc_alloc_open(const char *cmd, const mc_config *cfg, const char *path, int resume, mc_alloc **out)
{
    (void)cfg;
    (void)resume;
    *out = NULL;
    cli_error(cmd, "--save-allocations: %s: %s", path, NO_HDF5);
    return CLI_EXIT_USAGE;
}

int mc_alloc_add(mc_alloc *a, const mc_row *row, const double *owners, char *err, size_t err_len)
{
    (void)a;
    (void)row;
    (void)owners;
    snprintf(err, err_len, "%s", NO_HDF5);
    return 0;
}

int mc_alloc_due(const mc_alloc *a)
{
    (void)a;
    return 0;
}

int mc_alloc_flush(mc_alloc *a, char *err, size_t err_len)
{
    (void)a;
    (void)err;
    (void)err_len;
    return 1;
}

int mc_alloc_close(mc_alloc *a, char *err, size_t err_len)
{
    return mc_alloc_flush(a, err, err_len);
}

int mc_alloc_merge(const char *cmd, const mc_config *merged, const mc_config *shards, const char *const *dirs,
                   int count, const char *path)
{
    (void)merged;
    (void)shards;
    (void)dirs;
    (void)count;
    cli_error(cmd, "%s: %s", path, NO_HDF5);
    return CLI_EXIT_USAGE;
}
