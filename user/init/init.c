// SPDX-License-Identifier: MIT
/* init: the first process (N.1), holding a KERNEL link to its kernel (link
 * 1). It starts the node's two first system services, the switchboard (as
 * N.2, the name service every process's link 0 goes to) and procmgr (with
 * the run=... list), each with a copy of its kernel link, and stays to start
 * either again, in its old place (SPAWN_AT: the same id, so links to it keep
 * working), when it ends. */
#include "demos.h"

/* The kernel tells of a service's end on these channels of init's own. */
#define CHAN_SWITCHBOARD_ENDED 1
#define CHAN_PROCMGR_ENDED 2

static struct msg m;

/* Ask the kernel to tell us on channel when pid ends. */
static void watch(int pid, uint32_t channel, const char *name)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_WAIT, (pid_t)pid };
    msg_set(&m, &req, sizeof(req));
    m.h.link = link_create(channel, 0, 0, 0);
    if (m.h.link < 0 || send(LINK_KERNEL_SELF, &m, 0) < 0)
        printf("init: cannot watch %s\n", name);
}

/* Start name as a service with a copy of our kernel link (at serial, if
 * not 0) and watch it. -> its pid or an error. */
static int start(const char *name, const char *args, uint32_t serial, uint32_t channel)
{
    int kl = link_dup(LINK_KERNEL_SELF);
    int r = kernel_spawn_as(LINK_KERNEL_SELF, name, args, kl, 0,
                            SPAWN_SERVICE | SPAWN_AT(serial));
    if (r < 0) {
        printf("init: cannot start %s: %s\n", name, err_name(r));
        if (kl >= 0)
            link_destroy(kl);   /* still ours when the spawn failed */
        return r;
    }
    watch(r, channel, name);
    return r;
}

int main(int argc, char **argv)
{
    const char *run = argc > 1 ? argv[1] : "";
    uint32_t node = this_node();
    int sb = start("switchboard", "", NAMESVC_SERIAL, CHAN_SWITCHBOARD_ENDED);
    if (sb >= 0 && sb != (int)NAMESVC_PID(node))
        printf("init: switchboard started as %u.%u, not %u.%u: names will not work\n",
               PID_NODE(sb), PID_SERIAL(sb), node, NAMESVC_SERIAL);
    int pm = start("procmgr", run, 0, CHAN_PROCMGR_ENDED);
    for (;;) {
        if (receive(CHAN_MASK(CHAN_SWITCHBOARD_ENDED) | CHAN_MASK(CHAN_PROCMGR_ENDED), &m, 0) < 0)
            continue;
        struct kop_reply r = { 0, 0 };
        memcpy(&r, m.body, m.h.len < sizeof(r) ? m.h.len : sizeof(r));
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        bool names = m.h.channel == CHAN_SWITCHBOARD_ENDED;
        printf("init: %s ended (%d); starting it again\n", names ? "switchboard" : "procmgr",
               (int)r.value);
        if (names)
            start("switchboard", "", NAMESVC_SERIAL, CHAN_SWITCHBOARD_ENDED);
        else if (pm > 0)
            start("procmgr", "again", PID_SERIAL(pm), CHAN_PROCMGR_ENDED);
    }
}
