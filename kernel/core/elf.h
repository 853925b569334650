/* SPDX-License-Identifier: MIT */
/* ELF32 executable reader: validates a user program image and describes the
 * segments to load. Pure: the loader (kernel/core/exec.c) does the copying. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stdint.h>

#define ELF_MAX_SEGS 8

/* p_flags bits, System V ABI "Program Header". */
#define PF_X 0x1u
#define PF_W 0x2u
#define PF_R 0x4u

struct elf_seg {
    uint32_t vaddr, memsz, filesz, offset;
    uint32_t flags;                 /* PF_X | PF_W | PF_R */
};

struct elf_image {
    uint32_t entry;
    int nseg;
    struct elf_seg seg[ELF_MAX_SEGS];   /* PT_LOAD segments in file order */
};

/* Validate and describe an ELF32 little-endian i386 ET_EXEC image of len
 * bytes. Only PT_LOAD segments with a non-zero memsz are kept. Returns 0, or
 * -1 if anything is wrong: bad magic/class/data/version/machine/type, program
 * headers outside the file, more than ELF_MAX_SEGS loads, filesz > memsz,
 * segment file bytes outside the file, a segment outside [lo, hi) or
 * wrapping around, two segments overlapping, entry not inside an executable
 * segment. On success every seg satisfies lo <= vaddr, vaddr + memsz <= hi
 * and offset + filesz <= len. data need not be aligned. */
int elf_parse(const void *data, uint32_t len, uint32_t lo, uint32_t hi,
              struct elf_image *out);

#endif
