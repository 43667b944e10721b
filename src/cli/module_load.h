/* The tool's modules: parts of otmec that link a large library (HDF5, MPI)
 * and are loaded only by the runs that need them, so that every other start
 * of the tool is spared that library's loading. */
#ifndef OTMEC_CLI_MODULE_LOAD_H
#define OTMEC_CLI_MODULE_LOAD_H

#include <stddef.h>

/* Loads the module `file` (dlopen with `flags`) from next to the running
 * executable (the build tree), else from LIBDIR/otmec below the
 * installation prefix, and returns its entry point `entry`; NULL with the
 * reason in err when neither place has a module that loads. */
void *cli_module_entry(const char *file, int flags, const char *entry, char *err, size_t err_len);

#endif
