/* SPDX-License-Identifier: MIT */
/* One move in progress, as both ends keep it (kernel/dist/migrate.c, the
 * source's steps, and kernel/dist/migdest.c, the destination's), and the
 * helpers that send its steps. Internal to the migration files. */
#ifndef KERNEL_MIGRATION_H
#define KERNEL_MIGRATION_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/proc.h"
#include "kernel/net/wire.h"
#include "kernel/dist/precopy.h"

#define MIGRATIONS 4
#define STEP_TIMEOUT_MS 3000

/* MIG_HELD: D got START and holds it (the hold_start= test option);
 * MIG_PULL_HELD: D holds a pull of pages (hold_pull=); MIG_WAITING: S was
 * asked to move P on while P's arrival here is not yet acknowledged by the
 * node it came from (p->mig.settling): the offer waits for that. */
enum mig_state { MIG_FREE, MIG_OFFERED, MIG_PULLING, MIG_STARTING, MIG_HELD, MIG_PULL_HELD,
                 MIG_WAITING };

/* The note STARTED is sent with: this bit and P's id (forward.c's notes
 * are below 0x10000). */
#define MIG_NOTE 0x80000000u

struct migration {
    enum mig_state state;
    bool outgoing;
    pid_t pid;
    uint32_t id;                /* the attempt: S numbers them, every message names one */
    unsigned peer;
    struct proc *p;
    uint32_t epoch;             /* P's epoch at D */
    uint64_t deadline;
    uint32_t bytes;
    struct precopy pc;          /* S: the rounds */
    uint32_t held_from;         /* D, MIG_PULL_HELD: the pull it holds */
    bool pages_seen;            /* D: a pages message came (hold_pull= holds the pull after it) */
    bool has_reply;
    struct link reply;          /* S: the KOP_MIGRATE caller */
};

/* A free record, or NULL. */
struct migration *mig_free_slot(void);
/* A step: struct wire_mig (pid, attempt, the step's fields), then extra;
 * with a non-zero note, the transport tells when node acknowledged it. */
void mig_send_to(unsigned node, uint16_t kind, const struct wire_mig *m, const void *extra,
                 uint32_t extra_len, uint32_t note);
/* Step kind of mg's attempt, with m's own fields. */
void mig_send_step(struct migration *mg, uint16_t kind, struct wire_mig m);
/* The step timeout starts again. */
void mig_arm(struct migration *mg);

#endif
