/* otmec debug-sp2: one resource subproblem (SP2) and otmec's answer, for
 * checking the solver against an independent model. Format: docs/validation.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "internal.h"
#include "io/json_params.h"
#include "io/json_util.h"
#include "solver/controller.h"

#define CMD "debug-sp2"

void help_debug_sp2(void)
{
    fputs("Usage: otmec debug-sp2 INSTANCE.json [--seed S] [--first] [-o FILE]\n"
          "\n"
          "Writes one SP2 problem (docs/model.md section 5: bandwidth, power, GPU\n"
          "frequencies and T at fixed phi and y) and otmec's optimum of it, in two\n"
          "forms: the SCA surrogate (Eve's rate term linearized at (b0, p0), one convex\n"
          "solve) and the exact SP2 (true secrecy rate). phi, y, the starting point\n"
          "and the linearization point (b0, p0) are drawn from the seed; the\n"
          "linearization point meets every constraint. Format: docs/validation.md.\n"
          "\n"
          "Options:\n"
          "  --seed S           64-bit unsigned integer. Default: 1.\n"
          "  --first            instead of a random draw: the first SP2 of the joint-mode\n"
          "                     solve (initial point, SP1 at lambda_0).\n"
          "  -o, --output FILE  write to FILE. Default: standard output.\n"
          "  -h, --help         this text.\n",
          stdout);
}

static uint64_t rng_state;
static double rng_uniform(void) /* splitmix64, [0, 1) */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

/* A random point that meets C2-C7: rates 1% above R_min, 90% of B and F_L.
 * Under a deadline it moves toward the prepared (feasible) point until every
 * owner meets T_max. */
static void random_point(otm_work *w)
{
    const otm_params *q = &w->q;
    double sum_req = 0.0, wb = 0.0, wl = 0.0;
    for (size_t i = 0; i < w->n; ++i)
        memcpy(w->scratch + 5 * i, w->own[i].x, sizeof w->own[i].x);
    for (int attempt = 0; attempt < 2; ++attempt) {
        sum_req = 0.0;
        for (size_t i = 0; i < w->n; ++i) {
            double *x = w->own[i].x;
            x[JET_PHI] = q->phi_min + rng_uniform() * (q->phi_max - q->phi_min);
            x[JET_P] = attempt ? q->p_max : q->p_max * (0.2 + 0.8 * rng_uniform());
            x[JET_F] = q->f_min + rng_uniform() * (q->f_max - q->f_min);
            x[JET_B] = otm_min_bandwidth(x[JET_P], w->od[i].h, w->od[i].g, q->N0, q->R_min * 1.01, q->B);
            sum_req += x[JET_B];
        }
        if (sum_req < 0.9 * q->B)
            break;
    }
    for (size_t i = 0; i < w->n; ++i) {
        w->trial[i].x[JET_B] = rng_uniform() + 0.05; /* scratch: shares */
        w->trial[i].x[JET_FL] = rng_uniform() + 0.05;
        wb += w->trial[i].x[JET_B];
        wl += w->trial[i].x[JET_FL];
    }
    double slack = fmax(0.9 * q->B - sum_req, 0.0);
    for (size_t i = 0; i < w->n; ++i) {
        w->own[i].x[JET_B] += slack * w->trial[i].x[JET_B] / wb;
        w->own[i].x[JET_FL] = 0.9 * q->F_L * w->trial[i].x[JET_FL] / wl;
    }
    double target = q->T_max * (1.0 - 1e-3), t = 1.0;
    for (int k = 0; k < 40 && !(otm_max_delay(w) < target); ++k, t *= 0.5)
        for (size_t i = 0; i < w->n; ++i)
            for (int j = 0; j < JET_DIM; ++j)
                w->own[i].x[j] = w->scratch[5 * i + j] + 0.5 * (w->own[i].x[j] - w->scratch[5 * i + j]);
    double T_need = otm_max_delay(w);
    w->T = fmin(T_need * (1.0 + 0.2 * rng_uniform()), 0.5 * (T_need + q->T_max));
}

/* The SP2 objective (surrogate or exact rate) at the work's point, by the
 * per-owner objective the solver minimizes, unscaled; the rates into rate. */
static double sp2_value(const otm_work *w, int surrogate, double *rate)
{
    const otm_params *q = &w->q;
    otm_scales unscaled = w->sc;
    unscaled.F = 1.0;
    double F = q->w_t * w->T;
    for (size_t i = 0; i < w->n; ++i) {
        const double *x = w->own[i].x;
        const otm_owner_data *od = &w->od[i];
        rate[i] = surrogate ? otm_surrogate_rate(x[JET_B], x[JET_P], od, q->N0)
                            : otm_secrecy_rate(x[JET_B], x[JET_P], od->h, od->g, q->N0);
        F += otm_owner_eval(surrogate ? OTM_KIND_SP2 : OTM_KIND_SP2_EXACT, q, od, 0.0, x, 0u, &unscaled).F.v;
    }
    return F;
}

static double *column(const otm_work *w, int j, double *buf)
{
    for (size_t i = 0; i < w->n; ++i)
        buf[i] = w->own[i].x[j];
    return buf;
}

/* The interior-point result as the debug report spells it. */
static const char *ipm_result_name(otm_ipm_result r)
{
    switch (r) {
    case OTM_IPM_CONVERGED:
        return "CONVERGED";
    case OTM_IPM_MAX_ITER:
        return "MAX_ITER";
    case OTM_IPM_VIOLATED:
        return "VIOLATED";
    case OTM_IPM_CRAWLED:
        return "CRAWLED";
    case OTM_IPM_FAILED:
        break;
    }
    return "FAILED";
}

/* Solves one form from the saved start and describes the result. */
static cJSON *solve_form(otm_work *w, int surrogate, unsigned mask, const double *start, double T0, double *buf)
{
    for (size_t i = 0; i < w->n; ++i)
        memcpy(w->own[i].x, start + 5 * i, sizeof w->own[i].x);
    w->T = T0;
    double F_scale = sp2_value(w, surrogate, buf) / (double)w->n;
    otm_ipm_problem p = otm_work_problem(w, surrogate ? OTM_KIND_SP2 : OTM_KIND_SP2_EXACT, mask, F_scale, w->q.w_t);
    p.mu0 = 1e-1;
    otm_ipm_result r = otm_ipm_solve(&p);
    w->T = p.T;
    cJSON *o = cJSON_CreateObject();
    int ok = otm_json_add(o, "result", cJSON_CreateString(ipm_result_name(r)));
    ok = ok && otm_json_add(o, "ipm_iterations", cJSON_CreateNumber(p.iterations));
    ok = ok && otm_json_add(o, "kkt_residual", otm_json_number_item(p.kkt));
    ok = ok && otm_json_add(o, "objective", otm_json_number_item(sp2_value(w, surrogate, buf)));
    ok = ok && otm_json_add(o, "rate_bps", otm_json_number_array_item(buf, w->n));
    ok = ok && otm_json_add(o, "T_s", otm_json_number_item(w->T));
    static const char *const names[] = {"b_Hz", "p_W", "f_Hz", "fL_Hz"};
    for (int j = JET_B; j <= JET_FL; ++j)
        ok = ok && otm_json_add(o, names[j - JET_B], otm_json_number_array_item(column(w, j, buf), w->n));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *describe(otm_work *w, const otmec_instance *inst, uint64_t seed, int first, unsigned mask,
                       double *buf)
{
    cJSON *root = cJSON_CreateObject(), *own = cJSON_CreateObject(), *params = cJSON_CreateObject();
    int ok = otm_json_add(root, "format", cJSON_CreateString("otmec-debug-sp2-1"));
    ok = ok && otm_json_add(root, "source", cJSON_CreateString(first ? "first" : "random"));
    ok = ok && otm_json_add(root, "seed", cJSON_CreateNumber((double)seed));
    int wrote = params && otm_json_write_params(params, &inst->prm, 1);
    ok = otm_json_add(root, "params", params) && wrote && ok; /* params is root's (or freed) either way */
    ok = ok && otm_json_add(root, "f_free", cJSON_CreateBool(mask >> JET_F & 1u));
    ok = ok && otm_json_add(root, "T0_s", otm_json_number_item(w->T));
    ok = ok && otm_json_add(root, "owners", own);
    for (size_t i = 0; i < w->n; ++i)
        buf[i] = (double)w->index[i];
    ok = ok && otm_json_add(own, "index", otm_json_number_array_item(buf, w->n));
#define OD_FIELD(key, field)                                                                                  \
    for (size_t i = 0; i < w->n; ++i)                                                                         \
        buf[i] = w->od[i].field;                                                                              \
    ok = ok && otm_json_add(own, key, otm_json_number_array_item(buf, w->n))
    OD_FIELD("h", h);
    OD_FIELD("g", g);
    OD_FIELD("D", D);
    OD_FIELD("omega", omega);
    OD_FIELD("phi", phi);
    OD_FIELD("y", y);
#undef OD_FIELD
    double *Gp = malloc(w->n * sizeof *Gp);
    ok = ok && Gp != NULL;
    for (size_t i = 0; ok && i < w->n; ++i)
        otm_eve_tangent(&w->od[i], w->q.N0, &buf[i], &Gp[i]);
    ok = ok && otm_json_add(own, "Gb", otm_json_number_array_item(buf, w->n));
    ok = ok && otm_json_add(own, "Gp", otm_json_number_array_item(Gp, w->n));
    free(Gp);
    static const char *const names[] = {"b0_Hz", "p0_W", "f0_Hz", "fL0_Hz"};
    for (int j = JET_B; j <= JET_FL; ++j)
        ok = ok && otm_json_add(own, names[j - JET_B], otm_json_number_array_item(column(w, j, buf), w->n));
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static int run(otm_work *w, const otmec_instance *inst, uint64_t seed, int first, const char *output)
{
    const otm_params *q = &w->q;
    unsigned all = 1u << JET_PHI | 1u << JET_B | 1u << JET_P | 1u << JET_F | 1u << JET_FL;
    unsigned mask = otm_free_mask(q, 0);
    if (first) {
        double U, S;
        otm_work_value(w, &U, &S);
        otm_sp1(w, U / S, 1);
    } else {
        random_point(w);
    }
    if (otm_interiorize(w, first ? mask : all) != 0) {
        cli_error(CMD, "no strictly feasible point for SP2 (seed %llu)", (unsigned long long)seed);
        return CLI_EXIT_INTERNAL;
    }
    if (!first)
        otm_update_y(w); /* --first keeps SP1's y, as the solver does */
    for (size_t i = 0; i < w->n; ++i) {
        if (!first)
            w->od[i].y *= exp(2.0 * rng_uniform() - 1.0);
        otm_eve_linearization(&w->od[i], w->own[i].x[JET_B], w->own[i].x[JET_P], q->N0);
        memcpy(w->scratch + 5 * i, w->own[i].x, sizeof w->own[i].x);
    }
    /* the start both forms solve from: the scratch copy (nothing below writes it) */
    const double *start = w->scratch;
    double *buf = malloc(w->n * sizeof *buf), T0 = w->T;
    cJSON *root = buf ? describe(w, inst, seed, first, mask, buf) : NULL;
    int ok = root != NULL && otm_json_add(root, "surrogate", solve_form(w, 1, mask, start, T0, buf)) &&
             otm_json_add(root, "exact", solve_form(w, 0, mask, start, T0, buf));
    free(buf);
    char *text = NULL;
    if (otm_json_finish(root, ok, &text) != OTMEC_OK) {
        cli_error(CMD, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    int rc = cli_write_text(CMD, output, text);
    free(text);
    return rc;
}

int cmd_debug_sp2(int argc, char **argv)
{
    const char *path = NULL, *output = NULL, *value = NULL;
    uint64_t seed = 1;
    int first = 0;
    for (int i = 1; i < argc; ++i) {
        int m;
        if (cli_is_help(argv[i])) {
            help_debug_sp2();
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--first") == 0) {
            first = 1;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--seed", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_u64(CMD, "--seed", value, &seed))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--output", "-o", &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            output = value;
        } else if (argv[i][0] == '-' || path != NULL) {
            return cli_usage_error(CMD, "unknown argument '%s'", argv[i]);
        } else {
            path = argv[i];
        }
    }
    if (path == NULL)
        return cli_usage_error(CMD, "missing INSTANCE.json");
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL;
    otmec_error err = otmec_instance_read_json(path, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        cli_error(CMD, "%s", msg);
        return cli_exit_for(err);
    }
    rng_state = seed;
    otmec_settings set;
    otmec_settings_default(&set);
    otmec_solution *sol = otm_solution_alloc(inst->n);
    otm_work w;
    int rc = CLI_EXIT_INTERNAL;
    int prep = sol ? otm_work_prepare(&w, inst, &set, sol) : -1;
    if (prep == 1)
        cli_error(CMD, "%s: no SP2 to export: %s", path, sol->reason);
    else if (prep == 0)
        rc = run(&w, inst, seed, first, output);
    else
        cli_error(CMD, "out of memory");
    if (prep >= 0) /* a failed prepare has released what it took */
        otm_work_release(&w);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return prep == 1 ? CLI_EXIT_USAGE : rc;
}
