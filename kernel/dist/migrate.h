/* SPDX-License-Identifier: MIT */
/* Process migration, DEMOS/MP's eight steps, between this kernel and a peer.
 * Both ends are state machines driven by transport messages and the tick. */
#ifndef KERNEL_MIGRATE_H
#define KERNEL_MIGRATE_H
#include <stdint.h>
#include "kernel/core/proc.h"

struct migrate_stats { uint32_t migrations_in, migrations_out, refused, aborted; };
extern struct migrate_stats migrate_stats;

/* Step 1: KOP_MIGRATE on a KERNEL link to p. The answer goes to reply
 * (struct migrate_answer in demos/ipc.h) once p runs at dest, or failed. */
int migrate_request(struct proc *p, unsigned dest, const struct link *reply);
/* Register with the transport (TM_MIG_*, peers going down) and the tick
 * (step timeouts, held STARTs). */
void migrate_init(void);

#endif
