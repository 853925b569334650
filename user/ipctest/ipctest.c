// SPDX-License-Identifier: MIT
/* ipctest CASE: one case of the kernel-call tests, run as a real process
 * by tests/ktest/test_ipc.c. Each case pins down one behaviour or error. */
#include "ipctest.h"

int failures;
struct msg m;

static void forged_link_handles_are_refused(void)
{
    msg_set(&m, "x", 1);
    EXPECT_EQ(-E_BADLINK, send(12345, &m, 0));
    EXPECT_EQ(-E_BADLINK, send(-5, &m, 0));
    EXPECT_EQ(-E_BADLINK, call(LINK_MAX, &m, 10));
    EXPECT_EQ(-E_BADLINK, link_destroy(77 << 8 | 5));
    EXPECT_EQ(-E_BADLINK, link_dup(63));
    EXPECT_EQ(-E_BADLINK, move_data(40, 0, &m, 1, MOVE_READ));
}

static void stale_link_handle_is_refused_after_destroy(void)
{
    int h = link_create(3, 0, 0, 0);
    EXPECT(h >= 0);
    EXPECT_EQ(0, link_destroy(h));
    int h2 = link_create(3, 0, 0, 0);       /* same slot, new generation */
    EXPECT(h2 != h);
    EXPECT_EQ(h & 0xFF, h2 & 0xFF);
    msg_set(&m, "x", 1);
    EXPECT_EQ(-E_BADLINK, send(h, &m, 0));
    EXPECT_EQ(-E_BADLINK, link_destroy(h));
    EXPECT_EQ(0, send(h2, &m, 0));
}

static void link_create_checks_its_arguments(void)
{
    static char area[64];
    EXPECT_EQ(-E_INVAL, link_create(CHAN_REPLY, 0, 0, 0));
    EXPECT_EQ(-E_INVAL, link_create(0, LINK_REPLY, 0, 0));
    EXPECT_EQ(-E_INVAL, link_create(0, LINK_KERNEL, 0, 0));
    EXPECT_EQ(-E_INVAL, link_create(0, LINK_DATA, area, sizeof(area)));   /* no rights */
    EXPECT_EQ(-E_INVAL, link_create(0, LINK_READ, 0, 0));
    EXPECT_EQ(-E_FAULT, link_create(0, LINK_DATA | LINK_READ, (void *)0x1000, 64));
    int n = 0;
    while (link_create(1, 0, 0, 0) >= 0)
        n++;
    EXPECT_EQ(LINK_MAX - 2, n);             /* slots 0 and 1 are taken */
    EXPECT_EQ(-E_NOMEM, link_create(1, 0, 0, 0));
}

static void dup_and_info_describe_the_same_target(void)
{
    struct link_info a, b;
    int h = link_create(4, 0, 0, 0), d = link_dup(h);
    EXPECT(d >= 0 && d != h);
    EXPECT_EQ(0, link_info(h, &a));
    EXPECT_EQ(0, link_info(d, &b));
    EXPECT_EQ(getpid(), a.target);
    EXPECT_EQ(a.target, b.target);
    EXPECT_EQ(4, b.channel);
    EXPECT_EQ(PID_NODE(getpid()), b.node_hint);
    EXPECT_EQ(-E_BADLINK, link_info(999, &a));
}

static void message_arrives_whole_with_sender_and_channel(void)
{
    int h = link_create(3, 0, 0, 0);
    msg_set(&m, "hello, demos", 13);
    EXPECT_EQ(0, send(h, &m, 0));
    memset(&m, 0, sizeof(m));
    EXPECT_EQ(13, receive(CHAN_MASK(3), &m, 1000));
    EXPECT_EQ(getpid(), m.h.sender);
    EXPECT_EQ(3, m.h.channel);
    EXPECT_EQ(LINK_NONE, m.h.link);
    EXPECT_EQ(LINK_NONE, m.h.reply);
    EXPECT_EQ(0, strcmp((char *)m.body, "hello, demos"));
}

static void receive_takes_only_the_chosen_channels(void)
{
    int a = link_create(2, 0, 0, 0), b = link_create(5, 0, 0, 0);
    msg_set(&m, "two", 4);
    send(a, &m, 0);
    msg_set(&m, "five", 5);
    send(b, &m, 0);
    EXPECT_EQ(5, receive(CHAN_MASK(5), &m, 1000));
    EXPECT_EQ(5, m.h.channel);
    EXPECT_EQ(-E_TIMEOUT, receive(CHAN_MASK(5), &m, 20));
    EXPECT_EQ(4, receive(CHAN_ALL, &m, 1000));
    EXPECT_EQ(2, m.h.channel);
}

static void receive_times_out(void)
{
    EXPECT_EQ(-E_TIMEOUT, receive(CHAN_ALL, &m, 30));
    EXPECT_EQ(-E_INVAL, receive(0, &m, 0));     /* nothing could ever come */
}

static void oversize_message_is_refused(void)
{
    int h = link_create(0, 0, 0, 0);
    msg_set(&m, 0, MSG_BODY_MAX + 1);
    EXPECT_EQ(-E_TOOBIG, send(h, &m, 0));
    msg_set(&m, 0, MSG_BODY_MAX);
    EXPECT_EQ(0, send(h, &m, 0));
    EXPECT_EQ(MSG_BODY_MAX, receive(CHAN_ALL, &m, 1000));
}

static void carried_link_moves_into_the_receivers_table(void)
{
    int self = link_create(6, 0, 0, 0), token = link_create(9, 0, 0, 0);
    msg_set(&m, "c", 1);
    m.h.link = token;
    EXPECT_EQ(0, send(self, &m, 0));
    EXPECT_EQ(-E_BADLINK, link_dup(token));     /* it left the sender */
    EXPECT_EQ(1, receive(CHAN_MASK(6), &m, 1000));
    struct link_info info;
    EXPECT(m.h.link >= 0);
    EXPECT_EQ(0, link_info(m.h.link, &info));
    EXPECT_EQ(9, info.channel);
    msg_set(&m, "c", 1);
    m.h.link = self;
    EXPECT_EQ(-E_INVAL, send(self, &m, 0));     /* a link cannot carry itself */
    m.h.link = 4000;
    EXPECT_EQ(-E_BADLINK, send(self, &m, 0));
}

static void call_gets_the_answer_and_reply_link_works_once(void)
{
    int echo = helper("echo", LINK_NONE, 0);
    EXPECT(echo >= 0);
    uint32_t op = 42;
    msg_set(&m, &op, sizeof(op));
    EXPECT_EQ(4, call(echo, &m, 2000));
    EXPECT_EQ(42, *(uint32_t *)m.body);
    op = 0x5EC0;
    msg_set(&m, &op, sizeof(op));
    EXPECT_EQ(4, call(echo, &m, 2000));
    EXPECT_EQ(-E_BADLINK, *(int32_t *)m.body);  /* its second reply was refused */
    op = 0xDEAD;
    msg_set(&m, &op, sizeof(op));
    call(echo, &m, 2000);
}

static void message_to_an_ended_process_comes_back_as_error(void)
{
    pid_t pid;
    int code = 0;
    int h = helper("exit", LINK_NONE, &pid);
    EXPECT(h >= 0);
    EXPECT_EQ(0, wait_for(pid, &code));
    EXPECT_EQ(7, code);
    msg_set(&m, "x", 1);
    EXPECT_EQ(-E_NOPROC, send(h, &m, 0));
    EXPECT_EQ(-E_NOPROC, call(h, &m, 1000));
    EXPECT_EQ(-E_NOPROC, kop_on(pid, KOP_STATS, &m));
}

static void full_queue_blocks_or_says_would_block(void)
{
    pid_t pid;
    int sink = helper("sink", LINK_NONE, &pid), sent = 0;
    msg_set(&m, "q", 1);
    while (send(sink, &m, SEND_NOWAIT) == 0 && sent < 1000)
        sent++;
    EXPECT_EQ(MSGQ_MAX, sent);
    EXPECT_EQ(-E_WOULDBLOCK, send(sink, &m, SEND_NOWAIT));
    EXPECT_EQ(0, kop_on(pid, KOP_KILL, &m));
    msg_set(&m, "q", 1);
    EXPECT_EQ(-E_NOPROC, send(sink, &m, 0));    /* not hung on the full queue */
}

static void killing_a_callee_fails_its_blocked_callers(void)
{
    pid_t sink_pid, caller_pid;
    int sink = helper("sink", LINK_NONE, &sink_pid);
    int callers[3];
    pid_t pids[3];
    for (int i = 0; i < 3; i++)
        callers[i] = helper("caller", link_dup(sink), &pids[i]);
    caller_pid = pids[0];
    sleep_ms(50);
    EXPECT_EQ(0, kop_on(sink_pid, KOP_KILL, &m));
    for (int i = 0; i < 3; i++) {
        int code = -1;
        EXPECT_EQ(0, wait_for(pids[i], &code));
        EXPECT_EQ(E_NOPROC, code);
        link_destroy(callers[i]);
    }
    (void)caller_pid;
}

static void data_link_checks_bounds_and_rights(void)
{
    static char mine[100];
    char buf[16];
    int ro = link_create(0, LINK_DATA | LINK_READ, mine, sizeof(mine));
    int plain = link_create(0, 0, 0, 0);
    strlcpy(mine, "readable", sizeof(mine));
    EXPECT_EQ(9, move_data(ro, 0, buf, 9, MOVE_READ));
    EXPECT_EQ(0, strcmp(buf, "readable"));
    EXPECT_EQ(-E_PERM, move_data(ro, 0, buf, 4, MOVE_WRITE));
    EXPECT_EQ(-E_RANGE, move_data(ro, 96, buf, 5, MOVE_READ));
    EXPECT_EQ(-E_RANGE, move_data(ro, 0xFFFFFFF0u, buf, 0x20, MOVE_READ));
    EXPECT_EQ(-E_PERM, move_data(plain, 0, buf, 1, MOVE_READ));
    EXPECT_EQ(-E_FAULT, move_data(ro, 0, (void *)0x1000, 4, MOVE_READ));
    EXPECT_EQ(-E_INVAL, move_data(ro, 0, buf, 4, 7));
}

static void data_link_moves_between_address_spaces(void)
{
    static char buf[8192];
    pid_t pid;
    int self = link_create(7, 0, 0, 0);
    int h = helper("data", link_dup(self), &pid);
    EXPECT(h >= 0);
    EXPECT_EQ(0, receive(CHAN_MASK(7), &m, 2000));
    int area = m.h.link, answer = m.h.reply;
    EXPECT_EQ(8192, move_data(area, 0, buf, sizeof(buf), MOVE_READ));
    EXPECT_EQ((char)(100 * 7), buf[100]);
    EXPECT_EQ((char)(8191 * 7), buf[8191]);
    EXPECT_EQ(1, move_data(area, 100, "W", 1, MOVE_WRITE));
    EXPECT_EQ(1, move_data(area, 8191, "Z", 1, MOVE_WRITE));
    EXPECT_EQ(-E_RANGE, move_data(area, 8192, buf, 1, MOVE_READ));
    msg_set(&m, 0, 0);
    send(answer, &m, 0);
    int code = -1;
    EXPECT_EQ(0, wait_for(pid, &code));
    EXPECT_EQ(0, code);                         /* it saw both writes */
}

static void kernel_link_stops_resumes_and_reports(void)
{
    pid_t pid;
    helper("sink", LINK_NONE, &pid);
    EXPECT_EQ(0, kop_on(pid, KOP_STOP, &m));
    EXPECT(kop_on(pid, KOP_STATS, &m) >= 0);
    m.body[m.h.len < MSG_BODY_MAX ? m.h.len : MSG_BODY_MAX - 1] = 0;
    EXPECT(strstr((char *)m.body, "state=stopped"));
    EXPECT_EQ(0, kop_on(pid, KOP_RESUME, &m));
    EXPECT(kop_on(pid, KOP_STATS, &m) >= 0);
    EXPECT(!strstr((char *)m.body, "state=stopped"));
    EXPECT_EQ(-E_INVAL, kop_on(pid, 99, &m));
    EXPECT_EQ(0, kop_on(pid, KOP_KILL, &m));
    EXPECT_EQ(-E_NOPROC, kop_on(pid, KOP_STATS, &m));  /* "killed": it has ended */
    EXPECT_EQ(0, wait_for(pid, 0));
}

static void reply_link_cannot_be_duplicated(void)
{
    int self = link_create(0, 0, 0, 0);
    /* Call ourselves: the call times out, then we receive it with its REPLY
     * link, and answer late (the answer is dropped, harmlessly). */
    msg_set(&m, "r", 1);
    EXPECT_EQ(-E_TIMEOUT, call(self, &m, 20));
    EXPECT_EQ(1, receive(CHAN_ALL, &m, 1000));
    EXPECT(m.h.reply >= 0);
    EXPECT_EQ(-E_PERM, link_dup(m.h.reply));
    EXPECT_EQ(0, send(m.h.reply, &m, 0));       /* late answer: dropped, no harm */
    EXPECT_EQ(-E_BADLINK, send(m.h.reply, &m, 0));
}

struct ipc_case { const char *name; void (*fn)(void); };
#define CASE(fn) { #fn, fn }
static const struct ipc_case cases[] = {
    CASE(forged_link_handles_are_refused),
    CASE(stale_link_handle_is_refused_after_destroy),
    CASE(link_create_checks_its_arguments),
    CASE(dup_and_info_describe_the_same_target),
    CASE(message_arrives_whole_with_sender_and_channel),
    CASE(receive_takes_only_the_chosen_channels),
    CASE(receive_times_out),
    CASE(oversize_message_is_refused),
    CASE(carried_link_moves_into_the_receivers_table),
    CASE(call_gets_the_answer_and_reply_link_works_once),
    CASE(message_to_an_ended_process_comes_back_as_error),
    CASE(full_queue_blocks_or_says_would_block),
    CASE(killing_a_callee_fails_its_blocked_callers),
    CASE(data_link_checks_bounds_and_rights),
    CASE(data_link_moves_between_address_spaces),
    CASE(kernel_link_stops_resumes_and_reports),
    CASE(reply_link_cannot_be_duplicated),
    CASE(fast_and_general_path_deliver_and_answer_the_same),
    CASE(receiver_on_another_channel_does_not_take_it),
    CASE(stopped_receiver_gets_the_message_queued_not_delivered),
    CASE(full_queue_refuses_a_waiting_receiver_too),
    CASE(what_the_fast_path_may_not_take_gets_the_general_answer),
    CASE(messages_keep_their_order_whichever_path_they_take),
    CASE(receiver_killed_while_a_caller_waits_fails_the_call_on_either_path),
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        printf("usage: ipctest CASE|ROLE\n");
        return 2;
    }
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (strcmp(argv[1], cases[i].name) == 0) {
            cases[i].fn();
            return failures ? 1 : 0;
        }
    }
    return run_helper(argv[1]);
}
