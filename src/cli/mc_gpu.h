/* `mc --backend cuda`: blocks of realizations solved on the GPU (mc_gpu.c). */
#ifndef OTMEC_CLI_MC_GPU_H
#define OTMEC_CLI_MC_GPU_H

#include <pthread.h>

#include "cli/mc.h"

typedef struct mc_gpu_block {
    uint64_t first;
    size_t count; /* 0: empty */
    mc_row *rows; /* [realization - first][method] */
} mc_gpu_block;

typedef struct mc_gpu {
    const mc_config *cfg;
    size_t block;
    pthread_mutex_t lock;
    mc_gpu_block slot[2];
    int older;
} mc_gpu;

void mc_gpu_init(mc_gpu *g, const mc_config *cfg);
void mc_gpu_free(mc_gpu *g);

/* 1 when method m of the run is solved on the GPU (a proposed variant with
 * --backend cuda). */
int mc_gpu_handles(const mc_config *cfg, int m);

/* The row of realization r and method m, solving its block first when no
 * kept block holds it. Returns an exit status; on failure err says why. */
int mc_gpu_row(mc_gpu *g, uint64_t r, int m, mc_row *row, char *err, size_t err_len);

#endif
