// SPDX-License-Identifier: MIT
/* memsched: the node's memory policy. Grants memory to a new process only
 * while the pages in use plus the request stay within the budget
 * (argument: KiB, default 16384); reports budget and use. Use is read from
 * the kernel (link 1), so a process's pages come back when it ends. */
#include "demos.h"

#define DEFAULT_BUDGET_KIB 16384
#define PAGE_KIB 4

static struct msg m, km;
static uint32_t budget_pages;

static uint32_t pages_in_use(void)
{
    struct kop_text req = { KOP_TEXT, REPORT_MEM, 0, 0 };
    msg_set(&km, &req, sizeof(req));
    int n = call(LINK_KERNEL_SELF, &km, 0);
    if (n < 0)
        return 0xFFFFFFFFu;     /* cannot tell: grant nothing */
    km.body[n < MSG_BODY_MAX ? n : MSG_BODY_MAX - 1] = 0;
    uint64_t v;
    return report_value((const char *)km.body, "user_pages", &v) ? (uint32_t)v : 0xFFFFFFFFu;
}

static void report(const struct ms_req *req)
{
    char text[256];
    uint32_t used = pages_in_use();
    int len = snprintf(text, sizeof(text), "budget_kib=%u\nused_kib=%u\nfree_kib=%u\n",
                       budget_pages * PAGE_KIB, used * PAGE_KIB,
                       used < budget_pages ? (budget_pages - used) * PAGE_KIB : 0);
    reply_text(&m, text, (uint32_t)len, req->offset, 0);
}

int main(int argc, char **argv)
{
    uint32_t kib = DEFAULT_BUDGET_KIB;
    if (argc > 1 && !parse_uint(argv[1], &kib))
        printf("memsched: bad budget '%s', using %u KiB\n", argv[1], kib = DEFAULT_BUDGET_KIB);
    budget_pages = kib / PAGE_KIB;
    /* Arriving processes are admitted by the kernel against this budget. */
    uint32_t set[2] = { KOP_SET_BUDGET, budget_pages };
    msg_set(&km, set, sizeof(set));
    call(LINK_KERNEL_SELF, &km, 0);
    int answer = LINK_NONE;     /* the call the grant's answer (in m) is for */
    for (;;) {
        /* Answer the last grant and take the next request: one kernel call. */
        int n = reply_receive(CHAN_ALL, &m, 0, answer);
        answer = LINK_NONE;
        if (n < 0)
            continue;
        struct ms_req req = { 0, 0, 0 };
        memcpy(&req, m.body, m.h.len < sizeof(req) ? m.h.len : sizeof(req));
        if (m.h.link != LINK_NONE)
            link_destroy(m.h.link);
        if (req.op == MS_REPORT) {
            report(&req);
            continue;
        }
        struct answer ans = { -E_INVAL, 0 };
        if (req.op == MS_GRANT) {
            uint32_t used = pages_in_use();
            ans.status = used <= budget_pages && req.pages <= budget_pages - used ? 0 : -E_NOMEM;
            ans.value = budget_pages - (used < budget_pages ? used : budget_pages);
        }
        answer = m.h.reply;
        msg_set(&m, &ans, sizeof(ans));
    }
}
