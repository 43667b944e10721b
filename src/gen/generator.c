/* Monte Carlo instances: realization `stream` of the run with `seed`. */
#include <stdlib.h>

#include "internal.h"
#include "gen/generator.h"
#include "math/owner_draw.h"
#include "model/params_check.h"

otm_gen_geometry otm_scenario_geometry(const otmec_scenario *s)
{
    otm_gen_geometry geo = {
        .radius = s->radius_m,
        .min_distance = s->min_distance_m,
        .eve_x = s->eve_xy_m[0],
        .eve_y = s->eve_xy_m[1],
        .pl_a = s->pathloss_a_dB,
        .pl_b = s->pathloss_b_dB,
        .D_min = s->D_min,
        .D_max = s->D_max,
    };
    return geo;
}

otmec_params otm_scenario_params(const otmec_scenario *s)
{
    otmec_params p = s->params;
    p.N0_W_per_Hz = otm_dbm_to_watt(s->N0_dBm_per_Hz);
    return p;
}

otmec_error otm_scenario_check_drawable(const otmec_scenario *s, char *msg, size_t msg_len)
{
    otmec_error err = otmec_scenario_validate(s, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    /* The owner index is one 32-bit counter word. */
    if (s->N > UINT32_MAX) {
        otm_set_message(msg, msg_len, "N: at most %lu owners (got %zu)", (unsigned long)UINT32_MAX, s->N);
        return OTMEC_ERR_INVALID_INPUT;
    }
    return OTMEC_OK;
}

otmec_error otmec_generate(const otmec_scenario *scenario, uint64_t seed, uint64_t stream, otmec_instance **out,
                           char *msg, size_t msg_len)
{
    if (scenario == NULL || out == NULL) {
        otm_set_message(msg, msg_len, "otmec_generate: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    otmec_error err = otm_scenario_check_drawable(scenario, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    size_t n = scenario->N;
    otm_gen_geometry geo = otm_scenario_geometry(scenario);
    double *buf = malloc(3 * n * sizeof *buf);
    if (buf == NULL) {
        otm_set_message(msg, msg_len, "out of memory for %zu owners", n);
        return OTMEC_ERR_NO_MEMORY;
    }
    double *h = buf, *g = buf + n, *D = buf + 2 * n;
    for (size_t i = 0; i < n; ++i) {
        otm_owner_draw o = otm_draw_owner(&geo, seed, stream, (uint32_t)i);
        h[i] = o.h;
        g[i] = o.g;
        D[i] = o.D;
    }
    otmec_params p = otm_scenario_params(scenario);
    err = otmec_instance_create(&p, n, h, g, D, out, msg, msg_len);
    free(buf);
    return err;
}
