/* SPDX-License-Identifier: MIT */
/* One entry stub per vector, the common path that builds a struct trapframe
 * and calls trap(), the system call's own entry (the same frame, straight
 * to the call's entry in syscall_traps), and trapret, the way back (also how new processes
 * start). Vectors that push a CPU error code: SDM vol. 3, table 6-1. */
#include "arch/x86/x86.h"

.altmacro
.macro VEC n
    .align 16
vec\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushl $0
    .endif
    pushl $\n
    jmp alltraps
.endm

    .text
    .align 16
vectors_start:
    .set i, 0
    .rept 256
    VEC %i
    .set i, i + 1
    .endr

alltraps:
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    movw $SEL_KDATA, %ax
    movw %ax, %ds
    movw %ax, %es
    pushl %esp
    call trap
    addl $4, %esp

    .global trapret
trapret:
    popal
    popl %gs
    popl %fs
    popl %es
    popl %ds
    addl $8, %esp       /* trapno, err */
    iret

    /* int $0x80: no detour through trap()'s sorting of vectors. */
    .global syscall_entry
    .align 16
syscall_entry:
    pushl $0
    pushl $0x80                 /* SYSCALL_VECTOR, demos/syscall.h */
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    movw $SEL_KDATA, %dx        /* eax still holds the call's number */
    movw %dx, %ds
    movw %dx, %es
    pushl %esp
    cmpl $SYSCALL_SLOTS, %eax
    jb 1f
    movl $SYSCALL_SLOTS, %eax   /* past the table: its last entry, no such call */
1:  call *syscall_traps(, %eax, 4)
    addl $4, %esp
    jmp trapret

    .section .rodata
    .global trap_vectors
trap_vectors:
    .set i, 0
    .rept 256
    .long vectors_start + i * 16
    .set i, i + 1
    .endr

    .section .note.GNU-stack,"",@progbits
