# SPDX-License-Identifier: MIT
# Migration cases: a move under calls, chains, blocked calls, DATA links,
# memory readers, wire faults, plain sends.

import re
import time

from caserunner import CaseFailed
from harness import CLIENT_LINE, Cluster, delta, expect_equal, me, summary
from remote_cases import DATA_LINE, FAULTS, fetched


# ---- migration (issue 5) ----

def calls_flowing(c, node, more=100, seconds=10):
    """Wait until node has sent `more` remote messages more than now."""
    base = c.stats(node)["remote_msgs_out"]
    deadline = time.monotonic() + seconds
    while c.stats(node)["remote_msgs_out"] < base + more:
        if time.monotonic() > deadline:
            raise CaseFailed("node %d sent fewer than %d remote messages in %g s: its calls do"
                             " not flow" % (node, more, seconds))
        time.sleep(0.1)


def expect_rise(what, before, after, name, want):
    got = delta(before, after, name)
    if got != want:
        raise CaseFailed("%s: %s rose by %d (%d -> %d) over the run, want exactly %d"
                         % (what, name, got, before[name], after[name], want))


def moved_counter_loses_nothing_and_updates_the_caller_once(echo):
    calls = 10000
    with Cluster(me(), 3, echo, limit=120) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        before = {k: c.stats(k) for k in (1, 2)}
        since = c.mark(2)
        c.spawn(2, "client counter %d" % calls)
        calls_flowing(c, 2)
        us = c.migrated(1, counter, 3)
        if c.printed(2, CLIENT_LINE, since):
            raise CaseFailed("the client finished before the move ended: %s"
                             % c.printed(2, CLIENT_LINE, since)[0])
        got = c.wait_line(2, CLIENT_LINE, 90, since)
        expect_equal("client on node 2", got, summary(calls, calls, 3))
        print("# counter moved mid-run in %d us" % us)
        after = {k: c.stats(k) for k in (1, 2)}
        # One forward and its update; or, when the counter held the client's
        # call as it moved, an update with the move (forward_open_calls) and,
        # if the answer from node 3 overtook that update, one forward and its
        # update too. Node 2's link changes once, whatever the order.
        forwarded = delta(before[1], after[1], "msgs_forwarded")
        sent = delta(before[1], after[1], "link_updates_sent")
        if forwarded not in (0, 1) or sent - forwarded not in (0, 1) or sent < 1:
            raise CaseFailed("node 1 forwarded %d messages and sent %d link updates, want one"
                             " forward and its update, or an update with the move and at most"
                             " one forward and its update" % (forwarded, sent))
        expect_rise("node 2", before[2], after[2], "link_updates_applied", 1)


def quiet_sender_is_forwarded_along_a_chain_then_goes_direct(echo):
    with Cluster(me(), 4, echo, limit=60) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(4, "counter")
        since = c.mark(4)
        spawned = time.monotonic()
        c.spawn(4, "client counter 2 5000")     # takes its link now, calls in 5 s
        time.sleep(0.5)
        # From the source's shell, the destination's, and one that only
        # holds a forwarding entry: migrate works from any node. (Its own
        # KERNEL message may follow the chain: count from after the moves.)
        for shell, dest in ((1, 2), (3, 3), (2, 4)):
            c.migrated(shell, counter, dest)
        before = {k: c.stats(k) for k in (1, 2, 3)}
        moved = time.monotonic() - spawned
        if moved >= 5 or c.printed(4, CLIENT_LINE, since):
            raise CaseFailed("the three moves ended %.1f s after the client's spawn, after its"
                             " 5 s wait" % moved)
        got = c.wait_line(4, CLIENT_LINE, 20, since)
        expect_equal("client on node 4", got, summary(2, 2, 4))
        for k in (1, 2, 3):
            expect_rise("node %d" % k, before[k], c.stats(k), "msgs_forwarded", 1)


def process_blocked_in_a_call_moves_and_gets_its_answer(echo):
    with Cluster(me(), 3, echo, limit=60) as c:
        c.spawn(1, "counter slow 3000")
        c.wait_registered(2, "slow")
        marks = {k: c.mark(k) for k in (2, 3)}
        client = c.spawn(2, "client slow 2")
        spawned = time.monotonic()
        time.sleep(1.0)                         # in its first call, answered at 3 s
        state = c.ps(2).get(client, (None, "gone"))[1]
        if state not in ("blocked", "receiving"):
            raise CaseFailed("ps on node 2 shows the client %s as %s, want blocked or receiving"
                             " (in its call)" % (client, state))
        c.migrated(2, client, 3)
        moved = time.monotonic() - spawned
        if moved >= 3:
            raise CaseFailed("the move ended %.1f s after the spawn, after the first call's"
                             " answer (3 s)" % moved)
        got = c.wait_line(3, CLIENT_LINE, 20, marks[3])
        expect_equal("client moved to node 3", got, summary(2, 2, 1))
        stray = c.printed(2, CLIENT_LINE, marks[2])
        if stray:
            raise CaseFailed("node 2 printed %r too: the client ran on both nodes" % stray[0])


def process_holding_a_data_link_moves_and_uses_it(echo):
    with Cluster(me(), 3, echo, limit=60) as c:
        c.spawn(1, "datatest serve d 256")
        c.wait_registered(2, "d")
        since = c.mark(3)
        fetcher = c.spawn(2, "datatest fetch d 3000")
        spawned = time.monotonic()
        time.sleep(0.7)                         # it has its DATA link and waits
        us = c.migrated(2, fetcher, 3, timeout=30)
        print("# the fetcher (4 MiB mapped) moved in %d us, %.1f s after its spawn"
              % (us, time.monotonic() - spawned))
        got = c.wait_line(3, r"datatest: (?!serve)", 30, since)
        want = (256 * 1024, 1)
        m = re.fullmatch(DATA_LINE % want, got)
        if not m or m.group(3) != "0":
            raise CaseFailed("the moved fetcher: want 'datatest: %d bytes from node %d: ..., 0 bad"
                             " bytes' on node 3, got %r" % (want + (got,)))


def process_whose_memory_others_read_moves_and_is_followed(echo):
    with Cluster(me(), 3, echo, limit=60) as c:
        server = c.spawn(1, "datatest serve d 256")
        c.wait_registered(3, "d")
        c.migrated(1, server, 2, timeout=30)
        fetched(c, 3, "d", 256, 2, 30)


def migration_under_wire_faults(echo):
    calls = 2000
    with Cluster(me(), 3, echo, limit=300, faults=[FAULTS]) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter", 30)
        since = c.mark(2)
        start = time.monotonic()
        c.spawn(2, "client counter %d" % calls)
        calls_flowing(c, 2, 50, 30)
        us = c.migrated(1, counter, 3, timeout=60)
        if c.printed(2, CLIENT_LINE, since):
            raise CaseFailed("the client finished before the move ended")
        got = c.wait_line_moving(2, CLIENT_LINE, 240, since)
        expect_equal("client on node 2", got, summary(calls, calls, 3))
        print("# %d calls with a move under %s: %.1f s; the move took %d us"
              % (calls, FAULTS, time.monotonic() - start, us))


def sends_without_waiting_keep_their_order_across_moves(echo):
    """Plain sends (every 40th message a call) while the counter moves
    1 -> 3 -> 1 -> 3 under the wire faults: each move's forwarded sends must
    not be overtaken by the ones that go straight to the new place (a send
    still on its way to the old node when the link update reaches the sender
    is held at the receiver until its turn: kernel/core/order.c). Then the
    client itself moves 2 -> 1 amid its sends: those still in node 2's
    transport, resent after losses, race its next ones from node 1."""
    sent, every = 8000, 40
    with Cluster(me(), 3, echo, limit=300, faults=[FAULTS]) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter", 30)
        since = c.mark(1)
        client = c.spawn(2, "client counter %d 0 %d" % (sent, every))
        calls_flowing(c, 2, 200, 30)
        for src, dst in ((1, 3), (3, 1), (1, 3)):
            c.migrated(src, counter, dst, timeout=60)
            calls_flowing(c, 2, 200, 30)
        c.migrated(2, client, 1, timeout=60)
        if c.printed(1, CLIENT_LINE, since):
            raise CaseFailed("the client finished before the moves ended")
        got = c.wait_line_moving(1, CLIENT_LINE, 240, since, watch=[1, 3])
        held = sum(c.stats(k)["order_held"] for k in (1, 2, 3))
        print("# %d messages held early at the receiver" % held)
        calls = sent // every
        expect_equal("client (moved from node 2 to 1)", got,
                     "client: %d sent, %d calls, %d replies, 0 lost, in order, last from node 3"
                     % (sent, calls, calls))


HARD_FAULTS = "loss=10,dup=3,delay=1+2,reorder"


def three_senders_keep_their_order_over_ten_moves_under_faults(echo):
    """Clients on nodes 2, 3 and 4 (plain sends, every 5th a call) while the
    counter moves 10 times round the 4 nodes, every node's wire losing,
    duplicating and reordering: each client gets every answer, in order,
    and no message comes twice (none is refused as late).
    The clients pause 2 ms before each call, so that all three send
    through all 10 moves whatever the machine's speed."""
    sent, every, pause = 10000, 5, 2
    route = (1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3)
    with Cluster(me(), 4, echo, limit=150, faults=[HARD_FAULTS]) as c:
        counter = c.spawn(1, "counter")
        for k in (2, 3, 4):
            c.wait_registered(k, "counter", 30)
        marks = {k: c.mark(k) for k in (2, 3, 4)}
        start = time.monotonic()
        for k in (2, 3, 4):
            c.spawn(k, "client counter %d 0 %d 0 %d" % (sent, every, pause))
        calls_flowing(c, 4, 50, 30)
        done = [k for k in (2, 3, 4) if c.printed(k, CLIENT_LINE, marks[k])]
        if done:
            raise CaseFailed("the clients on nodes %s finished before the moves began" % done)
        for i, (src, dst) in enumerate(zip(route, route[1:])):
            c.migrated(src, counter, dst, timeout=60)
            # A pause amid the senders' traffic: moves back to back under
            # these faults can leave a client blocked in a call for good,
            # numbered or not (seen on main too; not an ordering matter).
            time.sleep(0.3)
            done = [k for k in (2, 3, 4) if c.printed(k, CLIENT_LINE, marks[k])]
            if done:
                raise CaseFailed("the clients on nodes %s finished before move %d of 10 ended: %s"
                                 % (done, i + 1, c.printed(done[0], CLIENT_LINE, marks[done[0]])[0]))
        moved = time.monotonic() - start
        calls = sent // every
        for k in (2, 3, 4):
            got = c.wait_line_moving(k, CLIENT_LINE, 90, marks[k], watch=[2, 3, 4])
            want = (r"client: %d sent, %d calls, %d replies, 0 lost, in order, last from node \d"
                    % (sent, calls, calls))
            if not re.fullmatch(want, got):
                raise CaseFailed("client on node %d: want %r, got %r" % (k, want, got))
        held = {k: c.stats(k) for k in (1, 2, 3, 4)}
        print("# 3 x %d messages, 10 moves in %.1f s, all in %.1f s; held early %s, late %s"
              % (sent, moved, time.monotonic() - start,
                 sum(s["order_held"] for s in held.values()),
                 sum(s["order_late"] for s in held.values())))
        # A numbered message that comes again is refused as late: none may
        # (a stream session asked for anew sent again what was taken),
        # unless a node declared another down (a load past this machine's,
        # seen at load average 60): then the sender's new session sends
        # again what the forgetful side had taken, and only that.
        late = {k: s["order_late"] for k, s in held.items() if s["order_late"]}
        downs = [line for k in (1, 2, 3, 4) for line in c.printed(k, r"demos: node \d+ down")]
        if late and not downs:
            raise CaseFailed("messages came twice, refused as late: %s" % late)
        if late:
            print("# late %s after %s" % (late, downs))


def caller_moved_to_its_callees_node_gets_the_answer_there_and_calls_locally(echo):
    """The client on node 2 waits in its first call to the counter on node 1
    (each answered after 2 s) and moves to node 1: the answer follows it
    through node 2's forwarding entry into its waiting receive, and its next
    calls are local ones, taken by the fast path both ways."""
    with Cluster(me(), 2, echo, limit=60) as c:
        c.spawn(1, "counter slow 2000")
        c.wait_registered(2, "slow")
        since = c.mark(1)
        client = c.spawn(2, "client slow 3")
        time.sleep(0.7)                         # in its first call
        before = c.stats(1)
        c.migrated(2, client, 1)
        got = c.wait_line(1, CLIENT_LINE, 30, since)
        expect_equal("client moved to node 1", got, summary(3, 3, 1))
        hits = delta(before, c.stats(1), "fastpath_hits")
        if hits < 4:
            raise CaseFailed("node 1's fastpath_hits rose by %d over the client's two local"
                             " calls, want >= 4 (each call and its answer)" % hits)


CASES = [
    moved_counter_loses_nothing_and_updates_the_caller_once,
    quiet_sender_is_forwarded_along_a_chain_then_goes_direct,
    process_blocked_in_a_call_moves_and_gets_its_answer,
    caller_moved_to_its_callees_node_gets_the_answer_there_and_calls_locally,
    process_holding_a_data_link_moves_and_uses_it,
    process_whose_memory_others_read_moves_and_is_followed,
    migration_under_wire_faults,
    sends_without_waiting_keep_their_order_across_moves,
    three_senders_keep_their_order_over_ten_moves_under_faults,
]

ONLY_WHEN_NAMED = []


__all__ = ["CASES", "ONLY_WHEN_NAMED", "calls_flowing", "expect_rise"]
