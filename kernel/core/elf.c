// SPDX-License-Identifier: MIT
/* ELF32 program header reader: everything a hostile or truncated image could
 * get wrong is checked here, before exec maps a single page. */
#include "kernel/core/elf.h"
#include "kernel/core/string.h"
#include <stddef.h>
#include <stdbool.h>

/* Layouts and constants from the System V ABI, "Object Files" chapter, and
 * its Intel386 supplement. Field order matches the file exactly. */
#define EI_NIDENT     16
#define EI_MAG0       0
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define ELFMAG        "\177ELF"
#define SELFMAG       4
#define ELFCLASS32    1
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_386        3
#define PT_LOAD       1

struct elf32_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf32_ehdr) == 52, "Elf32_Ehdr size");

struct elf32_phdr {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_vaddr;
    uint32_t p_paddr;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
};
_Static_assert(sizeof(struct elf32_phdr) == 32, "Elf32_Phdr size");

static bool elf_header_ok(const struct elf32_ehdr *eh, uint32_t len)
{
    if (memcmp(eh->e_ident + EI_MAG0, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS32 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_ident[EI_VERSION] != EV_CURRENT ||
        eh->e_version != EV_CURRENT ||
        eh->e_type != ET_EXEC || eh->e_machine != EM_386)
        return false;
    /* A larger entry size is legal (future fields); smaller is not. */
    if (eh->e_phnum > 0 && eh->e_phentsize < sizeof(struct elf32_phdr))
        return false;
    uint64_t end = (uint64_t)eh->e_phoff +
                   (uint64_t)eh->e_phnum * eh->e_phentsize;
    return end <= len;
}

/* Checks one PT_LOAD against the file and the allowed window [lo, hi). */
static bool elf_seg_ok(const struct elf32_phdr *ph, uint32_t len,
                       uint32_t lo, uint32_t hi)
{
    uint64_t file_end = (uint64_t)ph->p_offset + ph->p_filesz;
    uint64_t mem_end = (uint64_t)ph->p_vaddr + ph->p_memsz;

    return ph->p_filesz <= ph->p_memsz && file_end <= len &&
           ph->p_vaddr >= lo && mem_end <= hi;
}

static bool elf_overlaps(const struct elf_seg *a, const struct elf_seg *b)
{
    return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

int elf_parse(const void *data, uint32_t len, uint32_t lo, uint32_t hi,
              struct elf_image *out)
{
    const uint8_t *file = data;
    struct elf32_ehdr eh;
    struct elf_image img;

    if (len < sizeof(eh))
        return -1;
    memcpy(&eh, file, sizeof(eh));
    if (!elf_header_ok(&eh, len))
        return -1;

    img.entry = eh.e_entry;
    img.nseg = 0;
    for (uint32_t i = 0; i < eh.e_phnum; i++) {
        struct elf32_phdr ph;
        memcpy(&ph, file + eh.e_phoff + i * eh.e_phentsize, sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (img.nseg == ELF_MAX_SEGS || !elf_seg_ok(&ph, len, lo, hi))
            return -1;
        struct elf_seg *s = &img.seg[img.nseg];
        s->vaddr = ph.p_vaddr;
        s->memsz = ph.p_memsz;
        s->filesz = ph.p_filesz;
        s->offset = ph.p_offset;
        s->flags = ph.p_flags & (PF_X | PF_W | PF_R);
        for (int j = 0; j < img.nseg; j++)
            if (elf_overlaps(s, &img.seg[j]))
                return -1;
        img.nseg++;
    }

    bool entry_ok = false;
    for (int j = 0; j < img.nseg; j++) {
        const struct elf_seg *s = &img.seg[j];
        if ((s->flags & PF_X) && eh.e_entry >= s->vaddr &&
            eh.e_entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return -1;
    *out = img;
    return 0;
}
