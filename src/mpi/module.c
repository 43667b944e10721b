/* otmec-mpi.so: the entry point the tool looks up after loading the module
 * (src/cli/dist_module.h), and the tool's error printer that dist_mpi.c
 * calls, forwarded through the host table. The rest of the module is hidden
 * (built with hidden visibility). */
#include <stdarg.h>

#include "cli/cli.h"
#include "cli/dist_module.h"

static const otm_mpi_host *host;

static const otm_mpi_module module = {
    OTM_MPI_MODULE_VERSION, mc_dist_start, mc_dist_finish,  mc_dist_rank, mc_dist_size,
    mc_dist_agree,          mc_dist_share, mc_dist_broadcast, mc_dist_send, mc_dist_receive,
};

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    host->verror(cmd, fmt, ap);
    va_end(ap);
}

__attribute__((visibility("default"))) const otm_mpi_module *otmec_cli_mpi_module(const otm_mpi_host *h);

const otm_mpi_module *otmec_cli_mpi_module(const otm_mpi_host *h)
{
    host = h;
    return &module;
}
