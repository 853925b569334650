/* SPDX-License-Identifier: MIT */
/* Where every interrupt and exception lands: called by the entry stubs of
 * arch/x86/trapentry.S with the frame they built (the system call has its
 * own, kernel/core/syscall.h). */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H
#include "arch/x86/trap.h"

void trap(struct trapframe *tf);
/* On the way back to user mode, when the current process is killed,
 * stopped or has used its slice: end it, or switch away. */
void trap_user_work(void);

#endif
