/* SPDX-License-Identifier: MIT */
/* Links and messages as kernel and user programs agree on them: link
 * flags, the message header, channels, and the kernel-control
 * operations carried on KERNEL links. */
#ifndef DEMOS_IPC_H
#define DEMOS_IPC_H
#include <stdint.h>
#include "demos/syscall.h"

#define MSG_BODY_MAX 1024       /* bytes; larger messages get E_TOOBIG */
#define MSGQ_MAX 32             /* queued messages per receiver before senders wait */
/* Links in one process's table (under the 256 a handle's 8 bits of slot
 * hold, so a slot past it can be named and refused). A switchboard keeps
 * two for each node's procmgr (its name, its probe): 64 filled up past 29
 * nodes; 192 holds 93. */
#define LINK_MAX 192
#define LINK_NONE (-1)          /* "no link" wherever a link handle goes */
/* Handles are (generation << 8 | slot); the first link in a slot has
 * generation 1. Slots 0 and 1 are filled when a process is created: */
#define LINK_SWITCHBOARD 0x100  /* slot 0: every process starts with it */
#define LINK_KERNEL_SELF 0x101  /* slot 1 of init, procmgr, memsched: a KERNEL link to their kernel */
#define LINK_PROCMGR 0x101      /* slot 1 of programs procmgr starts: a link to it */
/* Every node's switchboard (its name service) is N.2: the first process
 * init starts there (init is N.1), and started again as N.2 if it ends. */
#define NAMESVC_SERIAL 2
#define NAMESVC_PID(node) PID_MAKE(node, NAMESVC_SERIAL)

/* Channels 0..31 sort a receiver's incoming links; receive takes a mask. */
#define CHAN_COUNT 32
#define CHAN_REPLY 31           /* where answers to call() arrive */
#define CHAN_MASK(c) (1u << (c))
#define CHAN_ALL 0x7FFFFFFFu    /* every channel but the reply channel */

/* Link flags. */
#define LINK_REPLY  0x01        /* usable once, then it disappears */
#define LINK_KERNEL 0x02        /* delivered to the kernel hosting the target */
#define LINK_DATA   0x04        /* grants access to an area of the target's memory */
#define LINK_READ   0x08        /* with DATA: move_data may read the area */
#define LINK_WRITE  0x10        /* with DATA: move_data may write the area */
#define LINK_NAMESVC 0x20       /* link 0 and its copies: to the name service of the
                                   node its holder runs on (a move retargets it) */

/* The header receive() fills in (and send() reads len and link from). */
struct msg_hdr {
    pid_t sender;               /* who sent it (the kernel: N.0) */
    uint32_t channel;           /* channel of the link it came over */
    int32_t link;               /* send: handle to carry or LINK_NONE; receive: new handle or LINK_NONE */
    uint32_t len;               /* body bytes */
    int32_t status;             /* 0, or -E_* when the kernel answers a call in the target's stead */
    int32_t reply;              /* receive: handle of a REPLY link to answer a call, or LINK_NONE */
};

struct msg {
    struct msg_hdr h;
    uint8_t body[MSG_BODY_MAX];
};

/* send() flags */
#define SEND_NOWAIT 0x1         /* E_WOULDBLOCK instead of waiting for queue room */

/* move_data() directions */
#define MOVE_READ 0             /* from the link's area into the caller's buffer */
#define MOVE_WRITE 1            /* from the caller's buffer into the link's area */

/* What link_info() reports about one of the caller's links. */
struct link_info {
    pid_t target;
    uint32_t node_hint, epoch, channel, flags, data_len;
    uint32_t incarnation;       /* the boot of the target's creating node it is for */
};

/* Kernel-control operations: the first word of a message on a KERNEL link.
 * To a process P: about P. To N.0 (the kernel itself): about the node. */
enum kop {
    KOP_STOP = 1,               /* P: take off the CPU; messages still queue */
    KOP_RESUME,                 /* P: run again */
    KOP_KILL,                   /* P: end it */
    KOP_STATS,                  /* P: text "name=value" lines about P */
    KOP_SPAWN,                  /* N.0: struct kop_spawn -> pid, carries a link (channel 0) to it */
    KOP_PROC_LINK,              /* N.0: {pid} -> carries a KERNEL link to pid */
    KOP_TEXT,                   /* N.0: struct kop_text -> a slice of a report */
    KOP_PROG_PAGES,             /* N.0: {op, name} -> pages the program needs */
    KOP_MIGRATE,                /* P: {op, node} -> struct migrate_answer when P runs there */
    KOP_SET_BUDGET,             /* N.0: {op, pages} memsched's budget, for arriving processes */
    KOP_WAIT,                   /* N.0: {op, pid} answered when pid ends, with its exit
                                   code; a carried REPLY link gets the answer instead */
    KOP_PEERS,                  /* N.0: -> a bitmap of the other nodes up (NODE_BITMAP_BYTES,
                                   bit n of byte n / 8 for node n) */
    KOP_NAMESVC_LINK,           /* N.0: {op, node} -> carries a link to NAMESVC_PID(node) */
    KOP_SERVICE_LINK,           /* N.0: {op, name} -> carries a link (channel 0) to the
                                   system service of that program here; value: its pid */
    KOP_LOAD,                   /* N.0: -> struct kop_load_head, then a struct kop_load for
                                   this node and each node up that reported its load */
    KOP_PROCS,                  /* N.0: -> a struct kop_proc for each process here */
};
#define NODE_BITMAP_BYTES 32

/* Reports travel in slices of at most TEXT_SLICE bytes after a status word;
 * a shorter slice is the last one. */
#define TEXT_SLICE (MSG_BODY_MAX - 4)
enum kop_report { REPORT_PS = 1, REPORT_STATS, REPORT_LINKS, REPORT_MEM, REPORT_NODES };

struct kop_spawn {
    uint32_t op;
    char prog[PROG_NAME_MAX];
    char args[PROG_ARGS_MAX];   /* a link carried with the request becomes the child's link 1 */
    uint32_t flags;             /* SPAWN_* */
};
/* A system service (switchboard, procmgr, memsched, shell): KOP_STOP,
 * KOP_KILL and KOP_MIGRATE on it are refused with E_PERM; it ends only by
 * itself or by a fault (procmgr starts memsched and the shell again). */
#define SPAWN_SERVICE 0x1
/* With SPAWN_SERVICE: start it as N.serial, the id of the service it
 * replaces (which has ended), so links to that id reach the new one. Only
 * a serial already handed out, or NAMESVC_SERIAL, and free now. */
/* Never moved by the load policy (procmgr); KOP_MIGRATE still moves it. */
#define SPAWN_STAY 0x2
#define SPAWN_AT(serial) ((uint32_t)(serial) << 8)
#define SPAWN_SERIAL(flags) ((flags) >> 8)
struct kop_text {
    uint32_t op, report;
    pid_t pid;                  /* REPORT_LINKS: whose table */
    uint32_t offset;            /* byte offset into the report; reply is empty past the end */
};
/* micros: request to restart; frozen: stopped to restart (both from the
 * source's clock); rounds: of page transfer, the last one stopped. */
struct migrate_answer { int32_t status; uint32_t micros, bytes, frozen, rounds; };
/* KOP_LOAD: the figures of the last whole second (kernel/core/load.c), this
 * node's first; a peer's as its last HELLO carried them (age_ms ago). */
struct kop_load_head { uint32_t now_ms, count; };
struct kop_load {
    uint32_t node;
    uint32_t runnable_x100;     /* processes ready or running, mean over the second, x100 */
    uint32_t busy_pct;          /* of the second's ticks, those a process (not idle) ran */
    uint32_t free_pages;        /* pages an arriving process may still take */
    uint32_t age_ms;            /* since the figures were heard (0: this node) */
    uint32_t runnable_now;      /* this node: ready or running now, the asker left out
                                   (a spawn's placement looks at it); peers: 0 */
};
#define KOP_LOAD_MAX ((MSG_BODY_MAX - sizeof(struct kop_load_head)) / sizeof(struct kop_load))
/* KOP_PROCS: one process here. */
struct kop_proc {
    pid_t pid;
    uint32_t runnable_pct;      /* of the last second's ticks, those it was ready or running */
    uint32_t here_ms;           /* since it was made or arrived here */
    uint32_t flags;             /* KOP_PROC_* */
    uint32_t pages;             /* user pages it holds */
};
#define KOP_PROC_SERVICE 0x1    /* a system service (SPAWN_SERVICE) */
#define KOP_PROC_STAY 0x2       /* spawned with SPAWN_STAY */
#define KOP_PROC_MOVED 0x4      /* it arrived here by migration */
#define KOP_PROC_BUSY 0x8       /* stopped, moving or arriving: not one to move now */
#define KOP_PROCS_MAX (MSG_BODY_MAX / sizeof(struct kop_proc))
struct kop_reply {
    int32_t status;             /* >= 0 or -E_* */
    uint32_t value;             /* pid, pages, ... */
};

#endif
