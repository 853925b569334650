// SPDX-License-Identifier: MIT
/* faulty: fault isolation. With no argument it runs one child per bad thing
 * (each must be ended by the kernel with a report), then a child that hands
 * bad pointers to every kernel call, then shows the node still starts
 * programs. With an argument it is that child. */
#include "demos.h"

#define DEEP_FRAME 1024

/* Recurses until the stack runs into its guard; the depth check only keeps
 * the compiler from calling the recursion infinite. */
static int recurse(int n)
{
    volatile char frame[DEEP_FRAME];
    frame[0] = (char)n;
    if (n > 1000000)
        return frame[0];
    return recurse(n + 1) + frame[0];
}

static int expect_refused(const char *what, int got, int want, int *refused)
{
    if (got == -want) {
        (*refused)++;
        return 1;
    }
    printf("faulty: %s returned %d, expected %s\n", what, got, err_name(want));
    return 0;
}

static int bad_pointers(void)
{
    int refused = 0, total = 0;
    char *kernel_memory = (char *)0x100000;
    char *past_stack = (char *)(USER_TOP - 4);
    char *text = (char *)(uintptr_t)bad_pointers;
    /* The last bytes of the last data page: what starts there runs into the
     * unmapped page that follows. */
    extern char _end[];
    char *last = (char *)(((uintptr_t)_end + 4095) & ~(uintptr_t)4095) - 8;
    memset(last, 'x', 8);
#define TRY(what, call, want) (total++, expect_refused(what, (call), (want), &refused))
    TRY("write(NULL)", console_write(0, 10), E_FAULT);
    TRY("write(kernel)", console_write(kernel_memory, 10), E_FAULT);
    TRY("write(past stack)", console_write(past_stack, 100), E_FAULT);
    TRY("write(wrapping)", console_write((char *)0xFFFFFFF0u, 0x20), E_FAULT);
    TRY("read(NULL)", console_read(0, 10), E_FAULT);
    TRY("read(kernel)", console_read(kernel_memory, 10), E_FAULT);
    TRY("read(read-only text)", console_read(text, 10), E_FAULT);
    TRY("send(NULL)", send(LINK_SWITCHBOARD, 0, 0), E_FAULT);
    TRY("send(kernel)", send(LINK_SWITCHBOARD, (struct msg *)kernel_memory, 0), E_FAULT);
    TRY("send(body past the end)", send(LINK_SWITCHBOARD, (struct msg *)last, 0), E_FAULT);
    TRY("receive(NULL)", receive(CHAN_ALL, 0, 1), E_FAULT);
    TRY("receive(read-only)", receive(CHAN_ALL, (struct msg *)text, 1), E_FAULT);
    TRY("call(kernel)", call(LINK_SWITCHBOARD, (struct msg *)kernel_memory, 1), E_FAULT);
    TRY("link_info(NULL)", link_info(LINK_SWITCHBOARD, 0), E_FAULT);
    TRY("link_create(DATA over kernel)", link_create(0, LINK_DATA | LINK_READ, kernel_memory, 16), E_FAULT);
    TRY("move_data(bad handle)", move_data(12345, 0, last, 1, MOVE_READ), E_BADLINK);
    TRY("send(bad handle)", send(-7, 0, 0), E_BADLINK);
    TRY("call 999", syscall5(999, 0, 0, 0, 0, 0), E_BADCALL);
    TRY("call SYS_COUNT", syscall5(SYS_COUNT, 0, 0, 0, 0, 0), E_BADCALL);
    TRY("call -1", syscall5(0xFFFFFFFFu, 0, 0, 0, 0, 0), E_BADCALL);
#undef TRY
    printf("faulty: bad pointers refused %d of %d\n", refused, total);
    return refused == total ? 0 : 1;
}

static int misbehave(const char *how)
{
    if (strcmp(how, "null") == 0)
        return *(volatile int *)0;
    if (strcmp(how, "priv") == 0)
        asm volatile("hlt");
    if (strcmp(how, "div") == 0) {
        unsigned q = 1, zero = 0;
        asm volatile("divl %2" : "+a"(q) : "d"(0), "r"(zero));
        return (int)q;
    }
    if (strcmp(how, "stack") == 0)
        return recurse(0);
    /* The FPU and SIMD registers are the kernel's (arch/x86/simd.c): the
     * first such instruction ends the process. */
    if (strcmp(how, "x87") == 0)
        asm volatile("fninit; fld1; fstp %%st(0)" ::: "memory");
    else if (strcmp(how, "mmx") == 0)
        asm volatile("pxor %%mm0, %%mm0; emms" ::: "memory");
    else if (strcmp(how, "sse") == 0)
        asm volatile("movdqu (%0), %%xmm0; movdqu %%xmm0, (%0)" : : "r"(&how) : "memory");
    if (strcmp(how, "x87") == 0 || strcmp(how, "mmx") == 0 || strcmp(how, "sse") == 0) {
        printf("faulty: %s ran\n", how);
        return 3;
    }
    if (strcmp(how, "syscalls") == 0)
        return bad_pointers();
    printf("faulty: unknown mode %s\n", how);
    return 2;
}

int main(int argc, char **argv)
{
    static const char *const modes[] = { "null", "priv", "div", "stack", "syscalls" };
    if (argc > 1)
        return misbehave(argv[1]);
    for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        int pid = spawn("faulty", modes[i]), r = pid;
        if (pid < 0 || (r = wait_exit((pid_t)pid, 0)) < 0)
            printf("faulty: child %s did not run or end: %s\n", modes[i], err_name(r));
    }
    printf("faulty: done\n");
    int pid = spawn("hello", "");
    return pid < 0 ? 1 : wait_exit((pid_t)pid, 0);
}
