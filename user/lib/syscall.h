/* SPDX-License-Identifier: MIT */
/* Kernel calls from user code (user/lib/syscall.c): one stub a line of
 * demos/syscalls.def, which says what each does. */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H
#include <stdint.h>
#include "demos/syscall.h"
#include "demos/ipc.h"

/* Raw kernel call: returns eax (>= 0 or -E_*). */
int32_t syscall5(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e);

#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    type stub params;
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    void stub params __attribute__((noreturn));
#include "demos/syscalls.def"
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN

#endif
