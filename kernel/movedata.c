// SPDX-License-Identifier: MIT
/* move_data: copy between the caller's memory and the area a DATA link
 * grants in its creator's memory, checking rights, bounds and both sides'
 * mappings before a byte moves. */
#include "kernel/movedata.h"
#include "kernel/proc.h"
#include "kernel/usercopy.h"
#include "kernel/cmdline.h"
#include "kernel/remote.h"

int32_t sys_move_data(int32_t handle, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir)
{
    struct link *l = link_get(&current->links, handle);
    if (!l)
        return -E_BADLINK;
    if (dir != MOVE_READ && dir != MOVE_WRITE)
        return -E_INVAL;
    if (!(l->flags & LINK_DATA) || !(l->flags & (dir == MOVE_READ ? LINK_READ : LINK_WRITE)))
        return -E_PERM;
    if (offset > l->data_len || len > l->data_len - offset)
        return -E_RANGE;
    if (user_check(ubuf, len, dir == MOVE_READ) < 0)
        return -E_FAULT;
    if (l->node_hint != boot_opts.node)
        return remote_move(l, offset, ubuf, len, dir);
    struct proc *p = proc_find(l->target);
    if (!p)
        return -E_NOPROC;
    uint32_t va = l->data_base + offset;
    if (!pgdir_user_range_ok(p->pgdir, va, len, dir == MOVE_WRITE))
        return -E_FAULT;
    /* The caller's pages are the current ones: reach them by address. */
    int r = dir == MOVE_READ ? pgdir_copy_out(p->pgdir, va, (void *)ubuf, len)
                             : pgdir_copy_in(p->pgdir, va, (const void *)ubuf, len);
    return r < 0 ? r : (int32_t)len;
}
