/* SPDX-License-Identifier: MIT */
/* The kernel call's way in: the dispatch table, and the checks on the way
 * back to user mode. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include <stdint.h>
#include "arch/x86/trap.h"

/* From syscall_entry (arch/x86/trapentry.S): run the call in eax, put its
 * result in eax, then what trap() does on any way back to user mode. */
void syscall_trap(struct trapframe *tf);

#endif
