/* Fuzzes the solver on small instances (1 to 4 owners) with parameters moved
 * around the defaults, owner data and settings chosen by the bytes.
 *
 * Properties (the contract of otmec_solve): it returns OTMEC_OK with a valid
 * status; an allocation comes exactly with OPTIMAL or MAX_ITER, passes
 * otmec_check_allocation and evaluates to finite values equal to the ones
 * reported; no reported number (evaluation, KKT residual, per-owner arrays)
 * is NaN or infinite; INFEASIBLE and NUMERICAL_ERROR give a reason. */
#include <float.h>
#include <math.h>

#include "fuzz_common.h"
#include "otmec.h"

#define MAX_OWNERS 4

/* anchor, or anchor * 2^(k/4) for k in -128..127 (a factor up to 2^32 either
 * way), or anchor * 10^k for k in -20..20. */
static double near(fuzz_reader *r, double anchor)
{
    uint8_t mode = fuzz_next_byte(r) % 4;
    if (mode <= 1)
        return anchor;
    if (mode == 2)
        return anchor * exp2((double)(int8_t)fuzz_next_byte(r) / 4.0);
    return anchor * pow(10.0, (double)(fuzz_next_byte(r) % 41) - 20.0);
}

static int finite_array(const double *x, size_t n)
{
    for (size_t k = 0; x != NULL && k < n; ++k)
        if (!isfinite(x[k]))
            return 0;
    return 1;
}

static int finite_eval(otmec_evaluation e)
{
    return isfinite(e.utility) && isfinite(e.consumption) && isfinite(e.energy_J) && isfinite(e.time_s) &&
           isfinite(e.ratio);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = { data, size };
    const size_t n = 1 + fuzz_next_byte(&r) % MAX_OWNERS;
    const uint8_t flags = fuzz_next_byte(&r);

    otmec_params p;
    otmec_params_default(&p);
    double *fields[] = {
        &p.B_Hz,   &p.p_max_W, &p.R_min_bps, &p.N0_W_per_Hz, &p.f_min_Hz, &p.f_max_Hz, &p.kappa_D,
        &p.F_L_Hz, &p.kappa_L, &p.c_L,       &p.c_full,      &p.gamma_E,  &p.epochs,   &p.M_bits,
        &p.phi_min, &p.phi_max, &p.zeta,     &p.w_e,         &p.w_t,
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i)
        *fields[i] = near(&r, *fields[i]);
    if (flags & 1)
        p.R_min_bps = 0.0;
    if (flags & 2)
        p.c_L = 0.0;
    if (flags & 4)
        p.T_max_s = near(&r, 100.0);
    if (fuzz_next_byte(&r) % 8 == 0)
        p.w_e = 0.0;
    else if (fuzz_next_byte(&r) % 8 == 0)
        p.w_t = 0.0;
    if (otmec_params_validate(&p, NULL, 0) != OTMEC_OK)
        return 0;

    double h[MAX_OWNERS], g[MAX_OWNERS], D[MAX_OWNERS];
    for (size_t k = 0; k < n; ++k) {
        h[k] = near(&r, 1e-9);
        g[k] = near(&r, 1e-11);
        D[k] = round(near(&r, 750.0));
        if (D[k] < 1.0)
            D[k] = 1.0;
    }
    otmec_instance *inst = NULL;
    if (otmec_instance_create(&p, n, h, g, D, &inst, NULL, 0) != OTMEC_OK)
        return 0;

    otmec_settings s;
    otmec_settings_default(&s);
    s.algorithm = (flags & 8) ? OTMEC_ALGORITHM_PAPER : OTMEC_ALGORITHM_JOINT;
    s.refine = s.algorithm == OTMEC_ALGORITHM_JOINT && !(flags & 16);
    s.admission = (flags & 32) ? OTMEC_ADMISSION_GREEDY : OTMEC_ADMISSION_NONE;
    s.sp2_method = (flags & 64) ? OTMEC_SP2_SCA : OTMEC_SP2_EXACT;
    /* Short runs: a limit hit is MAX_ITER, still under the contract. */
    s.max_dinkelbach = 5;
    s.max_ao = 20;
    s.max_sca = 10;
    s.max_ipm = 100;

    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_solution *sol = NULL;
    otmec_error err = otmec_solve(inst, &s, &sol, msg, sizeof msg);
    if (err != OTMEC_OK)
        fprintf(stderr, "otmec_solve: %s: %s\n", otmec_strerror(err), msg);
    FUZZ_REQUIRE(err == OTMEC_OK && sol != NULL);

    otmec_status st = otmec_solution_status(sol);
    if (getenv("OTMEC_FUZZ_VERBOSE") != NULL) {
        /* The decoded case, as an instance file and the settings. */
        char *json = NULL;
        if (otmec_instance_to_json(inst, &json) == OTMEC_OK)
            fprintf(stderr, "%s\n", json);
        free(json);
        otmec_iterations it = otmec_solution_iterations(sol);
        fprintf(stderr, "algorithm %s refine %d admission %d sp2 %d: %s (%s), dinkelbach %d ao %d sca %d ipm %d refine %d\n",
                otmec_algorithm_name(s.algorithm), s.refine, (int)s.admission, (int)s.sp2_method,
                otmec_status_name(st), otmec_solution_reason(sol), it.dinkelbach, it.ao, it.sca, it.ipm, it.refine);
    }
    FUZZ_REQUIRE(st == OTMEC_STATUS_OPTIMAL || st == OTMEC_STATUS_MAX_ITER || st == OTMEC_STATUS_INFEASIBLE ||
                 st == OTMEC_STATUS_NUMERICAL_ERROR);
    int answered = st == OTMEC_STATUS_OPTIMAL || st == OTMEC_STATUS_MAX_ITER;
    FUZZ_REQUIRE(otmec_solution_has_allocation(sol) == answered);
    if (!answered)
        FUZZ_REQUIRE(otmec_solution_reason(sol)[0] != '\0');
    otmec_evaluation rep = otmec_solution_evaluation(sol);
    FUZZ_REQUIRE(finite_eval(rep));
    FUZZ_REQUIRE(finite_array(otmec_solution_phi(sol), n) && finite_array(otmec_solution_b(sol), n) &&
                 finite_array(otmec_solution_p(sol), n) && finite_array(otmec_solution_f(sol), n) &&
                 finite_array(otmec_solution_fL(sol), n) && finite_array(otmec_solution_secrecy_rate(sol), n) &&
                 finite_array(otmec_solution_owner_time(sol), n) &&
                 finite_array(otmec_solution_owner_energy(sol), n));
    if (answered) {
        FUZZ_REQUIRE(isfinite(otmec_solution_kkt_residual(sol)));
        otmec_allocation a = otmec_solution_allocation(sol);
        otmec_violation v;
        FUZZ_REQUIRE(otmec_check_allocation(inst, &a, &v) == OTMEC_OK);
        if (v.worst != 0.0)
            fprintf(stderr, "%s: violates C%d (owner %ld) by %.3g\n", otmec_status_name(st), v.constraint, v.owner,
                    v.worst);
        FUZZ_REQUIRE(v.worst == 0.0);
        otmec_evaluation e;
        FUZZ_REQUIRE(otmec_evaluate_allocation(inst, &a, &e) == OTMEC_OK);
        FUZZ_REQUIRE(finite_eval(e));
        FUZZ_REQUIRE(fabs(e.ratio - rep.ratio) <= 1e-9 * fabs(rep.ratio));
    }
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return 0;
}
