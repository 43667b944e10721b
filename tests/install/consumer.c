/* A program outside the otmec tree: it sees only the installed header and
 * library. It solves two owners with the default parameters and checks what
 * a user would rely on: the version macros agree with the library, the solve
 * succeeds, and the reported ratio is utility / consumption. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <otmec.h>

int main(void)
{
    if (strcmp(otmec_version(), OTMEC_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", OTMEC_VERSION_STRING, otmec_version());
        return 1;
    }
    otmec_params params;
    otmec_params_default(&params);
    const double h[2] = {1e-10, 2e-10}, g[2] = {1e-12, 1e-12}, D[2] = {1000, 2000};
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL;
    otmec_solution *sol = NULL;
    if (otmec_instance_create(&params, 2, h, g, D, &inst, msg, sizeof msg) != OTMEC_OK ||
        otmec_solve(inst, NULL, &sol, msg, sizeof msg) != OTMEC_OK) {
        fprintf(stderr, "otmec: %s\n", msg);
        otmec_instance_free(inst);
        return 1;
    }
    otmec_evaluation ev = otmec_solution_evaluation(sol);
    int ok = otmec_solution_status(sol) == OTMEC_STATUS_OPTIMAL && ev.ratio > 0.0 &&
             fabs(ev.ratio - ev.utility / ev.consumption) <= 1e-12 * ev.ratio;
    printf("otmec %s: %s, ratio %.17g\n", otmec_version(), otmec_status_name(otmec_solution_status(sol)), ev.ratio);
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return ok ? 0 : 1;
}
