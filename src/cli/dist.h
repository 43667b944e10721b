/* Several processes of one run (mpirun -np K otmec mc|sweep ...), or one.
 * The only interface between the Monte Carlo code and MPI: dist_loader.c
 * implements it in the tool (one process, or the MPI module's functions),
 * src/mpi/dist_mpi.c in the module otmec-mpi.so. Rank 0 reads and writes every file; the other
 * ranks solve their realizations and send the rows to rank 0. MPI is used
 * from the main thread only. */
#ifndef OTMEC_CLI_DIST_H
#define OTMEC_CLI_DIST_H

#include <stddef.h>
#include <stdint.h>

#include "cli/mc.h"

/* Joins the MPI run when an MPI launcher started this process (OpenMPI's
 * mpirun, PMIx or PMI under Slurm or MPICH); otherwise this is rank 0 of 1
 * and MPI is never initialized. With several ranks on a node, each sees
 * one GPU: CUDA_VISIBLE_DEVICES is narrowed to entry (local rank mod
 * devices). Returns an exit status. */
int mc_dist_start(int *argc, char ***argv);

/* Leaves the run and returns the exit status for rc. When rank 0 failed in a
 * way the other ranks may not know of (they could be waiting for it), the
 * whole run is aborted with rc. */
int mc_dist_finish(int rc);

int mc_dist_rank(void);
int mc_dist_size(void);

/* Every rank gives its status and message: returns, on every rank, the
 * first nonzero status in rank order; rank 0 reports that rank's message
 * (naming the rank) as cmd. */
int mc_dist_agree(const char *cmd, int rc, const char *message);

/* Rank 0's status, on every rank. */
int mc_dist_share(int rc);

/* Rank 0's len bytes of buf, on every rank. Returns 0 on failure. */
int mc_dist_broadcast(void *buf, size_t len);

/* The rows of one realization, or why it failed (rc != 0). */
typedef struct mc_dist_rows {
    int32_t rc, num_rows;
    uint64_t realization;
    mc_row rows[MC_MAX_METHODS];
    char error[2 * OTMEC_MESSAGE_LEN];
} mc_dist_rows;

/* To rank 0; returns when rank 0 has taken it, so that a rank runs at most
 * its window of realizations ahead of the writer. Returns 0 on failure. */
int mc_dist_send(const mc_dist_rows *msg);

/* The next rows from rank src (rank 0 only). Returns 0 on failure. */
int mc_dist_receive(int src, mc_dist_rows *msg);

#endif
