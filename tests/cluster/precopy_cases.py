# SPDX-License-Identifier: MIT
# Pre-copy migration (issue 17): a process that never stops writing its
# memory moves with its data whole under calls and wire faults, and a
# destination killed during a pre-copy round leaves it running at the
# source, its callers none the wiser.

import re

from caserunner import CaseFailed
from harness import CLIENT_LINE, MIGRATED, Cluster, expect_equal, me, summary
from migration_cases import calls_flowing
from migration_edge_cases import (_move_in_background, expect_running_at,
                                  kill_and_expect_the_move_failed)
from remote_cases import FAULTS


def writer_checked(c, node, name, since, timeout=30):
    """writer's verdict on node after its move there: ok, else CaseFailed."""
    got = c.wait_line(node, r"writer: %s on node %d: .*" % (name, node), timeout, since)
    if not re.fullmatch(r"writer: %s on node %d: ok after \d+ passes" % (name, node), got):
        raise CaseFailed("writer on node %d printed %r, want 'ok after N passes'" % (node, got))


def writer_moves_20_times_under_calls_and_wire_faults_with_its_data_whole(echo):
    """A 256 KiB writer rewrites all of its buffer pass after pass and
    checks every word against the pass before: a dirty page left behind
    shows as corrupt after the move. Moves 1 -> 2 -> 3 -> 1 ... under the
    wire faults, in pre-copy rounds (more than one: it writes while they
    run); a client on node 4 calls it all along (a new one whenever one is
    done) and each must see every answer, in order."""
    moves, calls = 20, 300
    batch = r"client: %d calls, %d replies, 0 lost, in order, last from node [123]" % (calls, calls)
    with Cluster(me(), 4, echo, limit=400, faults=[FAULTS]) as c:
        writer = c.spawn(1, "writer w 256")
        c.wait_registered(4, "w", 30)
        since = c.mark(4)
        c.spawn(4, "client w %d" % calls)
        calls_flowing(c, 4, 50, 30)
        at, rounds, batches = 1, [], 1
        for i in range(moves):
            dest = at % 3 + 1
            mark = c.mark(dest)
            for attempt in range(3):
                # Under 20% loss a step can outlast its 3 s timeout: the move
                # fails and the writer goes on at the source; again then.
                line = c.migrate(at, writer, dest, timeout=60)
                if not re.fullmatch(r"migrate: E_TIMEOUT", line):
                    break
                print("# move %d: %r; again" % (i + 1, line))
            m = MIGRATED.fullmatch(line)
            if not m or m.group("pid") != writer or int(m.group("node")) != dest:
                raise CaseFailed("move %d: 'migrate %s %d' on node %d printed %r"
                                 % (i + 1, writer, dest, at, line))
            f = {k: int(m.group(k)) for k in ("us", "frozen", "rounds")}
            writer_checked(c, dest, "w", mark)
            rounds.append(f["rounds"])
            if not 0 < f["frozen"] < f["us"]:
                raise CaseFailed("move %d: frozen %d us of %d us, want 0 < frozen < total"
                                 % (i + 1, f["frozen"], f["us"]))
            at = dest
            done = c.printed(4, CLIENT_LINE, since)
            if done:            # that client is through: check it, start the next
                if not re.fullmatch(batch, done[0]):
                    raise CaseFailed("client %d on node 4 printed %r, want %r"
                                     % (batches, done[0], batch))
                since = c.mark(4)
                c.spawn(4, "client w %d" % calls)
                batches += 1
        print("# rounds per move %s; %d clients" % (rounds, batches))
        if max(rounds) < 2:
            raise CaseFailed("every move took %s rounds: want pre-copy (2 or more) for a"
                             " process that writes" % rounds)
        got = c.wait_line_moving(4, CLIENT_LINE, 240, since)
        expect_equal("the last client on node 4", got, summary(calls, calls, at))


def destination_killed_during_a_precopy_round_leaves_it_running_at_the_source(echo):
    """Node 3 holds its second pull of the first round (hold_pull=): the
    writer still runs at node 1 and answers its caller through the hold;
    node 3 dies then. The move fails, the writer never stopped, the caller
    sees nothing; later it moves elsewhere whole."""
    calls = 30000       # still calling when the move fails, 3 s after the kill
    with Cluster(me(), 3, echo, limit=360, append=["hold_pull=2000"]) as c:
        writer = c.spawn(1, "writer w 1024")
        c.wait_registered(2, "w", 30)
        since2, since3 = c.mark(2), c.mark(3)
        c.spawn(2, "client w %d" % calls)
        calls_flowing(c, 2, 50, 30)
        answer = {}
        t = _move_in_background(c, writer, 3, answer)
        c.wait_line(3, r"demos: migrate %s: pull held" % re.escape(writer), 20, since3)
        calls_flowing(c, 2, 50, 2)      # answered through the hold: it runs at node 1
        kill_and_expect_the_move_failed(c, 3, t, answer)
        expect_running_at(c, 1, writer, "writer")
        if c.printed(2, CLIENT_LINE, since2):
            raise CaseFailed("the client finished before the move failed (more calls)")
        # a loaded machine may take minutes for the calls left; a stall fails in 30 s
        got = c.wait_line_moving(2, CLIENT_LINE, 240, since2)
        expect_equal("client on node 2", got, summary(calls, calls, 1))
        mark = c.mark(2)
        c.migrated(1, writer, 2, timeout=30)
        writer_checked(c, 2, "w", mark)


CASES = [
    writer_moves_20_times_under_calls_and_wire_faults_with_its_data_whole,
    destination_killed_during_a_precopy_round_leaves_it_running_at_the_source,
]


__all__ = ["CASES"]
