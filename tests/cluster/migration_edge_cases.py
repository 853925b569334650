# SPDX-License-Identifier: MIT
# Migration at its edges: one sender holding several links to a process that
# moves, link updates arriving out of epoch order, and the destination dying
# just before and just after it takes the process over (START .. STARTED),
# or after it let the process move on before the source knew it had it.

import re
import threading
import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import CLIENT_LINE, Cluster, expect_equal, me, summary
from migration_cases import calls_flowing, expect_rise

THREE_LINE = r"linktest: links to "
CALLS_LINE = r"linktest: calls on A"


def three_links_report(c, node, since, timeout=20):
    """linktest three's two lines on node: (hints of A, B, C), (answering nodes)."""
    links = c.wait_line(node, THREE_LINE, timeout, since)
    calls = c.wait_line(node, CALLS_LINE, 10, since)
    m = re.search(r"A node (\d+), B node (\d+), C node (\d+)", links)
    n = re.search(r"nodes (\d+), (\d+), (\d+)", calls)
    if not m or not n:
        raise CaseFailed("node %d printed %r and %r, want linktest three's two lines"
                         % (node, links, calls))
    return tuple(map(int, m.groups())), tuple(map(int, n.groups()))


def sender_with_three_links_has_all_updated_by_one_forward(echo):
    # A from a lookup, B its duplicate, C a copy carried in a message: the
    # one forwarded call on A rewrites all three; B's and C's go direct.
    with Cluster(me(), 3, echo, limit=60) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        since = c.mark(2)
        c.spawn(2, "linktest three counter 2000 call")
        c.migrated(1, counter, 3)
        before = c.stats(1)
        hints, answers = three_links_report(c, 2, since)
        expect_equal("where links A, B, C on node 2 point after one forwarded call", hints,
                     (3, 3, 3))
        expect_equal("the nodes that answered the calls on A, B, C", answers, (3, 3, 3))
        expect_rise("node 1 (the old place)", before, c.stats(1), "msgs_forwarded", 1)


def link_updates_out_of_epoch_order_leave_the_newest(echo):
    # P moves 1 -> 2 -> 3; a sender on node 4 still points at node 1. Its
    # plain send is forwarded twice, and each forwarder holds its update
    # until the next node acknowledges the message. Node 1's acks are held
    # back on the wire (delay on hub -> node 1), so node 2's update (epoch 2,
    # node 3) reaches node 4 before node 1's (epoch 1, node 2): the older
    # must not win.
    with Cluster(me(), 4, echo, limit=90) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(4, "counter")
        since = c.mark(4)
        c.spawn(4, "linktest three counter 3000 send")
        c.migrated(1, counter, 2)
        c.migrated(2, counter, 3)
        cl.faults(1, "delay=RL400", dir=c.dir)
        before = {k: c.stats(k) for k in (2, 4)}
        hints, answers = three_links_report(c, 4, since, timeout=30)
        cl.faults(1, "clear", dir=c.dir)
        expect_equal("where links A, B, C on node 4 point after both updates", hints, (3, 3, 3))
        expect_equal("the nodes that answered the calls on A, B, C", answers, (3, 3, 3))
        after = {k: c.stats(k) for k in (2, 4)}
        expect_rise("node 2 (the second forwarder)", before[2], after[2], "msgs_forwarded", 1)
        expect_rise("node 4 (the sender's), the newer update only", before[4], after[4],
                    "link_updates_applied", 1)


def _move_in_background(c, pid, dest, answer, at=1):
    def move():
        try:
            answer["line"] = c.migrate(at, pid, dest, timeout=30)
        except CaseFailed as e:
            answer["error"] = str(e)
    t = threading.Thread(target=move)
    t.start()
    return t


def kill_and_expect_the_move_failed(c, node, t, answer, within=8):
    """Kill node, the destination of the move t runs in the background: the
    move must answer 'migrate: REASON' within `within` seconds."""
    cl.kill(node, dir=c.dir)
    killed = time.monotonic()
    t.join()
    if "error" in answer:
        raise CaseFailed(answer["error"])
    took = time.monotonic() - killed
    if not answer["line"].startswith("migrate: ") or took > within:
        raise CaseFailed("migrate answered %r %.1f s after node %d died, want 'migrate:"
                         " REASON' within %g s" % (answer["line"], took, node, within))


def expect_running_at(c, node, pid, name):
    """ps on node shows pid as the process name, running there (not moved)."""
    got, state = c.ps(node).get(pid, ("nothing", ""))
    if got != name or state.startswith("fwd") or state in ("moving", "stopped"):
        raise CaseFailed("ps on node %d shows %s as %s %s, want %s running there"
                         % (node, pid, got, state, name))


def destination_killed_between_start_and_started_leaves_it_at_the_source(echo):
    # Node 3 holds START (hold_start=): S has sent START, D has not started P.
    # D dies: P must go on at S, and every call of its client is answered.
    calls = 150
    with Cluster(me(), 3, echo, limit=90, append=["hold_start=2000"]) as c:
        counter = c.spawn(1, "counter slow 20")
        c.wait_registered(2, "slow")
        since2, since3 = c.mark(2), c.mark(3)
        c.spawn(2, "client slow %d" % calls)
        calls_flowing(c, 2, more=10)
        answer = {}
        t = _move_in_background(c, counter, 3, answer)
        c.wait_line(3, r"demos: migrate %s: START held" % re.escape(counter), 20, since3)
        kill_and_expect_the_move_failed(c, 3, t, answer)
        got = c.wait_line(2, CLIENT_LINE, 60, since2)
        expect_equal("client on node 2", got, summary(calls, calls, 1))
        expect_running_at(c, 1, counter, "counter")


def destination_killed_just_after_started_fails_callers_with_e_down(echo):
    # P runs at D once D said STARTED; D dies right after: P died with it.
    # It must not come back at S (it would run twice), and its caller must
    # hear E_DOWN, not silence, also for the call P held as it moved (its
    # caller waits on the old node, alive, unless told: forward_open_calls).
    with Cluster(me(), 3, echo, limit=90) as c:
        counter = c.spawn(1, "counter slow 20")
        c.wait_registered(2, "slow")
        since = c.mark(2)
        c.spawn(2, "client slow 200")
        calls_flowing(c, 2, more=10)
        c.migrated(1, counter, 3)
        cl.kill(3, dir=c.dir)
        killed = time.monotonic()
        got = c.wait_line(2, CLIENT_LINE, 60, since)
        took = time.monotonic() - killed
        error = c.wait_line(2, r"client: first error", 5, since)
        m = re.fullmatch(r"client: 200 calls, (\d+) replies, (\d+) lost, in order, last from"
                         r" node [13]", got)
        if not m or error != "client: first error E_DOWN" or took > 20:
            raise CaseFailed("client on node 2 printed %r and %r %.1f s after node 3 died, want"
                             " its calls to fail with E_DOWN within 20 s" % (got, error, took))
        entry = c.ps(1).get(counter)
        expect_equal("ps on node 1 for the counter", entry, ("-", "fwd->3"))


def process_moves_on_only_once_its_source_knows_it_arrived(echo):
    """P moves 1 -> 2; node 1 hears nothing (loss=RL100) from just before
    node 2 starts P (START held 500 ms), so node 2's STARTED goes unheard.
    `migrate P 3` on node 2 must wait for node 1 to have it: if P went on
    to node 3 and node 2 then died, node 1 (which never heard STARTED)
    would resume P while it runs at node 3."""
    with Cluster(me(), 3, echo, limit=90, append=["hold_start=500"]) as c:
        p = c.spawn(1, "counter c")
        since2 = c.mark(2)
        first, second = {}, {}
        t1 = _move_in_background(c, p, 2, first)
        c.wait_line(2, r"demos: migrate %s: START held" % re.escape(p), 20, since2)
        cl.faults(1, "loss=RL100", dir=c.dir)
        cut = time.monotonic()
        deadline = cut + 2
        while c.ps(2).get(p, ("", ""))[1] not in ("receiving", "ready", "running"):
            if time.monotonic() > deadline:
                raise CaseFailed("ps on node 2 never showed %s running after START" % p)
            time.sleep(0.05)
        t2 = _move_in_background(c, p, 3, second, at=2)
        t2.join(max(0.1, cut + 1.6 - time.monotonic()))     # node 1 hears nothing < 3 s
        cl.kill(2, dir=c.dir)
        cl.faults(1, "loss=RL0", dir=c.dir)
        print("# node 1 heard nothing for %.1f s; node 2's migrate to 3 printed %r"
              % (time.monotonic() - cut, second.get("line")))
        t1.join()
        if not first.get("line", "").startswith("migrate: "):
            raise CaseFailed("'migrate %s 2' on node 1 printed %r, want 'migrate: REASON' (node"
                             " 2 died before node 1 heard STARTED)" % (p, first))
        expect_running_at(c, 1, p, "counter")
        at3 = c.ps(3).get(p)
        if at3 and at3[0] == "counter":
            raise CaseFailed("%s runs on node 1 and on node 3 (node 2 let it move on before"
                             " node 1 knew it had it; it printed %r)" % (p, second.get("line")))


CASES = [
    sender_with_three_links_has_all_updated_by_one_forward,
    link_updates_out_of_epoch_order_leave_the_newest,
    destination_killed_between_start_and_started_leaves_it_at_the_source,
    destination_killed_just_after_started_fails_callers_with_e_down,
    process_moves_on_only_once_its_source_knows_it_arrived,
]


__all__ = ["CASES"]
