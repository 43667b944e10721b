/* The method labels of --method (solve) and --compare (mc, sweep). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/methods.h"

/* The proposed method's three variants are the CLI's own; the baselines and
 * their descriptions come from the library's method table. */
static const cli_method proposed_variants[3] = {
    { "proposed-paper", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_PAPER, 0,
      "Dinkelbach + AO with SP1 over (phi, y) at fixed T (the published algorithm)" },
    { "proposed-joint", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_JOINT, 0,
      "Dinkelbach + AO with SP1 over (phi, y, T), no refinement" },
    { "proposed", OTMEC_METHOD_PROPOSED, -1, -1, "joint AO, then the KKT refinement of P0 (otmec's default)" },
};

static cli_method all_methods[CLI_NUM_ALL_METHODS];

/* Fills all_methods on first use (the library's names are not constants). */
static const cli_method *methods(void)
{
    static int filled = 0;
    if (!filled) {
        int k = 0;
        for (int v = 0; v < 3; ++v)
            all_methods[k++] = proposed_variants[v];
        for (int m = OTMEC_METHOD_PROPOSED + 1; m < OTMEC_METHOD_COUNT; ++m) {
            cli_method row = { otmec_method_name((otmec_method)m), (otmec_method)m, -1, -1,
                               otmec_method_description((otmec_method)m) };
            all_methods[k++] = row;
        }
        filled = 1;
    }
    return all_methods;
}

static const cli_method legacy_methods[2] = {
    { "paper", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_PAPER, 0, "mc --algorithm paper" },
    { "joint", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_JOINT, -1, "mc --algorithm joint" },
};

const cli_method *cli_method_find(const char *label, int legacy)
{
    const cli_method *all = methods();
    for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k)
        if (strcmp(label, all[k].label) == 0)
            return &all[k];
    for (int k = 0; legacy && k < 2; ++k)
        if (strcmp(label, legacy_methods[k].label) == 0)
            return &legacy_methods[k];
    return NULL;
}

const cli_method *cli_method_all(int k)
{
    return k >= 0 && k < CLI_NUM_ALL_METHODS ? &methods()[k] : NULL;
}

const cli_method *cli_method_for_algorithm(otmec_algorithm a)
{
    return &legacy_methods[a == OTMEC_ALGORITHM_PAPER ? 0 : 1];
}

otmec_settings cli_method_settings(const cli_method *m, const otmec_settings *base)
{
    otmec_settings s = *base;
    s.method = m->method;
    if (m->algorithm >= 0)
        s.algorithm = (otmec_algorithm)m->algorithm;
    if (m->refine >= 0)
        s.refine = m->refine;
    return s;
}

const char *cli_method_labels(void)
{
    static char labels[256];
    if (labels[0] == '\0')
        for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k) {
            strncat(labels, k ? ", " : "", sizeof labels - strlen(labels) - 1);
            strncat(labels, methods()[k].label, sizeof labels - strlen(labels) - 1);
        }
    return labels;
}

/* text word-wrapped to `width` columns, continuation lines indented by
 * `indent` (the first line's start is already written). */
static void print_wrapped(FILE *out, const char *text, int indent, int width)
{
    int col = 0;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (col > 0 && col + 1 + (int)word > width) {
            fprintf(out, "\n%*s", indent, "");
            col = 0;
        } else if (col > 0) {
            fputc(' ', out);
            col += 1;
        }
        fprintf(out, "%.*s", (int)word, text);
        col += (int)word;
        text += word;
        text += strspn(text, " ");
    }
    fputc('\n', out);
}

void cli_methods_help(FILE *out, int indent)
{
    char text[256];
    for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k) {
        const cli_method *m = &methods()[k];
        snprintf(text, sizeof text, "%s%s", m->description,
                 otmec_method_runs_on(m->method, OTMEC_BACKEND_CUDA) ? "" : " (CPU only)");
        fprintf(out, "%*s%-15s ", indent, "", m->label);
        print_wrapped(out, text, indent + 16, 80 - indent - 16);
    }
}

int cli_parse_method_list(const char *cmd, const char *flag, const char *text, const cli_method **out, int max,
                          int *count)
{
    char buf[256];
    if (strlen(text) >= sizeof buf || text[0] == '\0') {
        cli_usage_error(cmd, "%s: expected 'all' or a comma-separated list of %s", flag, cli_method_labels());
        return 0;
    }
    snprintf(buf, sizeof buf, "%s", text);
    *count = 0;
    for (char *tok = buf, *comma; tok != NULL; tok = comma ? comma + 1 : NULL) {
        comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        const cli_method *list[CLI_NUM_ALL_METHODS];
        int n = 0;
        if (strcmp(tok, "all") == 0) {
            for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k)
                list[n++] = &methods()[k];
        } else if ((list[0] = cli_method_find(tok, 0)) != NULL) {
            n = 1;
        } else {
            cli_usage_error(cmd, "%s: unknown method '%s' (methods: %s; or all)", flag, tok, cli_method_labels());
            return 0;
        }
        for (int k = 0; k < n; ++k) {
            for (int j = 0; j < *count; ++j)
                if (out[j] == list[k]) {
                    cli_usage_error(cmd, "%s: '%s' listed twice", flag, list[k]->label);
                    return 0;
                }
            if (*count >= max) {
                cli_usage_error(cmd, "%s: at most %d methods", flag, max);
                return 0;
            }
            out[(*count)++] = list[k];
        }
    }
    return 1;
}
