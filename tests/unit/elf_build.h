// SPDX-License-Identifier: MIT
/* Shared by test_elf.c and test_elf_hostile.c: a real static i386 program
 * built at test time, and hand-built images (struct spec) to parse. The host
 * <elf.h> supplies the layouts, as a check on the kernel's own. */
#ifndef TESTS_UNIT_ELF_BUILD_H
#define TESTS_UNIT_ELF_BUILD_H

#include "tests/unit/check.h"
#include <elf.h>
#undef PF_X
#undef PF_W
#undef PF_R
#include "kernel/core/elf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(PF_X == 1 && PF_W == 2 && PF_R == 4, "p_flags bits");

#define LO   0x40000000u    /* user window used by these tests */
#define HI   0xc0000000u
#define FILE_LEN 8192u

/* ---- a real program ---------------------------------------------------- */

/* Compile prog_src as a static i386 executable linked at LO; returns the
 * file (exact-size buffer) and writes readelf's LOAD lines to loads.txt. */
static inline uint8_t *real_prog(uint32_t *len)
{
    static const char prog_src[] =
        "int counter = 5;\n"                /* .data */
        "int zeros[1024];\n"                /* .bss: memsz > filesz */
        "const char msg[] = \"hi\";\n"      /* .rodata */
        "void _start(void) { counter += zeros[3] + msg[0]; for (;;) ; }\n";
    const char *t = check_tmpdir();
    const char *cc = getenv("CC") ? getenv("CC") : "gcc";
    char path[4096];
    snprintf(path, sizeof(path), "%s/prog.c", t);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(prog_src, f);
    fclose(f);
    if (check_sh("cd '%s' && %s -m32 -O1 -nostdlib -static -fno-pic -no-pie "
                 "-fno-asynchronous-unwind-tables -Wl,--build-id=none "
                 "-Wl,-Ttext-segment=%#x -e _start -o prog.elf prog.c && "
                 "readelf -lW prog.elf | awk '$1 == \"LOAD\"' > loads.txt && "
                 "readelf -hW prog.elf | awk '/Entry/ {print $4}' > entry.txt",
                 t, cc, LO) != 0)
        return NULL;
    snprintf(path, sizeof(path), "%s/prog.elf", t);
    return check_read_file(path, len);
}

/* ---- hand-built images ------------------------------------------------- */

/* A good image: text R+X at LO (file 0x1000), data R+W with bss after. */
struct spec {
    Elf32_Ehdr eh;
    Elf32_Phdr ph[ELF_MAX_SEGS + 4];
    uint32_t len;
};

static inline struct spec good(void)
{
    struct spec s = { .len = FILE_LEN };
    memcpy(s.eh.e_ident, ELFMAG, SELFMAG);
    s.eh.e_ident[EI_CLASS] = ELFCLASS32;
    s.eh.e_ident[EI_DATA] = ELFDATA2LSB;
    s.eh.e_ident[EI_VERSION] = EV_CURRENT;
    s.eh.e_type = ET_EXEC;
    s.eh.e_machine = EM_386;
    s.eh.e_version = EV_CURRENT;
    s.eh.e_entry = LO + 0x10;
    s.eh.e_phoff = sizeof(Elf32_Ehdr);
    s.eh.e_ehsize = sizeof(Elf32_Ehdr);
    s.eh.e_phentsize = sizeof(Elf32_Phdr);
    s.eh.e_phnum = 2;
    s.ph[0] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
        .p_vaddr = LO, .p_filesz = 0x100, .p_memsz = 0x100,
        .p_flags = PF_R | PF_X, .p_align = 0x1000 };
    s.ph[1] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1100,
        .p_vaddr = LO + 0x1100, .p_filesz = 0x10, .p_memsz = 0x2000,
        .p_flags = PF_R | PF_W, .p_align = 0x1000 };
    return s;
}

/* Lay s out as a file in an exact-size heap buffer and parse it. */
static inline int parse(const struct spec *s, uint32_t lo, uint32_t hi,
                        struct elf_image *img)
{
    uint8_t *f = calloc(1, s->len ? s->len : 1);
    size_t phbytes = (size_t)s->eh.e_phnum * sizeof(Elf32_Phdr);
    if (s->len >= sizeof(s->eh))
        memcpy(f, &s->eh, sizeof(s->eh));
    else
        memcpy(f, &s->eh, s->len);
    if (s->eh.e_phoff == sizeof(Elf32_Ehdr) && s->eh.e_phnum <= ELF_MAX_SEGS + 4
        && sizeof(Elf32_Ehdr) + phbytes <= s->len)
        memcpy(f + sizeof(Elf32_Ehdr), s->ph, phbytes);
    int r = elf_parse(f, s->len, lo, hi, img);
    free(f);
    return r;
}

static inline int parse_spec(const struct spec *s)
{
    struct elf_image img;
    return parse(s, LO, HI, &img);
}

static inline struct spec n_loads(int n)
{
    struct spec s = good();
    s.eh.e_phnum = n;
    for (int i = 0; i < n; i++)
        s.ph[i] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
            .p_vaddr = LO + i * 0x1000, .p_filesz = 0x10, .p_memsz = 0x1000,
            .p_flags = PF_R | PF_X };
    return s;
}

#endif
