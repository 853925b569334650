// SPDX-License-Identifier: MIT
/* switchboard: the cluster's name service. alive(probe link) tells it how to
 * check the caller still runs; register(name, link) keeps the link for the
 * caller, who alone may replace it; lookup(name) answers with a duplicate of
 * it; list prints the names. A holder's names are freed once it has ended,
 * found out when one of them is registered or the table is full (names.c).
 * Run as "switchboard hold NAME..." it is a client instead (hold.c). */
#include "demos.h"
#include "names.h"
#include "hold.h"

static struct msg m;

static void do_list(const struct sb_req *req)
{
    static char text[4096];
    reply_text(&m, text, names_list(text, sizeof(text)), req->offset, 0);
}

static void __attribute__((noreturn)) serve(void)
{
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0)
            continue;
        struct sb_req req = { 0 };
        memcpy(&req, m.body, m.h.len < sizeof(req) ? m.h.len : sizeof(req));
        req.name[NAME_MAX - 1] = 0;
        struct answer ans = { 0, 0 };
        int carry = LINK_NONE;
        if (req.op == SB_ALIVE) {
            ans.status = names_alive(m.h.sender, &m.h.link);
        } else if (req.op == SB_REGISTER) {
            ans.status = names_register(m.h.sender, req.name, &m.h.link);
        } else if (req.op == SB_LOOKUP) {
            int h = names_lookup(req.name);
            ans.status = h < 0 ? h : 0;
            if (h >= 0 && (carry = link_dup(h)) < 0)
                ans.status = carry, carry = LINK_NONE;
        } else if (req.op != SB_LIST) {
            ans.status = -E_INVAL;
        }
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        if (req.op == SB_LIST)
            do_list(&req);
        else if (m.h.reply != LINK_NONE && reply(&m, &ans, sizeof(ans), carry) < 0 && carry != LINK_NONE)
            link_destroy(carry);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return hold(argc, argv);
    serve();
    return 0;
}
