// SPDX-License-Identifier: MIT
/* Kernel-call stubs: int 0x80, number in eax, arguments in ebx, ecx, edx,
 * esi, edi, result in eax. */
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

#define CALL0(n) syscall5((n), 0, 0, 0, 0, 0)
#define CALL2(n, a, b) syscall5((n), (uint32_t)(a), (uint32_t)(b), 0, 0, 0)
#define CALL3(n, a, b, c) syscall5((n), (uint32_t)(a), (uint32_t)(b), (uint32_t)(c), 0, 0)

int console_write(const char *buf, uint32_t len) { return CALL2(SYS_CONSOLE_WRITE, buf, len); }
int console_read(char *buf, uint32_t len) { return CALL2(SYS_CONSOLE_READ, buf, len); }
int yield(void) { return CALL0(SYS_YIELD); }
pid_t getpid(void) { return (pid_t)CALL0(SYS_GETPID); }
unsigned this_node(void) { return (unsigned)CALL0(SYS_NODE); }
int link_destroy(int h) { return CALL2(SYS_LINK_DESTROY, h, 0); }
int link_dup(int h) { return CALL2(SYS_LINK_DUP, h, 0); }
int link_info(int h, struct link_info *out) { return CALL2(SYS_LINK_INFO, h, out); }
int send(int h, const struct msg *m, uint32_t flags) { return CALL3(SYS_SEND, h, m, flags); }
int receive(uint32_t mask, struct msg *m, uint32_t ms) { return CALL3(SYS_RECEIVE, mask, m, ms); }
int call(int h, struct msg *m, uint32_t ms) { return CALL3(SYS_CALL, h, m, ms); }

int link_create(uint32_t channel, uint32_t flags, void *base, uint32_t len)
{
    return syscall5(SYS_LINK_CREATE, channel, flags, (uint32_t)base, len, 0);
}

int move_data(int h, uint32_t offset, void *buf, uint32_t len, uint32_t dir)
{
    return syscall5(SYS_MOVE_DATA, (uint32_t)h, offset, (uint32_t)buf, len, dir);
}

void exit(int code)
{
    syscall5(SYS_EXIT, (uint32_t)code, 0, 0, 0, 0);
    for (;;)
        ;
}
