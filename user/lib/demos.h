/* SPDX-License-Identifier: MIT */
/* The user-side library in one include: kernel-call stubs, message helpers,
 * the system services' client side, console printing, program entry. */
#ifndef USER_DEMOS_H
#define USER_DEMOS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "demos/syscall.h"
#include "demos/ipc.h"
#include "demos/string.h"
#include "proto.h"
#include "syscall.h"
#include "ipc.h"
#include "printf.h"
#include "start.h"

/* The time-stamp counter (under QEMU -icount shift=0: instructions). */
static inline uint64_t rdtsc(void)
{
    uint64_t v;
    asm volatile("rdtsc" : "=A"(v));
    return v;
}

#endif
