/* dist.h for the tool: one process, unless an MPI launcher started this one;
 * then the module otmec-mpi.so (dist_module.h says why a module) is loaded
 * and every call goes to it. A tool without the module (a build without MPI,
 * or a module that does not load) refuses to run under a launcher: each rank
 * would otherwise run the whole job on its own and write the same files. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/dist.h"
#include "cli/dist_module.h"
#include "cli/module_load.h"

#define MODULE_FILE "otmec-mpi.so"

static const otm_mpi_module *mpi; /* NULL: one process */

static int launched_by_mpi(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; ++k)
        if (getenv(vars[k]) != NULL)
            return 1;
    return 0;
}

int mc_dist_start(int *argc, char ***argv)
{
    if (!launched_by_mpi())
        return CLI_EXIT_OK;
    char err[8192];
    /* global: OpenMPI's own plugins, which it loads, look for its symbols */
    void *symbol = cli_module_entry(MODULE_FILE, RTLD_NOW | RTLD_GLOBAL, OTM_MPI_MODULE_ENTRY, err, sizeof err);
    const otm_mpi_module *m = NULL;
    if (symbol != NULL) {
        static const otm_mpi_host host = {cli_verror};
        otm_mpi_module_entry entry;
        memcpy(&entry, &symbol, sizeof entry); /* object to function pointer, as POSIX allows */
        m = entry(&host);
        if (m == NULL || m->version != OTM_MPI_MODULE_VERSION) {
            snprintf(err, sizeof err, "%s: not this otmec's MPI module", MODULE_FILE);
            m = NULL;
        }
    }
    if (m == NULL) {
        cli_error(NULL,
                  "started by an MPI launcher (mpirun, srun), but this otmec has no MPI support: %s. Build it "
                  "with MPI (-DOTMEC_MPI=ON), or start it without the launcher for one process",
                  err);
        return CLI_EXIT_USAGE;
    }
    mpi = m;
    return mpi->start(argc, argv);
}

int mc_dist_finish(int rc)
{
    return mpi ? mpi->finish(rc) : rc;
}

int mc_dist_rank(void)
{
    return mpi ? mpi->rank() : 0;
}

int mc_dist_size(void)
{
    return mpi ? mpi->size() : 1;
}

int mc_dist_agree(const char *cmd, int rc, const char *message)
{
    if (mpi)
        return mpi->agree(cmd, rc, message);
    if (rc != CLI_EXIT_OK)
        cli_error(cmd, "%s", message);
    return rc;
}

int mc_dist_share(int rc)
{
    return mpi ? mpi->share(rc) : rc;
}

int mc_dist_broadcast(void *buf, size_t len)
{
    return mpi ? mpi->broadcast(buf, len) : 1;
}

int mc_dist_send(const mc_dist_rows *msg)
{
    return mpi ? mpi->send(msg) : 0;
}

int mc_dist_receive(int src, mc_dist_rows *msg)
{
    return mpi ? mpi->receive(src, msg) : 0;
}
