/* SPDX-License-Identifier: MIT */
/* context_switch(struct context **save, struct context *load): save the
 * callee-saved registers on the current kernel stack, store the stack
 * pointer in *save, and resume the context at load. */
    .text
    .global context_switch
context_switch:
    movl 4(%esp), %eax
    movl 8(%esp), %edx
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, (%eax)
    movl %edx, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .note.GNU-stack,"",@progbits
