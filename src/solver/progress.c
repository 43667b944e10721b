#include "solver/progress.h"

static _Thread_local otm_progress_fn hook;
static _Thread_local void *hook_user;

void otm_progress_set(otm_progress_fn fn, void *user)
{
    hook = fn;
    hook_user = user;
}

void otm_progress_report(const otm_progress *p)
{
    if (hook != NULL)
        hook(hook_user, p);
}
