# SPDX-License-Identifier: MIT
# Migration when things go wrong or end: refusal, a destination killed
# mid-move, exit clean-up, a return to a node left, 100 moves under calls.

import re
import threading
import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import CLIENT_LINE, Cluster, expect_equal, me, summary
from migration_cases import calls_flowing
from remote_cases import fetched


def destination_without_memory_refuses_and_the_process_stays(echo):
    with Cluster(me(), 2, echo, limit=60) as c:
        c.spawn(2, "hog")
        c.spawn(2, "hog")
        hog = c.spawn(1, "hog")
        got = c.migrate(1, hog, 2)
        expect_equal("migrate %s 2 with 12 of node 2's 16 MiB taken" % hog, got,
                     "migrate: node 2 has not enough memory")
        expect_equal("ps on node 1 for %s" % hog, c.ps(1).get(hog, ("nothing",))[0], "hog")
        state = c.ps(1)[hog][1]
        if state in ("moving", "stopped"):
            raise CaseFailed("ps on node 1 shows %s hog %s after the refusal" % (hog, state))
        if hog in c.ps(2):
            raise CaseFailed("ps on node 2 shows %s %s too" % (hog, " ".join(c.ps(2)[hog])))
        expect_equal("node 2's stats migrations_refused", c.stats(2)["migrations_refused"], 1)
        for pid in [p for p, (name, _) in c.ps(2).items() if name == "hog"]:
            c.sh(2, "kill " + pid)
        c.migrated(1, hog, 2)           # once there is room, it can still move


def destination_killed_mid_move_leaves_the_process_at_the_source(echo):
    # The move takes ~300 ms: a kill 100 ms in lands while node 3 pulls pages.
    for attempt, delay in enumerate((0.1, 0.05, 0.0)):
        with Cluster(me(), 3, echo, limit=60) as c:
            server = c.spawn(1, "datatest serve d 4096")     # 4 MiB to move
            c.wait_registered(2, "d")
            aborted = c.stats(1)["migrations_aborted"]
            since = c.mark(1)
            answer = {}

            def move():
                try:
                    answer["line"] = c.migrate(1, server, 3, timeout=20)
                except CaseFailed as e:
                    answer["error"] = str(e)
                answer["at"] = time.monotonic()
            t = threading.Thread(target=move)
            t.start()
            typed = time.monotonic()
            while not c.printed(1, re.escape("migrate %s 3" % server), since):
                if time.monotonic() > typed + 5:
                    raise CaseFailed("node 1 did not echo 'migrate %s 3' within 5 s" % server)
                time.sleep(0.001)
            typed_at = [time.monotonic()]
            time.sleep(delay)
            cl.kill(3, dir=c.dir)
            killed = time.monotonic()
            t.join()
            if "error" in answer:
                raise CaseFailed(answer["error"])
            took = answer["at"] - killed
            if answer["line"].startswith("migrated"):
                print("# attempt %d: the move ended before the kill (%r); again"
                      % (attempt + 1, answer["line"]))
                continue
            print("# node 3 killed %.0f ms after 'migrate' was typed: it answered %r %.2f s"
                  " later" % (1000 * (killed - typed_at[0]), answer["line"], took))
            if not answer["line"].startswith("migrate: ") or took > 5:
                raise CaseFailed("migrate answered %r %.2f s after the kill, want 'migrate:"
                                 " REASON' within 5 s" % (answer["line"], took))
            expect_equal("node 1's migrations_aborted after the kill",
                         c.stats(1)["migrations_aborted"], aborted + 1)
            name, state = c.ps(1).get(server, ("nothing", ""))
            if name != "datatest" or state in ("moving", "stopped"):
                raise CaseFailed("ps on node 1 shows %s as %s %s, want datatest, not moving"
                                 % (server, name, state))
            if server in c.ps(2):
                raise CaseFailed("ps on node 2 shows %s %s" % (server, " ".join(c.ps(2)[server])))
            fetched(c, 2, "d", 4096, 1, 30)
            return
    raise CaseFailed("in 3 tries the move always ended before node 3 was killed")


def expect_all_reclaimed(c, pid, nodes, seconds=5):
    """Within seconds of pid's end: no node lists it or any forwarding entry."""
    deadline = time.monotonic() + seconds
    while True:
        left = {k: c.ps(k).get(pid) for k in nodes}
        entries = {k: c.stats(k)["forwarding_entries"] for k in nodes}
        if not any(left.values()) and not any(entries.values()):
            return
        if time.monotonic() > deadline:
            raise CaseFailed("%g s after the end: ps for %s shows %s, forwarding_entries %s;"
                             " want nothing and 0 on every node" % (
                                 seconds, pid, ", ".join("node %d %s" % (k, left[k] and " ".join(
                                     left[k])) for k in nodes),
                                 ", ".join("node %d %d" % (k, entries[k]) for k in nodes)))
        time.sleep(0.2)


def exit_after_moves_reclaims_every_forwarding_entry(echo):
    nodes = (1, 2, 3)
    with Cluster(me(), 3, echo, limit=60) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        c.migrated(1, counter, 2)
        c.migrated(2, counter, 3)
        chain = [(c.ps(k).get(counter) or ("nothing",))[:1 if k == 3 else 2] for k in nodes]
        expect_equal("ps for %s on nodes 1, 2, 3 after the moves" % counter, chain,
                     [("-", "fwd->2"), ("-", "fwd->3"), ("counter",)])
        expect_equal("kill %s on node 1" % counter, c.sh(1, "kill " + counter).strip(),
                     "killed " + counter)
        expect_all_reclaimed(c, counter, nodes)
        since = c.mark(2)
        got = c.run_client(2, "counter 1", 10)
        expect_equal("client on node 2 of the ended counter", got,
                     "client: 1 calls, 0 replies, 1 lost, in order, last from node 0")
        error = c.wait_line(2, r"client: first error", 5, since)
        expect_equal("its first error", error, "client: first error E_NOPROC")


def process_returning_to_a_node_it_left_ends_cleanly(echo):
    """1 -> 2 -> 3 -> 2 -> 1: back on node 1, its old entry there is not
    listed; when it ends there, every entry on the way goes (the model found
    node 1's own old entry left behind)."""
    nodes = (1, 2, 3)
    with Cluster(me(), 3, echo, limit=60) as c:
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        for src, dst in ((1, 2), (2, 3), (3, 2), (2, 1)):
            c.migrated(src, counter, dst)
        expect_equal("ps for %s on node 1, where it runs again" % counter,
                     c.ps(1).get(counter)[:1], ("counter",))
        got = c.run_client(3, "counter 10", 20)
        expect_equal("client on node 3", got,
                     "client: 10 calls, 10 replies, 0 lost, in order, last from node 1")
        expect_equal("kill %s on node 1" % counter, c.sh(1, "kill " + counter).strip(),
                     "killed " + counter)
        expect_all_reclaimed(c, counter, nodes)


def hundred_moves_with_three_callers_lose_nothing(echo):
    moves, calls = 100, 1000
    clients = (2, 3, 4)
    with Cluster(me(), 4, echo, limit=120) as c:
        # 2 ms an answer: 3 x 1000 calls last 6 s at least, 3 times as long as
        # the moves. (A local caller of a counter without delay makes
        # thousands of calls a second and could be done before the moves.)
        counter = c.spawn(1, "counter counter 2")
        c.wait_registered(2, "counter")
        marks = {k: c.mark(k) for k in clients}
        for k in clients:
            c.spawn(k, "client counter %d" % calls)
        calls_flowing(c, 2)
        start = time.monotonic()
        micros, at = [], 1
        for i in range(moves):
            dest = at % 4 + 1
            micros.append(c.migrated(1, counter, dest))
            at = dest
        took = time.monotonic() - start
        print("# %d moves in %.1f s: %.0f ms a move by the clock, %.0f ms as migrate reports"
              % (moves, took, 1000 * took / moves, sum(micros) / 1000 / moves))
        early = [k for k in clients if c.printed(k, CLIENT_LINE, marks[k])]
        if early:
            raise CaseFailed("the client on node %d finished before the %d moves ended: %s;"
                             " want it still calling (more calls)"
                             % (early[0], moves, c.printed(early[0], CLIENT_LINE, marks[early[0]])[0]))
        for k in clients:
            got = c.wait_line_moving(k, CLIENT_LINE, 120, marks[k])
            expect_equal("client on node %d" % k, got, summary(calls, calls, at))


CASES = [
    destination_without_memory_refuses_and_the_process_stays,
    destination_killed_mid_move_leaves_the_process_at_the_source,
    exit_after_moves_reclaims_every_forwarding_entry,
    process_returning_to_a_node_it_left_ends_cleanly,
    hundred_moves_with_three_callers_lose_nothing,
]


__all__ = ["CASES"]
