// SPDX-License-Identifier: MIT
/* Shared by test_tar.c and test_tar_hostile.c: ustar field offsets, archives
 * written by the host tar, and hand-made headers and archives. */
#ifndef TESTS_UNIT_TAR_BUILD_H
#define TESTS_UNIT_TAR_BUILD_H

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
static inline uint8_t *host_tar(const char *tag, const char *extra,
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

/* A one-block header with valid magic and checksum. */
static inline void hdr_checksum(uint8_t *b)
{
    unsigned sum = 0;
    memset(b + H_CHKSUM, ' ', H_CHKSUM_LEN);
    for (uint32_t i = 0; i < TAR_BLOCK; i++)
        sum += b[i];
    snprintf((char *)b + H_CHKSUM, H_CHKSUM_LEN, "%06o", sum);
    b[H_CHKSUM + 7] = ' ';
}

static inline void hdr_make(uint8_t *b, const char *name, char type,
                            uint32_t size)
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

static inline uint32_t data_blocks(const struct entry *e)
{
    bool none = e->type >= '1' && e->type <= '6';
    return none ? 0 : (e->size + TAR_BLOCK - 1) / TAR_BLOCK;
}

static inline uint8_t *hand_tar(const struct entry *e, int n,
                                uint32_t *len)
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

#endif
