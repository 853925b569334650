/* SPDX-License-Identifier: MIT */
/* Inline wrappers for single x86 instructions (port I/O, control registers,
 * interrupt flag) and the segment selectors the GDT defines. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

/* GDT layout (arch/x86/gdt.c): selectors, with RPL 3 for user segments. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE (0x18 | 3)
#define SEL_UDATA (0x20 | 3)
#define SEL_TSS   0x28

#define EFLAGS_IF 0x200
/* Flags a process may carry across a move: arithmetic flags and DF (SDM vol. 1, 3.4.3). */
#define EFLAGS_USER_MASK 0xCD5

/* Call numbers in int 0x80's table (kernel/core/syscall.c): 0 to
 * SYSCALL_SLOTS - 1 go to their entry, any other to entry SYSCALL_SLOTS
 * (no such call). */
#define SYSCALL_SLOTS 32

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outw(uint16_t port, uint16_t v) { asm volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint32_t inl(uint16_t port) { uint32_t v; asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }
static inline uint32_t read_cr2(void) { uint32_t v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(uint32_t v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline uint32_t read_eflags(void) { uint32_t v; asm volatile("pushfl; popl %0" : "=r"(v)); return v; }
static inline uint64_t rdtsc(void) { uint64_t v; asm volatile("rdtsc" : "=A"(v)); return v; }
static inline void invlpg(uint32_t va) { asm volatile("invlpg (%0)" : : "r"(va) : "memory"); }

#endif /* __ASSEMBLER__ */
#endif
