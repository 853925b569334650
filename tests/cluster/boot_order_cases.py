# SPDX-License-Identifier: MIT
# A room of PCs switched on in any order (issue 13): "ready" means this node
# can serve, programs started the moment a node is ready do not fail for a
# peer that boots later, and the first message to a node not heard yet
# waits for it (LOCATE's hold) instead of failing at once.

import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import BOOT_LIMIT, CLIENT_LINE, Cluster, expect_equal, me, summary


def boot(c, node):
    """Switch node on (it was wired but off); the console mark of its boot."""
    try:
        return cl.restart(node, dir=c.dir, timeout=BOOT_LIMIT)
    except cl.ClusterError as e:
        raise CaseFailed("booting node %d: %s" % (node, e))


def clients_started_the_moment_the_nodes_are_ready_get_through(echo):
    # No waiting for the nodes to hear each other: a counter on node 1 and
    # clients of it on nodes 2 and 3, each spawned as soon as its node is ready.
    with Cluster(me(), 3, echo, limit=90, mesh=False) as c:
        c.spawn(1, "counter c")
        marks = {k: c.mark(k) for k in (2, 3)}
        for k in (2, 3):
            c.spawn(k, "client c 50")
        for k in (2, 3):
            expect_equal("the client on node %d" % k, c.wait_line(k, CLIENT_LINE, 60, marks[k]),
                         summary(50, 50, 1))


def client_lines(c, node, since, count, timeout):
    """The first count client summaries on node after since, sorted, once
    they are all printed."""
    deadline = time.monotonic() + timeout
    while True:
        got = c.printed(node, CLIENT_LINE, since)
        if len(got) >= count or time.monotonic() > deadline:
            return sorted(got[:count])
        time.sleep(0.2)


def cluster_booted_in_reverse_order_five_seconds_apart_every_client_gets_through(echo):
    # Node 3 is switched on first, node 2 five seconds later, node 1 five
    # seconds after that; each runs a counter and clients of every counter
    # the moment it is ready, some of them for counters not booted yet.
    with Cluster(me(), 3, echo, limit=150, mesh=False, later=(1, 2)) as c:
        marks = {}
        for node in (3, 2, 1):
            if node != 3:
                time.sleep(5)
                boot(c, node)
            marks[node] = c.mark(node)
            c.spawn(node, "counter c%d" % node)
            for other in (1, 2, 3):
                if other != node:
                    c.spawn(node, "client c%d 30" % other)
        for node in (3, 2, 1):
            want = sorted(summary(30, 30, other) for other in (1, 2, 3) if other != node)
            expect_equal("the clients on node %d" % node,
                         client_lines(c, node, marks[node], 2, 60), want)


def first_message_to_a_node_not_heard_yet_waits_for_it(echo):
    # Node 1's frames reach the LAN 1.2 s late (its HELLOs too; nobody calls
    # it down, that takes 3 s of silence). Node 3 is switched on late, and
    # its shell is told to kill counter 1.x at once, before node 3 has heard
    # node 1 (its handshake takes two of node 1's late frames: ~2.4 s): the
    # KOP_KILL waits for node 1 instead of failing with E_DOWN.
    with Cluster(me(), 3, echo, limit=120, mesh=False, later=(3,),
                 faults=["1:delay=LR1200"]) as c:
        c.hears(2, 1)
        counter = c.spawn(1, "counter c")
        boot(c, 3)
        since = c.mark(3)
        if c.printed(3, r"^demos: node 1 up$"):
            raise CaseFailed("node 3 heard node 1 before it was told to kill: the case proves"
                             " nothing")
        got = c.sh(3, "kill %s" % counter, timeout=30).strip().splitlines()[-1:]
        expect_equal("kill %s typed on node 3" % counter, got, ["killed %s" % counter])
        if not c.printed(3, r"^demos: node 1 up$", since):
            raise CaseFailed("node 3 printed no 'node 1 up' after the kill was typed")
        held = c.stats(3)["locates_heard"]
        if held < 1:
            raise CaseFailed("node 3's stats show locates_heard=%d: the kill did not wait for"
                             " node 1 to be heard" % held)
        expect_equal("counter %s on node 1 after the kill" % counter, c.ps(1).get(counter), None)


CASES = [
    clients_started_the_moment_the_nodes_are_ready_get_through,
    cluster_booted_in_reverse_order_five_seconds_apart_every_client_gets_through,
    first_message_to_a_node_not_heard_yet_waits_for_it,
]


__all__ = ["CASES"]
