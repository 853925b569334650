/* SPDX-License-Identifier: MIT */
/* The only ways the kernel touches user memory: each checks that the whole
 * range is the current process's, mapped, and writable when written. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H
#include <stdint.h>
#include <stdbool.h>

/* 0 if [uaddr, uaddr+len) may be read (and written, if write), else -E_FAULT. */
int user_check(uint32_t uaddr, uint32_t len, bool write);
/* The caller's whole struct msg at umsg, checked readable (and writable if
 * write): a pointer the kernel may use until it next blocks, or NULL. */
struct msg *user_msg(uint32_t umsg, bool write);
/* Write a message (header h, h->len bytes of body, from kernel memory or
 * the current process's) into the struct msg another process p waits with
 * (p->recv_umsg, which p checked writable as it began to wait). 0 or
 * -E_FAULT. */
struct proc;
struct msg_hdr;
int user_msg_put(struct proc *p, const struct msg_hdr *h, const void *body);
/* 0, or -E_FAULT. */
int copy_from_user(void *dst, uint32_t usrc, uint32_t len);
int copy_to_user(uint32_t udst, const void *src, uint32_t len);
/* A NUL-terminated string of at most max-1 characters: its length, or
 * -E_FAULT, or -E_TOOBIG when no NUL comes within max bytes. */
int copy_str_from_user(char *dst, uint32_t usrc, uint32_t max);

#endif
