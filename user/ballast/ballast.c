// SPDX-License-Identifier: MIT
/* ballast NAME KIB: a process with KIB KiB of live (non-zero) data, for
 * migration benchmarks; registers NAME and answers calls with a checksum
 * of its data, so a move that lost a byte shows. */
#include "demos.h"

#define BALLAST_MAX (4u << 20)

static uint32_t data[BALLAST_MAX / 4];
static struct msg m;

int main(int argc, char **argv)
{
    uint32_t kib;
    if (argc != 3 || !parse_uint(argv[2], &kib) || kib == 0 || kib * 1024 > BALLAST_MAX) {
        printf("usage: ballast NAME KIB (1..%u)\n", BALLAST_MAX / 1024);
        return 2;
    }
    uint32_t words = kib * 256, sum = 0;
    for (uint32_t i = 0; i < words; i++)
        sum += data[i] = i * 2654435761u + 1;
    int self = link_create(0, 0, 0, 0);
    int r = self < 0 ? self : name_register(argv[1], self);
    if (r < 0) {
        printf("ballast: cannot register %s: %s\n", argv[1], err_name(r));
        return 1;
    }
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0 || m.h.reply == LINK_NONE)
            continue;
        uint32_t now = 0;
        for (uint32_t i = 0; i < words; i++)
            now += data[i];
        uint32_t ans[3] = { now == sum, this_node(), kib };
        reply(&m, ans, sizeof(ans), LINK_NONE);
    }
}
