// SPDX-License-Identifier: MIT
/* Unit tests for the ustar reader (kernel/core/tar.c): archives written by the
 * host tar, and hand-made headers with one thing wrong each. */
#include "tests/unit/check.h"
#include "kernel/core/tar.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ustar header field offsets and widths (POSIX pax, ustar format). */
#define H_NAME      0
#define H_MODE      100
#define H_SIZE      124
#define H_SIZE_LEN  12
#define H_CHKSUM    148
#define H_CHKSUM_LEN 8
#define H_TYPE      156
#define H_MAGIC     257
#define H_VERSION   263
#define H_PREFIX    345

/* Files every host archive holds, created under TMP/<tag>/in. */
#define SETUP_FILES                                                       \
    "printf 'hello, world\\n' > hello.txt && : > empty && "              \
    "mkdir -p sub/dir && seq 1 1000 > sub/dir/numbers.txt"

/* Make TMP/<tag>/in with SETUP_FILES plus extra, run `tar <args>` there
 * writing TMP/<tag>/a.tar, and return the archive (exact-size buffer). */
static uint8_t *host_tar(const char *tag, const char *extra,
                         const char *args, uint32_t *len)
{
    const char *t = check_tmpdir();
    char path[4096];
    if (check_sh("cd '%s' && rm -rf %s && mkdir -p %s/in && cd %s/in && "
                 SETUP_FILES " %s && tar %s -f ../a.tar",
                 t, tag, tag, tag, extra, args) != 0)
        return NULL;
    snprintf(path, sizeof(path), "%s/%s/a.tar", t, tag);
    return check_read_file(path, len);
}

/* The archived file's bytes equal the file on disk under TMP/<tag>/in. */
static bool same_as_disk(const char *tag, const struct tar_file *f)
{
    char path[4096];
    uint32_t len;
    const char *name = strncmp(f->name, "./", 2) == 0 ? f->name + 2 : f->name;
    snprintf(path, sizeof(path), "%s/%s/in/%s", check_tmpdir(), tag, name);
    void *disk = check_read_file(path, &len);
    bool same = disk && len == f->size && memcmp(disk, f->data, len) == 0;
    free(disk);
    return same;
}

/* A one-block header with valid magic and checksum. */
static void hdr_checksum(uint8_t *b)
{
    unsigned sum = 0;
    memset(b + H_CHKSUM, ' ', H_CHKSUM_LEN);
    for (uint32_t i = 0; i < TAR_BLOCK; i++)
        sum += b[i];
    snprintf((char *)b + H_CHKSUM, H_CHKSUM_LEN, "%06o", sum);
    b[H_CHKSUM + 7] = ' ';
}

static void hdr_make(uint8_t *b, const char *name, char type, uint32_t size)
{
    memset(b, 0, TAR_BLOCK);
    memcpy(b + H_NAME, name, strlen(name));
    memcpy(b + H_MODE, "0000644", 8);
    snprintf((char *)b + H_SIZE, H_SIZE_LEN, "%011o", size);
    b[H_TYPE] = (uint8_t)type;
    memcpy(b + H_MAGIC, "ustar", 6);
    memcpy(b + H_VERSION, "00", 2);
    hdr_checksum(b);
}

/* Archive of hand-made entries {name, type, size}; data bytes are 'A'+i.
 * Links, devices, FIFOs and directories (types 1-6) get no data blocks,
 * whatever their size field says. */
struct entry { const char *name; char type; uint32_t size; };

static uint32_t data_blocks(const struct entry *e)
{
    bool none = e->type >= '1' && e->type <= '6';
    return none ? 0 : (e->size + TAR_BLOCK - 1) / TAR_BLOCK;
}

static uint8_t *hand_tar(const struct entry *e, int n, uint32_t *len)
{
    uint32_t total = 2 * TAR_BLOCK;
    for (int i = 0; i < n; i++)
        total += (1 + data_blocks(&e[i])) * TAR_BLOCK;
    uint8_t *a = calloc(1, total), *p = a;
    for (int i = 0; i < n; i++) {
        hdr_make(p, e[i].name, e[i].type, e[i].size);
        p += TAR_BLOCK;
        if (data_blocks(&e[i]) > 0)
            memset(p, 'A' + i, e[i].size);
        p += data_blocks(&e[i]) * TAR_BLOCK;
    }
    *len = total;
    return a;
}

TEST(tar_lists_regular_files_in_archive_order_with_their_contents)
{
    uint32_t len, off = 0;
    uint8_t *a = host_tar("basic", "", "--format=ustar --sort=name -c "
                          "hello.txt empty sub", &len);
    REQUIRE(a != NULL);
    const char *want[] = { "hello.txt", "empty", "sub/dir/numbers.txt" };
    struct tar_file f;
    for (int i = 0; i < 3; i++) {
        REQUIRE_EQ(tar_next(a, len, &off, &f), 1);
        CHECK_STR_EQ(f.name, want[i]);
        CHECK(same_as_disk("basic", &f));
    }
    CHECK_EQ(tar_next(a, len, &off, &f), 0);
    free(a);
}

TEST(tar_reports_the_size_of_an_empty_file_as_zero)
{
    uint32_t len;
    uint8_t *a = host_tar("empty", "", "--format=ustar -c empty", &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    REQUIRE_EQ(tar_find(a, len, "empty", &f), 0);
    CHECK_EQ(f.size, 0);
    free(a);
}

TEST(tar_skips_directories_links_and_other_non_regular_entries)
{
    /* The directory's size field announces no data: POSIX ustar. */
    const struct entry e[] = {
        { "one", '0', 10 }, { "dir/", '5', 4096 }, { "link", '2', 0 },
        { "fifo", '6', 0 }, { "two", '\0', 700 }, { "three", '7', 1 },
    };
    uint32_t len, off = 0;
    uint8_t *a = hand_tar(e, 6, &len);
    struct tar_file f;
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_STR_EQ(f.name, "one");
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_STR_EQ(f.name, "two");
    CHECK_EQ(f.size, 700);
    CHECK_EQ(((const uint8_t *)f.data)[699], 'A' + 4);
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_STR_EQ(f.name, "three");
    CHECK_EQ(tar_next(a, len, &off, &f), 0);
    free(a);
}

TEST(tar_skips_an_old_style_directory_written_as_a_file_with_a_slash)
{
    const struct entry e[] = { { "old/", '\0', 0 }, { "old/f", '0', 3 } };
    uint32_t len, off = 0;
    uint8_t *a = hand_tar(e, 2, &len);
    struct tar_file f;
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_STR_EQ(f.name, "old/f");
    free(a);
}

TEST(tar_find_locates_a_file_by_its_exact_name)
{
    uint32_t len;
    uint8_t *a = host_tar("find", "", "--format=ustar -c hello.txt sub", &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    REQUIRE_EQ(tar_find(a, len, "sub/dir/numbers.txt", &f), 0);
    CHECK_STR_EQ(f.name, "sub/dir/numbers.txt");
    CHECK(same_as_disk("find", &f));
    CHECK_EQ(tar_find(a, len, "sub/dir", &f), -1);      /* a directory */
    CHECK_EQ(tar_find(a, len, "hello", &f), -1);        /* a prefix */
    CHECK_EQ(tar_find(a, len, "hello.txt2", &f), -1);
    CHECK_EQ(tar_find(a, len, "missing", &f), -1);
    free(a);
}

TEST(tar_find_ignores_a_leading_dot_slash_in_the_archive)
{
    uint32_t len;
    uint8_t *a = host_tar("dot", "", "--format=ustar -c .", &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    REQUIRE_EQ(tar_find(a, len, "hello.txt", &f), 0);
    CHECK_STR_EQ(f.name, "./hello.txt");
    CHECK(same_as_disk("dot", &f));
    CHECK_EQ(tar_find(a, len, "sub/dir/numbers.txt", &f), 0);
    free(a);
}

TEST(tar_joins_prefix_and_name_for_paths_longer_than_100_bytes)
{
    const char *dir = "a123456789b123456789c123456789d123456789e123456789/"
                      "f123456789g123456789h123456789i123456789j123456789";
    const char *file = "k123456789l123456789m123456789.txt";
    char extra[512], want[512];
    snprintf(extra, sizeof(extra), "&& mkdir -p %s && echo long > %s/%s",
             dir, dir, file);
    snprintf(want, sizeof(want), "%s/%s", dir, file);
    uint32_t len;
    uint8_t *a = host_tar("long", extra, "--format=ustar -c a123456789*",
                          &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    CHECK(strlen(want) > 100);
    REQUIRE_EQ(tar_find(a, len, want, &f), 0);
    CHECK_STR_EQ(f.name, want);
    CHECK(same_as_disk("long", &f));
    free(a);
}

TEST(tar_reads_gnu_format_archives_with_short_names)
{
    uint32_t len;
    uint8_t *a = host_tar("gnu", "", "--format=gnu -c hello.txt", &len);
    struct tar_file f;
    REQUIRE(a != NULL);
    REQUIRE_EQ(tar_find(a, len, "hello.txt", &f), 0);
    CHECK(same_as_disk("gnu", &f));
    free(a);
}

TEST(tar_ends_at_two_zero_blocks_and_stays_ended)
{
    const struct entry e[] = { { "f", '0', 5 } };
    uint32_t len, off = 0;
    uint8_t *a = hand_tar(e, 1, &len);
    struct tar_file f;
    CHECK_EQ(tar_next(a, len, &off, &f), 1);
    CHECK_EQ(tar_next(a, len, &off, &f), 0);
    CHECK_EQ(tar_next(a, len, &off, &f), 0);
    CHECK_EQ(tar_next(a, 0, &(uint32_t){ 0 }, &f), 0);  /* empty buffer */
    free(a);
}

TEST(tar_ends_at_the_end_of_the_buffer_without_a_trailer)
{
    const struct entry e[] = { { "f", '0', 5 }, { "g", '0', 600 } };
    uint32_t len;
    uint8_t *a = hand_tar(e, 2, &len);
    struct tar_file f;
    /* Cut after g's padded data, then right after its last byte. */
    uint32_t cuts[] = { 5 * TAR_BLOCK, 3 * TAR_BLOCK + 600 };
    for (int i = 0; i < 2; i++) {
        uint8_t *b = malloc(cuts[i]);
        uint32_t off = 0;
        memcpy(b, a, cuts[i]);
        CHECK_EQ(tar_next(b, cuts[i], &off, &f), 1);
        CHECK_EQ(tar_next(b, cuts[i], &off, &f), 1);
        CHECK_EQ(f.size, 600);
        CHECK_EQ(tar_next(b, cuts[i], &off, &f), 0);
        free(b);
    }
    free(a);
}

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

TEST(tar_accepts_a_checksum_summed_over_signed_bytes)
{
    uint8_t a[3 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "caf\xe9", '0', 0);
    int sum = 0;
    memset(a + H_CHKSUM, ' ', H_CHKSUM_LEN);
    for (uint32_t i = 0; i < TAR_BLOCK; i++)
        sum += (int8_t)a[i];
    snprintf((char *)a + H_CHKSUM, H_CHKSUM_LEN, "%06o", sum);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), 1);
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

TEST(tar_accepts_a_size_field_padded_with_spaces)
{
    uint8_t a[4 * TAR_BLOCK] = { 0 };
    uint32_t off = 0;
    struct tar_file f;
    hdr_make(a, "f", '0', 0);
    memcpy(a + H_SIZE, "   1000 \0\0\0\0", H_SIZE_LEN);
    hdr_checksum(a);
    CHECK_EQ(tar_next(a, sizeof(a), &off, &f), 1);
    CHECK_EQ(f.size, 01000);
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
