/* otmec-hdf5.so: the entry point the tool looks up after loading the module
 * (src/cli/h5_module.h), and the three functions of the tool and the library
 * that the module's sources call, forwarded to the tool's through the host
 * table it hands over. The rest of the module is hidden (built with hidden
 * visibility). */
#include <stdarg.h>

#include "cli/cli.h"
#include "cli/h5_module.h"

static const otm_h5_host *host;

static const otm_h5_module module = {
    OTM_H5_MODULE_VERSION, otm_h5_instances_read, otm_h5_instances_free, mc_alloc_open, mc_alloc_add,
    mc_alloc_due,          mc_alloc_flush,        mc_alloc_close,        mc_alloc_merge,
};

void otmec_params_default(otmec_params *p)
{
    host->params_default(p);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host->verror(cmd, fmt, ap);
    va_end(ap);
}

double mc_now(void)
{
    return host->now();
}

__attribute__((visibility("default"))) const otm_h5_module *otmec_cli_hdf5_module(const otm_h5_host *h);

const otm_h5_module *otmec_cli_hdf5_module(const otm_h5_host *h)
{
    host = h;
    return &module;
}
