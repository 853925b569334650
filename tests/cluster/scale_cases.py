# SPDX-License-Identifier: MIT
# Scale (issue 14): 64 nodes on one machine know each other through SWIM
# (kernel/net/swim.c), keep every call of 63 clients while the counter they
# call moves 5 times, declare no live node down, and see 4 deaths within
# the membership's stated bound (docs/protocol.md, "Membership").

import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import clusterlib as cl
from caserunner import CaseFailed
from harness import Cluster, me, summary

NODES = 64
CALLS = 200                 # per client: they still call when the last move is done
KILLED = (61, 62, 63, 64)
MOVES = (2, 3, 4, 5, 6)     # the counter's places, from node 1


def detect_bound_s(n):
    """swim_detect_bound_ms(n) of kernel/net/swim.c, from its constants."""
    probe, floor = 0.25, 3.0
    lg = math.ceil(math.log2(n))
    suspect_min = max(floor, 2 * lg * probe)
    return 12 * probe + probe + 2 * suspect_min + 2 * lg * probe


def on_each(nodes, fn):
    """fn(k) for every node at once (each node's shell is its own serial
    line: 64 one after the other took most of the case); the results."""
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(fn, nodes))


def all_know_each_other(c, nodes, seconds):
    deadline = time.monotonic() + seconds
    pending = set(nodes)
    while pending:
        ks = sorted(pending)
        for k, up in zip(ks, on_each(ks, lambda k: c.stats(k)["peers_up"])):
            if up == len(nodes) - 1:
                pending.discard(k)
        if pending and time.monotonic() > deadline:
            k = min(pending)
            raise CaseFailed("%d nodes do not know all %d others %g s after boot; node %d's"
                             " nodes:\n%s" % (len(pending), len(nodes) - 1, seconds, k,
                                              c.sh(k, "nodes")))


def downs_since(c, nodes, marks):
    return ["node %d: %s" % (k, line) for k in nodes
            for line in c.printed(k, r"demos: node \d+ down", marks[k])]


def sixty_four_nodes_know_each_other_lose_no_call_and_see_four_deaths(echo):
    nodes = range(1, NODES + 1)
    # As root, a bridge in the case's own namespace (the kernel forwards the
    # frames); else VDE: 129 more processes that every frame crosses 5 of.
    with Cluster(me(), NODES, echo, limit=300, mesh=False, boot_limit=150,
                 bridge=os.geteuid() == 0) as c:
        booted = time.monotonic()
        all_know_each_other(c, nodes, 60)
        print("# %d nodes ready in %.1f s; all know each other %.1f s later"
              % (NODES, c.state["ready_seconds"], time.monotonic() - booted))
        marks = {k: c.mark(k) for k in nodes}
        counter = c.spawn(1, "counter")
        c.wait_registered(NODES, "counter", 30)
        since = {k: c.mark(k) for k in nodes}
        on_each(nodes[1:], lambda k: c.spawn(k, "client counter %d" % CALLS))
        spawned = time.monotonic()
        for dest in MOVES:
            c.migrated(1, counter, dest, timeout=30)
        moved = time.monotonic()
        # (a client done before the last move was last answered from an earlier place)
        want = [summary(CALLS, CALLS, d) for d in (1,) + MOVES]
        # (no shell opened meanwhile: under this load QEMU's console log now and then
        # doubles a byte written while a shell connects or leaves)
        gots = on_each(nodes[1:], lambda k: c.wait_line(k, r"client: (?!first error)", 120,
                                                         since[k]))
        for k, got in zip(nodes[1:], gots):
            if got not in want:
                time.sleep(1)           # (its "first error" line follows the summary)
                raise CaseFailed("client on node %d: want %r (or from an earlier place), got %r;"
                                 " %s; downs: %s"
                                 % (k, want[-1], got,
                                    "; ".join(c.printed(k, r"client: first error", since[k]))
                                    or "no first error printed",
                                    "; ".join(downs_since(c, nodes, marks)[:6]) or "none"))
        last = sum(got == want[-1] for got in gots)
        print("# 63 clients x %d calls, counter moved %d times: 0 lost; %d last answered at"
              " its last place (spawns %.1f s, moves %.1f s, the rest %.1f s)"
              % (CALLS, len(MOVES), last, spawned - booted, moved - spawned,
                 time.monotonic() - moved))
        where = on_each((MOVES[-1], 2), c.stats)
        print("# the counter's last node: %s; node 2: %s"
              % tuple(", ".join("%s=%d" % (f, st[f]) for f in ("frames_received", "retransmits",
                                                                "duplicates", "member_suspects"))
                      for st in where))
        downs = downs_since(c, nodes, marks)
        if downs:
            raise CaseFailed("a live node was declared down: " + "; ".join(downs[:4]))
        for k in KILLED:
            cl.kill(k, dir=c.dir)
        killed = time.monotonic()
        bound = detect_bound_s(NODES)
        live = [k for k in nodes if k not in KILLED]
        pending = {(k, d) for k in live for d in KILLED}
        while pending:
            for k in sorted({k for k, _ in pending}):
                for d in KILLED:
                    if (k, d) in pending and c.printed(k, r"demos: node %d down" % d, marks[k]):
                        pending.discard((k, d))
            took = time.monotonic() - killed
            if pending and took > bound:
                raise CaseFailed("%d of %d (node, dead node) pairs not down %.1f s after the"
                                 " kills (bound %.2f s), e.g. node %d about node %d"
                                 % ((len(pending), len(live) * len(KILLED), took, bound)
                                    + min(pending)))
            time.sleep(0.2)
        print("# 4 nodes killed: every other node saw all 4 down within %.1f s (bound %.2f s)"
              % (time.monotonic() - killed, bound))
        falsely = [l for l in downs_since(c, live, marks)
                   if not re.search(r"node (%s) down" % "|".join(map(str, KILLED)), l)]
        if falsely:
            raise CaseFailed("a live node was declared down: " + "; ".join(falsely[:4]))


CASES = [
    sixty_four_nodes_know_each_other_lose_no_call_and_see_four_deaths,
]


__all__ = ["CASES"]
