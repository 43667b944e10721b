#define _POSIX_C_SOURCE 200809L /* readlink */
#include "cli/module_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PATH_LEN 4096

/* The directory of the running executable, with its trailing slash. */
static int exe_dir(char *dir, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", dir, len - 1);
    if (n <= 0)
        return 0;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        return 0;
    slash[1] = '\0';
    return 1;
}

void *cli_module_entry(const char *file, int flags, const char *entry, char *err, size_t err_len)
{
    char dir[PATH_LEN], path[2 * PATH_LEN];
    if (!exe_dir(dir, sizeof dir)) {
        snprintf(err, err_len, "cannot find the executable's directory for %s", file);
        return NULL;
    }
    const char *places[2] = {"", "../" OTMEC_INSTALL_LIBDIR "/otmec/"};
    err[0] = '\0';
    for (int k = 0; k < 2; ++k) {
        snprintf(path, sizeof path, "%s%s%s", dir, places[k], file);
        if (access(path, F_OK) != 0)
            continue;
        void *handle = dlopen(path, flags);
        if (handle == NULL) {
            snprintf(err, err_len, "%s", dlerror());
            continue;
        }
        void *symbol = dlsym(handle, entry);
        if (symbol != NULL)
            return symbol; /* the module stays loaded until exit */
        snprintf(err, err_len, "%s: not a module of this otmec (no %s)", path, entry);
        dlclose(handle);
    }
    if (err[0] == '\0')
        snprintf(err, err_len, "%s not found next to %s nor in %s../%s/otmec/", file, dir, dir, OTMEC_INSTALL_LIBDIR);
    return NULL;
}
