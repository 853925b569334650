/* SPDX-License-Identifier: MIT */
/* Links as the kernel holds them, and a process's link table. User code
 * names a link by a handle: slot number plus the slot's generation, so a
 * handle kept after its link was destroyed is refused, never reused. */
#ifndef KERNEL_LINK_H
#define KERNEL_LINK_H
#include <stdint.h>
#include <stdbool.h>
#include "demos/ipc.h"

struct link {
    pid_t target;               /* the process the link points at */
    uint16_t node_hint;         /* node where the target was last known */
    uint16_t flags;             /* LINK_* */
    uint32_t epoch;             /* target's migration epoch known with the hint */
    uint32_t channel;           /* receiver's channel (REPLY links: CHAN_REPLY) */
    uint32_t token;             /* REPLY links: which call this answers */
    uint32_t data_base, data_len;  /* DATA links: area in the target's memory */
    uint32_t incarnation;       /* boot of the target's creating node (INCARNATION_ANY: any) */
};

/* A slot's generation is odd while it holds a link and even while free;
 * it moves on at every insert and remove, so old handles never match. */
struct link_table {
    struct link slot[LINK_MAX];
    uint32_t gen[LINK_MAX];
};

#define LINK_HANDLE(slot, gen) ((int32_t)(((gen) << 8) | (slot)))
#define LINK_GEN_MASK 0x7FFFFFu     /* keeps handles positive */
#define LINK_SLOT_USED(t, i) ((t)->gen[i] & 1)

void link_table_init(struct link_table *t);
/* Put l in the first free slot (from slot `from` on): its handle, or -E_NOMEM. */
int32_t link_insert(struct link_table *t, const struct link *l, unsigned from);
/* Put l in a given slot, which must be free: its handle, or -E_INVAL. */
int32_t link_insert_at(struct link_table *t, unsigned slot, const struct link *l);
/* The link a handle names, or NULL for a forged, stale or empty handle.
 * Inline: every message looks its link up. */
static inline struct link *link_get(struct link_table *t, int32_t handle)
{
    /* A negative handle's gen is past LINK_GEN_MASK: no slot has it. */
    uint32_t slot = (uint32_t)handle & 0xFF, gen = (uint32_t)handle >> 8;
    if (slot >= LINK_MAX || t->gen[slot] != gen || !(gen & 1))
        return 0;
    return &t->slot[slot];
}
/* The first free slot from slot `from` on, now in use for the caller to
 * fill in; its handle in *handle. NULL when the table is full. */
struct link *link_claim(struct link_table *t, unsigned from, int32_t *handle);
/* Take the link out (it stays valid in *out): 0 or -E_BADLINK. */
int link_remove(struct link_table *t, int32_t handle, struct link *out);
/* Take out the link of a handle link_get has just accepted. */
static inline void link_drop(struct link_table *t, int32_t handle)
{
    uint32_t slot = (uint32_t)handle & 0xFF;
    t->gen[slot] = (t->gen[slot] + 1) & LINK_GEN_MASK;
}
/* A LINK_UPDATE: every link to pid whose epoch is older than epoch now
 * points at node with that epoch; a newer one stays. How many changed. */
int link_table_retarget(struct link_table *t, pid_t pid, unsigned node, uint32_t epoch);

/* A DATA or KERNEL link's seal (in its token): a keyed checksum of what it
 * grants (target, incarnation, rights, area), so that a kernel serving it
 * for another node checks the grant itself. The function is set at boot
 * by the layer that holds the key (kernel/dist/seal.c); 0 until then. */
typedef uint32_t (*link_seal_fn)(const struct link *l);
void link_set_sealer(link_seal_fn fn);
uint32_t link_seal(const struct link *l);
/* Slot index of the next used slot at or after `from`, or -1. */
int link_next_used(const struct link_table *t, unsigned from);

#endif
