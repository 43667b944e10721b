/*
 * One owner of one generated instance: a pure function of (scenario
 * geometry, seed, realization, owner index), so any realization of a Monte
 * Carlo run can be regenerated alone, in any order, on host or device.
 * The stream layout is documented in docs/generator.md; changing it changes
 * every generated instance.
 */
#ifndef OTMEC_OWNER_DRAW_H
#define OTMEC_OWNER_DRAW_H

#include <stdint.h>

#include "math/owner_math.h"
#include "math/philox.h"

#define OTMEC_PI 3.14159265358979323846

/* Path-loss law closest distance: the log-distance law is a far-field law. */
#define OTM_MIN_LINK_DISTANCE_M 1.0

typedef struct otm_gen_geometry {
    double radius, min_distance; /* annulus around the BS at the origin [m] */
    double eve_x, eve_y;         /* eavesdropper position [m] */
    double pl_a, pl_b;           /* PL_dB = pl_a + pl_b * log10(d / 1 km) */
    double D_min, D_max;         /* integers, D_max - D_min < 2^32 */
} otm_gen_geometry;

typedef struct otm_owner_draw {
    double x, y;       /* position [m] */
    double d_bs, d_eve; /* link distances [m] */
    double fade_h, fade_g; /* |h|^2, |g|^2 small-scale fading, Exp(1) */
    double h, g;       /* channel power gains */
    double D;          /* samples */
} otm_owner_draw;

/* Power gain of a link: fading times the path loss 10^(-PL_dB/10). */
OTMEC_HD double otm_link_gain(const otm_gen_geometry *geo, double fading, double d)
{
    if (d < OTM_MIN_LINK_DISTANCE_M)
        d = OTM_MIN_LINK_DISTANCE_M;
    double pl_dB = geo->pl_a + geo->pl_b * log10(d / 1000.0);
    return fading * pow(10.0, -pl_dB / 10.0);
}

/* Counter of one Philox block: (owner, block, realization low, high). */
OTMEC_HD otm_philox_ctr otm_draw_counter(uint32_t owner, uint32_t block, uint64_t stream)
{
    otm_philox_ctr c;
    c.v[0] = owner;
    c.v[1] = block;
    c.v[2] = (uint32_t)stream;
    c.v[3] = (uint32_t)(stream >> 32);
    return c;
}

OTMEC_HD otm_owner_draw otm_draw_owner(const otm_gen_geometry *geo, uint64_t seed, uint64_t stream, uint32_t owner)
{
    otm_philox_key key;
    key.v[0] = (uint32_t)seed;
    key.v[1] = (uint32_t)(seed >> 32);
    otm_philox_ctr b0 = otm_philox4x32_10(otm_draw_counter(owner, 0, stream), key);
    otm_philox_ctr b1 = otm_philox4x32_10(otm_draw_counter(owner, 1, stream), key);
    otm_philox_ctr b2 = otm_philox4x32_10(otm_draw_counter(owner, 2, stream), key);

    otm_owner_draw o;
    /* Area-uniform in the annulus: r^2 is uniform on [r0^2, R^2]. */
    double r0sq = geo->min_distance * geo->min_distance;
    double u_r = otm_uniform_open(b0.v[0], b0.v[1]);
    double r = sqrt(u_r * (geo->radius * geo->radius - r0sq) + r0sq);
    double theta = 2.0 * OTMEC_PI * otm_uniform_open(b0.v[2], b0.v[3]);
    o.x = r * cos(theta);
    o.y = r * sin(theta);
    o.d_bs = r;
    o.d_eve = hypot(o.x - geo->eve_x, o.y - geo->eve_y);

    /* Rayleigh fading, independent per link. */
    o.fade_h = otm_exponential(b1.v[0], b1.v[1]);
    o.fade_g = otm_exponential(b1.v[2], b1.v[3]);
    o.h = otm_link_gain(geo, o.fade_h, o.d_bs);
    o.g = otm_link_gain(geo, o.fade_g, o.d_eve);

    /* Uniform integer in [D_min, D_max]; u < 1, yet u * range can round up
     * to range for wide ranges, hence the clamp. */
    double range = geo->D_max - geo->D_min + 1.0;
    double k = floor(otm_uniform_open(b2.v[0], b2.v[1]) * range);
    o.D = geo->D_min + (k < range ? k : range - 1.0);
    return o;
}

#endif
