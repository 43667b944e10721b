/* The tool's HDF5 functions, forwarded to the module otmec-hdf5.so, which is
 * loaded on first use (src/cli/h5_module.h says why; module_load.h says
 * where it is looked for). A module that cannot be loaded makes the HDF5
 * options fail as in a build without HDF5, with the loader's reason. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/h5_module.h"
#include "cli/module_load.h"

#define MODULE_FILE "otmec-hdf5.so"

static const otm_h5_module *loaded;
static char load_error[8192];

static const otm_h5_module *module(void)
{
    static int tried;
    if (tried)
        return loaded;
    tried = 1;
    void *symbol = cli_module_entry(MODULE_FILE, RTLD_NOW | RTLD_LOCAL, OTM_H5_MODULE_ENTRY, load_error,
                                    sizeof load_error);
    if (symbol == NULL)
        return NULL;
    static const otm_h5_host host = {otmec_params_default, cli_verror, mc_now};
    otm_h5_module_entry entry;
    memcpy(&entry, &symbol, sizeof entry); /* object to function pointer, as POSIX allows */
    const otm_h5_module *m = entry(&host);
    if (m == NULL || m->version != OTM_H5_MODULE_VERSION) {
        snprintf(load_error, sizeof load_error, "%s: not this otmec's HDF5 module", MODULE_FILE);
        return NULL;
    }
    loaded = m;
    return loaded;
}

#define NO_MODULE "HDF5 support unavailable: "

otmec_error otm_h5_instances_read(const char *path, otm_h5_instances *out, char *msg, size_t msg_len)
{
    if (module() == NULL) {
        snprintf(msg, msg_len, "%s: " NO_MODULE "%s", path, load_error);
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    return loaded->instances_read(path, out, msg, msg_len);
}

void otm_h5_instances_free(otm_h5_instances *x)
{
    if (loaded != NULL)
        loaded->instances_free(x);
}

int mc_alloc_available(void)
{
    return module() != NULL;
}

const char *mc_hdf5_missing(void)
{
    static char text[sizeof load_error + 64];
    snprintf(text, sizeof text, NO_MODULE "%s", load_error);
    return text;
}

int mc_alloc_open(const char *cmd, const mc_config *cfg, const char *path, int resume, mc_alloc **out)
{
    if (module() == NULL) {
        *out = NULL;
        cli_error(cmd, "--save-allocations: %s: " NO_MODULE "%s", path, load_error);
        return CLI_EXIT_USAGE;
    }
    return loaded->alloc_open(cmd, cfg, path, resume, out);
}

/* add, due and flush come only after mc_alloc_open succeeded; close also
 * with no file (a NULL a, as the module's own close takes it). */
int mc_alloc_add(mc_alloc *a, const mc_row *row, const double *owners, char *err, size_t err_len)
{
    return loaded->alloc_add(a, row, owners, err, err_len);
}

int mc_alloc_due(const mc_alloc *a)
{
    return loaded->alloc_due(a);
}

int mc_alloc_flush(mc_alloc *a, char *err, size_t err_len)
{
    return loaded->alloc_flush(a, err, err_len);
}

int mc_alloc_close(mc_alloc *a, char *err, size_t err_len)
{
    return a == NULL || loaded->alloc_close(a, err, err_len);
}

int mc_alloc_merge(const char *cmd, const mc_config *merged, const mc_config *shards, const char *const *dirs,
                   int count, const char *path)
{
    if (module() == NULL) {
        cli_error(cmd, "%s: " NO_MODULE "%s", path, load_error);
        return CLI_EXIT_USAGE;
    }
    return loaded->alloc_merge(cmd, merged, shards, dirs, count, path);
}
