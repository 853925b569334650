// SPDX-License-Identifier: MIT
/* Unit tests for the ustar reader (kernel/core/tar.c), hostile input: bad
 * checksums, sizes, magic and names, data or headers past the buffer, bad
 * offsets, and walks of every truncation and of random corruptions. */
#include "tests/unit/tar_build.h"

TEST(tar_rejects_bad_checksum)
{
    uint32_t len, off = 0;
    uint8_t *a = host_tar("cksum", "", "--format=ustar -c hello.txt empty",
                          &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    a[2 * TAR_BLOCK + H_NAME] ^= 1;     /* second header's name: "dmpty" */
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_EQ(tar_next(a, len, &off, &f), -1);
    CHECK_EQ(tar_find(a, len, "empty", &f), -1);
    free(a);
}

TEST(tar_rejects_a_size_field_that_is_not_octal)
{
    const char *bad[] = { "00000000018", "0000000001x", "           ",
                          "\x80\0\0\0\0\0\0\0\0\0\0\x10" /* base-256 */ };
    for (int i = 0; i < 4; i++) {
        uint8_t a[4 * TAR_BLOCK] = { 0 };
        uint32_t off = 0;
        struct tar_file f;
        hdr_make(a, "f", '0', 1);
        memcpy(a + H_SIZE, bad[i], H_SIZE_LEN);
        hdr_checksum(a);
        CHECK_EQ(tar_next(a, sizeof(a), &off, &f), -1);
    }
}

TEST(tar_rejects_a_checksum_field_that_is_not_octal)
{
    uint8_t a[3 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "f", '0', 0);
    memcpy(a + H_CHKSUM, "       ", H_CHKSUM_LEN);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), -1);
}

TEST(tar_rejects_bad_magic)
{
    uint8_t a[3 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "f", '0', 0);
    memcpy(a + H_MAGIC, "uStar", 6);
    hdr_checksum(a);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), -1);
}

TEST(tar_rejects_an_entry_with_an_empty_name)
{
    uint8_t a[3 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "", '0', 0);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), -1);
}

TEST(tar_rejects_file_data_running_past_the_buffer)
{
    const struct entry e[] = { { "f", '0', 1000 } };
    uint32_t len, off = 0;
    uint8_t *a = hand_tar(e, 1, &len);
    struct tar_file f;
    CHECK_EQ(tar_next(a, TAR_BLOCK + 999, &off, &f), -1);
    off = 0;
    hdr_make(a, "f", '0', 0xffffffffu);
    CHECK_EQ(tar_next(a, len, &off, &f), -1);
    off = 0;
    memcpy(a + H_SIZE, "77777777777", H_SIZE_LEN);  /* 8 GiB - 1 */
    hdr_checksum(a);
    CHECK_EQ(tar_next(a, len, &off, &f), -1);
    free(a);
}

TEST(tar_rejects_a_lone_zero_block_followed_by_data)
{
    uint8_t a[3 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a + TAR_BLOCK, "f", '0', 0);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), -1);
}

TEST(tar_rejects_a_header_cut_short_by_the_buffer)
{
    uint8_t a[TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "f", '0', 0);
    CHECK_EQ(tar_next(a, 300, &off, &f), -1);
    /* Trailing zero bytes shorter than a block are just padding. */
    memset(a, 0, sizeof(a));
    CHECK_EQ(tar_next(a, 300, &off, &f), 0);
}

TEST(tar_rejects_an_offset_that_is_misaligned_or_past_the_end)
{
    const struct entry e[] = { { "f", '0', 5 } };
    uint32_t len, off;
    uint8_t *a = hand_tar(e, 1, &len);
    struct tar_file f;
    off = 1;
    CHECK_EQ(tar_next(a, len, &off, &f), -1);
    off = len + TAR_BLOCK;
    CHECK_EQ(tar_next(a, len, &off, &f), -1);
    free(a);
}

/* Walk a copy of a[0, n) in an exact-size buffer (so the sanitizer sees any
 * overread) and check every returned file lies inside it. */
static bool walk_stays_inside(const uint8_t *a, uint32_t n)
{
    uint8_t *b = malloc(n ? n : 1);
    uint32_t off = 0, steps = 0;
    struct tar_file f;
    bool ok = true;
    int r;
    memcpy(b, a, n);
    while ((r = tar_next(b, n, &off, &f)) == 1 && ok) {
        const uint8_t *d = f.data;
        ok = d >= b && f.size <= n && d - b <= (ptrdiff_t)(n - f.size) &&
             ++steps <= n / TAR_BLOCK;
    }
    free(b);
    return ok && (r == 0 || r == -1 || r == 1);
}

TEST(tar_walk_of_every_truncation_stays_inside_the_buffer)
{
    uint32_t len;
    uint8_t *a = host_tar("trunc", "", "--format=ustar -c hello.txt empty "
                          "sub", &len);
    REQUIRE(a != NULL);
    for (uint32_t n = 0; n <= len; n++)
        REQUIRE(walk_stays_inside(a, n));
    free(a);
}

TEST(tar_walk_of_randomly_corrupted_archives_stays_inside_the_buffer)
{
    uint32_t len, seed = 7;
    uint8_t *a = host_tar("fuzz", "", "--format=ustar -c hello.txt sub",
                          &len);
    REQUIRE(a != NULL);
    uint8_t *c = malloc(len);
    for (int round = 0; round < 3000; round++) {
        memcpy(c, a, len);
        for (int k = 0; k < 4; k++) {
            uint32_t blk = check_rand(&seed) % 4;   /* hit the headers */
            uint32_t at = blk * TAR_BLOCK + check_rand(&seed) % TAR_BLOCK;
            c[at % len] = (uint8_t)check_rand(&seed);
        }
        if (round % 2)
            hdr_checksum(c);    /* get past the checksum half the time */
        REQUIRE(walk_stays_inside(c, len));
    }
    free(c);
    free(a);
}
