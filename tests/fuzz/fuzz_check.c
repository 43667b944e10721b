/* Fuzzes the model checker: otmec_check_allocation and
 * otmec_evaluate_allocation at arbitrary points, on instances built from the
 * same bytes.
 *
 * The bytes are read as a stream of choices. Every number is either kept at a
 * sensible anchor (the default parameters, an even split of the resources),
 * scaled by a power of two around it, taken from a list of edge values (0,
 * -0, subnormals, DBL_MAX, inf, nan, ...), or read as 8 raw bytes.
 *
 * Properties: otmec_instance_create accepts exactly the owner data that
 * docs/formats.md allows (given valid parameters); both calls return OTMEC_OK; the
 * worst violation is a number >= 0 (never nan) naming a constraint 1..7 and
 * an owner in range, or 0 with no constraint; at a point the checker calls
 * feasible every variable of an active owner is finite and so are the
 * utility, energy, consumption and ratio (for parameters, owner data and
 * points in a range where the model's values are representable). */
#include <float.h>
#include <math.h>

#include "fuzz_common.h"
#include "otmec.h"

#define MAX_OWNERS 8

static double next_raw(fuzz_reader *r)
{
    uint8_t b[8] = { 0 };
    for (int i = 0; i < 8; ++i)
        b[i] = fuzz_next_byte(r);
    double x;
    memcpy(&x, b, sizeof x);
    return x;
}

static const double edges[] = {
    0.0, -0.0, 4.9406564584124654e-324, DBL_MIN, 1e-300, 1e-30, 1e-12, 0.5, 1.0, 2.0,
    1e12, 1e30, 1e300, DBL_MAX, -1.0, -DBL_MAX, INFINITY, -INFINITY, NAN,
};

/* One number near `anchor`, chosen by the next bytes. */
static double next_value(fuzz_reader *r, double anchor)
{
    uint8_t mode = fuzz_next_byte(r);
    switch (mode % 8) {
    case 0:
    case 1:
    case 2:
        return anchor;
    case 3:
    case 4: /* anchor * 2^(k/8), k in -128..127: within about 2^16 either way */
        return anchor * exp2((double)(int8_t)fuzz_next_byte(r) / 8.0);
    case 5: /* anchor * 2^k: far out */
        return ldexp(anchor, (int8_t)fuzz_next_byte(r) * 8);
    case 6:
        return edges[fuzz_next_byte(r) % (sizeof edges / sizeof edges[0])];
    default:
        return next_raw(r);
    }
}

static int owner_ok(double h, double g, double D)
{
    return isfinite(h) && h > 0.0 && isfinite(g) && g > 0.0 && isfinite(D) && D >= 1.0;
}

/* Inside this box every term of the model (cycles, times, energies, rates)
 * is a finite double for any point the checker calls feasible. */
#define NUM_PARAMS 19 /* every field of otmec_params but T_max_s */

static void param_fields(otmec_params *p, double *x[NUM_PARAMS])
{
    double *all[NUM_PARAMS] = {
        &p->B_Hz,   &p->p_max_W, &p->R_min_bps, &p->N0_W_per_Hz, &p->f_min_Hz, &p->f_max_Hz, &p->kappa_D,
        &p->F_L_Hz, &p->kappa_L, &p->c_L,       &p->c_full,      &p->gamma_E,  &p->epochs,   &p->M_bits,
        &p->phi_min, &p->phi_max, &p->zeta,     &p->w_e,         &p->w_t,
    };
    memcpy(x, all, sizeof all);
}

static int moderate(otmec_params p, const double *h, const double *g, const double *D, size_t n)
{
    double *x[NUM_PARAMS];
    param_fields(&p, x);
    for (size_t i = 0; i < NUM_PARAMS; ++i)
        if (*x[i] != 0.0 && !(fabs(*x[i]) >= 1e-40 && fabs(*x[i]) <= 1e40))
            return 0;
    for (size_t k = 0; k < n; ++k)
        if (!(h[k] >= 1e-40 && h[k] <= 1e40 && g[k] >= 1e-40 && g[k] <= 1e40 && D[k] <= 1e40))
            return 0;
    return 1;
}

/* OTMEC_FUZZ_VERBOSE=1 prints the decoded case (for reproducing a finding). */
static void dump(const otmec_params *prm, size_t n, const double *h, const double *g, const double *D,
                 const otmec_allocation *a, const otmec_violation *v, const otmec_evaluation *e)
{
    if (getenv("OTMEC_FUZZ_VERBOSE") == NULL)
        return;
    otmec_params copy = *prm;
    double *x[NUM_PARAMS];
    param_fields(&copy, x);
    fprintf(stderr, "params:");
    for (size_t i = 0; i < NUM_PARAMS; ++i)
        fprintf(stderr, " %.17g", *x[i]);
    fprintf(stderr, " T_max %.17g\n", prm->T_max_s);
    for (size_t k = 0; k < n; ++k)
        fprintf(stderr, "owner %zu: h %.17g g %.17g D %.17g active %d phi %.17g b %.17g p %.17g f %.17g fL %.17g\n", k,
                h[k], g[k], D[k], a->active[k], a->phi[k], a->b_Hz[k], a->p_W[k], a->f_Hz[k], a->fL_Hz[k]);
    fprintf(stderr, "T %.17g; worst %.17g C%d owner %ld; U %.17g E %.17g S %.17g ratio %.17g\n", a->T_s, v->worst,
            v->constraint, v->owner, e->utility, e->energy_J, e->consumption, e->ratio);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = { data, size };
    size_t n = 1 + fuzz_next_byte(&r) % MAX_OWNERS;

    otmec_params dflt, prm;
    otmec_params_default(&dflt);
    prm = dflt;
    double *x[NUM_PARAMS];
    param_fields(&prm, x);
    for (size_t i = 0; i < NUM_PARAMS; ++i)
        *x[i] = next_value(&r, *x[i]);
    prm.T_max_s = next_value(&r, 1e4);
    if (fuzz_next_byte(&r) % 2 == 0)
        prm.T_max_s = INFINITY;
    char msg[OTMEC_MESSAGE_LEN] = "";
    if (otmec_params_validate(&prm, msg, sizeof msg) != OTMEC_OK) {
        FUZZ_REQUIRE(fuzz_message_ok(msg, sizeof msg));
        prm = dflt;
    }

    double h[MAX_OWNERS], g[MAX_OWNERS], D[MAX_OWNERS];
    int all_ok = 1;
    for (size_t k = 0; k < n; ++k) {
        h[k] = next_value(&r, 1e-9);
        g[k] = next_value(&r, 1e-11);
        D[k] = next_value(&r, 750.0);
        all_ok = all_ok && owner_ok(h[k], g[k], D[k]);
    }
    otmec_instance *inst = NULL;
    otmec_error err = otmec_instance_create(&prm, n, h, g, D, &inst, msg, sizeof msg);
    FUZZ_REQUIRE((err == OTMEC_OK) == all_ok);
    if (err != OTMEC_OK) {
        FUZZ_REQUIRE(inst == NULL && err == OTMEC_ERR_INVALID_INPUT && fuzz_message_ok(msg, sizeof msg));
        for (size_t k = 0; k < n; ++k)
            if (!owner_ok(h[k], g[k], D[k])) {
                h[k] = 1e-9;
                g[k] = 1e-11;
                D[k] = 750.0;
            }
        FUZZ_REQUIRE(otmec_instance_create(&prm, n, h, g, D, &inst, msg, sizeof msg) == OTMEC_OK);
    }
    FUZZ_REQUIRE(inst != NULL);

    unsigned char active[MAX_OWNERS];
    double phi[MAX_OWNERS], b[MAX_OWNERS], p[MAX_OWNERS], f[MAX_OWNERS], fL[MAX_OWNERS];
    for (size_t k = 0; k < n; ++k) {
        active[k] = fuzz_next_byte(&r) % 4 != 0;
        phi[k] = next_value(&r, 0.5 * (prm.phi_min + prm.phi_max));
        b[k] = next_value(&r, prm.B_Hz / (double)n);
        p[k] = next_value(&r, prm.p_max_W);
        f[k] = next_value(&r, prm.f_max_Hz);
        fL[k] = next_value(&r, prm.F_L_Hz / (double)n);
    }
    otmec_allocation a = { n, active, phi, b, p, f, fL, next_value(&r, isfinite(prm.T_max_s) ? prm.T_max_s : 1e4) };

    otmec_violation v;
    memset(&v, 0x5a, sizeof v);
    FUZZ_REQUIRE(otmec_check_allocation(inst, &a, &v) == OTMEC_OK);
    FUZZ_REQUIRE(v.worst >= 0.0);
    FUZZ_REQUIRE(v.constraint >= 0 && v.constraint <= 7);
    FUZZ_REQUIRE((v.worst == 0.0) == (v.constraint == 0));
    FUZZ_REQUIRE(v.owner >= -1 && v.owner < (long)n);
    FUZZ_REQUIRE(v.constraint != 0 || v.owner == -1);

    otmec_evaluation e;
    FUZZ_REQUIRE(otmec_evaluate_allocation(inst, &a, &e) == OTMEC_OK);
    dump(&prm, n, h, g, D, &a, &v, &e);
    if (v.worst == 0.0) {
        int any_active = 0;
        for (size_t k = 0; k < n; ++k) {
            if (!active[k])
                continue;
            any_active = 1;
            FUZZ_REQUIRE(isfinite(phi[k]) && isfinite(b[k]) && isfinite(p[k]) && isfinite(f[k]) && isfinite(fL[k]));
        }
        FUZZ_REQUIRE(isfinite(a.T_s));
        FUZZ_REQUIRE(!isnan(e.utility) && !isnan(e.energy_J) && !isnan(e.consumption));
        int in_range = fabs(a.T_s) <= 1e40;
        for (size_t k = 0; k < n; ++k)
            in_range = in_range && (!active[k] || (b[k] >= 1e-40 && fL[k] >= 1e-40 && p[k] >= 1e-40));
        if (any_active && in_range && moderate(prm, h, g, D, n))
            FUZZ_REQUIRE(isfinite(e.utility) && isfinite(e.energy_J) && isfinite(e.consumption) &&
                         isfinite(e.ratio));
    }
    otmec_instance_free(inst);
    return 0;
}
