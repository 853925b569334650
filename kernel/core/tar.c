// SPDX-License-Identifier: MIT
/* ustar archive walker: header validation (checksum, magic, octal fields)
 * and bounds checks, so a corrupt boot module is rejected, never overread. */
#include "kernel/core/tar.h"
#include "kernel/core/string.h"
#include <stddef.h>
#include <stdbool.h>

/* Header block layout, POSIX.1-2008 "pax" rationale, ustar Interchange
 * Format. Every field is char, so the struct has no alignment needs and may
 * overlay any byte of the archive. */
struct tar_header {
    char name[100];
    char mode[8];
    char uid[8];
    char gid[8];
    char size[12];
    char mtime[12];
    char chksum[8];
    char typeflag;
    char linkname[100];
    char magic[6];
    char version[2];
    char uname[32];
    char gname[32];
    char devmajor[8];
    char devminor[8];
    char prefix[155];
    char pad[12];
};
_Static_assert(sizeof(struct tar_header) == TAR_BLOCK, "ustar header size");
_Static_assert(sizeof(((struct tar_header *)0)->prefix) + 1 +
               sizeof(((struct tar_header *)0)->name) == TAR_NAME_MAX,
               "tar_file.name holds prefix/name");

#define TAR_MAGIC      "ustar"      /* POSIX: "ustar\0"; GNU: "ustar " */
#define TAR_MAGIC_LEN  5
#define TAR_CHKSUM_BLANK ' '        /* chksum counts as spaces while summing */

/* typeflag values, same section. */
#define TAR_AREGTYPE  '\0'
#define TAR_REGTYPE   '0'
#define TAR_LNKTYPE   '1'
#define TAR_SYMTYPE   '2'
#define TAR_CHRTYPE   '3'
#define TAR_BLKTYPE   '4'
#define TAR_DIRTYPE   '5'
#define TAR_FIFOTYPE  '6'
#define TAR_CONTTYPE  '7'

static bool tar_all_zero(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i] != 0)
            return false;
    return true;
}

/* Parse an octal numeric field: optional leading spaces, at least one
 * digit, then only NUL or space to the end of the field. */
static int tar_octal(const char *f, size_t n, uint64_t *out)
{
    size_t i = 0;
    uint64_t v = 0;
    int digits = 0;

    while (i < n && f[i] == ' ')
        i++;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++)
        v = (v << 3) | (uint64_t)(f[i] - '0');
    for (; i < n; i++)
        if (f[i] != '\0' && f[i] != ' ')
            return -1;
    if (digits == 0)
        return -1;
    *out = v;
    return 0;
}

/* Historic writers summed signed chars; accept either sum. */
static bool tar_checksum_ok(const struct tar_header *h)
{
    const uint8_t *b = (const uint8_t *)h;
    size_t lo = offsetof(struct tar_header, chksum);
    size_t hi = lo + sizeof(h->chksum);
    uint64_t stored;
    uint32_t usum = 0;
    int32_t ssum = 0;

    if (tar_octal(h->chksum, sizeof(h->chksum), &stored) < 0)
        return false;
    for (size_t i = 0; i < TAR_BLOCK; i++) {
        uint8_t c = (i >= lo && i < hi) ? TAR_CHKSUM_BLANK : b[i];
        usum += c;
        ssum += (int8_t)c;
    }
    return stored == usum || (ssum >= 0 && stored == (uint64_t)ssum);
}

/* Entry types whose size field does not announce data blocks. */
static bool tar_has_no_data(char type)
{
    return type == TAR_LNKTYPE || type == TAR_SYMTYPE ||
           type == TAR_CHRTYPE || type == TAR_BLKTYPE ||
           type == TAR_DIRTYPE || type == TAR_FIFOTYPE;
}

/* Join prefix and name into dst[TAR_NAME_MAX + 1]; -1 if the name is empty.
 * The field widths bound the result, so it always fits. */
static int tar_full_name(const struct tar_header *h, char *dst)
{
    size_t nlen = strnlen(h->name, sizeof(h->name));
    size_t plen = 0;

    /* Only POSIX ustar has a prefix; GNU keeps other data there. */
    if (memcmp(h->magic, TAR_MAGIC, sizeof(h->magic)) == 0)
        plen = strnlen(h->prefix, sizeof(h->prefix));
    if (nlen == 0)
        return -1;
    if (plen) {
        memcpy(dst, h->prefix, plen);
        dst[plen++] = '/';
    }
    memcpy(dst + plen, h->name, nlen);
    dst[plen + nlen] = '\0';
    return 0;
}

int tar_next(const void *archive, uint32_t len, uint32_t *offset,
             struct tar_file *out)
{
    const uint8_t *base = archive;
    uint32_t off = *offset;

    for (;;) {
        /* off == len may be unaligned: see the clamp below. */
        if (off > len || (off % TAR_BLOCK != 0 && off != len))
            return -1;
        uint32_t left = len - off;
        if (left < TAR_BLOCK) {
            if (!tar_all_zero(base + off, left))
                return -1;
            *offset = len;
            return 0;
        }

        const struct tar_header *h = (const void *)(base + off);
        if (tar_all_zero(base + off, TAR_BLOCK)) {
            uint32_t rest = left - TAR_BLOCK;
            if (rest > TAR_BLOCK)
                rest = TAR_BLOCK;
            if (!tar_all_zero(base + off + TAR_BLOCK, rest))
                return -1;
            *offset = len;
            return 0;
        }
        if (memcmp(h->magic, TAR_MAGIC, TAR_MAGIC_LEN) != 0 ||
            !tar_checksum_ok(h))
            return -1;

        uint64_t size;
        if (tar_octal(h->size, sizeof(h->size), &size) < 0)
            return -1;
        if (tar_has_no_data(h->typeflag))
            size = 0;
        uint32_t data = off + TAR_BLOCK;
        if (size > len - data)
            return -1;
        /* The final entry's padding may be cut off by the buffer end. */
        uint64_t next = data + ((size + TAR_BLOCK - 1) & ~(uint64_t)(TAR_BLOCK - 1));
        off = next > len ? len : (uint32_t)next;

        bool regular = h->typeflag == TAR_REGTYPE ||
                       h->typeflag == TAR_CONTTYPE ||
                       h->typeflag == TAR_AREGTYPE;
        if (!regular)
            continue;
        struct tar_file f;
        if (tar_full_name(h, f.name) < 0)
            return -1;
        /* Pre-POSIX archives mark directories as regular with a '/'. */
        if (h->typeflag == TAR_AREGTYPE && f.name[strlen(f.name) - 1] == '/')
            continue;
        f.data = base + data;
        f.size = (uint32_t)size;
        *out = f;
        *offset = off;
        return 1;
    }
}

int tar_find(const void *archive, uint32_t len, const char *name,
             struct tar_file *out)
{
    uint32_t off = 0;
    struct tar_file f;
    int r;

    while ((r = tar_next(archive, len, &off, &f)) == 1) {
        const char *n = f.name;
        if (n[0] == '.' && n[1] == '/')
            n += 2;
        if (strcmp(n, name) == 0) {
            *out = f;
            return 0;
        }
    }
    return -1;
}
