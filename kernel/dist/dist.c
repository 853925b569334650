// SPDX-License-Identifier: MIT
/* Wires the distributed layer to the layers below, which call it only
 * through what is registered here: message kinds, peer-down handlers and
 * delivery notes (the transport), the tick (the scheduler), messages and
 * data moves not for a process here (routing, move_data), and processes
 * that end (forwarding chains). */
#include "kernel/dist/dist.h"
#include "kernel/dist/migrate.h"
#include "kernel/dist/forward.h"
#include "kernel/dist/remote.h"
#include "kernel/dist/kcontrol.h"
#include "kernel/dist/locate.h"
#include "kernel/dist/seal.h"
#include "kernel/core/route.h"
#include "kernel/core/movedata.h"
#include "kernel/core/proc.h"

void dist_init(void)
{
    /* Peer-down handlers run in this order: moves in flight first, then
     * held updates, then waiting calls and moves. */
    seal_init();
    migrate_init();
    forward_init();
    remote_init();
    locate_init();
    route_set(remote_send, forward_route, kcontrol_handle);
    movedata_set_away(forward_move);
    proc_on_exit(forward_proc_exit);
}
