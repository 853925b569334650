/* SPDX-License-Identifier: MIT */
/* The user-side library: kernel-call stubs, message helpers, the system
 * services' client side, console printing. */
#ifndef USER_DEMOS_H
#define USER_DEMOS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "demos/syscall.h"
#include "demos/ipc.h"
#include "demos/string.h"
#include "proto.h"

#define MAX_ARGS 16

/* Raw kernel call: returns eax (>= 0 or -E_*). */
int32_t syscall5(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e);

/* Kernel calls (include/demos/syscall.h says what each does). */
int console_write(const char *buf, uint32_t len);
int console_read(char *buf, uint32_t len);
void exit(int code) __attribute__((noreturn));
int yield(void);
pid_t getpid(void);
/* The node this process runs on now (it changes when it moves). */
unsigned this_node(void);
int link_create(uint32_t channel, uint32_t flags, void *base, uint32_t len);
int link_destroy(int h);
int link_dup(int h);
int link_info(int h, struct link_info *out);
int send(int h, const struct msg *m, uint32_t flags);
int receive(uint32_t mask, struct msg *m, uint32_t timeout_ms);
int call(int h, struct msg *m, uint32_t timeout_ms);
int move_data(int h, uint32_t offset, void *buf, uint32_t len, uint32_t dir);

/* Messages: set a body (and no carried link), answer a received call. */
void msg_set(struct msg *m, const void *body, uint32_t len);
int reply(const struct msg *req, const void *body, uint32_t len, int carry);
/* Answer a report request: a status word, then text[offset..] as fits. */
int reply_text(const struct msg *req, const char *text, uint32_t len, uint32_t offset, int status);
/* Call h with body req; the answer's first words land in *ans.
 * Returns the call's error, else ans->status. */
int call_answer(int h, const void *req, uint32_t len, struct answer *ans, struct msg *m);
int sleep_ms(uint32_t ms);

/* Services. */
int name_register(const char *name, int h);
int name_lookup(const char *name);          /* a new handle, or -E_NOENT ... */
int spawn(const char *prog, const char *args);   /* through procmgr: pid */
/* Start prog through a KERNEL link to a kernel (N.0); carry becomes the
 * child's link 1; *child (if not NULL) gets a link to it. Returns the pid. */
int kernel_spawn(int kernel, const char *prog, const char *args, int carry, int *child);
int proc_kill(pid_t pid);
int wait_exit(pid_t pid, int *code);
/* Move pid to node (through procmgr): 0 and the figures, or -E_*. */
int migrate_proc(pid_t pid, uint32_t node, struct migrate_answer *out);
/* Print a report (enum kop_report or REPORT_MEMSCHED) fetched from procmgr. */
int print_report(uint32_t report, pid_t pid);
/* The same report into buf (NUL-terminated): its length, or -E_*. */
int fetch_report(uint32_t report, pid_t pid, char *buf, uint32_t size);
/* The value of a "name=value" line of a report. */
bool report_value(const char *text, const char *name, uint64_t *out);

/* The time-stamp counter (under QEMU -icount shift=0: instructions). */
static inline uint64_t rdtsc(void)
{
    uint64_t v;
    asm volatile("rdtsc" : "=A"(v));
    return v;
}
/* TSC ticks per 0.01 us, measured against the kernel's timer (200 ms). */
uint32_t tsc_per_us100(void);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *err_name(int err);
/* Split line in place at spaces into at most max words; returns the count. */
int split_words(char *line, char **words, int max);
/* "N.S" -> pid; 0 if malformed. */
pid_t parse_pid(const char *s);
/* Decimal -> value; false if not a number. */
bool parse_uint(const char *s, uint32_t *out);

int main(int argc, char **argv);

#endif
