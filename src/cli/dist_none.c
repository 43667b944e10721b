/* A build without MPI: always one process (see dist.h). */
#include "cli/cli.h"
#include "cli/dist.h"

int mc_dist_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return CLI_EXIT_OK;
}

int mc_dist_finish(int rc)
{
    return rc;
}

int mc_dist_rank(void)
{
    return 0;
}

int mc_dist_size(void)
{
    return 1;
}

int mc_dist_agree(const char *cmd, int rc, const char *message)
{
    if (rc != CLI_EXIT_OK)
        cli_error(cmd, "%s", message);
    return rc;
}

int mc_dist_share(int rc)
{
    return rc;
}

int mc_dist_broadcast(void *buf, size_t len)
{
    (void)buf;
    (void)len;
    return 1;
}

int mc_dist_send(const mc_dist_rows *msg)
{
    (void)msg;
    return 0;
}

int mc_dist_receive(int src, mc_dist_rows *msg)
{
    (void)src;
    (void)msg;
    return 0;
}
