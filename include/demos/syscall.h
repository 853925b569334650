/* SPDX-License-Identifier: MIT */
/* What the kernel and user programs agree on: kernel-call numbers (from
 * demos/syscalls.def), the calling convention, and the error codes every
 * call returns. */
#ifndef DEMOS_SYSCALL_H
#define DEMOS_SYSCALL_H

/* int 0x80: eax = call number, ebx, ecx, edx, esi, edi = arguments;
 * the result comes back in eax: >= 0 success, < 0 one of the E_* below. */
#define SYSCALL_VECTOR 0x80

/* Reading the lines of demos/syscalls.def: each SYSCALLn line becomes
 *   SYSCALL_DO(number, NAME, type, stub, (the stub's parameters),
 *              (the stub's words: SYS_NAME, then the arguments),
 *              (the handler's parameter types),
 *              (the handler's arguments, from the words SYSCALL_ARG0..4,
 *               which the includer defines))
 * and SYSCALL_NORETURN1 the same through SYSCALL_DO_NORETURN, with no type.
 * Each includer of the list defines those two for what it makes of it. */
#define SYSCALL_PARAM(arg) SYSCALL_PARAM_ arg
#define SYSCALL_PARAM_(utype, ktype, name) utype name
#define SYSCALL_WORD(arg) SYSCALL_WORD_ arg
#define SYSCALL_WORD_(utype, ktype, name) (uint32_t)(name)
#define SYSCALL_KTYPE(arg) SYSCALL_KTYPE_ arg
#define SYSCALL_KTYPE_(utype, ktype, name) ktype
#define SYSCALL_KARG(arg, i) (SYSCALL_KTYPE(arg))SYSCALL_ARG##i

#define SYSCALL0(n, N, t, s) \
    SYSCALL_DO(n, N, t, s, (void), (SYS_##N), (void), ())
#define SYSCALL1(n, N, t, s, a1) \
    SYSCALL_DO(n, N, t, s, (SYSCALL_PARAM(a1)), \
               (SYS_##N, SYSCALL_WORD(a1)), \
               (SYSCALL_KTYPE(a1)), (SYSCALL_KARG(a1, 0)))
#define SYSCALL2(n, N, t, s, a1, a2) \
    SYSCALL_DO(n, N, t, s, (SYSCALL_PARAM(a1), SYSCALL_PARAM(a2)), \
               (SYS_##N, SYSCALL_WORD(a1), SYSCALL_WORD(a2)), \
               (SYSCALL_KTYPE(a1), SYSCALL_KTYPE(a2)), \
               (SYSCALL_KARG(a1, 0), SYSCALL_KARG(a2, 1)))
#define SYSCALL3(n, N, t, s, a1, a2, a3) \
    SYSCALL_DO(n, N, t, s, (SYSCALL_PARAM(a1), SYSCALL_PARAM(a2), SYSCALL_PARAM(a3)), \
               (SYS_##N, SYSCALL_WORD(a1), SYSCALL_WORD(a2), SYSCALL_WORD(a3)), \
               (SYSCALL_KTYPE(a1), SYSCALL_KTYPE(a2), SYSCALL_KTYPE(a3)), \
               (SYSCALL_KARG(a1, 0), SYSCALL_KARG(a2, 1), SYSCALL_KARG(a3, 2)))
#define SYSCALL4(n, N, t, s, a1, a2, a3, a4) \
    SYSCALL_DO(n, N, t, s, (SYSCALL_PARAM(a1), SYSCALL_PARAM(a2), SYSCALL_PARAM(a3), \
                            SYSCALL_PARAM(a4)), \
               (SYS_##N, SYSCALL_WORD(a1), SYSCALL_WORD(a2), SYSCALL_WORD(a3), \
                SYSCALL_WORD(a4)), \
               (SYSCALL_KTYPE(a1), SYSCALL_KTYPE(a2), SYSCALL_KTYPE(a3), SYSCALL_KTYPE(a4)), \
               (SYSCALL_KARG(a1, 0), SYSCALL_KARG(a2, 1), SYSCALL_KARG(a3, 2), \
                SYSCALL_KARG(a4, 3)))
#define SYSCALL5(n, N, t, s, a1, a2, a3, a4, a5) \
    SYSCALL_DO(n, N, t, s, (SYSCALL_PARAM(a1), SYSCALL_PARAM(a2), SYSCALL_PARAM(a3), \
                            SYSCALL_PARAM(a4), SYSCALL_PARAM(a5)), \
               (SYS_##N, SYSCALL_WORD(a1), SYSCALL_WORD(a2), SYSCALL_WORD(a3), \
                SYSCALL_WORD(a4), SYSCALL_WORD(a5)), \
               (SYSCALL_KTYPE(a1), SYSCALL_KTYPE(a2), SYSCALL_KTYPE(a3), SYSCALL_KTYPE(a4), \
                SYSCALL_KTYPE(a5)), \
               (SYSCALL_KARG(a1, 0), SYSCALL_KARG(a2, 1), SYSCALL_KARG(a3, 2), \
                SYSCALL_KARG(a4, 3), SYSCALL_KARG(a5, 4)))
#define SYSCALL_NORETURN1(n, N, s, a1) \
    SYSCALL_DO_NORETURN(n, N, s, (SYSCALL_PARAM(a1)), \
                        (SYS_##N, SYSCALL_WORD(a1)), \
                        (SYSCALL_KTYPE(a1)), (SYSCALL_KARG(a1, 0)))

/* Call numbers, from the list. */
#define SYSCALL_DO(number, NAME, ...) SYS_##NAME = number,
#define SYSCALL_DO_NORETURN SYSCALL_DO
enum sys_number {
#include "syscalls.def"
    SYS_COUNT
};
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN

/* Error codes (negated in eax). Names are printed by err_name(). */
enum sys_error {
    E_OK = 0,
    E_BADCALL = 1,      /* no such kernel call */
    E_FAULT = 2,        /* a pointer argument is outside the caller's memory */
    E_BADLINK = 3,      /* link index is not a valid link of the caller */
    E_TOOBIG = 4,       /* message or argument larger than allowed */
    E_NOPROC = 5,       /* target process does not exist (or has ended) */
    E_WOULDBLOCK = 6,   /* would have to wait and the caller said not to */
    E_TIMEOUT = 7,      /* the wait ran out */
    E_NOMEM = 8,        /* not enough memory */
    E_PERM = 9,         /* link does not grant this right */
    E_RANGE = 10,       /* offset/length outside the area */
    E_NOENT = 11,       /* no such program or name */
    E_INVAL = 12,       /* an argument has a bad value */
    E_DOWN = 13,        /* the target's node is down */
    E_NOEXEC = 14,      /* program image is not a valid ELF32 i386 executable */
    E_MOVED = 15,       /* between kernels only: the process moved on (move_data retries there) */
    E_ERRCOUNT
};

/* Process id: creating node in the high 12 bits, serial in the low 20;
 * printed as N.S. Serials are never reused while the node runs. */
typedef unsigned int pid_t;
#define PID_MAKE(node, serial) (((pid_t)(node) << 20) | ((serial) & 0xfffff))
#define PID_NODE(pid) ((unsigned)(pid) >> 20)
#define PID_SERIAL(pid) ((unsigned)(pid) & 0xfffff)

/* User address space: programs link at USER_BASE; the stack ends at USER_TOP. */
#define USER_BASE 0x40000000u
#define USER_TOP  0xBFFFF000u
#define USER_STACK_PAGES 16

#define PROG_NAME_MAX 32
#define PROG_ARGS_MAX 128

#endif
