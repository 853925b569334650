// SPDX-License-Identifier: MIT
/* procmgr: the node's process manager. Starts memsched and the shell as
 * system services and starts them again when they end, then the programs
 * named in its arguments; spawns on request after memsched grants the
 * memory; kills, waits (by passing the caller's REPLY link to the kernel)
 * and relays reports. Link 1: a KERNEL link to its kernel. Started again by
 * init (argument "again", in its old place N.S) it takes over the running
 * memsched and shell: their links to it and its watches on them reach it.
 * Where a spawn goes, and which processes move, is user/procmgr/balance.c. */
#include "demos.h"
#include "balance.h"

/* The kernel tells of a service's end on these channels of procmgr's own. */
#define CHAN_MEMSCHED_ENDED 2
#define CHAN_SHELL_ENDED 3

static struct msg m, km;
static int memsched = LINK_NONE;
static int self = LINK_NONE;    /* a link to procmgr, given to what it starts */

/* Ask the kernel (link 1): the call's answer words, or the call's error. */
static int kernel_call(const void *req, uint32_t len, struct answer *ans)
{
    return call_answer(LINK_KERNEL_SELF, req, len, ans, &km);
}

static int prog_pages(const char *prog)
{
    struct { uint32_t op; char name[PROG_NAME_MAX]; } preq = { KOP_PROG_PAGES, { 0 } };
    struct answer ans;
    strlcpy(preq.name, prog, sizeof(preq.name));
    int r = kernel_call(&preq, sizeof(preq), &ans);
    return r < 0 ? r : (int)ans.value;
}

static int spawn_checked(const char *prog, const char *args, uint32_t flags)
{
    struct answer ans;
    int r = prog_pages(prog);
    if (r < 0)
        return r;
    struct ms_req grant = { MS_GRANT, (uint32_t)r, 0 };
    static struct msg gm;
    r = call_answer(memsched, &grant, sizeof(grant), &ans, &gm);
    if (r < 0)
        return r;
    int carry = link_dup(self);
    r = kernel_spawn_as(LINK_KERNEL_SELF, prog, args, carry, 0, flags);
    if (r < 0 && carry >= 0)
        link_destroy(carry);
    return r;
}

/* A KERNEL link to pid (to destroy after use), or an error. */
static int kernel_link(pid_t pid)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_PROC_LINK, pid };
    struct answer ans;
    int r = kernel_call(&req, sizeof(req), &ans);
    return r < 0 ? r : km.h.link;
}

static int kill(pid_t pid)
{
    int h = kernel_link(pid);
    if (h < 0)
        return h;
    uint32_t op = KOP_KILL;
    struct answer ans;
    int r = call_answer(h, &op, sizeof(op), &ans, &km);
    link_destroy(h);
    return r;
}

/* The kernel that hosts pid answers our caller itself (we pass on its
 * REPLY link), once pid runs at node or the move failed. */
static int migrate(pid_t pid, uint32_t node)
{
    int h = kernel_link(pid);
    if (h < 0)
        return h;
    uint32_t req[2] = { KOP_MIGRATE, node };
    msg_set(&km, req, sizeof(req));
    km.h.link = m.h.reply;
    int r = send(h, &km, 0);
    link_destroy(h);
    return r;
}

/* The kernel answers the caller itself when pid ends. */
static int wait(pid_t pid)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_WAIT, pid };
    msg_set(&km, &req, sizeof(req));
    km.h.link = m.h.reply;
    return send(LINK_KERNEL_SELF, &km, 0);
}

static void text(const struct pm_req *req)
{
    if (req->report == REPORT_LOAD || req->report == REPORT_BALANCE) {
        static char buf[2048];
        uint32_t len = balance_report(req->report, buf, sizeof(buf));
        reply_text(&m, buf, len, req->offset, 0);
        return;
    }
    struct ms_req mreq = { MS_REPORT, 0, req->offset };
    struct kop_text kreq = { KOP_TEXT, req->report, req->pid, req->offset };
    int to_memsched = req->report == REPORT_MEMSCHED;
    msg_set(&km, to_memsched ? (void *)&mreq : (void *)&kreq,
            to_memsched ? sizeof(mreq) : sizeof(kreq));
    int n = call(to_memsched ? memsched : LINK_KERNEL_SELF, &km, 0);
    if (n < 0 || km.h.status < 0) {
        reply_text(&m, "", 0, 0, n < 0 ? n : km.h.status);
        return;
    }
    if (to_memsched) {          /* memsched's answer is already status + text */
        reply(&m, km.body, (uint32_t)n, LINK_NONE);
        return;
    }
    reply_text(&m, (const char *)km.body, (uint32_t)n, 0, 0);
}

/* Serve the request in m. Returns the REPLY link whose answer m now
 * holds (for the next reply_receive), or LINK_NONE when it was answered
 * otherwise (or will be). */
static int serve(void)
{
    struct pm_req req;
    memset(&req, 0, sizeof(req));
    memcpy(&req, m.body, m.h.len < sizeof(req) ? m.h.len : sizeof(req));
    req.prog[PROG_NAME_MAX - 1] = 0;
    req.args[PROG_ARGS_MAX - 1] = 0;
    struct answer ans = { 0, 0 };
    if (req.op == PM_SPAWN && m.h.reply == LINK_NONE && m.h.link != LINK_NONE) {
        m.h.reply = m.h.link;   /* sent on by another node's procmgr: answer its caller */
        m.h.link = LINK_NONE;
    }
    switch (req.op) {
    case PM_SPAWN:
        if (!(req.flags & (PMF_HERE | PMF_STAY)) &&
            balance_spawn_elsewhere(&req, prog_pages(req.prog), m.h.reply) == 0)
            return LINK_NONE;   /* answered there */
        ans.status = spawn_checked(req.prog, req.args, req.flags & PMF_STAY ? SPAWN_STAY : 0);
        break;
    case PM_BALANCE: balance_enable(req.node != 0); break;
    case PM_KILL: ans.status = kill(req.pid); break;
    case PM_WAIT:
        ans.status = wait(req.pid);
        if (ans.status == 0)
            return LINK_NONE;   /* the kernel answers when it ends */
        break;
    case PM_TEXT: text(&req); return LINK_NONE;
    case PM_MIGRATE:
        ans.status = migrate(req.pid, req.node);
        if (ans.status == 0)
            return LINK_NONE;   /* answered */
        break;
    default: ans.status = -E_INVAL;
    }
    if (ans.status >= 0)
        ans.value = (uint32_t)ans.status, ans.status = 0;
    return answer_in(&m, &ans, sizeof(ans), LINK_NONE);
}

/* Ask the kernel to tell us on channel when pid ends. */
static void watch(int pid, uint32_t channel)
{
    struct { uint32_t op; pid_t pid; } req = { KOP_WAIT, (pid_t)pid };
    msg_set(&km, &req, sizeof(req));
    km.h.link = link_create(channel, 0, 0, 0);
    if (pid < 0 || km.h.link < 0 || send(LINK_KERNEL_SELF, &km, 0) < 0)
        printf("procmgr: cannot watch %s\n", channel == CHAN_SHELL_ENDED ? "the shell" : "memsched");
}

static void start_memsched(void)
{
    if (memsched != LINK_NONE)
        link_destroy(memsched);
    int kl = link_dup(LINK_KERNEL_SELF);
    int r = kernel_spawn_as(LINK_KERNEL_SELF, "memsched", "", kl, &memsched, SPAWN_SERVICE);
    if (r < 0)
        printf("procmgr: cannot start memsched: %s\n", err_name(r));
    else
        watch(r, CHAN_MEMSCHED_ENDED);
}

static void start_shell(void)
{
    int r = spawn_checked("shell", "", SPAWN_SERVICE);
    if (r < 0)
        printf("procmgr: cannot start the shell: %s\n", err_name(r));
    else
        watch(r, CHAN_SHELL_ENDED);
}

/* A service ended (the kernel's answer to watch): start it again. */
static void service_ended(uint32_t channel)
{
    struct kop_reply r = { 0, 0 };
    memcpy(&r, m.body, m.h.len < sizeof(r) ? m.h.len : sizeof(r));
    printf("procmgr: %s ended (%d); starting it again\n",
           channel == CHAN_SHELL_ENDED ? "the shell" : "memsched", (int)r.value);
    if (channel == CHAN_SHELL_ENDED)
        start_shell();
    else
        start_memsched();
}

/* Register procmgr.N with this node's switchboard, waiting for it to
 * answer: until it does, the node cannot serve (no name is found). */
static void register_self(void)
{
    char name[NAME_MAX];
    snprintf(name, sizeof(name), "procmgr.%u", this_node());
    for (int tries = 0;; tries++) {
        int h = link_dup(self);
        int r = name_register(name, h);
        if (r == 0)
            return;
        link_destroy(h);        /* still ours unless the switchboard took it */
        if (tries == 100)
            printf("procmgr: the switchboard does not answer (%s); waiting\n", err_name(r));
        sleep_ms(20);
    }
}

/* Started again: the running memsched's link (the shell's and the
 * services' end notices come to our id by themselves). */
static void take_over(void)
{
    struct { uint32_t op; char name[PROG_NAME_MAX]; } req = { KOP_SERVICE_LINK, "memsched" };
    struct answer ans;
    int r = kernel_call(&req, sizeof(req), &ans);
    if (r < 0)
        start_memsched();
    else
        memsched = km.h.link;
    register_self();
    printf("procmgr: started again\n");
}

/* Boot: memsched (with a KERNEL link), the shell, then run=... items. */
static void boot(int argc, char **argv)
{
    int r;
    start_memsched();
    register_self();
    start_shell();
    printf("demos: node %u ready\n", this_node());
    for (int i = 1; i < argc; i++) {
        char *item = argv[i];
        while (*item) {
            char *end = item, *arg;
            while (*end && *end != ',')
                end++;
            char saved = *end;
            *end = 0;
            for (arg = item; *arg && *arg != ':'; arg++)
                ;
            if (*arg)
                *arg++ = 0;
            if (*item && (r = spawn_checked(item, arg, 0)) < 0)
                printf("procmgr: cannot start %s: %s\n", item, err_name(r));
            item = saved ? end + 1 : end;
        }
    }
}

int main(int argc, char **argv)
{
    self = link_create(0, 0, 0, 0);
    if (argc > 1 && strcmp(argv[1], "again") == 0)
        take_over();
    else
        boot(argc, argv);
    int answer = LINK_NONE;     /* the call the answer in m is for */
    for (;;) {
        /* Answer the last request and take the next one: one kernel call. */
        int r = reply_receive(CHAN_ALL, &m, BALANCE_CHECK_MS, answer);
        bool refused = answer != LINK_NONE && r < 0 && r != -E_TIMEOUT;
        answer = LINK_NONE;
        if (refused)
            continue;           /* its caller is gone: nothing was received */
        balance_check();
        if (r < 0)
            continue;
        if (m.h.channel == CHAN_MEMSCHED_ENDED || m.h.channel == CHAN_SHELL_ENDED)
            service_ended(m.h.channel);
        else if (m.h.channel >= CHAN_MOVE_BASE && m.h.channel < CHAN_MOVE_BASE + BALANCE_MOVES)
            balance_answer(m.h.channel - CHAN_MOVE_BASE, &m);
        else
            answer = serve();
        if (answer == LINK_NONE && m.h.link != LINK_NONE)
            link_destroy(m.h.link);
    }
}
