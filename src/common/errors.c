/* Names and messages: the only strings the library hands back to callers. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

const char *otmec_strerror(otmec_error err)
{
    switch (err) {
    case OTMEC_OK: return "success";
    case OTMEC_ERR_INVALID_ARGUMENT: return "invalid argument";
    case OTMEC_ERR_INVALID_INPUT: return "invalid input";
    case OTMEC_ERR_PARSE: return "parse error";
    case OTMEC_ERR_IO: return "input/output error";
    case OTMEC_ERR_NO_MEMORY: return "out of memory";
    case OTMEC_ERR_BACKEND_UNAVAILABLE: return "backend unavailable";
    case OTMEC_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

const char *otmec_version(void)
{
    return OTMEC_VERSION_STRING;
}

const char *otmec_status_name(otmec_status s)
{
    switch (s) {
    case OTMEC_STATUS_OPTIMAL: return "OPTIMAL";
    case OTMEC_STATUS_MAX_ITER: return "MAX_ITER";
    case OTMEC_STATUS_INFEASIBLE: return "INFEASIBLE";
    case OTMEC_STATUS_NUMERICAL_ERROR: return "NUMERICAL_ERROR";
    }
    return "UNKNOWN";
}

const char *otmec_owner_status_name(otmec_owner_status s)
{
    switch (s) {
    case OTMEC_OWNER_ACTIVE: return "ACTIVE";
    case OTMEC_OWNER_OUTAGE: return "OUTAGE";
    case OTMEC_OWNER_DROPPED: return "DROPPED";
    }
    return "UNKNOWN";
}

const char *otmec_algorithm_name(otmec_algorithm a)
{
    switch (a) {
    case OTMEC_ALGORITHM_PAPER: return "paper";
    case OTMEC_ALGORITHM_JOINT: return "joint";
    }
    return "unknown";
}

void otm_set_message(char *msg, size_t msg_len, const char *fmt, ...)
{
    if (msg == NULL || msg_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msg_len, fmt, ap);
    va_end(ap);
}
