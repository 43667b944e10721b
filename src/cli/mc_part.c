/* Which realizations are whose: one rule for the shards of `mc --shard` and
 * the ranks of an MPI run. The rows never depend on it: realization r is a
 * function of (scenario, seed, r) alone. */
#include "cli/mc.h"

int mc_part_owns(const mc_part *p, uint64_t r)
{
    return p->count <= 1 || (r / p->block) % p->count == p->index;
}

uint64_t mc_part_block_end(const mc_part *p, uint64_t r)
{
    return p->count <= 1 ? UINT64_MAX : (r / p->block + 1) * p->block;
}

mc_part mc_part_shard(uint64_t index, uint64_t count, uint64_t realizations)
{
    mc_part p = { index, count, count ? (realizations + count - 1) / count : 1 };
    if (p.block == 0)
        p.block = 1;
    return p;
}
