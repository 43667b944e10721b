/* JSON helpers shared by the readers and writers: every failure message
 * names the key the way it is spelled in the file ("owners.h[2]"). */
#ifndef OTMEC_JSON_UTIL_H
#define OTMEC_JSON_UTIL_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>

#include "otmec.h"

/* Reads a whole file into a malloc'd, NUL-terminated string. */
otmec_error otm_read_file(const char *path, char **text, char *msg, size_t msg_len);

/* The same from an open stream (left open); `path` names it in messages. */
otmec_error otm_read_stream(FILE *f, const char *path, char **text, char *msg, size_t msg_len);

/* Reads path and hands its text to parse; a failure message is prefixed
 * with the path. */
typedef otmec_error (*otm_text_parser)(const char *text, void *out, char *msg, size_t msg_len);
otmec_error otm_read_and_parse(const char *path, otm_text_parser parse, void *out, char *msg, size_t msg_len);

/* Parses text: OTMEC_ERR_PARSE with "not valid JSON near line L, column C"
 * when it is not JSON, or not a JSON object at the top level. */
otmec_error otm_json_parse(const char *text, cJSON **root, char *msg, size_t msg_len);

/* Checks the "format" member. Missing: INVALID_INPUT when required, fine
 * otherwise; any other value: PARSE. */
otmec_error otm_json_check_format(const cJSON *root, const char *expected, int required, char *msg,
                                  size_t msg_len);

/* "a number", "a string", "null", ...: for "expected X, got Y" messages. */
const char *otm_json_type_name(const cJSON *item);

/* A member that must be a finite number. `prefix` + `key` names it.
 * A missing member is an error when `required`, and leaves *out untouched
 * otherwise. A null member is accepted only where `null_ok`; then *out is
 * left untouched and *was_null (if given) is set. */
otmec_error otm_json_number(const cJSON *obj, const char *prefix, const char *key, int required, int null_ok,
                            double *out, int *was_null, char *msg, size_t msg_len);

/* A member that must be an array of finite numbers; *out is malloc'd (NULL
 * for an empty array). */
otmec_error otm_json_number_array(const cJSON *obj, const char *prefix, const char *key, double **out,
                                  size_t *len, char *msg, size_t msg_len);

/* A number item printed exactly (shortest text that reads back to the same
 * double); null for a non-finite value, which JSON cannot hold. */
cJSON *otm_json_number_item(double x);
cJSON *otm_json_number_array_item(const double *x, size_t n);

/* Adds item to obj under key; 0 (and item freed) on failure. */
int otm_json_add(cJSON *obj, const char *key, cJSON *item);

/* Prints and frees root; OTMEC_ERR_NO_MEMORY if anything failed before. */
otmec_error otm_json_finish(cJSON *root, int ok, char **out);

#endif
