#define _POSIX_C_SOURCE 200809L /* readlink */
/* The tool's HDF5 functions, forwarded to the module otmec-hdf5.so, which is
 * loaded on first use (src/cli/h5_module.h says why). It is looked for next
 * to the executable (the build tree), then in LIBDIR/otmec below the
 * installation prefix. A module that cannot be loaded makes the HDF5 options
 * fail as in a build without HDF5, with the loader's reason. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/h5_module.h"

#define MODULE_FILE "otmec-hdf5.so"
#define PATH_LEN 4096

static const otm_h5_module *loaded;
static char load_error[3 * PATH_LEN];

/* The directory of the running executable, with its trailing slash. */
static int exe_dir(char *dir, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", dir, len - 1);
    if (n <= 0)
        return 0;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        return 0;
    slash[1] = '\0';
    return 1;
}

static const otm_h5_module *try_load(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return NULL;
    }
    static const otm_h5_host host = {otmec_params_default, cli_verror, mc_now};
    otm_h5_module_entry entry;
    void *symbol = dlsym(handle, OTM_H5_MODULE_ENTRY);
    memcpy(&entry, &symbol, sizeof entry); /* object to function pointer, as POSIX allows */
    const otm_h5_module *m = symbol ? entry(&host) : NULL;
    if (m == NULL || m->version != OTM_H5_MODULE_VERSION) {
        snprintf(load_error, sizeof load_error, "%s: not this otmec's HDF5 module", path);
        dlclose(handle);
        return NULL;
    }
    return m; /* stays loaded until exit */
}

static const otm_h5_module *module(void)
{
    static int tried;
    if (tried)
        return loaded;
    tried = 1;
    char dir[PATH_LEN], path[2 * PATH_LEN];
    if (!exe_dir(dir, sizeof dir)) {
        snprintf(load_error, sizeof load_error, "cannot find the executable's directory for %s", MODULE_FILE);
        return NULL;
    }
    const char *places[2] = {"", "../" OTMEC_INSTALL_LIBDIR "/otmec/"};
    for (int k = 0; k < 2 && loaded == NULL; ++k) {
        snprintf(path, sizeof path, "%s%s%s", dir, places[k], MODULE_FILE);
        if (access(path, F_OK) == 0)
            loaded = try_load(path);
        else if (k == 1 && load_error[0] == '\0')
            snprintf(load_error, sizeof load_error, "%s not found next to %s nor in %s../%s/otmec/",
                     MODULE_FILE, dir, dir, OTMEC_INSTALL_LIBDIR);
    }
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
