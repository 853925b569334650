# SPDX-License-Identifier: MIT
# Cases across nodes: remote calls, move_data, carried links, e1000 and
# e1000e together, the transport under wire faults, a node's death, hostile frames.

import os
import re
import subprocess
import sys
import time

import clusterlib as cl
from caserunner import CaseFailed, Skipped
from harness import CLIENT_LINE, ROOT, Cluster, delta, expect_equal, me, summary


# ---- remote calls, move_data and links across nodes (issue 4) ----

def remote_call_and_reply_work_across_nodes(echo):
    with Cluster(me(), 2, echo, limit=60) as c:
        c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        start = time.monotonic()
        got = c.run_client(2, "counter 1000", 40)
        took = time.monotonic() - start
        expect_equal("client on node 2", got, summary(1000, 1000, 1))
        print("# 1000 remote calls in %.1f s: %.0f calls/s" % (took, 1000 / took))


DATA_LINE = (r"datatest: %d bytes from node %d: read \d+ us \((\d+) KiB/s\), "
             r"write \d+ us \((\d+) KiB/s\), (\d+) bad bytes")


def fetched(c, node, args, kib, from_node, timeout, on=None):
    """datatest fetch args on node (its line appears on `on`, default node);
    its line must say kib KiB came from from_node with no bad byte."""
    on = on or node
    since = c.mark(on)
    pid = c.spawn(node, "datatest fetch " + args)
    got = c.wait_line(on, r"datatest: (?!serve)", timeout, since)
    m = re.fullmatch(DATA_LINE % (kib * 1024, from_node), got)
    if not m or m.group(3) != "0":
        raise CaseFailed("datatest fetch %s on node %d: want 'datatest: %d bytes from node %d:"
                         " read .. us (.. KiB/s), write .. us (.. KiB/s), 0 bad bytes' on node"
                         " %d, got %r" % (args, node, kib * 1024, from_node, on, got))
    return pid, int(m.group(1)), int(m.group(2))


def remote_move_data_reads_and_writes_another_nodes_memory(echo):
    with Cluster(me(), 2, echo, limit=60) as c:
        c.spawn(1, "datatest serve d 1024")
        c.wait_registered(2, "d")
        _, read, write = fetched(c, 2, "d", 1024, 1, 40)
        print("# move_data across nodes: read %d KiB/s, write %d KiB/s" % (read, write))


def link_carried_from_node_2_to_node_3_is_used_there(echo):
    with Cluster(me(), 3, echo, limit=60) as c:
        counter = c.spawn(2, "counter c2")
        catcher = c.spawn(3, "linktest catch catcher")
        c.wait_registered(2, "c2")
        c.wait_registered(2, "catcher")
        since2, since3 = c.mark(2), c.mark(3)
        c.spawn(2, "linktest pass c2 catcher")
        got = c.wait_line(2, r"linktest: passed", 10, since2)
        expect_equal("linktest pass on node 2", got, "linktest: passed c2 to catcher: ok")
        got = c.wait_line(3, r"linktest: \d", 20, since3)
        expect_equal("linktest catch on node 3", got,
                     "linktest: %s got a link to %s on node 2, 10 of 10 calls answered by node 2"
                     % (catcher, counter))


# ---- NIC models: the e1000 driver's 82540EM and 82574L on one LAN ----

# What drivers/e1000.c prints at boot for each model tools/cluster offers.
NIC_LINE = {"e1000": r"^e1000: 82540EM 8086:100e at ",
            "e1000e": r"^e1000e: 82574L 8086:10d3 at "}


def e1000_and_e1000e_nodes_call_each_other(echo):
    nics, calls = ("e1000", "e1000e"), 1000
    with Cluster(me(), 2, echo, limit=60, nic=list(nics)) as c:
        for k, nic in enumerate(nics, 1):
            if not c.printed(k, NIC_LINE[nic]):
                raise CaseFailed("node %d (-device %s) never printed a line matching '%s'"
                                 % (k, nic, NIC_LINE[nic]))
        for k in (1, 2):
            c.spawn(k, "counter on%d" % k)
        c.wait_registered(2, "on1")
        c.wait_registered(1, "on2")
        marks = {k: c.mark(k) for k in (1, 2)}
        c.spawn(1, "client on2 %d" % calls)
        c.spawn(2, "client on1 %d" % calls)
        for k, other in ((1, 2), (2, 1)):
            got = c.wait_line(k, CLIENT_LINE, 30, marks[k])
            expect_equal("client on node %d (%s) calling node %d (%s)"
                         % (k, nics[k - 1], other, nics[other - 1]),
                         got, summary(calls, calls, other))


# ---- the transport under faults, a node's death, hostile frames ----

FAULTS = "loss=20,dup=5,delay=1+2,reorder"


def calls_survive_loss_duplication_delay_and_reordering(echo):
    calls = 10000
    with Cluster(me(), 4, echo, limit=900, faults=[FAULTS]) as c:
        c.spawn(1, "counter")
        c.wait_registered(2, "counter", 30)
        marks = {k: c.mark(k) for k in (2, 3, 4)}
        start = time.monotonic()
        for k in (2, 3, 4):
            c.spawn(k, "client counter %d" % calls)
        for k in (2, 3, 4):
            got = c.wait_line_moving(k, CLIENT_LINE, 870, marks[k], watch=[2, 3, 4])
            expect_equal("client on node %d" % k, got, summary(calls, calls, 1))
        took = time.monotonic() - start
        print("# 3 clients x %d calls under %s: %.1f s, %.0f calls/s"
              % (calls, FAULTS, took, 3 * calls / took))
        for k in (1, 2, 3, 4):
            st = c.stats(k)
            if st["retransmits"] == 0 or st["duplicates"] == 0:
                raise CaseFailed("node %d's stats show retransmits=%d, duplicates=%d; want both"
                                 " > 0 (the faults did not bite)"
                                 % (k, st["retransmits"], st["duplicates"]))


def killed_node_fails_its_callers_within_5_seconds(echo):
    calls = 100000
    with Cluster(me(), 3, echo, limit=90) as c:
        c.spawn(3, "counter")
        c.wait_registered(2, "counter")
        since = c.mark(2)
        base = c.stats(2)["remote_msgs_out"]
        c.spawn(2, "client counter %d" % calls)
        deadline = time.monotonic() + 10
        while c.stats(2)["remote_msgs_out"] < base + 200:     # calls flow
            if time.monotonic() > deadline:
                raise CaseFailed("node 2 sent fewer than 200 messages in the 10 s after the"
                                 " client's spawn")
            time.sleep(0.2)
        cl.kill(3, dir=c.dir)
        killed = time.monotonic()
        got = c.wait_line(2, CLIENT_LINE, 10, since)
        took = time.monotonic() - killed
        print("# node 3 killed: the client's summary came %.2f s later" % took)
        m = re.fullmatch(r"client: %d calls, (\d+) replies, (\d+) lost, in order, last from"
                         r" node 3" % calls, got)
        if not m or int(m.group(1)) + int(m.group(2)) != calls or int(m.group(2)) == 0:
            raise CaseFailed("client on node 2 printed %r, want 'client: %d calls, R replies,"
                             " %d-R lost (R < %d), in order, last from node 3'"
                             % (got, calls, calls, calls))
        error = c.wait_line(2, r"client: first error", 5, since)
        expect_equal("the client's first error", error, "client: first error E_DOWN")
        if took > 5:
            raise CaseFailed("the client's summary came %.2f s after the kill, want <= 5 s"
                             % took)
        out = c.sh(1, "nodes")
        if not re.search(r"^node 3 down ", out, re.M):
            raise CaseFailed("'nodes' on node 1 printed %r, want a line 'node 3 down ...'" % out)
        c.spawn(1, "counter fresh")
        c.wait_registered(2, "fresh")
        got = c.run_client(2, "fresh 100", 20)
        expect_equal("a client of a fresh counter on node 1", got, summary(100, 100, 1))


def node_whose_frames_no_longer_get_out_fails_its_callers_in_10_seconds(echo):
    """Node 2's wire drops all it sends (loss=LR100) but still brings it
    node 1's HELLOs: only the unacknowledged window tells node 2 that node 1
    is gone for it. Its client's call fails E_DOWN after 10 s, not sooner
    (a lossy wire must not fake that death), not never."""
    calls = 100000
    with Cluster(me(), 2, echo, limit=90) as c:
        c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        since = c.mark(2)
        c.spawn(2, "client counter %d" % calls)
        calls_flowing = c.stats(2)["remote_msgs_out"] + 200
        deadline = time.monotonic() + 10
        while c.stats(2)["remote_msgs_out"] < calls_flowing:
            if time.monotonic() > deadline:
                raise CaseFailed("node 2 sent fewer than 200 messages in 10 s: calls do not flow")
            time.sleep(0.2)
        cl.faults(2, "loss=LR100", dir=c.dir)
        cut = time.monotonic()
        got = c.wait_line(2, CLIENT_LINE, 30, since)
        took = time.monotonic() - cut
        print("# node 2's outgoing frames cut: its client's summary came %.2f s later" % took)
        if not 9.5 <= took <= 20:
            raise CaseFailed("the client's summary (%r) came %.2f s after the cut, want 10-20 s"
                             % (got, took))
        expect_equal("the client's first error", c.wait_line(2, r"client: first error", 5, since),
                     "client: first error E_DOWN")
        c.wait_line(2, r"demos: node 1 down \(nothing acknowledged for 10000 ms\)", 1, since)


HOSTILE_KINDS = ("truncated", "oversized", "version", "type", "stranger", "spoof", "random",
                 "forged")


def hostile_frames_are_counted_and_dropped(echo):
    if os.geteuid() != 0:
        raise Skipped("needs root (--bridge wiring and a raw socket)")
    nodes = (1, 2, 3)
    with Cluster(me(), 3, echo, limit=60, bridge=True) as c:
        before = {k: c.stats(k) for k in nodes}
        marks = {k: c.mark(k) for k in nodes}
        r = subprocess.run(["ip", "netns", "exec", c.state["netns"], sys.executable,
                            os.path.join(ROOT, "tests", "cluster", "inject"), cl.BRIDGE,
                            "--spoof", "1", "--stranger", "200"],
                           capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise CaseFailed("tests/cluster/inject: status %d: %s"
                             % (r.returncode, (r.stdout + r.stderr).strip()))
        sent = {k: int(n) for k, n in re.findall(r"^inject: (\w+) (\d+)$", r.stdout, re.M)}
        replayed = {int(k): int(n) for n, k in
                    re.findall(r"^inject: replayed (\d+) from node (\d+)$", r.stdout, re.M)}
        total = sum(sent.values())
        if sorted(sent) != sorted(HOSTILE_KINDS) or total < 200:
            raise CaseFailed("inject sent %r, want at least 200 frames of the kinds %s"
                             % (sent, ", ".join(HOSTILE_KINDS)))
        time.sleep(3.5)     # longer than a node stays silent (3 s) before it is declared down
        for k in nodes:
            after = c.stats(k)
            got = delta(before[k], after, "frames_received")
            if got < total:
                raise CaseFailed("node %d: frames_received rose by %d over %d hostile frames,"
                                 " want >= %d" % (k, got, total, total))
            # Each refused once: before its tag is found (frames_bad), or for its tag
            # or key id (frames_unauthenticated), the node's own number's too.
            bad = delta(before[k], after, "frames_bad")
            unauth = delta(before[k], after, "frames_unauthenticated")
            expect_equal("node %d: frames_bad + frames_unauthenticated rise over %d hostile"
                         " frames" % (k, total), bad + unauth, total)
            forged = sent["type"] + sent["stranger"] + sent["spoof"] + sent["forged"]
            if unauth < forged:
                raise CaseFailed("node %d: frames_unauthenticated rose by %d, want >= %d (the"
                                 " type, stranger, spoof and forged frames)" % (k, unauth, forged))
            # The HELLOs sent again: each node refuses the others' as replays.
            again = sum(n for other, n in replayed.items() if other != k)
            if sorted(replayed) != list(nodes) or delta(before[k], after,
                                                        "frames_replayed") != again:
                raise CaseFailed("node %d: frames_replayed rose by %d, want %d (inject replayed"
                                 " %r)" % (k, delta(before[k], after, "frames_replayed"), again,
                                          replayed))
            down = c.printed(k, r"demos: node \d+ down", marks[k])
            if down:
                raise CaseFailed("node %d printed %r after the hostile frames" % (k, down[0]))
            out = c.sh(k, "nodes")
            for other in nodes:
                if other != k and not re.search(r"^node %d up " % other, out, re.M):
                    raise CaseFailed("'nodes' on node %d printed %r, want node %d up"
                                     % (k, out, other))
        c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        got = c.run_client(2, "counter 500", 30)
        expect_equal("client on node 2 after the hostile frames", got, summary(500, 500, 1))


CASES = [
    calls_survive_loss_duplication_delay_and_reordering,
    remote_call_and_reply_work_across_nodes,
    remote_move_data_reads_and_writes_another_nodes_memory,
    link_carried_from_node_2_to_node_3_is_used_there,
    e1000_and_e1000e_nodes_call_each_other,
    killed_node_fails_its_callers_within_5_seconds,
    node_whose_frames_no_longer_get_out_fails_its_callers_in_10_seconds,
    hostile_frames_are_counted_and_dropped,
]


__all__ = ["CASES", "DATA_LINE", "FAULTS", "fetched"]
