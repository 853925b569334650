// SPDX-License-Identifier: MIT
/* ipctest's helper processes and the ways the cases drive them: started
 * through the KERNEL link the in-kernel test hands ipctest as link 1. */
#include "ipctest.h"

static struct msg hm;

int helper(const char *role, int carry, pid_t *pid)
{
    int child = LINK_NONE;
    int r = kernel_spawn(LINK_KERNEL_SELF, "ipctest", role, carry, &child);
    if (pid)
        *pid = (pid_t)r;
    return r < 0 ? r : child;
}

int kop_on(pid_t pid, uint32_t op, struct msg *out)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_PROC_LINK, pid };
    struct answer ans;
    int r = call_answer(LINK_KERNEL_SELF, &req, sizeof(req), &ans, out);
    if (r < 0)
        return r;
    int h = out->h.link;
    msg_set(out, &op, sizeof(op));
    r = call(h, out, 1000);
    link_destroy(h);
    return r < 0 ? r : out->h.status;
}

int wait_for(pid_t pid, int *code)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_WAIT, pid };
    struct answer ans;
    int r = call_answer(LINK_KERNEL_SELF, &req, sizeof(req), &ans, &hm);
    if (r >= 0 && code)
        *code = (int)ans.value;
    return r;
}

/* echo: answers each call with its body; the second reply on one REPLY
 * link is tried too, and its result is the body of the next answer. */
static int echo(void)
{
    int32_t second = 1;
    for (;;) {
        if (receive(CHAN_ALL, &hm, 0) < 0)
            continue;
        int h = hm.h.reply;
        uint32_t op = 0;
        memcpy(&op, hm.body, sizeof(op));
        if (op == 0xDEAD)
            return 0;
        if (op == 0x5EC0)               /* "what did the second reply get?" */
            msg_set(&hm, &second, sizeof(second));
        else
            hm.h.link = LINK_NONE;
        send(h, &hm, 0);
        if (op != 0x5EC0)
            second = send(h, &hm, 0);
    }
}

/* caller: calls link 1 (to a mirror: "pause a minute before you answer")
 * and exits with the negated error it got. */
static int caller(void)
{
    uint32_t body[2] = { OP_PAUSE, 60000 };
    msg_set(&hm, body, sizeof(body));
    int r = call(LINK_PROCMGR, &hm, 0);
    return r < 0 ? -r : 0;
}

/* data: offers 8 KiB of its memory, readable and writable, through a DATA
 * link sent to link 1, then checks what was written into it. */
static int data(void)
{
    static char area[8192];
    for (unsigned i = 0; i < sizeof(area); i++)
        area[i] = (char)(i * 7);
    int h = link_create(0, LINK_DATA | LINK_READ | LINK_WRITE, area, sizeof(area));
    msg_set(&hm, 0, 0);
    hm.h.link = h;
    call(LINK_PROCMGR, &hm, 0);     /* answered after the test moved data */
    return area[100] == 'W' && area[8191] == 'Z' ? 0 : 1;
}

int run_helper(const char *role)
{
    if (strcmp(role, "echo") == 0)
        return echo();
    if (strcmp(role, "sink") == 0)
        for (;;)
            sleep_ms(100000);   /* takes nothing: its queue only fills */
    if (strcmp(role, "caller") == 0)
        return caller();
    if (strcmp(role, "data") == 0)
        return data();
    if (strcmp(role, "exit") == 0)
        return 7;
    if (strcmp(role, "mirror") == 0)
        return mirror();
    return -1;
}
