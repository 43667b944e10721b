/*
 * Philox-4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as
 * easy as 1, 2, 3", SC 2011), the counter-based generator of Random123, plus
 * the two conversions the instance generator needs. A pure function of
 * (counter, key): host and device draw the same numbers for the same
 * (seed, realization, owner) without any generator state.
 */
#ifndef OTMEC_PHILOX_H
#define OTMEC_PHILOX_H

#include <stdint.h>

#include "math/owner_math.h" /* OTMEC_HD */

typedef struct otm_philox_ctr {
    uint32_t v[4];
} otm_philox_ctr;

typedef struct otm_philox_key {
    uint32_t v[2];
} otm_philox_key;

/* Multipliers and Weyl key increments of the reference implementation. */
#define OTM_PHILOX_M0 0xD2511F53u
#define OTM_PHILOX_M1 0xCD9E8D57u
#define OTM_PHILOX_W0 0x9E3779B9u
#define OTM_PHILOX_W1 0xBB67AE85u

OTMEC_HD void otm_philox_mulhilo(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo)
{
    uint64_t p = (uint64_t)a * (uint64_t)b;
    *hi = (uint32_t)(p >> 32);
    *lo = (uint32_t)p;
}

OTMEC_HD otm_philox_ctr otm_philox_round(otm_philox_ctr c, otm_philox_key k)
{
    uint32_t hi0, lo0, hi1, lo1;
    otm_philox_mulhilo(OTM_PHILOX_M0, c.v[0], &hi0, &lo0);
    otm_philox_mulhilo(OTM_PHILOX_M1, c.v[2], &hi1, &lo1);
    otm_philox_ctr r;
    r.v[0] = hi1 ^ c.v[1] ^ k.v[0];
    r.v[1] = lo1;
    r.v[2] = hi0 ^ c.v[3] ^ k.v[1];
    r.v[3] = lo0;
    return r;
}

/* Ten rounds, the key bumped between rounds (unsigned wrap-around intended). */
OTMEC_HD otm_philox_ctr otm_philox4x32_10(otm_philox_ctr c, otm_philox_key k)
{
    c = otm_philox_round(c, k);
    for (int i = 1; i < 10; ++i) {
        k.v[0] += OTM_PHILOX_W0;
        k.v[1] += OTM_PHILOX_W1;
        c = otm_philox_round(c, k);
    }
    return c;
}

/* Uniform double in the open interval (0, 1) from two 32-bit words: the top
 * 52 of their 64 bits, k, give (k + 1/2) * 2^-52, a 53-bit fixed-point grid
 * whose every point is exact in a double. The smallest value is 2^-53, the
 * largest 1 - 2^-53, so log(u) and log(1 - u) are always finite. (A grid of
 * 2^53 points cannot also exclude 0 and 1 exactly: 1 - 2^-54 rounds to 1.) */
OTMEC_HD double otm_uniform_open(uint32_t hi, uint32_t lo)
{
    uint64_t k = (((uint64_t)hi << 32) | (uint64_t)lo) >> 12;
    return ((double)k + 0.5) * (1.0 / 4503599627370496.0); /* 2^-52 */
}

/* Exponential(1) draw by inversion: -log(u), u in (0, 1), so the result is
 * finite and > 0 (from 1.1e-16 to 36.7). */
OTMEC_HD double otm_exponential(uint32_t hi, uint32_t lo)
{
    return -log(otm_uniform_open(hi, lo));
}

#endif
