/* System parameters: the defaults of docs/model.md section 7 and the valid ranges
 * of docs/formats.md. */
#include <math.h>

#include "common/numfmt.h"
#include "internal.h"
#include "model/params_check.h"

void otmec_params_default(otmec_params *p)
{
    if (p == NULL)
        return;
    p->B_Hz = 20e6;
    p->p_max_W = 0.2;
    p->R_min_bps = 1e6;
    p->N0_W_per_Hz = pow(10.0, (-174.0 - 30.0) / 10.0); /* -174 dBm/Hz */
    p->f_min_Hz = 0.3e9;
    p->f_max_Hz = 1.5e9;
    p->kappa_D = 5e-27;
    p->F_L_Hz = 20e9;
    p->kappa_L = 1e-27;
    p->c_L = 5e10;
    p->c_full = 1e8;
    p->gamma_E = 0.3;
    p->epochs = 1.0;
    p->M_bits = 1.6e9;
    p->phi_min = 0.05;
    p->phi_max = 0.5;
    p->zeta = 20.0;
    p->w_e = 0.05;
    p->w_t = 0.95;
    p->T_max_s = INFINITY;
}

/* Lower-bound rule of one key: x > lo (strict) or x >= lo. */
typedef struct bound_rule {
    const char *key;
    size_t offset;
    double lo;
    int strict;
} bound_rule;

#define RULE(field, lo, strict) { #field, offsetof(otmec_params, field), lo, strict }

static const bound_rule lower_bounds[] = {
    RULE(B_Hz, 0.0, 1),      RULE(p_max_W, 0.0, 1), RULE(R_min_bps, 0.0, 0), RULE(N0_W_per_Hz, 0.0, 1),
    RULE(f_min_Hz, 0.0, 1),  RULE(f_max_Hz, 0.0, 1), RULE(kappa_D, 0.0, 1),  RULE(F_L_Hz, 0.0, 1),
    RULE(kappa_L, 0.0, 1),   RULE(c_L, 0.0, 0),      RULE(c_full, 0.0, 1),   RULE(gamma_E, 0.0, 1),
    RULE(epochs, 1.0, 0),    RULE(M_bits, 0.0, 1),   RULE(phi_min, 0.0, 1),  RULE(phi_max, 0.0, 1),
    RULE(zeta, 0.0, 1),      RULE(w_e, 0.0, 0),      RULE(w_t, 0.0, 0),
};

static double field(const otmec_params *p, size_t offset)
{
    return *(const double *)((const char *)p + offset);
}

otmec_error otm_params_check(const otmec_params *p, const char *prefix, char *msg, size_t msg_len)
{
    char a[OTM_NUMFMT_LEN], b[OTM_NUMFMT_LEN];
    if (p == NULL) {
        otm_set_message(msg, msg_len, "params: NULL pointer");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < sizeof lower_bounds / sizeof lower_bounds[0]; ++i) {
        const bound_rule *r = &lower_bounds[i];
        double x = field(p, r->offset);
        int ok = isfinite(x) && (r->strict ? x > r->lo : x >= r->lo);
        if (!ok) {
            otm_set_message(msg, msg_len, "%s%s: must be finite and %s %g (got %s)", prefix, r->key,
                            r->strict ? ">" : ">=", r->lo, otm_format_double(a, x));
            return OTMEC_ERR_INVALID_INPUT;
        }
    }
    /* Pairwise and upper-bound rules, in the order the keys appear in a file. */
    if (!(p->f_min_Hz <= p->f_max_Hz)) {
        otm_set_message(msg, msg_len, "%sf_max_Hz: must be >= %sf_min_Hz (got %s < %s)", prefix, prefix,
                        otm_format_double(a, p->f_max_Hz), otm_format_double(b, p->f_min_Hz));
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!(p->gamma_E <= 1.0)) {
        otm_set_message(msg, msg_len, "%sgamma_E: must be <= 1 (got %s)", prefix, otm_format_double(a, p->gamma_E));
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!(p->phi_max <= 1.0)) {
        otm_set_message(msg, msg_len, "%sphi_max: must be <= 1 (got %s)", prefix, otm_format_double(a, p->phi_max));
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!(p->phi_min <= p->phi_max)) {
        otm_set_message(msg, msg_len, "%sphi_max: must be >= %sphi_min (got %s < %s)", prefix, prefix,
                        otm_format_double(a, p->phi_max), otm_format_double(b, p->phi_min));
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!(p->w_e + p->w_t > 0.0)) {
        otm_set_message(msg, msg_len, "%sw_e, %sw_t: at least one weight must be > 0 (got both 0)", prefix, prefix);
        return OTMEC_ERR_INVALID_INPUT;
    }
    /* +inf stands for "no deadline" (null or absent in a file). */
    if (!(p->T_max_s > 0.0)) {
        otm_set_message(msg, msg_len, "%sT_max_s: must be > 0, or null for no deadline (got %s)", prefix,
                        otm_format_double(a, p->T_max_s));
        return OTMEC_ERR_INVALID_INPUT;
    }
    return OTMEC_OK;
}

otmec_error otmec_params_validate(const otmec_params *params, char *msg, size_t msg_len)
{
    return otm_params_check(params, "params.", msg, msg_len);
}
