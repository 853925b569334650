// SPDX-License-Identifier: MIT
/* Kernel-call stubs, one a line of demos/syscalls.def: int 0x80, number in
 * eax, arguments in ebx, ecx, edx, esi, edi, result in eax. */
#include "demos.h"

int32_t syscall5(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
{
    int32_t r;
    asm volatile("int $0x80"
                 : "=a"(r)
                 : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                 : "memory");
    return r;
}

#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    type stub params { return (type)syscall5 words; }
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    void stub params { syscall5 words; for (;;) ; }
#include "demos/syscalls.def"
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN
