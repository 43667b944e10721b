#define _POSIX_C_SOURCE 200809L /* setenv, opendir */
/* dist.h over MPI, in the module otmec-mpi.so, which the tool loads when an
 * MPI launcher started it (src/cli/dist_loader.c). Rows travel as bytes:
 * every rank runs the same otmec binary, so mc_row has one layout. */
#include <dirent.h>
#include <mpi.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/dist.h"

enum { TAG_ROWS = 1 };

static int rank = 0, size = 1, initialized = 0;
/* what mc_dist_finish needs to know: has this rank talked to the others,
 * did they all learn of the failure, did this rank hand its failure to
 * rank 0 */
static int communicated = 0, agreed = 0, relayed = 0;

/* NVIDIA GPUs the driver lists, when CUDA_VISIBLE_DEVICES does not say. */
static int count_gpus(void)
{
    DIR *d = opendir("/proc/driver/nvidia/gpus");
    int n = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d != NULL)
        closedir(d);
    return n;
}

/* One GPU per rank on a node: entry (local rank mod count) of the visible
 * devices. */
static void choose_gpu(int local_rank)
{
    char list[1024] = "", *entries[256];
    int n = 0;
    const char *visible = getenv("CUDA_VISIBLE_DEVICES");
    if (visible != NULL && *visible != '\0') {
        snprintf(list, sizeof list, "%s", visible);
        for (char *tok = strtok(list, ","); tok != NULL && n < 256; tok = strtok(NULL, ","))
            entries[n++] = tok;
        if (n > 0)
            setenv("CUDA_VISIBLE_DEVICES", entries[local_rank % n], 1);
    } else if ((n = count_gpus()) > 0) {
        char id[16];
        snprintf(id, sizeof id, "%d", local_rank % n);
        setenv("CUDA_VISIBLE_DEVICES", id, 1);
    }
}

int mc_dist_start(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        cli_error(NULL, "MPI_Init_thread failed");
        return CLI_EXIT_INTERNAL;
    }
    initialized = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (provided < MPI_THREAD_FUNNELED) {
        if (rank == 0)
            cli_error(NULL, "the MPI library does not allow threads (MPI_THREAD_FUNNELED)");
        MPI_Finalize();
        initialized = 0;
        return CLI_EXIT_INTERNAL;
    }
    MPI_Comm node;
    int local_rank = 0, local_size = 1;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_rank(node, &local_rank);
        MPI_Comm_size(node, &local_size);
        MPI_Comm_free(&node);
    }
    if (local_size > 1)
        choose_gpu(local_rank);
    return CLI_EXIT_OK;
}

int mc_dist_finish(int rc)
{
    if (!initialized)
        return rc;
    if (size > 1 && rc != CLI_EXIT_OK && communicated && !agreed && (rank == 0 || !relayed)) {
        /* the others may wait for this rank forever: end them too */
        if (rank != 0)
            fprintf(stderr, "otmec: rank %d failed (exit status %d): ending the run\n", rank, rc);
        fflush(NULL);
        MPI_Abort(MPI_COMM_WORLD, rc);
    }
    MPI_Finalize();
    return rc;
}

int mc_dist_rank(void)
{
    return rank;
}

int mc_dist_size(void)
{
    return size;
}

typedef struct status_msg {
    int rc;
    char message[512];
} status_msg;

int mc_dist_agree(const char *cmd, int rc, const char *message)
{
    if (size == 1) {
        if (rc != CLI_EXIT_OK)
            cli_error(cmd, "%s", message);
        return rc;
    }
    communicated = 1;
    status_msg mine;
    memset(&mine, 0, sizeof mine);
    mine.rc = rc;
    snprintf(mine.message, sizeof mine.message, "%s", rc != CLI_EXIT_OK && message ? message : "");
    status_msg *all = rank == 0 ? calloc((size_t)size, sizeof *all) : NULL;
    if (rank == 0 && all == NULL)
        mine.rc = CLI_EXIT_INTERNAL; /* reported below, as rank 0's */
    MPI_Gather(&mine, (int)sizeof mine, MPI_BYTE, all, all ? (int)sizeof mine : 0, MPI_BYTE, 0, MPI_COMM_WORLD);
    int first = CLI_EXIT_OK;
    if (rank == 0) {
        for (int k = 0; all != NULL && k < size && first == CLI_EXIT_OK; ++k)
            if (all[k].rc != CLI_EXIT_OK) {
                first = all[k].rc;
                if (k == 0)
                    cli_error(cmd, "%s", all[k].message);
                else
                    cli_error(cmd, "rank %d: %s", k, all[k].message);
            }
        if (all == NULL) {
            first = CLI_EXIT_INTERNAL;
            cli_error(cmd, "out of memory");
        }
        free(all);
    }
    MPI_Bcast(&first, 1, MPI_INT, 0, MPI_COMM_WORLD);
    agreed |= first != CLI_EXIT_OK;
    return first;
}

int mc_dist_share(int rc)
{
    if (size == 1)
        return rc;
    communicated = 1;
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    agreed |= rc != CLI_EXIT_OK;
    return rc;
}

int mc_dist_broadcast(void *buf, size_t len)
{
    if (size == 1)
        return 1;
    communicated = 1;
    for (size_t done = 0; done < len;) {
        size_t piece = len - done < ((size_t)1 << 30) ? len - done : (size_t)1 << 30;
        if (MPI_Bcast((char *)buf + done, (int)piece, MPI_BYTE, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
            return 0;
        done += piece;
    }
    return 1;
}

/* Waits for a request without spinning: a blocking MPI call busy-polls and
 * would take a core from the solving threads. The pause grows to 1 ms,
 * short next to the solve of a realization. */
static int wait_for(MPI_Request *req)
{
    int done = 0;
    long pause_ns = 20000;
    while (MPI_Test(req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) {
        struct timespec ts = { 0, pause_ns };
        nanosleep(&ts, NULL);
        pause_ns = pause_ns < 1000000 ? 2 * pause_ns : 1000000;
    }
    return done;
}

int mc_dist_send(const mc_dist_rows *msg)
{
    communicated = 1;
    size_t len = msg->rc != CLI_EXIT_OK ? sizeof *msg
                                        : offsetof(mc_dist_rows, rows) + (size_t)msg->num_rows * sizeof(mc_row);
    /* synchronous: the writer takes rows in realization order, so a rank
     * never runs further ahead than its window */
    MPI_Request req;
    int ok = MPI_Issend(msg, (int)len, MPI_BYTE, 0, TAG_ROWS, MPI_COMM_WORLD, &req) == MPI_SUCCESS && wait_for(&req);
    relayed |= ok && msg->rc != CLI_EXIT_OK;
    return ok;
}

int mc_dist_receive(int src, mc_dist_rows *msg)
{
    communicated = 1;
    MPI_Request req;
    return MPI_Irecv(msg, (int)sizeof *msg, MPI_BYTE, src, TAG_ROWS, MPI_COMM_WORLD, &req) == MPI_SUCCESS &&
           wait_for(&req);
}
