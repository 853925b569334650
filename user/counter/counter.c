// SPDX-License-Identifier: MIT
/* counter [NAME [DELAY_MS]]: registers NAME (default "counter"), counts the
 * messages of each sender (calls and plain sends, numbered in the body) and
 * answers every call (after DELAY_MS, to hold callers in their calls) with
 * that sender's count, how many came out of order, the total, and the node
 * it runs on now. */
#include "demos.h"

#define SENDERS 64

static struct msg m;
struct sender { pid_t pid; uint32_t count, next, disorder; };
static struct sender seen[SENDERS];

static struct sender *sender_for(pid_t pid)
{
    static struct sender overflow;
    for (int i = 0; i < SENDERS; i++) {
        if (seen[i].pid == pid)
            return &seen[i];
        if (seen[i].pid == 0) {
            seen[i].pid = pid;
            return &seen[i];
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
    int answer = LINK_NONE;     /* the call the last answer (in m) is for */
    for (;;) {
        /* Answer the last call and take the next message: one kernel call. */
        int n = reply_receive(CHAN_ALL, &m, 0, answer);
        answer = LINK_NONE;
        if (n < 0)
            continue;
        struct sender *s = sender_for(m.h.sender);
        uint32_t number = 0;
        memcpy(&number, m.body, m.h.len < sizeof(number) ? m.h.len : sizeof(number));
        /* the first message of a sender sets where its numbers start */
        s->disorder += s->count && number != s->next;
        s->next = number + 1;
        s->count++;
        total++;
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        if (m.h.reply == LINK_NONE)
            continue;           /* a plain send: counted, no answer */
        if (delay)
            sleep_ms(delay);
        struct count_reply ans = { s->count, total, this_node(), s->disorder };
        answer = m.h.reply;
        msg_set(&m, &ans, sizeof(ans));
    }
}
