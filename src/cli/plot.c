#define _POSIX_C_SOURCE 200809L /* fork, execv, open_memstream, waitpid */
/* Figures through gnuplot. otmec writes a self-contained gnuplot script (the
 * numbers inline as datablocks, no paths but the PNG it draws) and runs it
 * inside the output directory, so that 'cd DIR && gnuplot SCRIPT' redraws
 * the figure anywhere. Without gnuplot the script is still written. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/mc.h"
#include "cli/plot.h"

/* gnuplot's path: $OTMEC_GNUPLOT when set, else 'gnuplot' on PATH. 0 when
 * none is found. */
static int plot_find_gnuplot(char *path, size_t len)
{
    const char *env = getenv("OTMEC_GNUPLOT");
    if (env != NULL) {
        if (env[0] == '\0' || (strchr(env, '/') != NULL && access(env, X_OK) != 0))
            return 0;
        if (strchr(env, '/') != NULL) {
            snprintf(path, len, "%s", env);
            return 1;
        }
    }
    const char *name = env != NULL ? env : "gnuplot";
    const char *dirs = getenv("PATH");
    if (dirs == NULL)
        dirs = "/usr/local/bin:/usr/bin:/bin";
    for (const char *d = dirs; *d != '\0';) {
        const char *end = strchr(d, ':');
        size_t n = end ? (size_t)(end - d) : strlen(d);
        if (n > 0 && (size_t)snprintf(path, len, "%.*s/%s", (int)n, d, name) < len && access(path, X_OK) == 0)
            return 1;
        d += n + (end != NULL);
    }
    return 0;
}

/* Runs gnuplot on SCRIPT inside DIR (output in DIR/SCRIPT.log). Returns 1 on
 * success, 0 when gnuplot is missing (reported), -1 when it failed
 * (reported). `what` names the figures for the messages. */
static int plot_run(const char *cmd, const char *dir, const char *script, const char *what)
{
    char gnuplot[4096];
    if (!plot_find_gnuplot(gnuplot, sizeof gnuplot)) {
        cli_error(cmd,
                  "gnuplot not found: %s not drawn (install Debian's gnuplot-nox, e.g. 'bash scripts/deps.sh'; "
                  "then: cd %s && gnuplot %s)",
                  what, dir, script);
        return 0;
    }
    char log[4200];
    snprintf(log, sizeof log, "%s.log", script);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        cli_error(cmd, "cannot start gnuplot: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        if (chdir(dir) != 0)
            _exit(126);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        char *args[] = { gnuplot, (char *)script, NULL };
        execv(gnuplot, args);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        cli_error(cmd, "gnuplot failed on %s/%s (exit %d): %s not drawn; see %s/%s", dir, script,
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, what, dir, log);
        return -1;
    }
    return 1;
}

unsigned plot_method_color(const char *label)
{
    static const struct {
        const char *label;
        unsigned rgb;
    } colors[] = {
        { "proposed", 0xC0392B },       { "joint", 0xC0392B },     { "proposed-joint", 0xE67E22 },
        { "proposed-paper", 0x8E44AD }, { "paper", 0x8E44AD },     { "equal", 0x2980B9 },
        { "fixed-phi", 0x16A085 },      { "no-secrecy", 0x7F8C8D }, { "energy-only", 0x27AE60 },
        { "delay-only", 0x2C3E50 },
    };
    for (size_t k = 0; k < sizeof colors / sizeof colors[0]; ++k)
        if (strcmp(label, colors[k].label) == 0)
            return colors[k].rgb;
    return 0x000000;
}

void plot_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, " %.10g", x);
    else
        fputs(" NaN", f);
}

void plot_preamble(FILE *f, int width, int height)
{
    fputs("# Written by otmec; redraw with: gnuplot THIS_FILE (inside its directory).\n"
          "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n", f);
    fprintf(f, "    set terminal pngcairo size %d,%d enhanced font \"sans,11\" linewidth 1.3\n", width, height);
    fputs("} else {\n", f);
    fprintf(f, "    set terminal png size %d,%d enhanced\n", width, height);
    fputs("}\n"
          "set encoding utf8\n"
          "set grid ytics lc rgb \"#d0d0d0\"\n"
          "set border 3\n"
          "set tics nomirror\n",
          f);
}

int plot_write_and_run(const char *cmd, const char *dir, const char *script, char *text, const char *what)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, script);
    int rc = mc_write_file(cmd, path, text, 0);
    if (rc != CLI_EXIT_OK)
        return rc;
    return plot_run(cmd, dir, script, what) < 0 ? CLI_EXIT_INTERNAL : CLI_EXIT_OK;
}

/* One panel of methods.gp: bars and 95% CI error bars of columns (y, half). */
static void methods_panel(FILE *f, const char *title, const char *ylabel, int col)
{
    fprintf(f, "set title \"%s\"\nset ylabel \"%s\"\n", title, ylabel);
    fprintf(f,
            "plot $data using 1:%d:(0.7):11:xtic(2) with boxes lc rgb variable notitle, \\\n"
            "     $data using 1:%d:%d with yerrorbars lc rgb \"black\" pt 7 ps 0.4 lw 1.5 notitle\n",
            col, col, col + 1);
}

int mc_plot_methods(const char *cmd, const mc_config *cfg, const mc_method_stats *stats)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        cli_error(cmd, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    int width = 3 * (180 + 50 * cfg->num_methods);
    plot_preamble(f, width < 1200 ? 1200 : width, 560);
    fputs("set output \"methods.png\"\n"
          "# index, method, then mean and 95% CI half-width of ratio, energy [J], delay [s]; rows with an\n"
          "# allocation; count; bar colour\n"
          "$data << EOD\n",
          f);
    for (int m = 0; m < cfg->num_methods; ++m) {
        const mc_method_stats *s = &stats[m];
        fprintf(f, "%d \"%s\"", m, cfg->methods[m]->label);
        plot_number(f, s->ratio.n ? s->ratio.mean : NAN);
        plot_number(f, mc_acc_half(&s->ratio));
        plot_number(f, s->energy.n ? s->energy.mean : NAN);
        plot_number(f, mc_acc_half(&s->energy));
        plot_number(f, s->time.n ? s->time.mean : NAN);
        plot_number(f, mc_acc_half(&s->time));
        fprintf(f, " %llu %llu %u\n", (unsigned long long)s->ratio.n, (unsigned long long)s->count,
                plot_method_color(cfg->methods[m]->label));
    }
    fputs("EOD\n"
          "set style fill solid 0.55 border -1\n"
          "set xtics rotate by -30 left\n"
          "set xrange [-0.6:*]\n"
          "set offsets 0, 0.6, 0, 0\n"
          "set yrange [0:*]\n"
          "set bmargin 6\n",
          f);
    fprintf(f,
            "set multiplot layout 1,3 title \"otmec mc: %zu owners, %llu realizations, seed %llu; bars: mean, "
            "error bars: 95%% CI\"\n",
            cfg->scenario.N, (unsigned long long)cfg->realizations, (unsigned long long)cfg->seed);
    methods_panel(f, "utility-consumption ratio", "U / S  (dimensionless)", 3);
    methods_panel(f, "total energy", "total energy  [J]", 5);
    methods_panel(f, "delay", "delay T  [s]", 7);
    fputs("unset multiplot\n", f);
    if (fclose(f) != 0 || text == NULL) {
        free(text);
        cli_error(cmd, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    char what[4200];
    snprintf(what, sizeof what, "%s/methods.png", cfg->dir);
    int rc = plot_write_and_run(cmd, cfg->dir, "methods.gp", text, what);
    free(text);
    return rc;
}
