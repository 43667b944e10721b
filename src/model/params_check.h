/* Range checks of the system parameters, shared by instances and scenarios. */
#ifndef OTMEC_PARAMS_CHECK_H
#define OTMEC_PARAMS_CHECK_H

#include "otmec.h"

/* Checks every range of docs/formats.md. Messages name the key as `prefix` + the
 * JSON key ("params.B_Hz" for an instance, "B_Hz" for a flat scenario). */
otmec_error otm_params_check(const otmec_params *p, const char *prefix, char *msg, size_t msg_len);

/* Noise power spectral density: dBm/Hz to W/Hz. */
double otm_dbm_to_watt(double dBm);

#endif
