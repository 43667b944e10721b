/* Errors of the MEX gateways, and the library objects a call holds until it
 * returns or fails. mexErrMsgIdAndTxt does not return (it unwinds into MATLAB
 * or Octave), so whatever malloc'd object the library handed out must be
 * freed before it is called; mxMalloc'd memory is freed by MATLAB itself. */
#include <stdarg.h>
#include <stdio.h>

#include "otmex.h"

static otmec_instance *held_instance;
static otmec_solution *held_solution;

void otmex_release(void)
{
    otmec_instance_free(held_instance);
    otmec_solution_free(held_solution);
    held_instance = NULL;
    held_solution = NULL;
}

static void at_exit(void)
{
    otmex_release();
}

void otmex_begin(void)
{
    /* Something can still be held here only when a MATLAB allocation failed
     * and unwound the previous call. */
    otmex_release();
    mexAtExit(at_exit);
}

void otmex_hold_instance(otmec_instance *inst)
{
    otmec_instance_free(held_instance);
    held_instance = inst;
}

void otmex_hold_solution(otmec_solution *sol)
{
    otmec_solution_free(held_solution);
    held_solution = sol;
}

void otmex_fail(const char *id, const char *fmt, ...)
{
    char text[OTMEC_MESSAGE_LEN + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    otmex_release();
    mexErrMsgIdAndTxt(id, "%s", text);
    /* Not reached; says so to compilers that do not know the above. */
    for (;;) {
    }
}

void otmex_fail_library(otmec_error err, const char *msg)
{
    const char *id = OTMEX_ID_INTERNAL;
    switch (err) {
    case OTMEC_ERR_INVALID_ARGUMENT:
        id = OTMEX_ID_ARGUMENT;
        break;
    case OTMEC_ERR_INVALID_INPUT:
    case OTMEC_ERR_PARSE:
        id = OTMEX_ID_INPUT;
        break;
    case OTMEC_ERR_IO:
        id = OTMEX_ID_IO;
        break;
    case OTMEC_ERR_NO_MEMORY:
        id = OTMEX_ID_MEMORY;
        break;
    case OTMEC_ERR_BACKEND_UNAVAILABLE:
        id = OTMEX_ID_BACKEND;
        break;
    case OTMEC_OK:
    case OTMEC_ERR_INTERNAL:
        break;
    }
    otmex_fail(id, "%s", msg && msg[0] ? msg : otmec_strerror(err));
}
