/* The methods the CLI can run: the proposed method in its three variants
 * and the library's baselines (otmec_method_name), each under one label. The label
 * is what the CSV's `method` column, summary.json and the figures show. */
#ifndef OTMEC_CLI_METHODS_H
#define OTMEC_CLI_METHODS_H

#include <stdio.h>

#include "otmec.h"

typedef struct cli_method {
    const char *label;
    otmec_method method;
    int algorithm;   /* an otmec_algorithm, or -1: --algorithm decides (default joint) */
    int refine;      /* 0 or 1, or -1: --no-refine decides (default on) */
    const char *description;
} cli_method;

/* Every label 'all' expands to, in that order: three proposed variants,
 * then the baselines. */
#define CLI_NUM_ALL_METHODS (3 + OTMEC_METHOD_COUNT - 1)

/* The label's entry, or NULL. The legacy labels 'paper' and 'joint' (what
 * mc --algorithm writes) are found only when `legacy` is set. */
const cli_method *cli_method_find(const char *label, int legacy);

/* Entry k (0 <= k < CLI_NUM_ALL_METHODS) of 'all'. */
const cli_method *cli_method_all(int k);

/* The legacy method for --algorithm paper|joint. */
const cli_method *cli_method_for_algorithm(otmec_algorithm a);

/* Settings for running m: method, algorithm and refinement on top of base
 * (whose algorithm and refine say what --algorithm and --no-refine asked). */
otmec_settings cli_method_settings(const cli_method *m, const otmec_settings *base);

/* A list of labels (comma separated, or 'all') into out[0..*count). Reports
 * usage errors naming flag; returns 1 on success. */
int cli_parse_method_list(const char *cmd, const char *flag, const char *text, const cli_method **out, int max,
                          int *count);

/* "proposed-paper, proposed-joint, ..." for messages. */
const char *cli_method_labels(void);

/* One line per label: the label, its description, and "(CPU only)" where
 * the CUDA backend does not run it; each line indented by `indent`. */
void cli_methods_help(FILE *out, int indent);

#endif
