// SPDX-License-Identifier: MIT
/* client NAME N [WAIT_MS [EVERY [FIRST [PAUSE_MS]]]]: looks NAME up (for
 * up to FIND_MS, as its server may be on a node that boots later), sends
 * the first FIRST of N numbered messages (default 0), waits WAIT_MS (a
 * sender that holds its link but stays quiet), sends the rest; every
 * EVERY-th a call and the others plain sends (default 1: all calls), and
 * before each call a pause of PAUSE_MS (default 0: a steady pace); checks
 * each answer counts every message so far, none out of order, and prints
 * one summary line. */
#include "demos.h"

static struct msg m;

#define FIND_MS 30000           /* how long a name may take to appear */
#define FIND_BACKOFF_MAX 1000   /* ms between tries, doubling from 10 */

/* NAME's link, trying again while it is not there (or the switchboard not
 * answering) until FIND_MS have passed: the link or the last error. */
static int find(const char *name)
{
    uint32_t waited = 0, pause = 10;
    for (;;) {
        int h = name_lookup(name);
        if (h >= 0 || waited >= FIND_MS)
            return h;
        if (pause > FIND_MS - waited)
            pause = FIND_MS - waited;
        sleep_ms(pause);
        waited += pause;
        pause = pause * 2 < FIND_BACKOFF_MAX ? pause * 2 : FIND_BACKOFF_MAX;
    }
}

int main(int argc, char **argv)
{
    uint32_t n, wait = 0, every = 1, first = 0, pause = 0;
    if (argc < 3 || argc > 7 || !parse_uint(argv[2], &n) ||
        (argc >= 4 && !parse_uint(argv[3], &wait)) ||
        (argc >= 5 && (!parse_uint(argv[4], &every) || every == 0)) ||
        (argc >= 6 && !parse_uint(argv[5], &first)) ||
        (argc == 7 && !parse_uint(argv[6], &pause))) {
        printf("usage: client NAME N [WAIT_MS [EVERY [FIRST [PAUSE_MS]]]]\n");
        return 2;
    }
    int h = find(argv[1]);
    if (h < 0) {
        printf("client: cannot find %s: %s\n", argv[1], err_name(h));
        return 1;
    }
    uint32_t replies = 0, expect = 0, node = 0, calls = 0;
    bool in_order = true;
    int first_error = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i == first && wait)
            sleep_ms(wait);
        uint32_t number = i;
        msg_set(&m, &number, sizeof(number));
        if ((i + 1) % every != 0) {
            int r = send(h, &m, 0);     /* counted by the next call's answer */
            if (r < 0 && !first_error)
                first_error = r;
            continue;
        }
        calls++;
        if (pause)
            sleep_ms(pause);
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
        in_order = in_order && ans.count == expect && ans.disorder == 0;
        expect = ans.count + every;
        node = ans.node;
        replies++;
    }
    char sent[32] = "";         /* the summary is one printf: one line, whole */
    if (every > 1)
        snprintf(sent, sizeof(sent), "%u sent, ", n);
    printf("client: %s%u calls, %u replies, %u lost, %s, last from node %u\n", sent,
           every > 1 ? calls : n, replies, calls - replies,
           in_order ? "in order" : "OUT OF ORDER", node);
    if (first_error)
        printf("client: first error %s\n", err_name(first_error));
    return replies == calls && in_order ? 0 : 1;
}
