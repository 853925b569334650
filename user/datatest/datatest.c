// SPDX-License-Identifier: MIT
/* datatest: move_data through a DATA link, locally or across nodes.
 *   datatest serve NAME KIB      offer KIB KiB of patterned memory (read and
 *                                write) to whoever calls NAME
 *   datatest fetch NAME [WAIT_MS] get NAME's DATA link, wait WAIT_MS, then
 *                                read it all, check the pattern, write it
 *                                back inverted, read again; print the rates */
#include "demos.h"

#define AREA_MAX (4u << 20)

static uint8_t area[AREA_MAX];
static struct msg m;

static uint8_t pattern(uint32_t i) { return (uint8_t)(i * 131 + (i >> 10)); }
static uint8_t inverted(uint32_t i) { return (uint8_t)(255 - pattern(i)); }

static int serve(const char *name, uint32_t kib)
{
    uint32_t len = kib * 1024;
    if (len == 0 || len > AREA_MAX) {
        printf("datatest: size must be 1..%u KiB\n", AREA_MAX / 1024);
        return 2;
    }
    for (uint32_t i = 0; i < len; i++)
        area[i] = pattern(i);
    int data = link_create(0, LINK_DATA | LINK_READ | LINK_WRITE, area, len);
    int self = link_create(0, 0, 0, 0);
    int r = data < 0 ? data : name_register(name, self);
    if (r < 0) {
        printf("datatest: cannot serve %s: %s\n", name, err_name(r));
        return 1;
    }
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0 || m.h.reply == LINK_NONE)
            continue;
        reply(&m, 0, 0, link_dup(data));
    }
}


static int fetch(const char *name, uint32_t wait)
{
    int h = name_lookup(name);
    msg_set(&m, 0, 0);
    if (h < 0 || call(h, &m, 0) < 0 || m.h.link == LINK_NONE) {
        printf("datatest: cannot get the area of %s\n", name);
        return 1;
    }
    int data = m.h.link;
    if (wait)
        sleep_ms(wait);         /* holding the DATA link: a time to move us */
    struct link_info info;
    link_info(data, &info);
    uint32_t len = info.data_len, rate = tsc_per_us100() * 100, bad = 0;
    uint64_t t0 = rdtsc();
    int r = move_data(data, 0, area, len, MOVE_READ);
    uint32_t read_us = (uint32_t)((rdtsc() - t0) / rate);
    for (uint32_t i = 0; r >= 0 && i < len; i++)
        bad += area[i] != pattern(i);
    for (uint32_t i = 0; i < len; i++)
        area[i] = inverted(i);
    t0 = rdtsc();
    int w = r < 0 ? r : move_data(data, 0, area, len, MOVE_WRITE);
    uint32_t write_us = (uint32_t)((rdtsc() - t0) / rate);
    memset(area, 0, len);
    int r2 = w < 0 ? w : move_data(data, 0, area, len, MOVE_READ);
    for (uint32_t i = 0; r2 >= 0 && i < len; i++)
        bad += area[i] != inverted(i);
    if (r < 0 || w < 0 || r2 < 0) {
        printf("datatest: move_data failed: %s\n", err_name(r < 0 ? r : w < 0 ? w : r2));
        return 1;
    }
    link_info(data, &info);     /* where the area is now */
    printf("datatest: %u bytes from node %u: read %u us (%u KiB/s), write %u us (%u KiB/s), %u bad bytes\n",
           len, info.node_hint, read_us, read_us ? (uint32_t)((uint64_t)len * 1000000 / 1024 / read_us) : 0,
           write_us, write_us ? (uint32_t)((uint64_t)len * 1000000 / 1024 / write_us) : 0, bad);
    return bad != 0;
}

int main(int argc, char **argv)
{
    uint32_t kib;
    if (argc == 4 && strcmp(argv[1], "serve") == 0 && parse_uint(argv[3], &kib))
        return serve(argv[2], kib);
    uint32_t wait = 0;
    if ((argc == 3 || (argc == 4 && parse_uint(argv[3], &wait))) && strcmp(argv[1], "fetch") == 0)
        return fetch(argv[2], wait);
    printf("usage: datatest serve NAME KIB | datatest fetch NAME [WAIT_MS]\n");
    return 2;
}
