/* SPDX-License-Identifier: MIT */
/* Starting programs from the boot archive. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H
#include <stdint.h>
#include "demos/syscall.h"

void exec_set_archive(const void *base, uint32_t len);
/* Name of the first program in the archive (the one the kernel starts). */
const char *exec_first_program(void);
struct link;
/* Create a process running PROG with the argument string ARGS. Its link 0
 * points at this node's switchboard (N.2); link1, if given, is copied into
 * its slot 1. Returns its pid, or -E_NOENT / -E_NOEXEC / -E_NOMEM / -E_TOOBIG. */
int exec_spawn(const char *prog, const char *args, const struct link *link1);
/* The same as N.serial (proc_alloc_at; 0: a new serial); -E_PERM if that
 * serial cannot be had. */
int exec_spawn_at(const char *prog, const char *args, const struct link *link1, uint32_t serial);
/* Pages PROG needs (segments and stack), or -E_NOENT / -E_NOEXEC. */
int exec_program_pages(const char *prog);

#endif
