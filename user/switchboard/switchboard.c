// SPDX-License-Identifier: MIT
/* switchboard: the cluster's name service. register(name, link) keeps the
 * link; lookup(name) answers with a duplicate of it; list prints the names.
 * A name registered again points at the newer link. */
#include "demos.h"

#define NAMES 64

struct entry { char name[NAME_MAX]; int h; pid_t pid; };
static struct entry names[NAMES];
static struct msg m;

static struct entry *find(const char *name)
{
    for (int i = 0; i < NAMES; i++)
        if (names[i].h > 0 && strcmp(names[i].name, name) == 0)
            return &names[i];
    return 0;
}

static int do_register(const struct sb_req *req)
{
    if (m.h.link == LINK_NONE || !req->name[0])
        return -E_INVAL;
    struct entry *e = find(req->name);
    if (!e)
        for (int i = 0; i < NAMES && !e; i++)
            if (names[i].h <= 0)
                e = &names[i];
    if (!e)
        return -E_NOMEM;
    if (e->h > 0)
        link_destroy(e->h);
    strlcpy(e->name, req->name, sizeof(e->name));
    e->h = m.h.link;
    e->pid = m.h.sender;
    m.h.link = LINK_NONE;
    return 0;
}

static void do_list(const struct sb_req *req)
{
    static char text[4096];
    uint32_t len = 0;
    for (int i = 0; i < NAMES; i++) {
        if (names[i].h <= 0)
            continue;
        len += snprintf(text + len, sizeof(text) - len, "%s -> %u.%u\n", names[i].name,
                        PID_NODE(names[i].pid), PID_SERIAL(names[i].pid));
    }
    reply_text(&m, text, len, req->offset, 0);
}

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    for (;;) {
        if (receive(CHAN_ALL, &m, 0) < 0)
            continue;
        struct sb_req req = { 0 };
        memcpy(&req, m.body, m.h.len < sizeof(req) ? m.h.len : sizeof(req));
        req.name[NAME_MAX - 1] = 0;
        struct answer ans = { 0, 0 };
        int carry = LINK_NONE;
        if (req.op == SB_REGISTER) {
            ans.status = do_register(&req);
        } else if (req.op == SB_LOOKUP) {
            struct entry *e = find(req.name);
            ans.status = e ? 0 : -E_NOENT;
            if (e && (carry = link_dup(e->h)) < 0)
                ans.status = carry, carry = LINK_NONE;
        } else if (req.op == SB_LIST) {
            do_list(&req);
            continue;
        } else {
            ans.status = -E_INVAL;
        }
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        if (m.h.reply != LINK_NONE && reply(&m, &ans, sizeof(ans), carry) < 0 && carry != LINK_NONE)
            link_destroy(carry);
    }
}
