/* SPDX-License-Identifier: MIT */
/* The kernel-call dispatch table. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include <stdint.h>
#include "arch/x86/trap.h"

int32_t syscall_dispatch(struct trapframe *tf);

#endif
