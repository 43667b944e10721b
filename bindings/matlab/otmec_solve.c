/* sol = otmec_solve(instance, 'name', value, ...)
 *
 * Solves one instance: `instance` is the path of an instance file or a
 * struct in the instance format; the settings are name-value pairs; `sol` is
 * a struct in the solution format (docs/matlab.md). */
#include "otmex.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    otmex_begin();
    if (nrhs < 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "usage: sol = otmec_solve(instance, 'name', value, ...)");
    if (nlhs > 1)
        otmex_fail(OTMEX_ID_ARGUMENT, "otmec_solve returns one output");
    otmec_settings settings;
    otmex_read_settings(nrhs, prhs, 1, &settings);

    otmec_instance *inst = NULL;
    char msg[OTMEC_MESSAGE_LEN] = "";
    if (mxIsChar(prhs[0])) {
        char *path = mxArrayToString(prhs[0]);
        otmec_error err = otmec_instance_read_json(path, &inst, msg, sizeof msg);
        mxFree(path);
        if (err != OTMEC_OK)
            otmex_fail_library(err, msg);
        otmex_hold_instance(inst);
    } else {
        inst = otmex_instance_from_struct(prhs[0]);
    }

    otmec_solution *sol = NULL;
    otmec_error err = otmec_solve(inst, &settings, &sol, msg, sizeof msg);
    if (err != OTMEC_OK)
        otmex_fail_library(err, msg);
    otmex_hold_solution(sol);
    plhs[0] = otmex_solution_struct(sol);
    otmex_release();
}
