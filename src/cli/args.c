/* Option parsing and output helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int quiet = 0;

void cli_set_quiet(int on)
{
    quiet = on;
}

static void vreport(const char *cmd, const char *fmt, va_list ap)
{
    if (quiet)
        return;
    fprintf(stderr, "otmec%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_verror(const char *cmd, const char *fmt, va_list ap)
{
    vreport(cmd, fmt, ap);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    if (!quiet)
        fprintf(stderr, "Try 'otmec%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return CLI_EXIT_USAGE;
}

int cli_exit_for(otmec_error err)
{
    switch (err) {
    case OTMEC_OK:
        return CLI_EXIT_OK;
    case OTMEC_ERR_INVALID_ARGUMENT:
    case OTMEC_ERR_INVALID_INPUT:
    case OTMEC_ERR_PARSE:
    case OTMEC_ERR_IO:
    case OTMEC_ERR_BACKEND_UNAVAILABLE:
        return CLI_EXIT_USAGE;
    default:
        return CLI_EXIT_INTERNAL;
    }
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name, const char *short_name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) == 0 && arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (strcmp(arg, name) != 0 && (short_name == NULL || strcmp(arg, short_name) != 0))
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "option %s needs a value", arg);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_parse_u64(const char *cmd, const char *flag, const char *text, uint64_t *out)
{
    /* strtoull accepts signs and spaces; an identifier of a run must not. */
    const char *c = text;
    while (*c >= '0' && *c <= '9')
        ++c;
    errno = 0;
    unsigned long long v = (c != text && *c == '\0') ? strtoull(text, NULL, 10) : 0;
    if (c == text || *c != '\0' || errno == ERANGE) {
        cli_usage_error(cmd, "%s: expected a non-negative integer below 2^64, got '%s'", flag, text);
        return 0;
    }
    *out = (uint64_t)v;
    return 1;
}

int cli_parse_count(const char *cmd, const char *flag, const char *text, uint64_t min, uint64_t max,
                    uint64_t *out)
{
    uint64_t v;
    if (!cli_parse_u64(cmd, flag, text, &v))
        return 0;
    if (v < min || v > max) {
        cli_usage_error(cmd, "%s: must be from %llu to %llu, got %s", flag, (unsigned long long)min,
                        (unsigned long long)max, text);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_parse_algorithm(const char *cmd, const char *text, otmec_algorithm *out)
{
    if (strcmp(text, "paper") == 0)
        *out = OTMEC_ALGORITHM_PAPER;
    else if (strcmp(text, "joint") == 0)
        *out = OTMEC_ALGORITHM_JOINT;
    else {
        cli_usage_error(cmd, "--algorithm: expected 'paper' or 'joint', got '%s'", text);
        return 0;
    }
    return 1;
}

int cli_parse_backend(const char *cmd, const char *text, otmec_backend *out)
{
    if (strcmp(text, "cpu") == 0)
        *out = OTMEC_BACKEND_CPU;
    else if (strcmp(text, "cuda") == 0)
        *out = OTMEC_BACKEND_CUDA;
    else {
        cli_usage_error(cmd, "--backend: expected 'cpu' or 'cuda', got '%s'", text);
        return 0;
    }
    return 1;
}

int cli_parse_admission(const char *cmd, const char *text, otmec_admission *out)
{
    if (strcmp(text, "none") == 0)
        *out = OTMEC_ADMISSION_NONE;
    else if (strcmp(text, "greedy") == 0)
        *out = OTMEC_ADMISSION_GREEDY;
    else {
        cli_usage_error(cmd, "--admission: expected 'none' or 'greedy', got '%s'", text);
        return 0;
    }
    return 1;
}

int cli_parse_sp2(const char *cmd, const char *text, otmec_sp2_method *out)
{
    if (strcmp(text, "exact") == 0)
        *out = OTMEC_SP2_EXACT;
    else if (strcmp(text, "sca") == 0)
        *out = OTMEC_SP2_SCA;
    else {
        cli_usage_error(cmd, "--sp2: expected 'exact' or 'sca', got '%s'", text);
        return 0;
    }
    return 1;
}

const char *cli_sp2_name(otmec_sp2_method m)
{
    return m == OTMEC_SP2_SCA ? "sca" : "exact";
}

const char *cli_backend_name(otmec_backend b)
{
    return b == OTMEC_BACKEND_CUDA ? "cuda" : "cpu";
}

const char *cli_admission_name(otmec_admission a)
{
    return a == OTMEC_ADMISSION_GREEDY ? "greedy" : "none";
}

void cli_backend_message(char *buf, size_t len, otmec_backend backend, const char *msg)
{
    char flag[32];
    snprintf(flag, sizeof flag, "--backend %s", cli_backend_name(backend));
    snprintf(buf, len, "%s: not available%s%s", flag, msg[0] ? ": " : "", msg);
}

int cli_write_text(const char *cmd, const char *path, const char *text)
{
    int to_stdout = path == NULL || strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (f == NULL) {
        cli_error(cmd, "-o %s: cannot create the file: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = (to_stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
    if (!ok) {
        cli_error(cmd, "%s: write failed: %s", to_stdout ? "standard output" : path, strerror(errno));
        return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_OK;
}

int cli_load_scenario(const char *cmd, const char *path, otmec_scenario *out)
{
    otmec_scenario_default(out);
    if (path == NULL)
        return CLI_EXIT_OK;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_scenario_read_json(path, out, msg, sizeof msg);
    if (err != OTMEC_OK) {
        cli_error(cmd, "--scenario %s", msg);
        return cli_exit_for(err);
    }
    return CLI_EXIT_OK;
}
