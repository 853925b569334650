// SPDX-License-Identifier: MIT
/* Unit tests for the ELF32 reader (kernel/core/elf.c): a real static i386
 * program built at test time, and hand-built images with one fault each.
 * The host <elf.h> supplies the layouts, as a check on the kernel's own. */
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

static const char prog_src[] =
    "int counter = 5;\n"                /* .data */
    "int zeros[1024];\n"                /* .bss: memsz > filesz */
    "const char msg[] = \"hi\";\n"      /* .rodata */
    "void _start(void) { counter += zeros[3] + msg[0]; for (;;) ; }\n";

/* Compile prog_src as a static i386 executable linked at LO; returns the
 * file (exact-size buffer) and writes readelf's LOAD lines to loads.txt. */
static uint8_t *real_prog(uint32_t *len)
{
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

TEST(elf_parse_describes_a_real_static_program_as_readelf_does)
{
    uint32_t len;
    uint8_t *file = real_prog(&len);
    REQUIRE(file != NULL);
    struct elf_image img;
    REQUIRE_EQ(elf_parse(file, len, LO, HI, &img), 0);

    char path[4096], line[256];
    snprintf(path, sizeof(path), "%s/entry.txt", check_tmpdir());
    FILE *f = fopen(path, "r");
    REQUIRE(f != NULL);
    unsigned entry = 0;
    CHECK_EQ(fscanf(f, "%x", &entry), 1);
    fclose(f);
    CHECK_EQ(img.entry, entry);

    snprintf(path, sizeof(path), "%s/loads.txt", check_tmpdir());
    f = fopen(path, "r");
    REQUIRE(f != NULL);
    int n = 0;
    bool saw_bss = false;
    while (fgets(line, sizeof(line), f) && n < ELF_MAX_SEGS) {
        unsigned off, va, pa, fsz, msz;
        int at = 0;
        REQUIRE_EQ(sscanf(line, " LOAD %x %x %x %x %x %n", &off, &va, &pa,
                          &fsz, &msz, &at), 5);
        const struct elf_seg *s = &img.seg[n++];
        CHECK_EQ(s->offset, off);
        CHECK_EQ(s->vaddr, va);
        CHECK_EQ(s->filesz, fsz);
        CHECK_EQ(s->memsz, msz);
        /* Then the flags column ("R E", "RW", ...) and the alignment. */
        char *flags = line + at, *align = strstr(flags, "0x");
        if (align)
            *align = '\0';
        CHECK_EQ(!!(s->flags & PF_R), strchr(flags, 'R') != NULL);
        CHECK_EQ(!!(s->flags & PF_W), strchr(flags, 'W') != NULL);
        CHECK_EQ(!!(s->flags & PF_X), strchr(flags, 'E') != NULL);
        saw_bss |= fsz < msz && (s->flags & PF_W);
    }
    fclose(f);
    CHECK_EQ(img.nseg, n);
    CHECK(n >= 2);
    CHECK(saw_bss);
    free(file);
}

TEST(elf_parse_reads_an_image_at_an_odd_address)
{
    uint32_t len;
    uint8_t *file = real_prog(&len);
    REQUIRE(file != NULL);
    uint8_t *odd = malloc(len + 1);
    memcpy(odd + 1, file, len);
    struct elf_image a, b;
    REQUIRE_EQ(elf_parse(file, len, LO, HI, &a), 0);
    REQUIRE_EQ(elf_parse(odd + 1, len, LO, HI, &b), 0);
    CHECK_EQ(b.entry, a.entry);
    REQUIRE_EQ(b.nseg, a.nseg);
    REQUIRE(a.nseg > 0);
    for (int i = 0; i < a.nseg; i++) {
        CHECK_EQ(b.seg[i].vaddr, a.seg[i].vaddr);
        CHECK_EQ(b.seg[i].memsz, a.seg[i].memsz);
        CHECK_EQ(b.seg[i].filesz, a.seg[i].filesz);
        CHECK_EQ(b.seg[i].offset, a.seg[i].offset);
        CHECK_EQ(b.seg[i].flags, a.seg[i].flags);
    }
    free(odd);
    free(file);
}

TEST(elf_rejects_a_real_program_outside_the_window_or_cut_short)
{
    uint32_t len;
    uint8_t *file = real_prog(&len);
    struct elf_image img;
    REQUIRE(file != NULL);
    CHECK_EQ(elf_parse(file, len, LO + 0x1000, HI, &img), -1);
    CHECK_EQ(elf_parse(file, len, 0, LO, &img), -1);
    REQUIRE_EQ(elf_parse(file, len, LO, HI, &img), 0);
    uint32_t data_end = 0;
    for (int i = 0; i < img.nseg; i++)
        if (img.seg[i].offset + img.seg[i].filesz > data_end)
            data_end = img.seg[i].offset + img.seg[i].filesz;
    CHECK_EQ(elf_parse(file, data_end, LO, HI, &img), 0);
    CHECK_EQ(elf_parse(file, data_end - 1, LO, HI, &img), -1);  /* cut */
    free(file);
}

/* ---- hand-built images ------------------------------------------------- */

/* A good image: text R+X at LO (file 0x1000), data R+W with bss after. */
struct spec {
    Elf32_Ehdr eh;
    Elf32_Phdr ph[ELF_MAX_SEGS + 4];
    uint32_t len;
};

static struct spec good(void)
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
static int parse(const struct spec *s, uint32_t lo, uint32_t hi,
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

static int parse_spec(const struct spec *s)
{
    struct elf_image img;
    return parse(s, LO, HI, &img);
}

TEST(elf_parse_accepts_a_hand_built_two_segment_image)
{
    struct spec s = good();
    struct elf_image img;
    REQUIRE_EQ(parse(&s, LO, HI, &img), 0);
    CHECK_EQ(img.entry, LO + 0x10);
    CHECK_EQ(img.nseg, 2);
    CHECK_EQ(img.seg[1].vaddr, LO + 0x1100);
    CHECK_EQ(img.seg[1].filesz, 0x10);
    CHECK_EQ(img.seg[1].memsz, 0x2000);
    CHECK_EQ(img.seg[1].offset, 0x1100);
    CHECK_EQ(img.seg[1].flags, PF_R | PF_W);
}

TEST(elf_rejects_bad_magic)
{
    for (int i = 0; i < SELFMAG; i++) {
        struct spec s = good();
        s.eh.e_ident[i] ^= 0x20;
        CHECK_EQ(parse_spec(&s), -1);
    }
}

TEST(elf_rejects_a_64_bit_class)
{
    struct spec s = good();
    s.eh.e_ident[EI_CLASS] = ELFCLASS64;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_big_endian_data)
{
    struct spec s = good();
    s.eh.e_ident[EI_DATA] = ELFDATA2MSB;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_an_unknown_version)
{
    struct spec s = good();
    s.eh.e_ident[EI_VERSION] = 2;
    CHECK_EQ(parse_spec(&s), -1);
    s = good();
    s.eh.e_version = 0;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_a_machine_other_than_i386)
{
    struct spec s = good();
    s.eh.e_machine = EM_X86_64;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_types_other_than_executable)
{
    const uint16_t types[] = { ET_NONE, ET_REL, ET_DYN, ET_CORE };
    for (int i = 0; i < 4; i++) {
        struct spec s = good();
        s.eh.e_type = types[i];
        CHECK_EQ(parse_spec(&s), -1);
    }
}

TEST(elf_rejects_a_file_shorter_than_its_header)
{
    struct spec s = good();
    s.len = sizeof(Elf32_Ehdr) - 1;
    CHECK_EQ(parse_spec(&s), -1);
    s.len = 0;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_program_headers_outside_the_file)
{
    struct spec s = good();
    s.eh.e_phoff = FILE_LEN - sizeof(Elf32_Phdr);   /* second one past end */
    CHECK_EQ(parse_spec(&s), -1);
    s.eh.e_phoff = 0xfffffff0u;                      /* would wrap 32 bits */
    CHECK_EQ(parse_spec(&s), -1);
    s = good();
    s.eh.e_phnum = 0xffff;
    CHECK_EQ(parse_spec(&s), -1);
    s = good();
    s.len = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + 31;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_program_header_entries_smaller_than_a_phdr)
{
    struct spec s = good();
    s.eh.e_phentsize = sizeof(Elf32_Phdr) - 4;
    CHECK_EQ(parse_spec(&s), -1);
}

static struct spec n_loads(int n)
{
    struct spec s = good();
    s.eh.e_phnum = n;
    for (int i = 0; i < n; i++)
        s.ph[i] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
            .p_vaddr = LO + i * 0x1000, .p_filesz = 0x10, .p_memsz = 0x1000,
            .p_flags = PF_R | PF_X };
    return s;
}

TEST(elf_accepts_exactly_the_maximum_number_of_load_segments)
{
    struct spec s = n_loads(ELF_MAX_SEGS);
    struct elf_image img;
    CHECK_EQ(parse(&s, LO, HI, &img), 0);
    CHECK_EQ(img.nseg, ELF_MAX_SEGS);
}

TEST(elf_rejects_more_than_the_maximum_number_of_load_segments)
{
    struct spec s = n_loads(ELF_MAX_SEGS + 1);
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_filesz_larger_than_memsz)
{
    struct spec s = good();
    s.ph[1].p_filesz = s.ph[1].p_memsz + 1;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_segment_file_bytes_outside_the_file)
{
    struct spec s = good();
    s.ph[1].p_offset = FILE_LEN - s.ph[1].p_filesz + 1;
    CHECK_EQ(parse_spec(&s), -1);
    s.ph[1].p_offset = FILE_LEN - s.ph[1].p_filesz;     /* just fits */
    CHECK_EQ(parse_spec(&s), 0);
    s.ph[1].p_offset = 0xffffff00u;                      /* wraps 32 bits */
    s.ph[1].p_filesz = 0x200;
    s.ph[1].p_memsz = 0x200;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_rejects_a_segment_outside_the_window)
{
    struct spec s = good();
    struct elf_image img;
    CHECK_EQ(parse(&s, LO + 1, HI, &img), -1);          /* starts below */
    CHECK_EQ(parse(&s, LO, LO + 0x30ff, &img), -1);     /* ends above */
    CHECK_EQ(parse(&s, LO, LO + 0x3100, &img), 0);      /* ends at hi */
}

TEST(elf_rejects_a_segment_that_wraps_around_4_gib)
{
    struct spec s = good();
    struct elf_image img;
    s.ph[1].p_vaddr = 0xfffff000u;
    s.ph[1].p_memsz = 0x2000;
    CHECK_EQ(parse(&s, 0, 0xffffffffu, &img), -1);
}

TEST(elf_rejects_overlapping_segments)
{
    struct spec s = good();
    s.ph[1].p_vaddr = LO + 0xff;                /* last byte of text */
    CHECK_EQ(parse_spec(&s), -1);
    s.ph[1].p_vaddr = LO + 0x100;               /* adjacent is fine */
    CHECK_EQ(parse_spec(&s), 0);
}

TEST(elf_rejects_an_entry_outside_every_executable_segment)
{
    struct spec s = good();
    s.eh.e_entry = LO + 0x1100;                 /* in data, not PF_X */
    CHECK_EQ(parse_spec(&s), -1);
    s.eh.e_entry = LO + 0x100;                  /* one past text */
    CHECK_EQ(parse_spec(&s), -1);
    s.eh.e_entry = 0;
    CHECK_EQ(parse_spec(&s), -1);
    s.eh.e_entry = LO + 0xff;                   /* last byte of text */
    CHECK_EQ(parse_spec(&s), 0);
}

TEST(elf_rejects_an_image_without_load_segments)
{
    struct spec s = good();
    s.eh.e_phnum = 0;
    CHECK_EQ(parse_spec(&s), -1);
}

TEST(elf_ignores_non_load_segments_even_with_wild_bounds)
{
    struct spec s = good();
    struct elf_image img;
    s.eh.e_phnum = 4;
    s.ph[2] = (Elf32_Phdr){ .p_type = PT_NOTE, .p_offset = 0xffffff00u,
        .p_vaddr = 0x1000, .p_filesz = 0x1000, .p_memsz = 0x10 };
    s.ph[3] = (Elf32_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
    REQUIRE_EQ(parse(&s, LO, HI, &img), 0);
    CHECK_EQ(img.nseg, 2);
}

TEST(elf_skips_load_segments_with_zero_memsz)
{
    struct spec s = good();
    struct elf_image img;
    s.eh.e_phnum = 3;
    s.ph[2] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0x1000 };
    REQUIRE_EQ(parse(&s, LO, HI, &img), 0);
    CHECK_EQ(img.nseg, 2);
}

TEST(elf_randomly_corrupted_images_are_rejected_or_within_contract)
{
    uint32_t len, seed = 31;
    uint8_t *file = real_prog(&len);
    REQUIRE(file != NULL);
    uint8_t *c = malloc(len);
    int accepted = 0;
    for (int round = 0; round < 20000; round++) {
        memcpy(c, file, len);
        for (int k = 0; k < 3; k++) {
            /* Mostly the headers, where the parser looks. */
            uint32_t at = check_rand(&seed) % (round % 4 ? 52 + 8 * 32 : len);
            c[at] = (uint8_t)check_rand(&seed);
        }
        struct elf_image img;
        if (elf_parse(c, len, LO, HI, &img) != 0)
            continue;
        accepted++;
        REQUIRE(img.nseg >= 1 && img.nseg <= ELF_MAX_SEGS);
        bool entry_ok = false;
        for (int i = 0; i < img.nseg; i++) {
            const struct elf_seg *s = &img.seg[i];
            REQUIRE(s->filesz <= s->memsz && s->offset <= len &&
                    s->filesz <= len - s->offset);
            REQUIRE(s->vaddr >= LO && s->memsz <= HI - s->vaddr);
            entry_ok |= (s->flags & PF_X) && img.entry >= s->vaddr &&
                        img.entry - s->vaddr < s->memsz;
        }
        REQUIRE(entry_ok);
    }
    CHECK(accepted > 0);        /* the fuzz also reached the accept path */
    free(c);
    free(file);
}
