#define _POSIX_C_SOURCE 200809L /* truncate */
/* realizations.csv: written row by row as realizations complete, and read
 * back by --resume. Numbers use %.17g so that a re-read value is bit-exact;
 * columns after sca_iter extend the documented set (appended, never moved). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/mc.h"

#define CMD "mc"
#define MC_CSV_FIELDS 18

const char MC_CSV_HEADER[] = "realization,method,status,n_active,n_outage,ratio,utility,consumption,energy_J,"
                             "time_s,kkt_residual,dinkelbach_iter,ao_iter,sca_iter,n_dropped,ipm_iter,refine_iter,"
                             "n_leaking";

int mc_rows_push(mc_rows *rows, const mc_row *row)
{
    if (rows->count == rows->cap) {
        size_t cap = rows->cap ? 2 * rows->cap : 256;
        mc_row *bigger = realloc(rows->rows, cap * sizeof *bigger);
        if (bigger == NULL)
            return 0;
        rows->rows = bigger;
        rows->cap = cap;
    }
    rows->rows[rows->count++] = *row;
    return 1;
}

void mc_rows_free(mc_rows *rows)
{
    free(rows->rows);
    rows->rows = NULL;
    rows->count = rows->cap = 0;
}

void mc_csv_format(const mc_config *cfg, const mc_row *row, char *buf, size_t len)
{
    char values[256] = ",,,,,,"; /* no allocation: empty fields */
    if (row->has_allocation)
        snprintf(values, sizeof values, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", row->ev.ratio, row->ev.utility,
                 row->ev.consumption, row->ev.energy_J, row->ev.time_s, row->kkt_residual);
    snprintf(buf, len, "%" PRIu64 ",%s,%s,%" PRIu64 ",%" PRIu64 ",%s%d,%d,%d,%" PRIu64 ",%d,%d,%" PRIu64 "\n",
             row->realization, cfg->methods[row->method]->label, otmec_status_name(row->status), row->n_active,
             row->n_outage, values, row->it.dinkelbach, row->it.ao, row->it.sca, row->n_dropped, row->it.ipm,
             row->it.refine, row->n_leaking);
}

/* ---- reading ---- */

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return 0;
    *out = (uint64_t)v;
    return 1;
}

static int parse_int(const char *s, int *out)
{
    uint64_t v;
    if (!parse_u64(s, &v) || v > INT32_MAX)
        return 0;
    *out = (int)v;
    return 1;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s != '\0' && *end == '\0';
}

static int parse_status(const char *s, otmec_status *out)
{
    for (int k = OTMEC_STATUS_OPTIMAL; k <= OTMEC_STATUS_NUMERICAL_ERROR; ++k)
        if (strcmp(s, otmec_status_name((otmec_status)k)) == 0) {
            *out = (otmec_status)k;
            return 1;
        }
    return 0;
}

static int parse_method(const mc_config *cfg, const char *s, int *out)
{
    for (int m = 0; m < cfg->num_methods; ++m)
        if (strcmp(s, cfg->methods[m]->label) == 0) {
            *out = m;
            return 1;
        }
    return 0;
}

/* Parses one line (no newline) in place; 0 when it is not a row of this run. */
static int parse_row(const mc_config *cfg, char *line, mc_row *row)
{
    char *f[MC_CSV_FIELDS];
    int n = 0;
    for (char *c = line; n < MC_CSV_FIELDS; ++c) {
        f[n++] = c;
        c = strchr(c, ',');
        if (c == NULL)
            break;
        *c = '\0';
    }
    if (n != MC_CSV_FIELDS || strchr(f[MC_CSV_FIELDS - 1], ',') != NULL)
        return 0;
    memset(row, 0, sizeof *row);
    int ok = parse_u64(f[0], &row->realization) && parse_method(cfg, f[1], &row->method) &&
             parse_status(f[2], &row->status) && parse_u64(f[3], &row->n_active) && parse_u64(f[4], &row->n_outage);
    row->has_allocation = f[5][0] != '\0';
    double *values[6] = { &row->ev.ratio,  &row->ev.utility, &row->ev.consumption,
                          &row->ev.energy_J, &row->ev.time_s, &row->kkt_residual };
    for (int k = 0; ok && k < 6; ++k)
        ok = row->has_allocation ? parse_double(f[5 + k], values[k]) : f[5 + k][0] == '\0';
    return ok && parse_int(f[11], &row->it.dinkelbach) && parse_int(f[12], &row->it.ao) &&
           parse_int(f[13], &row->it.sca) && parse_u64(f[14], &row->n_dropped) && parse_int(f[15], &row->it.ipm) &&
           parse_int(f[16], &row->it.refine) && parse_u64(f[17], &row->n_leaking);
}

static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    *len = 0;
    while (buf != NULL) {
        *len += fread(buf + *len, 1, cap - 1 - *len, f);
        if (*len < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (buf != NULL)
        buf[*len] = '\0';
    return buf;
}

/* Reads the complete rows; *keep is the length of the file's good prefix,
 * *len the file's. */
static int read_rows(const char *cmd, const mc_config *cfg, const char *path, mc_rows *done, size_t *keep,
                     size_t *file_len)
{
    FILE *f = fopen(path, "rb");
    *keep = *file_len = 0;
    if (f == NULL) {
        cli_error(cmd, "%s: cannot open: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    size_t len;
    char *text = slurp(f, &len);
    fclose(f);
    *file_len = len;
    if (text == NULL) {
        cli_error(cmd, "%s: out of memory reading the file", path);
        return CLI_EXIT_INTERNAL;
    }
    int rc = CLI_EXIT_OK;
    size_t pos = 0, line_no = 0;
    while (pos < len) {
        char *nl = memchr(text + pos, '\n', len - pos);
        if (nl == NULL)
            break; /* an interrupted write: dropped and redone */
        *nl = '\0';
        char *line = text + pos;
        ++line_no;
        if (line_no == 1) {
            if (strcmp(line, MC_CSV_HEADER) != 0) {
                size_t hl = strlen(line);
                if (hl > 0 && strncmp(line, MC_CSV_HEADER, hl) == 0 && MC_CSV_HEADER[hl] == ',')
                    cli_error(cmd, "%s: written by an earlier otmec with fewer columns; use a new -o DIR", path);
                else
                    cli_error(cmd, "%s: line 1 is not the header of an otmec mc run; use a new -o DIR", path);
                rc = CLI_EXIT_USAGE;
                break;
            }
        } else {
            mc_row row;
            if (!parse_row(cfg, line, &row)) {
                cli_error(cmd, "%s: line %zu is not a complete row of this run; repair or remove it", path, line_no);
                rc = CLI_EXIT_USAGE;
                break;
            }
            if (!mc_rows_push(done, &row)) {
                cli_error(cmd, "out of memory");
                rc = CLI_EXIT_INTERNAL;
                break;
            }
        }
        pos = (size_t)(nl - text) + 1;
        *keep = pos;
    }
    free(text);
    return rc;
}

int mc_csv_read(const char *cmd, const mc_config *cfg, const char *path, mc_rows *rows, int *complete)
{
    size_t keep, len;
    int rc = read_rows(cmd, cfg, path, rows, &keep, &len);
    *complete = rc == CLI_EXIT_OK && keep == len && len > 0;
    return rc;
}

int mc_csv_open(const mc_config *cfg, const char *path, int resume, mc_rows *done, FILE **out)
{
    *out = NULL;
    size_t keep = 0, len;
    if (resume) {
        int rc = read_rows(CMD, cfg, path, done, &keep, &len);
        if (rc != CLI_EXIT_OK)
            return rc;
        if (truncate(path, (off_t)keep) != 0) {
            cli_error(CMD, "%s: cannot cut off the incomplete last line: %s", path, strerror(errno));
            return CLI_EXIT_INTERNAL;
        }
    }
    FILE *f = fopen(path, keep > 0 ? "ab" : "wb");
    if (f == NULL) {
        cli_error(CMD, "%s: cannot open for writing: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    if (keep == 0 && (fprintf(f, "%s\n", MC_CSV_HEADER) < 0 || fflush(f) != 0)) {
        cli_error(CMD, "%s: write failed: %s", path, strerror(errno));
        fclose(f);
        return CLI_EXIT_INTERNAL;
    }
    *out = f;
    return CLI_EXIT_OK;
}
