// SPDX-License-Identifier: MIT
/* Unit tests for the ustar reader (kernel/core/tar.c), well-formed input:
 * archives written by the host tar (ustar, GNU, long names) and hand-made
 * ones with non-regular entries, trailers and lenient-but-valid fields. */
#include "tests/unit/tar_build.h"

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
