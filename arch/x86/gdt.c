// SPDX-License-Identifier: MIT
/* Flat GDT (kernel and user code/data, one TSS) per Intel SDM vol. 3, 3.4.5
 * and 7.2.2. The TSS exists only to give the CPU a ring-0 stack on traps. */
#include "arch/x86/gdt.h"
#include "arch/x86/x86.h"

/* Access bytes (SDM 3.4.5): present, DPL, code/data type; flags: 4K granularity, 32-bit. */
#define ACC_KCODE 0x9A
#define ACC_KDATA 0x92
#define ACC_UCODE 0xFA
#define ACC_UDATA 0xF2
#define ACC_TSS   0x89
#define FLAGS_4K32 0xC

static uint64_t gdt[6];
struct tss tss;

static uint64_t seg_desc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint64_t d = limit & 0xFFFF;
    d |= (uint64_t)(base & 0xFFFFFF) << 16;
    d |= (uint64_t)access << 40;
    d |= (uint64_t)((limit >> 16) & 0xF) << 48;
    d |= (uint64_t)(flags & 0xF) << 52;
    d |= (uint64_t)((base >> 24) & 0xFF) << 56;
    return d;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = seg_desc(0, 0xFFFFF, ACC_KCODE, FLAGS_4K32);
    gdt[2] = seg_desc(0, 0xFFFFF, ACC_KDATA, FLAGS_4K32);
    gdt[3] = seg_desc(0, 0xFFFFF, ACC_UCODE, FLAGS_4K32);
    gdt[4] = seg_desc(0, 0xFFFFF, ACC_UDATA, FLAGS_4K32);
    tss.ss0 = SEL_KDATA;
    tss.iomap_base = sizeof(tss);   /* no I/O bitmap: ring 3 gets no ports */
    gdt[5] = seg_desc((uint32_t)&tss, sizeof(tss) - 1, ACC_TSS, 0);

    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        gdtr = { sizeof(gdt) - 1, (uint32_t)gdt };
    asm volatile("lgdt %0" : : "m"(gdtr));
    asm volatile("ljmp %0, $1f\n1:" : : "i"(SEL_KCODE));
    asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%fs; mov %0, %%gs; mov %0, %%ss"
                 : : "r"((uint32_t)SEL_KDATA));
    asm volatile("ltr %w0" : : "r"((uint16_t)SEL_TSS));
}

