/* The tool's HDF5 files (mc --instances FILE.h5, --save-allocations, merge of
 * allocations.h5) live in a module of their own, otmec-hdf5.so, loaded on
 * first use (h5_loader.c): linked into the tool, the HDF5 library and the
 * thirty libraries it pulls in (curl, TLS, Kerberos, LDAP) cost every start
 * of otmec about 4 ms, eight times what the rest of a start costs, whether
 * or not the run reads or writes HDF5. The module holds src/h5/instances_h5.c
 * and src/cli/mc_allocations.c; this table is its one entry point. */
#ifndef OTMEC_CLI_H5_MODULE_H
#define OTMEC_CLI_H5_MODULE_H

#include <stdarg.h>

#include "cli/mc.h"

#define OTM_H5_MODULE_VERSION 1
#define OTM_H5_MODULE_ENTRY "otmec_cli_hdf5_module"

typedef struct otm_h5_module {
    int version; /* OTM_H5_MODULE_VERSION: module and tool of one build */
    otmec_error (*instances_read)(const char *path, otm_h5_instances *out, char *msg, size_t msg_len);
    void (*instances_free)(otm_h5_instances *x);
    int (*alloc_open)(const char *cmd, const mc_config *cfg, const char *path, int resume, mc_alloc **out);
    int (*alloc_add)(mc_alloc *a, const mc_row *row, const double *owners, char *err, size_t err_len);
    int (*alloc_due)(const mc_alloc *a);
    int (*alloc_flush)(mc_alloc *a, char *err, size_t err_len);
    int (*alloc_close)(mc_alloc *a, char *err, size_t err_len);
    int (*alloc_merge)(const char *cmd, const mc_config *merged, const mc_config *shards, const char *const *dirs,
                       int count, const char *path);
} otm_h5_module;

/* What the module takes from the tool: it links neither the tool nor the
 * library, so these three reach it as pointers. */
typedef struct otm_h5_host {
    void (*params_default)(otmec_params *p);
    void (*verror)(const char *cmd, const char *fmt, va_list ap);
    double (*now)(void);
} otm_h5_host;

typedef const otm_h5_module *(*otm_h5_module_entry)(const otm_h5_host *host);

#endif
