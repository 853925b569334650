// SPDX-License-Identifier: MIT
/* Kernel-call stubs (int 0x80, arguments in ebx, ecx, edx, esi, edi) and
 * the C entry that turns the argument string into argc/argv. */
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

int console_write(const char *buf, uint32_t len)
{
    return syscall5(SYS_CONSOLE_WRITE, (uint32_t)buf, len, 0, 0, 0);
}

int console_read(char *buf, uint32_t len)
{
    return syscall5(SYS_CONSOLE_READ, (uint32_t)buf, len, 0, 0, 0);
}

void exit(int code)
{
    syscall5(SYS_EXIT, (uint32_t)code, 0, 0, 0, 0);
    for (;;)
        ;
}

int yield(void) { return syscall5(SYS_YIELD, 0, 0, 0, 0, 0); }
pid_t getpid(void) { return (pid_t)syscall5(SYS_GETPID, 0, 0, 0, 0, 0); }
int sleep_ms(uint32_t ms) { return syscall5(SYS_SLEEP, ms, 0, 0, 0, 0); }
int wait_exit(pid_t pid, uint32_t ms) { return syscall5(SYS_WAIT, pid, ms, 0, 0, 0); }

int spawn(const char *prog, const char *args)
{
    return syscall5(SYS_SPAWN, (uint32_t)prog, (uint32_t)args, 0, 0, 0);
}

int split_words(char *line, char **words, int max)
{
    int n = 0;
    while (*line && n < max) {
        while (*line == ' ' || *line == '\t')
            *line++ = 0;
        if (!*line)
            break;
        words[n++] = line;
        while (*line && *line != ' ' && *line != '\t')
            line++;
    }
    return n;
}

static char argbuf[PROG_ARGS_MAX + 1];

void _start_c(const char *args) __attribute__((noreturn, used));
void _start_c(const char *args)
{
    char *argv[MAX_ARGS + 1];
    size_t n = strnlen(args, PROG_ARGS_MAX);
    memcpy(argbuf, args, n);
    argbuf[n] = 0;
    argv[0] = "";
    int argc = 1 + split_words(argbuf, argv + 1, MAX_ARGS - 1);
    argv[argc] = 0;
    exit(main(argc, argv));
}
