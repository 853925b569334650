// SPDX-License-Identifier: MIT
/* counter [NAME [DELAY_MS]]: registers NAME (default "counter") and answers
 * every call (after DELAY_MS, to hold callers in their calls) with how many
 * calls that sender has made (so each client can check its answers are
 * consecutive), the total, and the node it runs on now. */
#include "demos.h"

#define SENDERS 64

static struct msg m;
static struct { pid_t pid; uint32_t count; } seen[SENDERS];

static uint32_t *count_for(pid_t pid)
{
    static uint32_t overflow;
    for (int i = 0; i < SENDERS; i++) {
        if (seen[i].pid == pid)
            return &seen[i].count;
        if (seen[i].pid == 0) {
            seen[i].pid = pid;
            return &seen[i].count;
        }
    }
    return &overflow;
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "counter";
    uint32_t delay = 0;
    if (argc > 2 && !parse_uint(argv[2], &delay)) {
        printf("usage: counter [NAME [DELAY_MS]]\n");
        return 2;
    }
    int self = link_create(0, 0, 0, 0);
    int r = self < 0 ? self : name_register(name, self);
    if (r < 0) {
        printf("counter: cannot register %s: %s\n", name, err_name(r));
        return 1;
    }
    uint32_t total = 0;
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0 || m.h.reply == LINK_NONE)
            continue;
        if (delay)
            sleep_ms(delay);
        uint32_t *c = count_for(m.h.sender);
        struct count_reply ans = { ++*c, ++total, this_node() };
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        reply(&m, &ans, sizeof(ans), LINK_NONE);
    }
}
