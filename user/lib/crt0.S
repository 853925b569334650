/* SPDX-License-Identifier: MIT */
/* Program entry: the kernel leaves [esp] = 0 (no return), [esp+4] = the
 * argument string; _start_c splits it, calls main and exits with its value. */
    .section .text.start
    .global _start
_start:
    xor %ebp, %ebp
    jmp _start_c

    .section .note.GNU-stack,"",@progbits
