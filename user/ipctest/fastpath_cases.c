// SPDX-License-Identifier: MIT
/* ipctest's fast-path cases: the same messages sent to a receiver already
 * waiting (the fast path) and to one that is not (the general path) must
 * give the same results, and what the fast path may not take (another
 * channel, a stopped receiver, a full queue, a carried link, an oversize
 * body, an ended process) gets the general path's answer. The helper
 * "mirror" reports every message it receives to the test. */
#include "ipctest.h"

struct report {
    int32_t r;                  /* what receive returned */
    pid_t sender;
    uint32_t channel, len;
    int32_t status, has_link, has_reply;
    uint32_t op, arg;           /* the first two words of the body */
};

static struct msg mm;

/* mirror: sends links to itself on channels 5 and 6 to link 1, then
 * reports each message (or receive's error) to link 1, answers calls with
 * the body it got, and obeys OP_PAUSE ms (sleeps), OP_ONLY5 ms (its next
 * receive takes channel 5 only, for at most ms) and OP_EXIT. */
int mirror(void)
{
    static struct msg out;
    for (uint32_t c = 5; c <= 6; c++) {
        msg_set(&mm, 0, 0);
        mm.h.link = link_create(c, 0, 0, 0);
        send(LINK_PROCMGR, &mm, 0);
    }
    uint32_t mask = CHAN_ALL, timeout = 0;
    for (;;) {
        struct report rep = { 0 };
        rep.r = receive(mask, &mm, timeout);
        if (rep.r >= 0) {
            rep.sender = mm.h.sender;
            rep.channel = mm.h.channel;
            rep.len = mm.h.len;
            rep.status = mm.h.status;
            rep.has_link = mm.h.link != LINK_NONE;
            rep.has_reply = mm.h.reply != LINK_NONE;
            memcpy(&rep.op, mm.body, rep.len < 8 ? rep.len : 8);
            if (mm.h.link != LINK_NONE)
                link_destroy(mm.h.link);
        }
        msg_set(&out, &rep, sizeof(rep));
        send(LINK_PROCMGR, &out, 0);
        mask = CHAN_ALL;
        timeout = 0;
        if (rep.op == OP_PAUSE)
            sleep_ms(rep.arg);
        if (rep.op == OP_ONLY5) {
            mask = CHAN_MASK(5);
            timeout = rep.arg;
        }
        if (rep.r >= 0 && mm.h.reply != LINK_NONE) {
            mm.h.link = LINK_NONE;
            send(mm.h.reply, &mm, 0);
        }
        if (rep.op == OP_EXIT)
            return 0;
    }
}

struct mirror { pid_t pid; int to5, to6, self7; };

static struct mirror start_mirror(void)
{
    struct mirror x = { 0 };
    x.self7 = link_create(7, 0, 0, 0);
    helper("mirror", link_dup(x.self7), &x.pid);
    EXPECT(receive(CHAN_MASK(7), &m, 2000) >= 0);
    x.to5 = m.h.link;
    EXPECT(receive(CHAN_MASK(7), &m, 2000) >= 0);
    x.to6 = m.h.link;
    EXPECT(x.to5 >= 0 && x.to6 >= 0);
    sleep_ms(20);                       /* it waits in receive now */
    return x;
}

/* The mirror's next report (r = -E_TIMEOUT in it when none came). */
static struct report next_report(uint32_t timeout_ms)
{
    struct report rep = { -E_TIMEOUT, 0, 0, 0, 0, 0, 0, 0, 0 };
    if (receive(CHAN_MASK(7), &m, timeout_ms) >= (int)sizeof(rep))
        memcpy(&rep, m.body, sizeof(rep));
    return rep;
}

/* fastpath_hits from this node's stats, through the KERNEL link. */
static uint32_t hits(void)
{
    static struct msg s;
    struct kop_text req = { KOP_TEXT, REPORT_STATS, 0, 0 };
    uint64_t v = 0;
    msg_set(&s, &req, sizeof(req));
    int n = call(LINK_KERNEL_SELF, &s, 1000);
    if (n > 4 && n < MSG_BODY_MAX) {
        s.body[n] = 0;
        report_value((const char *)s.body + 4, "fastpath_hits", &v);
    }
    return (uint32_t)v;
}

static int note(int h, uint32_t op, uint32_t arg, uint32_t flags)
{
    uint32_t body[2] = { op, arg };
    msg_set(&m, body, sizeof(body));
    return send(h, &m, flags);
}

static void expect_same(const struct report *a, const struct report *b)
{
    EXPECT_EQ(a->r, b->r);
    EXPECT_EQ(a->sender, b->sender);
    EXPECT_EQ(a->channel, b->channel);
    EXPECT_EQ(a->len, b->len);
    EXPECT_EQ(a->status, b->status);
    EXPECT_EQ(a->has_link, b->has_link);
    EXPECT_EQ(a->has_reply, b->has_reply);
    EXPECT_EQ(a->op, b->op);
    EXPECT_EQ(a->arg, b->arg);
}

static void stop_mirror(struct mirror *x)
{
    note(x->to5, OP_EXIT, 0, 0);
    EXPECT_EQ(0, wait_for(x->pid, 0));
}

void fast_and_general_path_deliver_and_answer_the_same(void)
{
    struct mirror x = start_mirror();
    uint32_t h0 = hits();
    EXPECT_EQ(0, note(x.to5, OP_NOTE, 42, 0));          /* it waits: the fast path */
    struct report fast = next_report(1000);
    EXPECT(hits() > h0);
    EXPECT_EQ(0, note(x.to5, OP_PAUSE, 50, 0));
    EXPECT_EQ(0, next_report(1000).r >= 0 ? 0 : 1);
    EXPECT_EQ(0, note(x.to5, OP_NOTE, 42, 0));          /* it sleeps: the general path */
    struct report general = next_report(1000);
    expect_same(&fast, &general);
    EXPECT_EQ(getpid(), fast.sender);
    EXPECT_EQ(5, fast.channel);
    EXPECT_EQ(0, fast.has_reply);

    /* Calls, both ways: the same report and the same answer. */
    uint32_t body[2] = { OP_NOTE, 43 };
    sleep_ms(20);                       /* it waits again */
    msg_set(&m, body, sizeof(body));
    h0 = hits();
    EXPECT_EQ(8, call(x.to6, &m, 1000));
    EXPECT(hits() >= h0 + 2);                           /* the call and its answer */
    struct msg_hdr fast_answer = m.h;
    uint32_t fast_arg = ((uint32_t *)m.body)[1];
    fast = next_report(1000);
    EXPECT_EQ(1, fast.has_reply);
    EXPECT_EQ(0, note(x.to5, OP_PAUSE, 50, 0));
    next_report(1000);
    msg_set(&m, body, sizeof(body));
    EXPECT_EQ(8, call(x.to6, &m, 1000));
    struct msg_hdr answer = m.h;
    EXPECT_EQ(fast_arg, ((uint32_t *)m.body)[1]);
    EXPECT_EQ(43, fast_arg);
    general = next_report(1000);
    expect_same(&fast, &general);
    EXPECT_EQ(fast_answer.sender, answer.sender);
    EXPECT_EQ(x.pid, answer.sender);
    EXPECT_EQ(fast_answer.channel, answer.channel);
    EXPECT_EQ(CHAN_REPLY, answer.channel);
    EXPECT_EQ(fast_answer.status, answer.status);
    EXPECT_EQ(fast_answer.len, answer.len);
    EXPECT_EQ(fast_answer.link, answer.link);
    EXPECT_EQ(fast_answer.reply, answer.reply);
    EXPECT_EQ(LINK_NONE, answer.reply);
    stop_mirror(&x);
}

void receiver_on_another_channel_does_not_take_it(void)
{
    struct mirror x = start_mirror();
    EXPECT_EQ(0, note(x.to5, OP_ONLY5, 200, 0));
    next_report(1000);
    sleep_ms(20);                       /* it waits on channel 5 only */
    EXPECT_EQ(0, note(x.to6, OP_NOTE, 6, 0));
    struct report r = next_report(1000);
    EXPECT_EQ(-E_TIMEOUT, r.r);         /* its channel-5 receive saw nothing */
    r = next_report(1000);
    EXPECT_EQ(6, r.channel);            /* the next one took it from the queue */
    EXPECT_EQ(6, r.arg);
    stop_mirror(&x);
}

void stopped_receiver_gets_the_message_queued_not_delivered(void)
{
    struct mirror x = start_mirror();
    EXPECT_EQ(0, kop_on(x.pid, KOP_STOP, &m));
    EXPECT(kop_on(x.pid, KOP_STATS, &m) >= 0);         /* stopped as it waits */
    m.body[m.h.len < MSG_BODY_MAX ? m.h.len : MSG_BODY_MAX - 1] = 0;
    EXPECT(strstr((char *)m.body, "state=receiving"));
    EXPECT_EQ(0, note(x.to5, OP_NOTE, 7, 0));
    EXPECT_EQ(-E_TIMEOUT, next_report(100).r);          /* stopped: nothing ran */
    uint32_t body[2] = { OP_NOTE, 8 };
    msg_set(&m, body, sizeof(body));
    EXPECT_EQ(-E_TIMEOUT, call(x.to6, &m, 100));        /* nobody answers */
    EXPECT(kop_on(x.pid, KOP_STATS, &m) >= 0);
    m.body[m.h.len < MSG_BODY_MAX ? m.h.len : MSG_BODY_MAX - 1] = 0;
    EXPECT(strstr((char *)m.body, "queued=2\n"));     /* both wait in its queue */
    EXPECT_EQ(0, kop_on(x.pid, KOP_RESUME, &m));
    EXPECT_EQ(7, next_report(1000).arg);
    EXPECT_EQ(8, next_report(1000).arg);                /* its late answer is dropped */
    stop_mirror(&x);
}

void full_queue_refuses_a_waiting_receiver_too(void)
{
    struct mirror x = start_mirror();
    EXPECT_EQ(0, note(x.to5, OP_ONLY5, 3000, 0));
    next_report(1000);
    sleep_ms(20);                       /* waits on channel 5; channel 6 only queues */
    int sent = 0;
    while (note(x.to6, OP_NOTE, 0, SEND_NOWAIT) == 0 && sent < 100)
        sent++;
    EXPECT_EQ(MSGQ_MAX, sent);
    EXPECT_EQ(-E_WOULDBLOCK, note(x.to5, OP_NOTE, 5, SEND_NOWAIT));
    EXPECT_EQ(0, kop_on(x.pid, KOP_KILL, &m));
    EXPECT_EQ(0, wait_for(x.pid, 0));
}

void what_the_fast_path_may_not_take_gets_the_general_answer(void)
{
    struct mirror x = start_mirror();
    uint32_t h0 = hits();
    /* Oversize, a stale handle, a carried link: to a waiting receiver. */
    msg_set(&m, 0, 0);
    m.h.len = MSG_BODY_MAX + 1;
    EXPECT_EQ(-E_TOOBIG, send(x.to5, &m, 0));
    EXPECT_EQ(-E_TOOBIG, call(x.to5, &m, 100));
    int d = link_dup(x.to5);
    link_destroy(d);
    EXPECT_EQ(-E_BADLINK, note(d, OP_NOTE, 1, 0));
    uint32_t body[2] = { OP_NOTE, 9 };
    msg_set(&m, body, sizeof(body));
    m.h.link = link_create(3, 0, 0, 0);
    EXPECT_EQ(0, send(x.to5, &m, 0));
    struct report r = next_report(1000);
    EXPECT_EQ(1, r.has_link);
    EXPECT_EQ(9, r.arg);
    EXPECT_EQ(-E_TIMEOUT, next_report(50).r);       /* nothing else arrived */
    EXPECT(hits() - h0 <= 1);                       /* only the report to us */
    /* An ended receiver. */
    stop_mirror(&x);
    EXPECT_EQ(-E_NOPROC, note(x.to5, OP_NOTE, 1, 0));
    msg_set(&m, body, sizeof(body));
    EXPECT_EQ(-E_NOPROC, call(x.to6, &m, 1000));
}

void messages_keep_their_order_whichever_path_they_take(void)
{
    struct mirror x = start_mirror();
    EXPECT_EQ(0, note(x.to5, OP_NOTE, 1, 0));       /* waiting: fast */
    EXPECT_EQ(0, note(x.to5, OP_PAUSE, 30, 0));     /* fast, then it sleeps */
    for (uint32_t i = 2; i <= 5; i++)
        EXPECT_EQ(0, note(i % 2 ? x.to5 : x.to6, OP_NOTE, i, 0));   /* queued */
    uint32_t want[] = { 1, 30, 2, 3, 4, 5 };
    for (unsigned i = 0; i < 6; i++)
        EXPECT_EQ(want[i], next_report(1000).arg);
    EXPECT_EQ(0, note(x.to6, OP_NOTE, 6, 0));       /* waiting again: fast */
    EXPECT_EQ(6, next_report(1000).arg);
    stop_mirror(&x);
}

/* A caller (helper) whose call the mirror took and sleeps on: killing the
 * mirror answers it E_NOPROC, whether the call went by the fast path (the
 * mirror waited) or was queued (it slept). */
void receiver_killed_while_a_caller_waits_fails_the_call_on_either_path(void)
{
    uint32_t took[2];               /* fast path hits over each round */
    for (int fast = 1; fast >= 0; fast--) {
        struct mirror x = start_mirror();
        if (!fast) {
            EXPECT_EQ(0, note(x.to5, OP_PAUSE, 100, 0));
            next_report(1000);
        }
        uint32_t h0 = hits();
        pid_t caller;
        helper("caller", link_dup(x.to6), &caller);
        struct report r = next_report(2000);    /* it took the call: OP_PAUSE, a minute */
        took[fast] = hits() - h0;
        EXPECT_EQ(OP_PAUSE, r.op);
        EXPECT_EQ(1, r.has_reply);
        EXPECT_EQ(0, kop_on(x.pid, KOP_KILL, &m));
        int code = -1;
        EXPECT_EQ(0, wait_for(caller, &code));
        EXPECT_EQ(E_NOPROC, code);
    }
    EXPECT_EQ(took[0] + 1, took[1]);            /* the same but the call itself */
}
