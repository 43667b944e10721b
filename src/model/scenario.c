/* Generator inputs: the defaults of docs/model.md section 7 and their sane ranges. */
#include <math.h>

#include "common/numfmt.h"
#include "internal.h"
#include "model/params_check.h"

/* Integers up to this bound are exact in a double and sample without bias. */
#define OTM_D_LIMIT 4294967296.0 /* 2^32 */

void otmec_scenario_default(otmec_scenario *s)
{
    if (s == NULL)
        return;
    otmec_params_default(&s->params);
    s->N = 10;
    s->radius_m = 200.0;
    s->min_distance_m = 10.0;
    s->eve_xy_m[0] = 250.0;
    s->eve_xy_m[1] = 0.0;
    s->pathloss_a_dB = 128.1;
    s->pathloss_b_dB = 37.6;
    s->N0_dBm_per_Hz = -174.0;
    s->D_min = 500.0;
    s->D_max = 1000.0;
    s->params.N0_W_per_Hz = otm_dbm_to_watt(s->N0_dBm_per_Hz);
}

double otm_dbm_to_watt(double dBm)
{
    return pow(10.0, (dBm - 30.0) / 10.0);
}

static otmec_error bad(char *msg, size_t msg_len, const char *key, const char *rule, double got)
{
    char a[OTM_NUMFMT_LEN];
    otm_set_message(msg, msg_len, "%s: must be %s (got %s)", key, rule, otm_format_double(a, got));
    return OTMEC_ERR_INVALID_INPUT;
}

static int is_integer(double x)
{
    return isfinite(x) && floor(x) == x;
}

otmec_error otmec_scenario_validate(const otmec_scenario *s, char *msg, size_t msg_len)
{
    if (s == NULL) {
        otm_set_message(msg, msg_len, "scenario: NULL pointer");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (s->N < 1) {
        otm_set_message(msg, msg_len, "N: must be >= 1 (got 0)");
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!(isfinite(s->radius_m) && s->radius_m > 0.0))
        return bad(msg, msg_len, "radius_m", "finite and > 0", s->radius_m);
    if (!(isfinite(s->min_distance_m) && s->min_distance_m >= 0.0))
        return bad(msg, msg_len, "min_distance_m", "finite and >= 0", s->min_distance_m);
    if (!(s->min_distance_m < s->radius_m))
        return bad(msg, msg_len, "min_distance_m", "< radius_m", s->min_distance_m);
    if (!isfinite(s->eve_xy_m[0]))
        return bad(msg, msg_len, "eve_xy_m[0]", "finite", s->eve_xy_m[0]);
    if (!isfinite(s->eve_xy_m[1]))
        return bad(msg, msg_len, "eve_xy_m[1]", "finite", s->eve_xy_m[1]);
    if (!isfinite(s->pathloss_a_dB))
        return bad(msg, msg_len, "pathloss_a_dB", "finite", s->pathloss_a_dB);
    /* Path loss that falls with distance is no path loss. */
    if (!(isfinite(s->pathloss_b_dB) && s->pathloss_b_dB >= 0.0))
        return bad(msg, msg_len, "pathloss_b_dB", "finite and >= 0", s->pathloss_b_dB);
    if (!isfinite(s->N0_dBm_per_Hz))
        return bad(msg, msg_len, "N0_dBm_per_Hz", "finite", s->N0_dBm_per_Hz);
    double N0 = otm_dbm_to_watt(s->N0_dBm_per_Hz);
    if (!(N0 > 0.0 && isfinite(N0)))
        return bad(msg, msg_len, "N0_dBm_per_Hz", "a power that is > 0 and finite in W/Hz", s->N0_dBm_per_Hz);
    if (!(is_integer(s->D_min) && s->D_min >= 1.0))
        return bad(msg, msg_len, "D_min", "an integer >= 1", s->D_min);
    if (!(is_integer(s->D_max) && s->D_max >= s->D_min))
        return bad(msg, msg_len, "D_max", "an integer >= D_min", s->D_max);
    if (!(s->D_max - s->D_min < OTM_D_LIMIT))
        return bad(msg, msg_len, "D_max", "less than 2^32 above D_min", s->D_max);
    /* The scenario's N0 comes from N0_dBm_per_Hz, whatever params holds. */
    otmec_params p = s->params;
    p.N0_W_per_Hz = N0;
    return otm_params_check(&p, "", msg, msg_len);
}
