/* SPDX-License-Identifier: MIT */
/* Message helpers and the client side of the system services
 * (user/lib/ipc.c): switchboard names, procmgr, kernel reports. */
#ifndef USER_IPC_H
#define USER_IPC_H
#include <stdint.h>
#include <stdbool.h>
#include "demos/syscall.h"
#include "demos/ipc.h"
#include "proto.h"

/* Messages: set a body (and no carried link), answer a received call.
 * msg_set is inline: a body of a size known where it is called is copied
 * in place, without a call to memcpy. */
static inline void msg_set(struct msg *m, const void *body, uint32_t len)
{
    m->h.len = len;
    m->h.link = LINK_NONE;
    if (body && body != m->body)
        __builtin_memcpy(m->body, body, len);
}
int reply(const struct msg *req, const void *body, uint32_t len, int carry);
/* For a server's reply_receive: the answer to the call received in m, put
 * in m itself (the link m carried, if any, destroyed first; carry goes
 * with the answer). Returns the REPLY link to answer on, or LINK_NONE
 * (then carry is the caller's to destroy). reply_receive(mask, m, t, h)
 * with that h sends it; an error other than -E_TIMEOUT then means the
 * answer was refused and nothing was received. */
int answer_in(struct msg *m, const void *body, uint32_t len, int carry);
/* Answer a report request: a status word, then text[offset..] as fits. */
int reply_text(const struct msg *req, const char *text, uint32_t len, uint32_t offset, int status);
/* Call h with body req; the answer's first words land in *ans.
 * Returns the call's error, else ans->status. */
int call_answer(int h, const void *req, uint32_t len, struct answer *ans, struct msg *m);
int sleep_ms(uint32_t ms);
/* TSC ticks per 0.01 us, measured against the kernel's timer (200 ms). */
uint32_t tsc_per_us100(void);

/* Services. */
/* name -> h, held by the caller until it ends: 0, -E_PERM (another running
 * process holds it), -E_NOMEM (the caller holds 8 names, or the table is full). */
int name_register(const char *name, int h);
int name_lookup(const char *name);          /* a new handle, or -E_NOENT ... */
int spawn(const char *prog, const char *args);   /* through procmgr: pid */
/* The same through procmgr link pm (LINK_NONE: ours), with PMF_* flags. */
int spawn_on(int pm, const char *prog, const char *args, uint32_t flags);
/* Turn our procmgr's load policy on or off: 0 or -E_*. */
int balance_set(bool on);
/* Start prog through a KERNEL link to a kernel (N.0); carry becomes the
 * child's link 1; *child (if not NULL) gets a link to it. Returns the pid. */
int kernel_spawn(int kernel, const char *prog, const char *args, int carry, int *child);
/* The same with SPAWN_* flags (SPAWN_SERVICE: a system service). */
int kernel_spawn_as(int kernel, const char *prog, const char *args, int carry, int *child,
                    uint32_t flags);
int proc_kill(pid_t pid);
int wait_exit(pid_t pid, int *code);
/* Move pid to node (through procmgr): 0 and the figures, or -E_*. */
int migrate_proc(pid_t pid, uint32_t node, struct migrate_answer *out);
/* Print a report (enum kop_report or REPORT_MEMSCHED) fetched from procmgr. */
int print_report(uint32_t report, pid_t pid);
/* The same report into buf (NUL-terminated): its length, or -E_*. */
int fetch_report(uint32_t report, pid_t pid, char *buf, uint32_t size);
/* The same from the procmgr at link pm (another node's, say). */
int fetch_report_from(int pm, uint32_t report, pid_t pid, char *buf, uint32_t size);
/* The value of a "name=value" line of a report. */
bool report_value(const char *text, const char *name, uint64_t *out);

#endif
