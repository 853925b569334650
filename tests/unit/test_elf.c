// SPDX-License-Identifier: MIT
/* Unit tests for the ELF32 reader (kernel/core/elf.c), well-formed input: a
 * real static i386 program checked against readelf, and hand-built images at
 * the limits of what the reader accepts or ignores. */
#include "tests/unit/elf_build.h"

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

TEST(elf_accepts_exactly_the_maximum_number_of_load_segments)
{
    struct spec s = n_loads(ELF_MAX_SEGS);
    struct elf_image img;
    CHECK_EQ(parse(&s, LO, HI, &img), 0);
    CHECK_EQ(img.nseg, ELF_MAX_SEGS);
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
