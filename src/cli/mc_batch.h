/* `mc --backend cuda`: blocks of realizations solved on the GPU (mc_batch.c). */
#ifndef OTMEC_CLI_MC_BATCH_H
#define OTMEC_CLI_MC_BATCH_H

#include <pthread.h>

#include "cli/mc.h"

typedef struct mc_batch_block {
    uint64_t first;
    size_t count; /* 0: empty */
    mc_row *rows; /* [realization - first][method] */
    double *owners; /* --save-allocations: [realization - first][method][MC_OWNER_ARRAYS * N]; else NULL */
} mc_batch_block;

typedef struct mc_batch {
    const mc_config *cfg;
    const mc_part *local; /* a batch never reaches into another rank's block */
    size_t block;
    pthread_mutex_t lock;
    mc_batch_block slot[2];
    int older;
} mc_batch;

void mc_batch_init(mc_batch *g, const mc_config *cfg, const mc_part *local);
void mc_batch_free(mc_batch *g);

/* 1 when method m of the run is solved in batches (a proposed variant, and
 * batches on). */
int mc_batch_handles(const mc_config *cfg, int m);

/* The row of realization r and method m, and its owners' arrays into owners
 * when not NULL (MC_OWNER_ARRAYS * N), solving its block first when no kept
 * block holds it. Returns an exit status; on failure err says why. */
int mc_batch_row(mc_batch *g, uint64_t r, int m, mc_row *row, double *owners, char *err, size_t err_len);

#endif
