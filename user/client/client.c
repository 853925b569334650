// SPDX-License-Identifier: MIT
/* client NAME N [WAIT_MS]: looks NAME up, waits WAIT_MS (a sender that holds
 * its link but stays quiet), makes N calls, checks each answer is the next
 * count for this client, and prints one summary line. */
#include "demos.h"

static struct msg m;

int main(int argc, char **argv)
{
    uint32_t n, wait = 0;
    if ((argc != 3 && argc != 4) || !parse_uint(argv[2], &n) || (argc == 4 && !parse_uint(argv[3], &wait))) {
        printf("usage: client NAME N [WAIT_MS]\n");
        return 2;
    }
    int h = name_lookup(argv[1]);
    if (h < 0) {
        printf("client: cannot find %s: %s\n", argv[1], err_name(h));
        return 1;
    }
    if (wait)
        sleep_ms(wait);
    uint32_t replies = 0, expect = 0, node = 0;
    bool in_order = true;
    int first_error = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t op = i;
        msg_set(&m, &op, sizeof(op));
        int r = call(h, &m, 0);
        if (r < (int)sizeof(struct count_reply)) {
            if (!first_error)
                first_error = r < 0 ? r : -E_INVAL;
            continue;
        }
        struct count_reply ans;
        memcpy(&ans, m.body, sizeof(ans));
        if (replies == 0)
            expect = ans.count;     /* a counter may have seen us before */
        in_order = in_order && ans.count == expect;
        expect = ans.count + 1;
        node = ans.node;
        replies++;
    }
    printf("client: %u calls, %u replies, %u lost, %s, last from node %u\n", n, replies,
           n - replies, in_order ? "in order" : "OUT OF ORDER", node);
    if (first_error)
        printf("client: first error %s\n", err_name(first_error));
    return replies == n && in_order ? 0 : 1;
}
