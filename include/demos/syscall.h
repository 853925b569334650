/* SPDX-License-Identifier: MIT */
/* What the kernel and user programs agree on: kernel-call numbers, the
 * calling convention, and the error codes every call returns. */
#ifndef DEMOS_SYSCALL_H
#define DEMOS_SYSCALL_H

/* int 0x80: eax = call number, ebx, ecx, edx, esi, edi = arguments;
 * the result comes back in eax: >= 0 success, < 0 one of the E_* below. */
#define SYSCALL_VECTOR 0x80

enum sys_number {
    SYS_CONSOLE_WRITE = 0,  /* (const char *buf, uint32_t len) -> len */
    SYS_CONSOLE_READ  = 1,  /* (char *buf, uint32_t len) -> bytes, blocks for >= 1 */
    SYS_EXIT          = 2,  /* (int code) -> never returns */
    SYS_YIELD         = 3,  /* () -> 0 */
    SYS_GETPID        = 4,  /* () -> own pid */
    SYS_LINK_CREATE   = 5,  /* (channel, flags, area base, area len) -> handle of a link to oneself */
    SYS_LINK_DESTROY  = 6,  /* (handle) -> 0 */
    SYS_LINK_DUP      = 7,  /* (handle) -> new handle (not for REPLY links) */
    SYS_LINK_INFO     = 8,  /* (handle, struct link_info *) -> 0 */
    SYS_SEND          = 9,  /* (handle, const struct msg *, flags) -> 0 */
    SYS_RECEIVE       = 10, /* (channel mask, struct msg *, timeout ms, 0 = none) -> body length */
    SYS_CALL          = 11, /* (handle, struct msg * in/out, timeout ms) -> reply body length */
    SYS_MOVE_DATA     = 12, /* (handle, offset, buf, len, MOVE_READ|MOVE_WRITE) -> bytes moved */
    SYS_NODE          = 13, /* () -> the node this process runs on now */
    SYS_COUNT
};

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
