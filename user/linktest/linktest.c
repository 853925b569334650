// SPDX-License-Identifier: MIT
/* linktest: a link carried across nodes and used where it arrives.
 *   linktest catch NAME          register NAME, wait for a message carrying
 *                                a link, call it 10 times, print the result
 *   linktest pass FROM TO        look up FROM and TO, send FROM's link to TO */
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

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "catch") == 0)
        return catch(argv[2]);
    if (argc == 4 && strcmp(argv[1], "pass") == 0)
        return pass(argv[2], argv[3]);
    printf("usage: linktest catch NAME | linktest pass FROM TO\n");
    return 2;
}
