# SPDX-License-Identifier: MIT
# Automatic placement (issue 19): the process managers spread CPU-bound
# work (burn) over the nodes by their load reports, without ping-pong, skip
# a destination that refuses or is dead, and leave alone what must stay.

import re
import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import Cluster, me

BURN_DONE = r"burn (\d+\.\d+): done on node (\d+) after (\d+) ms"
MOVED = r"balance: moved (\d+\.\d+) to node (\d+)"
FAILED = r"balance: moving (\d+\.\d+) to node (\d+) failed"
SPREAD_LIMIT = 15.0     # s from the last spawn to 2-2-2 (the 10 s, and slack)


def where(c, node=1):
    """{pid: (name, state, node it runs on)} from ps -a on node."""
    out = c.sh(node, "ps -a")
    return {pid: (name, state, int(on)) for pid, name, state, on
            in re.findall(r"^(\d+\.\d+) (\S+) (\S+) on (\d+)$", out, re.M)}


def burns_on(c, n, node=1):
    """How many burn processes run on each of nodes 1..n (ps -a on node)."""
    count = [0] * n
    for name, _, on in where(c, node).values():
        if name == "burn":
            count[on - 1] += 1
    return count


def moves(c, n, since=None):
    """Every 'balance: moved' line on nodes 1..n, as (pid, node) pairs."""
    got = []
    for k in range(1, n + 1):
        got += [tuple(re.match(MOVED, l).groups()) for l in c.printed(k, MOVED, (since or {}).get(k, 0))]
    return got


def spawned_here(c, node, command, count):
    return [c.spawn(node, "-l " + command) for _ in range(count)]


def wait_done(c, n, pids, timeout):
    """Wait until every burn of pids printed its done line; {pid: node}."""
    deadline = time.monotonic() + timeout
    while True:
        done = {}
        for k in range(1, n + 1):
            for line in c.printed(k, BURN_DONE):
                pid, on, _ = re.match(BURN_DONE, line).groups()
                done[pid] = int(on)
        if all(p in done for p in pids):
            return done
        if time.monotonic() > deadline:
            raise CaseFailed("burns %s did not finish within %g s (done: %s)" % (
                ", ".join(p for p in pids if p not in done), timeout, done or "none"))
        time.sleep(0.5)


def six_burns_spawned_on_node_1_spread_two_two_two_and_all_finish(echo):
    with Cluster(me(), 3, echo, limit=90) as c:
        pids = [c.spawn(1, "burn 6") for _ in range(6)]
        spawned = time.monotonic()
        count = burns_on(c, 3)
        while sorted(count) != [2, 2, 2]:
            if time.monotonic() - spawned > SPREAD_LIMIT:
                raise CaseFailed("burns per node %s %g s after the last spawn, want 2-2-2"
                                 % (count, SPREAD_LIMIT))
            time.sleep(0.5)
            count = burns_on(c, 3)
        print("# 2-2-2 %.1f s after the last spawn" % (time.monotonic() - spawned))
        wait_done(c, 3, pids, 60)


def one_burn_on_each_of_three_nodes_never_moves_in_30_seconds(echo):
    with Cluster(me(), 3, echo, limit=75) as c:
        pids = {k: c.spawn(k, "-l burn 60") for k in (1, 2, 3)}
        time.sleep(30)
        got = moves(c, 3)
        if got:
            raise CaseFailed("moves with one burn on each node: %s" % got)
        ps = where(c)
        for k, pid in pids.items():
            if ps.get(pid, ("", "", 0))[2] != k:
                raise CaseFailed("burn %s spawned on node %d: ps -a shows %s" % (pid, k, ps.get(pid)))
        status = c.sh(1, "balance status")
        if not status.startswith("balance on: 0 moves"):
            raise CaseFailed("balance status on node 1: %r, want 'balance on: 0 moves ...'" % status)


def destination_short_of_memory_refuses_cools_off_and_the_burn_stays(echo):
    with Cluster(me(), 3, echo, limit=75) as c:
        # Node 3: 6 + 4 + 4 MiB of its 16 taken, less than a burn's 2 MiB left.
        c.spawn(3, "-l hog")
        c.spawn(3, "-l ballast b1 64")
        c.spawn(3, "-l ballast b2 64")
        c.spawn(2, "-l burn 60")
        since = {k: c.mark(k) for k in (1, 2, 3)}
        pids = spawned_here(c, 1, "burn 60", 3)
        failed = c.wait_line(1, FAILED, 20, since[1])
        pid, dest = re.match(FAILED, failed).groups()
        if dest != "3" or pid not in pids:
            raise CaseFailed("node 1 printed %r, want a failed move of one of %s to node 3"
                             % (failed, pids))
        moved = c.wait_line(1, MOVED, 20, since[1])
        if re.match(MOVED, moved).group(2) != "2":
            raise CaseFailed("node 1 printed %r, want a move to node 2 (node 3 cools off)" % moved)
        time.sleep(2)
        ps = where(c)
        for p in pids:      # the refused one too: it ran on at node 1 (and may have moved since)
            if ps.get(p, ("", "", 0))[2] not in (1, 2) or ps[p][1] not in ("ready", "running"):
                raise CaseFailed("burn %s (%s refused at node 3): ps -a shows %s, want it"
                                 " running on node 1 or 2" % (p, pid, ps.get(p)))
        if burns_on(c, 3) != [2, 2, 0]:
            raise CaseFailed("burns per node %s, want 2-2-0 (node 3 has no room)" % burns_on(c, 3))
        refused = c.stats(3)["migrations_refused"]
        if refused < 1:
            raise CaseFailed("node 3's migrations_refused is %d, want at least 1" % refused)


def dead_node_drops_out_of_the_load_picture_and_gets_no_move(echo):
    with Cluster(me(), 3, echo, limit=75) as c:
        deadline = time.monotonic() + 10
        while not re.search(r"^node 3:", c.sh(1, "load"), re.M):    # in the picture first
            if time.monotonic() > deadline:
                raise CaseFailed("load on node 1 never listed node 3: %r" % c.sh(1, "load"))
            time.sleep(0.2)
        since = c.mark(1)
        cl.kill(3, dir=c.dir)
        c.wait_line(1, r"^demos: node 3 down", 10, since)
        load = c.sh(1, "load")
        if re.search(r"^node 3:", load, re.M) or not re.search(r"^node 2:", load, re.M):
            raise CaseFailed("load on node 1 after node 3 died: %r, want node 1 and 2 only" % load)
        since = c.mark(1)
        pids = spawned_here(c, 1, "burn 60", 3)
        moved = c.wait_line(1, MOVED, 20, since)
        if re.match(MOVED, moved).group(2) != "2":
            raise CaseFailed("node 1 printed %r, want a move to node 2" % moved)
        time.sleep(3)
        if c.printed(1, FAILED, since) or any(d == "3" for _, d in moves(c, 2)):
            raise CaseFailed("node 1 tried the dead node 3: %s" % (c.printed(1, FAILED, since)
                                                                   or moves(c, 2)))
        ps = where(c)
        if sorted(ps[p][2] for p in pids if p in ps) != [1, 1, 2]:
            raise CaseFailed("the burns %s: ps -a shows %s, want two on node 1, one on node 2"
                             % (pids, {p: ps.get(p) for p in pids}))


def balance_off_stops_every_move_and_spawn_s_stays(echo):
    with Cluster(me(), 3, echo, limit=75) as c:
        off = c.sh(1, "balance off")
        if not off.startswith("balance off"):
            raise CaseFailed("'balance off' printed %r" % off)
        stay = c.spawn(1, "-s burn 60")
        pids = [c.spawn(1, "burn 60") for _ in range(3)]     # placed here: the policy is off
        time.sleep(6)
        if moves(c, 3) or burns_on(c, 3) != [4, 0, 0]:
            raise CaseFailed("with balance off: moves %s, burns per node %s, want none and 4-0-0"
                             % (moves(c, 3), burns_on(c, 3)))
        c.sh(1, "balance on")
        deadline = time.monotonic() + 20
        while len(moves(c, 1)) < 2:
            if time.monotonic() > deadline:
                raise CaseFailed("balance on: moves %s within 20 s, want 2" % moves(c, 1))
            time.sleep(0.5)
        time.sleep(4)
        got = moves(c, 1)
        if any(p == stay for p, _ in got) or len(got) != 2 or not all(p in pids for p, _ in got):
            raise CaseFailed("moves %s: want two of %s, never %s (spawn -s)" % (got, pids, stay))
        if where(c).get(stay, ("", "", 0))[2] != 1:
            raise CaseFailed("the spawn -s burn %s left node 1: %s" % (stay, where(c).get(stay)))


CASES = [
    six_burns_spawned_on_node_1_spread_two_two_two_and_all_finish,
    one_burn_on_each_of_three_nodes_never_moves_in_30_seconds,
    destination_short_of_memory_refuses_cools_off_and_the_burn_stays,
    dead_node_drops_out_of_the_load_picture_and_gets_no_move,
    balance_off_stops_every_move_and_spawn_s_stays,
]

__all__ = ["CASES"]
