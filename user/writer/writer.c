// SPDX-License-Identifier: MIT
/* writer NAME KIB [HOT_KIB]: a process that never stops writing its memory,
 * for pre-copy migration. It fills a KIB KiB buffer, then rewrites its
 * first HOT_KIB KiB (default: all) pass after pass, each word a function of
 * its index and the pass, checking as it goes that every word still holds
 * the last pass's value; after each move it checks the rest too and prints
 * whether its data came through whole. It registers NAME and answers calls
 * as counter does (struct count_reply), then its corrupt words and passes. */
#include "demos.h"

#define WRITER_MAX (4u << 20)
#define SENDERS 16
#define TAKEN_PER_PASS 4

static uint32_t data[WRITER_MAX / 4];
static struct msg m;
static struct { pid_t pid; uint32_t count, next, disorder; } seen[SENDERS];

static uint32_t word(uint32_t i, uint32_t pass)
{
    return (i + 1) * 2654435761u + pass * 0x9E3779B9u;
}

/* A call or a send: counted per sender, as counter counts them. */
static void take(uint32_t *total, uint32_t corrupt, uint32_t passes)
{
    int s = 0;
    while (s < SENDERS - 1 && seen[s].pid && seen[s].pid != m.h.sender)
        s++;
    seen[s].pid = m.h.sender;
    uint32_t number = 0;
    memcpy(&number, m.body, m.h.len < sizeof(number) ? m.h.len : sizeof(number));
    seen[s].disorder += seen[s].count && number != seen[s].next;
    seen[s].next = number + 1;
    seen[s].count++;
    (*total)++;
    if (m.h.link != LINK_NONE)
        link_destroy(m.h.link);
    uint32_t ans[6] = { seen[s].count, *total, this_node(), seen[s].disorder, corrupt, passes };
    if (m.h.reply != LINK_NONE)
        reply(&m, ans, sizeof(ans), LINK_NONE);
}

int main(int argc, char **argv)
{
    uint32_t kib, hot_kib;
    if (argc < 3 || argc > 4 || !parse_uint(argv[2], &kib) || kib == 0 ||
        kib * 1024 > WRITER_MAX || (argc == 4 && (!parse_uint(argv[3], &hot_kib) ||
                                                  hot_kib == 0 || hot_kib > kib))) {
        printf("usage: writer NAME KIB [HOT_KIB] (1..%u)\n", WRITER_MAX / 1024);
        return 2;
    }
    uint32_t words = kib * 256, hot = argc == 4 ? hot_kib * 256 : words;
    uint32_t pass = 1, corrupt = 0, total = 0, first_bad = 0;
    for (uint32_t i = 0; i < words; i++)
        data[i] = word(i, pass);
    int self = link_create(0, 0, 0, 0);
    int r = self < 0 ? self : name_register(argv[1], self);
    if (r < 0) {
        printf("writer: cannot register %s: %s\n", argv[1], err_name(r));
        return 1;
    }
    uint32_t node = this_node(), moved_to = 0;
    for (;;) {
        uint32_t bad = 0;
        for (uint32_t i = 0; i < hot; i++) {
            if (data[i] != word(i, pass) && bad++ == 0)
                first_bad = i;
            data[i] = word(i, pass + 1);
        }
        pass++;
        if (moved_to) {         /* a whole pass since the move: every word seen */
            for (uint32_t i = hot; i < words; i++)      /* the cold part: as filled */
                if (data[i] != word(i, 1) && bad++ == 0)
                    first_bad = i;
        }
        corrupt += bad;
        if (moved_to) {
            if (corrupt)
                printf("writer: %s on node %u: corrupt, %u words wrong, first word %u\n",
                       argv[1], moved_to, corrupt, first_bad);
            else
                printf("writer: %s on node %u: ok after %u passes\n", argv[1], moved_to, pass);
            moved_to = 0;
        }
        if (this_node() != node)
            moved_to = node = this_node();
        /* A few messages a pass, so that a caller never stops the writing. */
        for (int k = 0; k < TAKEN_PER_PASS && receive(CHAN_ALL, &m, 1) >= 0; k++)
            take(&total, corrupt, pass);
    }
}
