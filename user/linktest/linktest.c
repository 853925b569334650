// SPDX-License-Identifier: MIT
/* linktest: a link carried across nodes and used where it arrives, and one
 * sender holding three links to one process.
 *   linktest catch NAME          register NAME, wait for a message carrying
 *                                a link, call it 10 times, print the result
 *   linktest pass FROM TO        look up FROM and TO, send FROM's link to TO
 *   linktest three NAME WAIT_MS call|send
 *                                look NAME up (A), duplicate it (B), carry a
 *                                copy to itself in a message (C); wait; one
 *                                call or plain send on A; a second later print
 *                                where each link points, then call on each */
#include "demos.h"

#define CALLS 10

static struct msg m;

static int catch(const char *name)
{
    int self = link_create(0, 0, 0, 0);
    int r = name_register(name, self);
    if (r < 0) {
        printf("linktest: cannot register %s: %s\n", name, err_name(r));
        return 1;
    }
    do
        r = receive(CHAN_ALL, &m, 0);
    while (r < 0 || m.h.link == LINK_NONE);
    int h = m.h.link, ok = 0;
    struct link_info info;
    link_info(h, &info);
    struct count_reply ans = { 0, 0, 0, 0 };
    for (int i = 0; i < CALLS; i++) {
        msg_set(&m, &i, sizeof(i));
        if (call(h, &m, 0) >= (int)sizeof(ans)) {
            memcpy(&ans, m.body, sizeof(ans));
            ok++;
        }
    }
    printf("linktest: %u.%u got a link to %u.%u on node %u, %d of %d calls answered by node %u\n",
           PID_NODE(getpid()), PID_SERIAL(getpid()), PID_NODE(info.target),
           PID_SERIAL(info.target), info.node_hint, ok, CALLS, ans.node);
    return ok == CALLS ? 0 : 1;
}

static int pass(const char *from, const char *to)
{
    int a = name_lookup(from), b = name_lookup(to);
    if (a < 0 || b < 0) {
        printf("linktest: cannot find %s: %s\n", a < 0 ? from : to, err_name(a < 0 ? a : b));
        return 1;
    }
    msg_set(&m, "link", 4);
    m.h.link = a;
    int r = send(b, &m, 0);
    printf("linktest: passed %s to %s: %s\n", from, to, r < 0 ? err_name(r) : "ok");
    return r < 0;
}

/* A copy of h that arrived in a message, as a link from another process would. */
static int carried_copy(int h)
{
    int self = link_create(1, 0, 0, 0), copy = link_dup(h);
    if (self < 0 || copy < 0)
        return self < 0 ? self : copy;
    msg_set(&m, "carry", 5);
    m.h.link = copy;
    int r = send(self, &m, 0);
    if (r >= 0)
        r = receive(CHAN_MASK(1), &m, 1000);
    link_destroy(self);
    return r < 0 ? r : (int)m.h.link;
}

static int three(const char *name, uint32_t wait, bool first_call)
{
    int h[3] = { name_lookup(name), -1, -1 };
    if (h[0] >= 0) {
        h[1] = link_dup(h[0]);
        h[2] = carried_copy(h[0]);
    }
    for (int i = 0; i < 3; i++) {
        if (h[i] < 0) {
            printf("linktest: cannot make link %c to %s: %s\n", 'A' + i, name, err_name(h[i]));
            return 1;
        }
    }
    sleep_ms(wait);
    uint32_t zero = 0;
    msg_set(&m, &zero, sizeof(zero));
    int r = first_call ? call(h[0], &m, 0) : send(h[0], &m, 0);
    if (r < 0) {
        printf("linktest: first %s on A: %s\n", first_call ? "call" : "send", err_name(r));
        return 1;
    }
    sleep_ms(1000);                     /* the link updates come in */
    struct link_info info[3];
    for (int i = 0; i < 3; i++)
        link_info(h[i], &info[i]);
    printf("linktest: links to %u.%u: A node %u, B node %u, C node %u\n",
           PID_NODE(info[0].target), PID_SERIAL(info[0].target), info[0].node_hint,
           info[1].node_hint, info[2].node_hint);
    struct count_reply ans[3] = { { 0, 0, 0, 0 } };
    for (int i = 0; i < 3; i++) {
        msg_set(&m, &i, sizeof(i));
        r = call(h[i], &m, 0);
        if (r >= (int)sizeof(ans[i]))
            memcpy(&ans[i], m.body, sizeof(ans[i]));
    }
    printf("linktest: calls on A, B, C answered by nodes %u, %u, %u\n", ans[0].node, ans[1].node,
           ans[2].node);
    return 0;
}

int main(int argc, char **argv)
{
    uint32_t wait;
    if (argc == 5 && strcmp(argv[1], "three") == 0 && parse_uint(argv[3], &wait) &&
        (strcmp(argv[4], "call") == 0 || strcmp(argv[4], "send") == 0))
        return three(argv[2], wait, strcmp(argv[4], "call") == 0);
    if (argc == 3 && strcmp(argv[1], "catch") == 0)
        return catch(argv[2]);
    if (argc == 4 && strcmp(argv[1], "pass") == 0)
        return pass(argv[2], argv[3]);
    printf("usage: linktest catch NAME | linktest pass FROM TO |"
           " linktest three NAME WAIT_MS call|send\n");
    return 2;
}
