/* SPDX-License-Identifier: MIT */
/* Where every interrupt, exception and system call lands: called by the
 * entry stubs of arch/x86/trapentry.S with the frame they built. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H
#include "arch/x86/trap.h"

void trap(struct trapframe *tf);

#endif
