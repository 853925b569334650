// SPDX-License-Identifier: MIT
/* The link table: slots, handles with generations, insert and remove. Pure
 * (no process or scheduling state), so the host unit tests cover it. */
#include "kernel/core/link.h"
#include "kernel/core/string.h"

void link_table_init(struct link_table *t)
{
    memset(t, 0, sizeof(*t));
}

int32_t link_insert_at(struct link_table *t, unsigned slot, const struct link *l)
{
    if (slot >= LINK_MAX || LINK_SLOT_USED(t, slot))
        return -E_INVAL;
    t->slot[slot] = *l;
    t->gen[slot] = (t->gen[slot] + 1) & LINK_GEN_MASK;
    return LINK_HANDLE(slot, t->gen[slot]);
}

struct link *link_claim(struct link_table *t, unsigned from, int32_t *handle)
{
    for (unsigned i = from; i < LINK_MAX; i++) {
        if (!LINK_SLOT_USED(t, i)) {
            t->gen[i] = (t->gen[i] + 1) & LINK_GEN_MASK;
            *handle = LINK_HANDLE(i, t->gen[i]);
            return &t->slot[i];
        }
    }
    return 0;
}

int32_t link_insert(struct link_table *t, const struct link *l, unsigned from)
{
    int32_t h;
    struct link *slot = link_claim(t, from, &h);
    if (!slot)
        return -E_NOMEM;
    *slot = *l;
    return h;
}


int link_remove(struct link_table *t, int32_t handle, struct link *out)
{
    struct link *l = link_get(t, handle);
    if (!l)
        return -E_BADLINK;
    unsigned slot = (uint32_t)handle & 0xFF;
    if (out)
        *out = *l;
    t->gen[slot] = (t->gen[slot] + 1) & LINK_GEN_MASK;
    return 0;
}

int link_next_used(const struct link_table *t, unsigned from)
{
    for (unsigned i = from; i < LINK_MAX; i++)
        if (LINK_SLOT_USED(t, i))
            return (int)i;
    return -1;
}

int link_table_retarget(struct link_table *t, pid_t pid, unsigned node, uint32_t epoch)
{
    int changed = 0;
    for (int i = link_next_used(t, 0); i >= 0; i = link_next_used(t, i + 1)) {
        struct link *l = &t->slot[i];
        if (l->target == pid && epoch > l->epoch) {
            l->node_hint = (uint16_t)node;
            l->epoch = epoch;
            changed++;
        }
    }
    return changed;
}

static link_seal_fn sealer;

void link_set_sealer(link_seal_fn fn)
{
    sealer = fn;
}

uint32_t link_seal(const struct link *l)
{
    return sealer ? sealer(l) : 0;
}
