/* SPDX-License-Identifier: MIT */
/* The trap frame built by arch/x86/trapentry.S, the exception vectors, and
 * the stubs' entry points. The stubs call trap() (kernel/core/trap.h). */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H
#include <stdint.h>

struct trapframe {
    uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;   /* pusha */
    uint32_t gs, fs, es, ds;
    uint32_t trapno, err;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;           /* only when the trap came from ring 3 */
};

/* CPU exception vectors 0..31 (SDM vol. 3, table 6-1); IRQs follow
 * (arch/x86/idt.h), the system call is SYSCALL_VECTOR. */
#define T_DIVIDE 0
#define T_ILLOP  6
#define T_GPFLT  13
#define T_PGFLT  14

/* The entry stub of each of the 256 vectors, for the IDT. */
extern uint32_t trap_vectors[256];
/* int 0x80's own entry: the same frame, then the call's own entry
 * (kernel/core/syscall.h). */
void syscall_entry(void);
/* Return to the frame on the stack. */
void trapret(void);

#endif
