/* MPI lives in a module of its own, otmec-mpi.so (src/mpi), which the tool
 * loads only when an MPI launcher started it (dist_loader.c): linked into
 * the tool, OpenMPI and the eight libraries it pulls in cost every start of
 * otmec about 0.7 ms, as much as the rest of a start, whether or not the run
 * is an MPI one. This table is the module's one entry point; its functions
 * are those of dist.h. */
#ifndef OTMEC_CLI_DIST_MODULE_H
#define OTMEC_CLI_DIST_MODULE_H

#include <stdarg.h>

#include "cli/dist.h"

#define OTM_MPI_MODULE_VERSION 1
#define OTM_MPI_MODULE_ENTRY "otmec_cli_mpi_module"

typedef struct otm_mpi_module {
    int version; /* OTM_MPI_MODULE_VERSION: module and tool of one build */
    int (*start)(int *argc, char ***argv);
    int (*finish)(int rc);
    int (*rank)(void);
    int (*size)(void);
    int (*agree)(const char *cmd, int rc, const char *message);
    int (*share)(int rc);
    int (*broadcast)(void *buf, size_t len);
    int (*send)(const mc_dist_rows *msg);
    int (*receive)(int src, mc_dist_rows *msg);
} otm_mpi_module;

/* What the module takes from the tool: its error printer. */
typedef struct otm_mpi_host {
    void (*verror)(const char *cmd, const char *fmt, va_list ap);
} otm_mpi_host;

typedef const otm_mpi_module *(*otm_mpi_module_entry)(const otm_mpi_host *host);

#endif
