/* The otmec command-line tool: shared pieces of the subcommands. */
#ifndef OTMEC_CLI_H
#define OTMEC_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "otmec.h"

/* Exit status: 0 written, 2 bad input or usage, 1 internal error. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_INTERNAL = 1, CLI_EXIT_USAGE = 2 };

int cmd_solve(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_mc(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_debug_sp2(int argc, char **argv); /* cmd_debug.c: one SP2 and its solution, for validation */
int cmd_merge(int argc, char **argv);     /* cmd_merge.c: the shards of mc --shard into one run */

void help_solve(void);
void help_generate(void);
void help_mc(void);
void help_sweep(void);
void help_debug_sp2(void);
void help_merge(void);

/* "otmec CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* cli_error with the arguments in a va_list. */
void cli_verror(const char *cmd, const char *fmt, va_list ap);

/* Messages off (on every MPI rank but rank 0, which speaks for the run). */
void cli_set_quiet(int on);

/* A usage error: the message, a pointer to --help, and CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Exit status for a library error: bad input (2) or internal (1). */
int cli_exit_for(otmec_error err);

int cli_is_help(const char *arg);

/* Matches argv[*i] against an option taking a value, given as "--name VALUE",
 * "--name=VALUE" or, when short_name is not NULL, "-o VALUE". Returns 1 and
 * sets *value (advancing *i past a separate value) on a match, 0 when
 * argv[*i] is another option, -1 after reporting a missing value. */
int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name, const char *short_name,
               const char **value);

/* Strict decimal parsers; they report errors naming the flag. */
int cli_parse_u64(const char *cmd, const char *flag, const char *text, uint64_t *out);
int cli_parse_count(const char *cmd, const char *flag, const char *text, uint64_t min, uint64_t max,
                    uint64_t *out);
int cli_parse_algorithm(const char *cmd, const char *text, otmec_algorithm *out);
int cli_parse_backend(const char *cmd, const char *text, otmec_backend *out);
int cli_parse_admission(const char *cmd, const char *text, otmec_admission *out);
int cli_parse_sp2(const char *cmd, const char *text, otmec_sp2_method *out);
const char *cli_sp2_name(otmec_sp2_method m);
const char *cli_backend_name(otmec_backend b);
const char *cli_admission_name(otmec_admission a);

/* The message for OTMEC_ERR_BACKEND_UNAVAILABLE, naming the flag once. */
void cli_backend_message(char *buf, size_t len, otmec_backend backend, const char *msg);

/* Writes text and a final newline to path, or to stdout when path is NULL
 * or "-". Returns an exit status and reports failures naming the file. */
int cli_write_text(const char *cmd, const char *path, const char *text);

/* Loads the scenario file, or the built-in default when path is NULL. */
int cli_load_scenario(const char *cmd, const char *path, otmec_scenario *out);

#endif
