#include "io/json_util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/numfmt.h"
#include "internal.h"

otmec_error otm_read_file(const char *path, char **text, char *msg, size_t msg_len)
{
    *text = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        otm_set_message(msg, msg_len, "%s: cannot open: %s", path, strerror(errno));
        return OTMEC_ERR_IO;
    }
    otmec_error err = otm_read_stream(f, path, text, msg, msg_len);
    fclose(f);
    return err;
}

otmec_error otm_read_stream(FILE *f, const char *path, char **text, char *msg, size_t msg_len)
{
    *text = NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - 1 - len, f);
        if (len < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f), read_errno = errno;
    if (buf == NULL) {
        otm_set_message(msg, msg_len, "%s: out of memory reading the file", path);
        return OTMEC_ERR_NO_MEMORY;
    }
    if (failed) {
        free(buf);
        otm_set_message(msg, msg_len, "%s: cannot read: %s", path, strerror(read_errno));
        return OTMEC_ERR_IO;
    }
    buf[len] = '\0';
    /* The parser stops at a NUL byte; the rest must not be silently dropped. */
    if (strlen(buf) != len) {
        free(buf);
        otm_set_message(msg, msg_len, "%s: not valid JSON (contains a NUL byte)", path);
        return OTMEC_ERR_PARSE;
    }
    *text = buf;
    return OTMEC_OK;
}

otmec_error otm_read_and_parse(const char *path, otm_text_parser parse, void *out, char *msg, size_t msg_len)
{
    char *text = NULL;
    otmec_error err = otm_read_file(path, &text, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    char inner[OTMEC_MESSAGE_LEN] = "";
    err = parse(text, out, inner, sizeof inner);
    free(text);
    if (err != OTMEC_OK)
        otm_set_message(msg, msg_len, "%s: %s", path, inner);
    return err;
}

otmec_error otm_json_parse(const char *text, cJSON **root, char *msg, size_t msg_len)
{
    const char *end = NULL;
    *root = cJSON_ParseWithOpts(text, &end, 1);
    if (*root == NULL) {
        if (end == NULL || end < text)
            end = text;
        int line = 1, col = 1;
        for (const char *c = text; c < end && *c; ++c) {
            if (*c == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        /* A short, printable excerpt of what the parser choked on. */
        char near[24];
        size_t k = 0;
        for (const char *c = end; *c && *c != '\n' && k < sizeof near - 1; ++c)
            near[k++] = (*c >= 32 && *c < 127) ? *c : '?';
        near[k] = '\0';
        if (k == 0)
            otm_set_message(msg, msg_len, "not valid JSON near line %d, column %d (unexpected end of input)", line,
                            col);
        else
            otm_set_message(msg, msg_len, "not valid JSON near line %d, column %d: '%s'", line, col, near);
        return OTMEC_ERR_PARSE;
    }
    if (!cJSON_IsObject(*root)) {
        otm_set_message(msg, msg_len, "not of the expected format: top level is %s, expected an object",
                        otm_json_type_name(*root));
        cJSON_Delete(*root);
        *root = NULL;
        return OTMEC_ERR_PARSE;
    }
    return OTMEC_OK;
}

const char *otm_json_type_name(const cJSON *item)
{
    if (item == NULL)
        return "nothing";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    return "an unknown value";
}

/* The start of a string from the file, fit to quote in a message: at most
 * len - 1 bytes, control characters shown as '?'. */
static const char *excerpt(char *buf, size_t len, const char *s)
{
    size_t k = 0;
    for (; s[k] != '\0' && k + 1 < len; ++k)
        buf[k] = ((unsigned char)s[k] < 32 || s[k] == 127) ? '?' : s[k];
    buf[k] = '\0';
    return buf;
}

otmec_error otm_json_check_format(const cJSON *root, const char *expected, int required, char *msg,
                                  size_t msg_len)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (f == NULL) {
        if (!required)
            return OTMEC_OK;
        otm_set_message(msg, msg_len, "format: missing (expected \"%s\")", expected);
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!cJSON_IsString(f)) {
        otm_set_message(msg, msg_len, "format: expected the string \"%s\", got %s", expected,
                        otm_json_type_name(f));
        return OTMEC_ERR_PARSE;
    }
    if (strcmp(f->valuestring, expected) != 0) {
        char got[65];
        otm_set_message(msg, msg_len, "format: expected \"%s\", got \"%s\"", expected,
                        excerpt(got, sizeof got, f->valuestring));
        return OTMEC_ERR_PARSE;
    }
    return OTMEC_OK;
}

/* "expected a number, got a string ("NaN")": the string helps spot NaN/Inf. */
static otmec_error wrong_type(const cJSON *item, const char *prefix, const char *key, const char *index,
                              const char *expected, char *msg, size_t msg_len)
{
    char got[33];
    if (cJSON_IsString(item))
        otm_set_message(msg, msg_len, "%s%s%s: expected %s, got a string (\"%s\")", prefix, key, index,
                        expected, excerpt(got, sizeof got, item->valuestring));
    else
        otm_set_message(msg, msg_len, "%s%s%s: expected %s, got %s", prefix, key, index, expected,
                        otm_json_type_name(item));
    return OTMEC_ERR_INVALID_INPUT;
}

/* The parser turns 1e999 into inf; JSON itself has no non-finite numbers. */
static otmec_error not_finite(double x, const char *prefix, const char *key, const char *index, char *msg,
                              size_t msg_len)
{
    otm_set_message(msg, msg_len, "%s%s%s: must be a finite number (got %s, out of the double range)", prefix,
                    key, index, x > 0 ? "+inf" : x < 0 ? "-inf" : "nan");
    return OTMEC_ERR_INVALID_INPUT;
}

otmec_error otm_json_number(const cJSON *obj, const char *prefix, const char *key, int required, int null_ok,
                            double *out, int *was_null, char *msg, size_t msg_len)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (was_null != NULL)
        *was_null = 0;
    if (item == NULL) {
        if (!required)
            return OTMEC_OK;
        otm_set_message(msg, msg_len, "%s%s: missing", prefix, key);
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (null_ok && cJSON_IsNull(item)) {
        if (was_null != NULL)
            *was_null = 1;
        return OTMEC_OK;
    }
    if (!cJSON_IsNumber(item))
        return wrong_type(item, prefix, key, "", null_ok ? "a number or null" : "a number", msg, msg_len);
    if (!isfinite(item->valuedouble))
        return not_finite(item->valuedouble, prefix, key, "", msg, msg_len);
    *out = item->valuedouble;
    return OTMEC_OK;
}

otmec_error otm_json_number_array(const cJSON *obj, const char *prefix, const char *key, double **out,
                                  size_t *len, char *msg, size_t msg_len)
{
    *out = NULL;
    *len = 0;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (arr == NULL) {
        otm_set_message(msg, msg_len, "%s%s: missing", prefix, key);
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (!cJSON_IsArray(arr))
        return wrong_type(arr, prefix, key, "", "an array of numbers", msg, msg_len);
    size_t n = 0;
    for (const cJSON *e = arr->child; e != NULL; e = e->next)
        ++n;
    if (n == 0)
        return OTMEC_OK;
    double *x = malloc(n * sizeof *x);
    if (x == NULL) {
        otm_set_message(msg, msg_len, "%s%s: out of memory for %zu values", prefix, key, n);
        return OTMEC_ERR_NO_MEMORY;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e != NULL; e = e->next, ++i) {
        char index[32];
        snprintf(index, sizeof index, "[%zu]", i);
        otmec_error err = OTMEC_OK;
        if (!cJSON_IsNumber(e))
            err = wrong_type(e, prefix, key, index, "a number", msg, msg_len);
        else if (!isfinite(e->valuedouble))
            err = not_finite(e->valuedouble, prefix, key, index, msg, msg_len);
        if (err != OTMEC_OK) {
            free(x);
            return err;
        }
        x[i] = e->valuedouble;
    }
    *out = x;
    *len = n;
    return OTMEC_OK;
}

cJSON *otm_json_number_item(double x)
{
    if (!isfinite(x))
        return cJSON_CreateNull();
    char buf[OTM_NUMFMT_LEN];
    return cJSON_CreateRaw(otm_format_double(buf, x));
}

cJSON *otm_json_number_array_item(const double *x, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    if (arr == NULL)
        return NULL;
    for (size_t i = 0; i < n; ++i) {
        cJSON *item = otm_json_number_item(x[i]);
        if (item == NULL || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

int otm_json_add(cJSON *obj, const char *key, cJSON *item)
{
    if (obj == NULL || item == NULL || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

otmec_error otm_json_finish(cJSON *root, int ok, char **out)
{
    char *text = (ok && root != NULL) ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL)
        return OTMEC_ERR_NO_MEMORY;
    *out = text;
    return OTMEC_OK;
}
