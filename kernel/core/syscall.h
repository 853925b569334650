/* SPDX-License-Identifier: MIT */
/* The kernel call's way in: one entry a call, and the checks on the way
 * back to user mode. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include <stdint.h>
#include "arch/x86/trap.h"

/* From syscall_entry (arch/x86/trapentry.S): the entry of call eax, which
 * runs it, puts its result in eax, then does what trap() does on any way
 * back to user mode; entry SYSCALL_SLOTS for a number past the others. */
extern void (*const syscall_traps[])(struct trapframe *tf);

#endif
