// SPDX-License-Identifier: MIT
/* init: the first process, holding a KERNEL link to its kernel (link 1).
 * On node 1 it starts the switchboard (which so gets id 1.2), then on every
 * node procmgr, handing it the kernel link and the run=... list; both are
 * system services (SPAWN_SERVICE). */
#include "demos.h"

int main(int argc, char **argv)
{
    pid_t me = getpid();
    const char *run = argc > 1 ? argv[1] : "";
    if (PID_NODE(me) == PID_NODE(SWITCHBOARD_PID)) {
        int r = kernel_spawn_as(LINK_KERNEL_SELF, "switchboard", "", LINK_NONE, 0, SPAWN_SERVICE);
        if (r != (int)SWITCHBOARD_PID)
            printf("init: switchboard started as %d, not %u.%u: names will not work\n", r,
                   PID_NODE(SWITCHBOARD_PID), PID_SERIAL(SWITCHBOARD_PID));
    }
    int r = kernel_spawn_as(LINK_KERNEL_SELF, "procmgr", run, link_dup(LINK_KERNEL_SELF), 0,
                            SPAWN_SERVICE);
    if (r < 0)
        printf("init: cannot start procmgr: %s\n", err_name(r));
    return 0;
}
