// SPDX-License-Identifier: MIT
/* move_data: copy between the caller's memory and the area a DATA link
 * grants in its creator's memory, checking rights, bounds and both sides'
 * mappings before a byte moves. A target not here goes to the distributed
 * layer's handler (movedata_set_away). */
#include "kernel/core/movedata.h"
#include "kernel/core/proc.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"

#define MOVE_HOPS_MAX 16      /* longer than any chain of moves we make */

static int32_t nowhere(struct link *l, uint32_t offset, uint32_t ubuf, uint32_t len,
                       uint32_t dir)
{
    (void)l, (void)offset, (void)ubuf, (void)len, (void)dir;
    return -E_NOPROC;
}

static movedata_away_fn away = nowhere;

void movedata_set_away(movedata_away_fn fn)
{
    away = fn;
}

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
    /* Follow the target if it moved: each hop corrects the link. */
    struct proc *p = 0;
    for (int hop = 0; !p; hop++) {
        if (hop > MOVE_HOPS_MAX)
            return -E_NOPROC;
        if (l->node_hint == boot_opts.node && (p = proc_find(l->target)) &&
            incarnation_reaches(l->incarnation, p->incarnation))
            break;
        p = 0;
        int32_t r = away(l, offset, ubuf, len, dir);
        if (r != -E_MOVED)
            return r;
    }
    uint32_t va = l->data_base + offset;
    if (!pgdir_user_range_ok(p->pgdir, va, len, dir == MOVE_WRITE))
        return -E_FAULT;
    /* The caller's pages are the current ones: reach them by address. */
    int r = dir == MOVE_READ ? pgdir_copy_out(p->pgdir, va, (void *)ubuf, len)
                             : pgdir_copy_in(p->pgdir, va, (const void *)ubuf, len);
    return r < 0 ? r : (int32_t)len;
}
