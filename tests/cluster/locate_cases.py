# SPDX-License-Identifier: MIT
# No residual dependency (issue 13): when the node a link points at, or a
# forwarder on the chain, is down, the sender's kernel (or the forwarder's)
# locates the process with a LOCATE broadcast and the message goes through;
# a process that really ended answers E_NOPROC through its birth node.

import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import Cluster, expect_equal, me, summary

QUIET_MS = 9000     # the old link's holders stay quiet this long: move, kill, see it down


def quiet_client(c, node, name, calls, first=0):
    """A client on node that looks name up now, makes `first` calls, then
    stays quiet QUIET_MS; the mark to find its summary after."""
    since = c.mark(node)
    c.spawn(node, "client %s %d %d 1 %d" % (name, calls, QUIET_MS, first))
    return since


def quiet_clients_got_through(c, marks, calls, node):
    """Each quiet client {node: mark} printed every answer, the last from node."""
    for k, since in sorted(marks.items()):
        expect_equal("the quiet client on node %d" % k, c.wait_line(k, r"client: ", 30, since),
                     summary(calls, calls, node))


def node_seen_down(c, dead, on, since_kill):
    for k in on:
        c.wait_line(k, r"^demos: node %d down" % dead, 8)
    if time.monotonic() - since_kill > QUIET_MS / 1000.0 - 1.5:
        raise CaseFailed("node %d was seen down %.1f s after its kill, too close to the"
                         " clients' %d ms of quiet: the test proves nothing"
                         % (dead, time.monotonic() - since_kill, QUIET_MS))


def forwarder_down_one_hop_quiet_holders_still_reach_the_moved_process(echo):
    # counter 1.x moves 1 -> 3; node 1 dies; clients on node 2 and on node 3
    # itself hold links that still say node 1.
    with Cluster(me(), 3, echo, limit=90) as c:
        counter = c.spawn(1, "counter c")
        c.wait_registered(2, "c")
        c.wait_registered(3, "c")
        started = time.monotonic()
        on2, on3 = quiet_client(c, 2, "c", 50), quiet_client(c, 3, "c", 50)
        time.sleep(1.0)                                 # (their lookups done)
        c.migrated(1, counter, 3)
        cl.kill(1, dir=c.dir)
        node_seen_down(c, 1, (2, 3), started)
        quiet_clients_got_through(c, {2: on2, 3: on3}, 50, 3)
        found = c.stats(2)["locates_found"]
        if found < 1:
            raise CaseFailed("node 2's stats show locates_found=%d, want >= 1" % found)


def forwarder_down_in_a_chain_holders_on_both_ends_still_reach_it(echo):
    # counter 1.x moves 1 -> 2 -> 3; node 2 (the middle) dies; quiet clients
    # on node 1 (its forwarding entry says node 2) and on node 3 (its link
    # says node 1, whose entry says node 2) and a fresh lookup after the kill.
    with Cluster(me(), 3, echo, limit=90) as c:
        counter = c.spawn(1, "counter c")
        c.wait_registered(3, "c")
        started = time.monotonic()
        on1, on3 = quiet_client(c, 1, "c", 50), quiet_client(c, 3, "c", 50)
        time.sleep(1.0)
        c.migrated(1, counter, 2)
        c.migrated(1, counter, 3)
        cl.kill(2, dir=c.dir)
        node_seen_down(c, 2, (1, 3), started)
        quiet_clients_got_through(c, {1: on1, 3: on3}, 50, 3)
        expect_equal("a fresh client on node 3", c.run_client(3, "c 20", 30),
                     summary(20, 20, 3))


def a_process_that_ended_answers_e_noproc_through_its_birth_node(echo):
    # counter 1.x moves 1 -> 2; a client on node 3 calls once (its link now
    # says node 2), then is quiet; the counter ends, node 2 dies. Node 1,
    # where it was born, knows it ended: E_NOPROC, not E_DOWN.
    with Cluster(me(), 3, echo, limit=90) as c:
        counter = c.spawn(1, "counter c")
        c.wait_registered(3, "c")
        c.migrated(1, counter, 2)
        started = time.monotonic()
        on3 = quiet_client(c, 3, "c", 5, first=1)
        time.sleep(1.0)
        out = c.sh(1, "kill %s" % counter)
        if "killed" not in out:
            raise CaseFailed("'kill %s' on node 1 printed %r" % (counter, out))
        cl.kill(2, dir=c.dir)
        node_seen_down(c, 2, (1, 3), started)
        expect_equal("the client on node 3", c.wait_line(3, r"client: (?!first)", 30, on3),
                     summary(5, 1, 2))
        expect_equal("its first error", c.wait_line(3, r"client: first error", 5, on3),
                     "client: first error E_NOPROC")


CASES = [
    forwarder_down_one_hop_quiet_holders_still_reach_the_moved_process,
    forwarder_down_in_a_chain_holders_on_both_ends_still_reach_it,
    a_process_that_ended_answers_e_noproc_through_its_birth_node,
]


__all__ = ["CASES"]
