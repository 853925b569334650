/* SPDX-License-Identifier: MIT */
/* The only ways the kernel touches user memory: each checks that the whole
 * range is the current process's, mapped, and writable when written. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/proc.h"

/* 0 if [uaddr, uaddr+len) may be read (and written, if write), else -E_FAULT. */
int user_check(uint32_t uaddr, uint32_t len, bool write);
/* The caller's whole struct msg at umsg, checked readable (and writable if
 * write): a pointer the kernel may use until it next blocks, or NULL. */
struct msg *user_msg_check(uint32_t umsg, bool write);
static inline struct msg *user_msg(uint32_t umsg, bool write)
{
    /* User pages are never unmapped while their process lives, so a buffer
     * found good once stays good: the last one is remembered (the message
     * path uses the same buffer over and over). */
    if (umsg == current->msg_ok && (current->msg_ok_writable || !write))
        return (struct msg *)umsg;
    return user_msg_check(umsg, write);
}
/* The struct msg another process p waits with (p->recv_umsg, which p
 * checked writable as it began to wait), as the kernel may write it
 * through its identity map: when its header and len bytes of body lie in
 * one page (the usual case), else NULL. Its check still holds: user pages
 * stay mapped while their process lives. */
static inline struct msg *user_msg_waiting(const struct proc *p, uint32_t len)
{
    if (p->recv_umsg != p->msg_ok || !p->msg_ok_writable ||
        sizeof(struct msg_hdr) + len > p->msg_ok_room)
        return 0;
    return (struct msg *)p->msg_ok_k;
}
/* 0, or -E_FAULT. */
int copy_from_user(void *dst, uint32_t usrc, uint32_t len);
int copy_to_user(uint32_t udst, const void *src, uint32_t len);
/* A NUL-terminated string of at most max-1 characters: its length, or
 * -E_FAULT, or -E_TOOBIG when no NUL comes within max bytes. */
int copy_str_from_user(char *dst, uint32_t usrc, uint32_t max);

#endif
