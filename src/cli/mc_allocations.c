/* DIR/allocations.h5 (otmec mc --save-allocations): per method a group
 * holding the per-owner allocation of every realization, [R, N], and the
 * per-realization values, [R] (docs/formats.md, "allocations.h5").
 *
 * Rows are buffered and written a chunk's worth at a time (or every two
 * seconds), then the file is flushed; mc_run writes the rows' CSV lines
 * only after that flush, so every row of realizations.csv is in the file
 * and --resume, which goes by the CSV, never leaves a hole. Datasets are
 * chunked along the realizations and compressed (shuffle + deflate), and
 * can grow when a resumed run asks for more realizations.
 *
 * A kill must not damage what the last flush wrote. A compressed chunk that
 * is written again (a partial chunk completed later) changes size and moves;
 * HDF5's default file space management then hands its old bytes to the next
 * allocation, which can overwrite them while the index on disk still points
 * there: measured, 14 of 60 runs killed at random moments could not be
 * resumed ("inflate() failed" reading such a chunk). So the file only ever
 * grows (H5F_FSPACE_STRATEGY_NONE), and the [R] columns are chunked by a
 * flush's rows (256) as the [R, N] datasets are, so that chunks are seldom
 * written twice and the file is no larger than before: 0 of 100 such runs
 * failed (and 0 of 20 with flushes of part of a chunk). */
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"

#define FORMAT "otmec-allocations-1"
#define FLUSH_SECONDS 2.0 /* at most this much solving lost to a kill */
#define NUM_COLUMNS 6
#define MAX_FLUSH_ROWS 256 /* rows of a chunk, and of a flush, at most */

static const char *const owner_names[MC_OWNER_ARRAYS] = { "phi", "b", "p", "f", "fL", "owner_status" };
static const char *const column_names[NUM_COLUMNS] = { "ratio",  "utility", "consumption",
                                                       "energy_J", "time_s", "kkt_residual" };

/* One method's group: its datasets and the rows waiting to be written. */
typedef struct method_file {
    hid_t group, owners[MC_OWNER_ARRAYS], status, columns[NUM_COLUMNS];
    size_t count;          /* buffered rows */
    uint64_t *realization; /* [cap] */
    double *owner_values;  /* [MC_OWNER_ARRAYS][cap * N] */
    signed char *status_values;    /* [cap] */
    double *column_values; /* [NUM_COLUMNS][cap] */
} method_file;

struct mc_alloc {
    hid_t file;
    int resumed; /* the file of a stopped run, continued */
    size_t N, cap; /* cap: rows per chunk, and of the buffer */
    int num_methods;
    method_file m[MC_MAX_METHODS];
    double last_flush;
    unsigned char *status_bytes; /* [cap * N]: owner statuses on their way to the file */
};

static void close_all(mc_alloc *a)
{
    for (int k = 0; k < a->num_methods; ++k) {
        method_file *m = &a->m[k];
        for (int j = 0; j < MC_OWNER_ARRAYS; ++j)
            if (m->owners[j] > 0)
                H5Dclose(m->owners[j]);
        for (int j = 0; j < NUM_COLUMNS; ++j)
            if (m->columns[j] > 0)
                H5Dclose(m->columns[j]);
        if (m->status > 0)
            H5Dclose(m->status);
        if (m->group > 0)
            H5Gclose(m->group);
        free(m->realization);
        free(m->owner_values);
        free(m->status_values);
        free(m->column_values);
    }
    if (a->file > 0)
        H5Fclose(a->file);
    free(a->status_bytes);
    free(a);
}

/* A chunked, compressed dataset of `rank` dimensions [R(, N)] that grows along
 * the realizations; unwritten entries hold `fill`. */
static hid_t create_dataset(hid_t group, const char *name, hid_t type, int rank, uint64_t R, size_t N, size_t cap,
                            const void *fill)
{
    hsize_t dims[2] = { R, N }, max[2] = { H5S_UNLIMITED, N }, chunk[2] = { cap, N };
    if (rank == 1)
        chunk[0] = MAX_FLUSH_ROWS; /* [R] columns: whole chunks a flush, as the [R, N] datasets */
    hid_t space = H5Screate_simple(rank, dims, max);
    hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
    hid_t set = H5I_INVALID_HID;
    if (space >= 0 && plist >= 0 && H5Pset_chunk(plist, rank, chunk) >= 0 && H5Pset_shuffle(plist) >= 0 &&
        H5Pset_deflate(plist, 4) >= 0 && H5Pset_fill_value(plist, type, fill) >= 0)
        set = H5Dcreate2(group, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
    if (plist >= 0)
        H5Pclose(plist);
    if (space >= 0)
        H5Sclose(space);
    return set;
}

/* An existing dataset, checked to be [.., N] and grown to R rows. */
static hid_t open_dataset(hid_t group, const char *name, int rank, uint64_t R, size_t N)
{
    hid_t set = H5Lexists(group, name, H5P_DEFAULT) > 0 ? H5Dopen2(group, name, H5P_DEFAULT) : H5I_INVALID_HID;
    hid_t space = set < 0 ? H5I_INVALID_HID : H5Dget_space(set);
    hsize_t dims[2] = { 0, 0 };
    int ok = space >= 0 && H5Sget_simple_extent_ndims(space) == rank &&
             H5Sget_simple_extent_dims(space, dims, NULL) == rank && (rank == 1 || dims[1] == N);
    if (space >= 0)
        H5Sclose(space);
    if (ok && dims[0] < R) {
        dims[0] = R;
        ok = H5Dset_extent(set, dims) >= 0;
    }
    if (!ok && set >= 0) {
        H5Dclose(set);
        set = H5I_INVALID_HID;
    }
    return set;
}

static int write_attributes(hid_t file, size_t N)
{
    hid_t str = H5Tcopy(H5T_C_S1);
    hid_t scalar = H5Screate(H5S_SCALAR);
    int ok = str >= 0 && scalar >= 0 && H5Tset_size(str, sizeof FORMAT - 1) >= 0;
    hid_t attr = ok ? H5Acreate2(file, "format", str, scalar, H5P_DEFAULT, H5P_DEFAULT) : H5I_INVALID_HID;
    ok = attr >= 0 && H5Awrite(attr, str, FORMAT) >= 0;
    if (attr >= 0)
        H5Aclose(attr);
    unsigned long long owners = N;
    attr = ok ? H5Acreate2(file, "owners", H5T_STD_U64LE, scalar, H5P_DEFAULT, H5P_DEFAULT) : H5I_INVALID_HID;
    ok = attr >= 0 && H5Awrite(attr, H5T_NATIVE_ULLONG, &owners) >= 0;
    if (attr >= 0)
        H5Aclose(attr);
    if (scalar >= 0)
        H5Sclose(scalar);
    if (str >= 0)
        H5Tclose(str);
    return ok;
}

/* The file's "owners" attribute is N: the file is this run's. */
static int check_attributes(hid_t file, size_t N)
{
    unsigned long long owners = 0;
    hid_t attr = H5Aexists(file, "owners") > 0 ? H5Aopen(file, "owners", H5P_DEFAULT) : H5I_INVALID_HID;
    int ok = attr >= 0 && H5Aread(attr, H5T_NATIVE_ULLONG, &owners) >= 0 && owners == N;
    if (attr >= 0)
        H5Aclose(attr);
    return ok;
}

static int open_method(mc_alloc *a, method_file *m, const char *label, int fresh, uint64_t R)
{
    const double zero = 0.0, nan = NAN;
    const unsigned char none = 0;
    const signed char unsolved = -1; /* a realization not written yet */
    m->group = fresh ? H5Gcreate2(a->file, label, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                     : H5Lexists(a->file, label, H5P_DEFAULT) > 0 ? H5Gopen2(a->file, label, H5P_DEFAULT)
                                                                   : H5I_INVALID_HID;
    if (m->group < 0)
        return 0;
    for (int j = 0; j < MC_OWNER_ARRAYS; ++j) {
        const int bytes = j == MC_OWNER_ARRAYS - 1;
        m->owners[j] = fresh ? create_dataset(m->group, owner_names[j], bytes ? H5T_NATIVE_UCHAR : H5T_NATIVE_DOUBLE,
                                              2, R, a->N, a->cap, bytes ? (const void *)&none : &zero)
                             : open_dataset(m->group, owner_names[j], 2, R, a->N);
        if (m->owners[j] < 0)
            return 0;
    }
    m->status = fresh ? create_dataset(m->group, "status", H5T_NATIVE_SCHAR, 1, R, 1, a->cap, &unsolved)
                      : open_dataset(m->group, "status", 1, R, 1);
    for (int j = 0; j < NUM_COLUMNS && m->status >= 0; ++j) {
        m->columns[j] = fresh ? create_dataset(m->group, column_names[j], H5T_NATIVE_DOUBLE, 1, R, 1, a->cap, &nan)
                              : open_dataset(m->group, column_names[j], 1, R, 1);
        if (m->columns[j] < 0)
            return 0;
    }
    m->realization = malloc(a->cap * sizeof *m->realization);
    m->owner_values = malloc(MC_OWNER_ARRAYS * a->cap * a->N * sizeof *m->owner_values);
    m->status_values = malloc(a->cap);
    m->column_values = malloc(NUM_COLUMNS * a->cap * sizeof *m->column_values);
    return m->status >= 0 && m->realization && m->owner_values && m->status_values && m->column_values;
}

/* A new file whose space only ever grows: freed space (a rewritten chunk's
 * old place) is never handed out again, so a kill between flushes leaves
 * every byte the last flush points at as it was (above). */
static hid_t create_file(const char *path)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t file = H5I_INVALID_HID;
    if (fcpl >= 0 && H5Pset_file_space_strategy(fcpl, H5F_FSPACE_STRATEGY_NONE, 0, 1) >= 0)
        file = H5Fcreate(path, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    return file;
}

int mc_alloc_open(const char *cmd, const mc_config *cfg, const char *path, int resume, mc_alloc **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors are reported here, naming the file */
    mc_alloc *a = calloc(1, sizeof *a);
    if (a == NULL)
        return cli_error(cmd, "out of memory"), CLI_EXIT_INTERNAL;
    a->N = cfg->scenario.N;
    /* chunks of at most 256 realizations and 512 KiB of doubles: compressed
     * well, written whole, and a killed run loses at most one */
    a->cap = a->N >= 65536 ? 1 : 65536 / a->N;
    a->cap = a->cap > MAX_FLUSH_ROWS ? MAX_FLUSH_ROWS : a->cap;
    a->status_bytes = malloc(a->cap * a->N);
    a->last_flush = mc_now();
    if (a->status_bytes == NULL) {
        close_all(a);
        return cli_error(cmd, "out of memory"), CLI_EXIT_INTERNAL;
    }
    a->file = resume ? H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT)
                     : create_file(path);
    if (a->file < 0) {
        close_all(a);
        if (resume)
            cli_error(cmd, "%s: cannot be opened to continue the run (missing, or damaged when the run was "
                           "stopped); the rows of realizations.csv stay valid: continue in a new -o DIR",
                      path);
        else
            cli_error(cmd, "%s: cannot be created", path);
        return CLI_EXIT_USAGE;
    }
    a->resumed = resume;
    int ok = resume ? check_attributes(a->file, a->N) : write_attributes(a->file, a->N);
    for (int k = 0; ok && k < cfg->num_methods; ++k) {
        a->num_methods = k + 1;
        ok = open_method(a, &a->m[k], cfg->methods[k]->label, !resume, cfg->realizations);
    }
    if (!ok) {
        close_all(a);
        cli_error(cmd, "%s: %s", path,
                  resume ? "not the allocations of this run (written for other owners or methods)"
                         : "cannot write the datasets");
        return resume ? CLI_EXIT_USAGE : CLI_EXIT_INTERNAL;
    }
    *out = a;
    return CLI_EXIT_OK;
}

int mc_alloc_add(mc_alloc *a, const mc_row *row, const double *owners, char *err, size_t err_len)
{
    method_file *m = &a->m[row->method];
    if (m->count == a->cap && !mc_alloc_flush(a, err, err_len))
        return 0;
    const size_t i = m->count++, N = a->N;
    m->realization[i] = row->realization;
    for (int j = 0; j < MC_OWNER_ARRAYS; ++j)
        memcpy(&m->owner_values[((size_t)j * a->cap + i) * N], &owners[(size_t)j * N], N * sizeof *owners);
    m->status_values[i] = (signed char)row->status;
    const double values[NUM_COLUMNS] = { row->ev.ratio,  row->ev.utility, row->ev.consumption,
                                         row->ev.energy_J, row->ev.time_s, row->kkt_residual };
    for (int j = 0; j < NUM_COLUMNS; ++j)
        m->column_values[(size_t)j * a->cap + i] = row->has_allocation ? values[j] : NAN;
    return 1;
}

int mc_alloc_due(const mc_alloc *a)
{
    for (int k = 0; k < a->num_methods; ++k)
        if (a->m[k].count == a->cap)
            return 1;
    return mc_now() - a->last_flush >= FLUSH_SECONDS;
}

/* Rows first .. first + len - 1 of a dataset [R(, N)] from memory. */
static int write_rows(hid_t set, hid_t type, int rank, uint64_t first, size_t len, size_t N, const void *data)
{
    hsize_t start[2] = { first, 0 }, count[2] = { len, N };
    hid_t file_space = H5Dget_space(set);
    hid_t mem_space = H5Screate_simple(rank, count, NULL);
    int ok = file_space >= 0 && mem_space >= 0 &&
             H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
             H5Dwrite(set, type, mem_space, file_space, H5P_DEFAULT, data) >= 0;
    if (mem_space >= 0)
        H5Sclose(mem_space);
    if (file_space >= 0)
        H5Sclose(file_space);
    return ok;
}

/* Buffered rows i .. i + len - 1 of m: consecutive realizations. */
static int write_run(mc_alloc *a, method_file *m, size_t i, size_t len)
{
    const size_t N = a->N;
    const uint64_t first = m->realization[i];
    int ok = 1;
    for (int j = 0; ok && j < MC_OWNER_ARRAYS - 1; ++j)
        ok = write_rows(m->owners[j], H5T_NATIVE_DOUBLE, 2, first, len, N,
                        &m->owner_values[((size_t)j * a->cap + i) * N]);
    const double *status = &m->owner_values[((size_t)(MC_OWNER_ARRAYS - 1) * a->cap + i) * N];
    for (size_t k = 0; k < len * N; ++k)
        a->status_bytes[k] = (unsigned char)status[k];
    ok = ok && write_rows(m->owners[MC_OWNER_ARRAYS - 1], H5T_NATIVE_UCHAR, 2, first, len, N, a->status_bytes);
    ok = ok && write_rows(m->status, H5T_NATIVE_SCHAR, 1, first, len, 1, &m->status_values[i]);
    for (int j = 0; ok && j < NUM_COLUMNS; ++j)
        ok = write_rows(m->columns[j], H5T_NATIVE_DOUBLE, 1, first, len, 1, &m->column_values[(size_t)j * a->cap + i]);
    return ok;
}

int mc_alloc_flush(mc_alloc *a, char *err, size_t err_len)
{
    int ok = 1;
    for (int k = 0; ok && k < a->num_methods; ++k) {
        method_file *m = &a->m[k];
        for (size_t i = 0, j; ok && i < m->count; i = j) {
            for (j = i + 1; j < m->count && m->realization[j] == m->realization[j - 1] + 1; ++j)
                ;
            ok = write_run(a, m, i, j - i);
        }
        m->count = 0;
    }
    ok = ok && H5Fflush(a->file, H5F_SCOPE_LOCAL) >= 0;
    a->last_flush = mc_now();
    if (!ok)
        snprintf(err, err_len, "writing allocations.h5 failed%s",
                 a->resumed ? " (the disk full, or the file damaged when the run was stopped: the rows of "
                              "realizations.csv stay valid; continue in a new -o DIR)"
                            : "");
    return ok;
}

int mc_alloc_close(mc_alloc *a, char *err, size_t err_len)
{
    if (a == NULL)
        return 1;
    int ok = mc_alloc_flush(a, err, err_len);
    close_all(a);
    return ok;
}

/* ---- otmec merge ---- */

/* Rows [lo, hi) of every dataset of group `label` from src into the same
 * rows of dst, a chunk's worth at a time in the datasets' own types. */
static int copy_rows(hid_t src, hid_t dst, const char *label, uint64_t lo, uint64_t hi, size_t N, size_t cap)
{
    const char *names[MC_OWNER_ARRAYS + 1 + NUM_COLUMNS];
    int count = 0;
    for (int j = 0; j < MC_OWNER_ARRAYS; ++j)
        names[count++] = owner_names[j];
    names[count++] = "status";
    for (int j = 0; j < NUM_COLUMNS; ++j)
        names[count++] = column_names[j];
    void *buf = malloc(cap * N * sizeof(double));
    int ok = buf != NULL;
    char name[512];
    for (int k = 0; ok && k < count; ++k) {
        snprintf(name, sizeof name, "%s/%s", label, names[k]);
        hid_t in = H5Dopen2(src, name, H5P_DEFAULT), out = H5Dopen2(dst, name, H5P_DEFAULT);
        hid_t type = in < 0 ? H5I_INVALID_HID : H5Dget_type(in);
        hid_t space = in < 0 ? H5I_INVALID_HID : H5Dget_space(in);
        const int rank = space < 0 ? 0 : H5Sget_simple_extent_ndims(space);
        ok = out >= 0 && type >= 0 && rank >= 1 && H5Tget_size(type) <= sizeof(double);
        for (uint64_t first = lo; ok && first < hi; first += cap) {
            hsize_t start[2] = { first, 0 }, len[2] = { hi - first < cap ? hi - first : cap, N };
            hid_t mem = H5Screate_simple(rank, len, NULL), in_space = H5Dget_space(in), out_space = H5Dget_space(out);
            ok = mem >= 0 && in_space >= 0 && out_space >= 0 &&
                 H5Sselect_hyperslab(in_space, H5S_SELECT_SET, start, NULL, len, NULL) >= 0 &&
                 H5Sselect_hyperslab(out_space, H5S_SELECT_SET, start, NULL, len, NULL) >= 0 &&
                 H5Dread(in, type, mem, in_space, H5P_DEFAULT, buf) >= 0 &&
                 H5Dwrite(out, type, mem, out_space, H5P_DEFAULT, buf) >= 0;
            H5Sclose(mem);
            H5Sclose(in_space);
            H5Sclose(out_space);
        }
        if (space >= 0)
            H5Sclose(space);
        if (type >= 0)
            H5Tclose(type);
        if (in >= 0)
            H5Dclose(in);
        if (out >= 0)
            H5Dclose(out);
    }
    free(buf);
    return ok;
}

int mc_alloc_merge(const char *cmd, const mc_config *merged, const mc_config *shards, const char *const *dirs,
                   int count, const char *path)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t *files = calloc((size_t)count, sizeof *files);
    if (files == NULL)
        return cli_error(cmd, "out of memory"), CLI_EXIT_INTERNAL;
    /* every shard's file opened and checked before anything is written */
    int rc = CLI_EXIT_OK;
    char name[4200];
    for (int k = 0; k < count && rc == CLI_EXIT_OK; ++k) {
        snprintf(name, sizeof name, "%s/allocations.h5", dirs[k]);
        files[k] = H5Fopen(name, H5F_ACC_RDONLY, H5P_DEFAULT);
        int ok = files[k] >= 0 && check_attributes(files[k], merged->scenario.N);
        for (int m = 0; ok && m < merged->num_methods; ++m) {
            snprintf(name, sizeof name, "%s/fL", merged->methods[m]->label);
            hid_t fL = H5Lexists(files[k], merged->methods[m]->label, H5P_DEFAULT) > 0
                           ? open_dataset(files[k], name, 2, 0, merged->scenario.N)
                           : H5I_INVALID_HID;
            hid_t space = fL < 0 ? H5I_INVALID_HID : H5Dget_space(fL);
            hsize_t dims[2] = { 0, 0 };
            ok = space >= 0 && H5Sget_simple_extent_dims(space, dims, NULL) == 2 &&
                 dims[0] >= merged->realizations;
            if (space >= 0)
                H5Sclose(space);
            if (fL >= 0)
                H5Dclose(fL);
        }
        if (!ok) {
            cli_error(cmd, "%s/allocations.h5: missing, or not the allocations of this run's shard (the run "
                           "saves allocations: every shard needs its file)",
                      dirs[k]);
            rc = CLI_EXIT_USAGE;
        }
    }
    mc_alloc *a = NULL;
    if (rc == CLI_EXIT_OK)
        rc = mc_alloc_open(cmd, merged, path, 0, &a);
    for (int k = 0; k < count && rc == CLI_EXIT_OK; ++k) {
        const mc_part *part = &shards[k].shard;
        uint64_t lo = part->index * part->block, hi = lo + part->block;
        hi = hi < merged->realizations ? hi : merged->realizations;
        for (int m = 0; m < merged->num_methods && rc == CLI_EXIT_OK; ++m)
            if (lo < hi && !copy_rows(files[k], a->file, merged->methods[m]->label, lo, hi, a->N, a->cap))
                rc = (cli_error(cmd, "%s: copying the rows of %s/allocations.h5 failed", path, dirs[k]),
                      CLI_EXIT_INTERNAL);
    }
    char err[256];
    if (a != NULL && !mc_alloc_close(a, err, sizeof err) && rc == CLI_EXIT_OK)
        rc = (cli_error(cmd, "%s: %s", path, err), CLI_EXIT_INTERNAL);
    for (int k = 0; k < count; ++k)
        if (files[k] > 0)
            H5Fclose(files[k]);
    free(files);
    return rc;
}
