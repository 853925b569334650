/* SPDX-License-Identifier: MIT */
/* Read-only walker for the ustar boot archive (POSIX.1-1988 "ustar" format,
 * as written by `tar --format=ustar`). Pure: no allocation, no hardware. */
#ifndef KERNEL_TAR_H
#define KERNEL_TAR_H
#include <stdint.h>

#define TAR_BLOCK    512u
/* Longest full name: ustar prefix (155) + "/" + name (100). */
#define TAR_NAME_MAX 256u

struct tar_file {
    char name[TAR_NAME_MAX + 1];    /* NUL-terminated, prefix joined with '/' */
    const void *data;               /* points into the archive, not copied */
    uint32_t size;
};

/* Walk the archive: *offset starts at 0 and is advanced past each entry.
 * Returns 1 and fills *out for the next regular file, 0 at the end of the
 * archive (two zero blocks, or the end of the buffer), or -1 if the archive
 * is malformed: bad checksum or magic, a numeric field that is not octal,
 * file data running past len, an empty name, or a lone zero block followed
 * by data. Never reads outside [archive, archive+len).
 * Directories, links and other non-regular entries are skipped. */
int tar_next(const void *archive, uint32_t len, uint32_t *offset,
             struct tar_file *out);

/* Find a regular file by exact name; a leading "./" on names in the archive
 * is ignored. Returns 0 and fills *out, or -1 if not found or malformed. */
int tar_find(const void *archive, uint32_t len, const char *name,
             struct tar_file *out);

#endif
