// SPDX-License-Identifier: MIT
/* The link kernel calls: create a link to oneself (plain or DATA), destroy,
 * duplicate, and describe one. Handles are checked by link_get. */
#include "kernel/core/linkcalls.h"
#include "kernel/core/ipc.h"
#include "kernel/core/usercopy.h"

#define CREATE_FLAGS (LINK_DATA | LINK_READ | LINK_WRITE)
#define FIRST_FREE_SLOT 2       /* 0: switchboard, 1: kernel link */

int32_t sys_link_create(uint32_t channel, uint32_t flags, uint32_t base, uint32_t len)
{
    if (channel >= CHAN_REPLY || (flags & ~CREATE_FLAGS))
        return -E_INVAL;
    struct link l = ipc_link_to(current, channel, flags);
    if (flags & LINK_DATA) {
        if (!(flags & (LINK_READ | LINK_WRITE)) || len == 0)
            return -E_INVAL;
        if (user_check(base, len, (flags & LINK_WRITE) != 0) < 0)
            return -E_FAULT;
        l.data_base = base;
        l.data_len = len;
        l.token = link_seal(&l);
    } else if (flags) {
        return -E_INVAL;        /* READ/WRITE only mean something with DATA */
    }
    return link_insert(&current->links, &l, FIRST_FREE_SLOT);
}

int32_t sys_link_destroy(int32_t handle)
{
    struct link l;
    int r = link_remove(&current->links, handle, &l);
    if (r == 0)
        ipc_discard_link(&l);
    return r;
}

int32_t sys_link_dup(int32_t handle)
{
    struct link *l = link_get(&current->links, handle);
    if (!l)
        return -E_BADLINK;
    if (l->flags & LINK_REPLY)
        return -E_PERM;         /* a reply may be given once */
    struct link copy = *l;
    return link_insert(&current->links, &copy, FIRST_FREE_SLOT);
}

int32_t sys_link_info(int32_t handle, uint32_t uinfo)
{
    struct link *l = link_get(&current->links, handle);
    if (!l)
        return -E_BADLINK;
    struct link_info info = { l->target, l->node_hint, l->epoch, l->channel, l->flags,
                              l->data_len, l->incarnation };
    return copy_to_user(uinfo, &info, sizeof(info));
}
