// SPDX-License-Identifier: MIT
/* Unit tests for the ELF32 reader (kernel/core/elf.c), hostile input: images
 * with one fault each (ident, type, headers, segment bounds, overlap, entry)
 * and random corruptions of a real program, all rejected or within contract. */
#include "tests/unit/elf_build.h"

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
