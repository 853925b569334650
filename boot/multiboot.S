/* SPDX-License-Identifier: MIT */
/* Multiboot (v1) header and the kernel's entry: a boot stack, then kmain.
 * Multiboot spec 3.1.1: magic, flags, checksum; flags ask for page-aligned
 * modules (bit 0) and the memory map (bit 1). */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS ((1 << 0) | (1 << 1))

    .section .multiboot
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .bss
    .align 16
boot_stack:
    .skip 16384
boot_stack_top:

    .section .text
    .global _start
_start:
    cli
    mov $boot_stack_top, %esp
    xor %ebp, %ebp
    push %ebx           /* multiboot info (physical = virtual: identity map) */
    push %eax           /* magic from the loader */
    call kmain
1:  hlt
    jmp 1b

    .section .note.GNU-stack,"",@progbits
