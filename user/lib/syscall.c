// SPDX-License-Identifier: MIT
/* Kernel-call stubs, one a line of demos/syscalls.def: int 0x80, number in
 * eax, arguments in ebx, ecx, edx, esi, edi (as many as the call has),
 * result in eax. */
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

/* One stub per number of arguments, each loading only its own registers
 * (the kernel reads no others). */
#define TRAP(...) int32_t r; asm volatile("int $0x80" : "=a"(r) : __VA_ARGS__ : "memory"); return r
static inline int32_t sc0(uint32_t n) { TRAP("a"(n)); }
static inline int32_t sc1(uint32_t n, uint32_t a) { TRAP("a"(n), "b"(a)); }
static inline int32_t sc2(uint32_t n, uint32_t a, uint32_t b) { TRAP("a"(n), "b"(a), "c"(b)); }
static inline int32_t sc3(uint32_t n, uint32_t a, uint32_t b, uint32_t c)
{
    TRAP("a"(n), "b"(a), "c"(b), "d"(c));
}
static inline int32_t sc4(uint32_t n, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    TRAP("a"(n), "b"(a), "c"(b), "d"(c), "S"(d));
}
#define sc5 syscall5
/* The stub for a list's words: (SYS_NAME, arguments...) -> scN(...). */
#define PICK(_0, _1, _2, _3, _4, _5, fn, ...) fn
#define WORDS(...) PICK(__VA_ARGS__, sc5, sc4, sc3, sc2, sc1, sc0, none)(__VA_ARGS__)

#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    type stub params { return (type)WORDS words; }
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    void stub params { WORDS words; for (;;) ; }
#include "demos/syscalls.def"
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN
