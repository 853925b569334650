/* SPDX-License-Identifier: MIT */
/* Segment descriptors and the task-state segment (only its ring-0 stack is used). */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H
#include <stdint.h>

void gdt_init(void);
/* The kernel stack the CPU loads on a trap from ring 3. */
void gdt_set_kernel_stack(uint32_t esp0);

#endif
