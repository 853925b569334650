# SPDX-License-Identifier: MIT
# Keys (issue 15): a node with another cluster key, or with none, joins
# nothing of a keyed cluster, and both sides say so once; nodes without a
# key talk to each other only.

import re
import time

from caserunner import CaseFailed
from harness import Cluster, expect_equal, me, summary

KEY = "00112233445566778899aabbccddeeff"
OTHER = "ffeeddccbbaa99887766554433221100" * 2     # 64 digits: the long form
SETTLE_S = 2.0          # ten HELLO rounds: time for a wrong join to show


def told_once(c, node, regex):
    """node's console says regex exactly once (waiting for the first)."""
    c.wait_line(node, regex, 10)
    got = c.printed(node, regex)
    if len(got) != 1:
        raise CaseFailed("node %d said %r %d times, want once" % (node, regex, len(got)))


def never_up(c, node, others):
    for other in others:
        said = c.printed(node, r"^demos: node %d up$" % other)
        if said:
            raise CaseFailed("node %d printed %r: it joined node %d" % (node, said[0], other))
    out = c.sh(node, "nodes")
    for other in others:
        if re.search(r"^node %d up " % other, out, re.M):
            raise CaseFailed("'nodes' on node %d shows node %d up: %r" % (node, other, out))


def node_with_another_key_joins_nothing_and_both_consoles_say_so_once(echo):
    with Cluster(me(), 3, echo, limit=60, mesh=False, key=[KEY, KEY, OTHER]) as c:
        c.hears(1, 2)
        c.hears(2, 1)
        for k in (1, 2):
            told_once(c, k, r"^demos: node 3 has another cluster key \(key id [0-9a-f]{8}, ours "
                            r"[0-9a-f]{8}\): not joined$")
            told_once(c, 3, r"^demos: node %d has another cluster key" % k)
        time.sleep(SETTLE_S)
        for k in (1, 2):
            told_once(c, k, r"^demos: node 3 has another cluster key")
            told_once(c, 3, r"^demos: node %d has another cluster key" % k)
        never_up(c, 3, (1, 2))
        never_up(c, 1, (3,))
        out = c.sh(1, "nodes")
        if not re.search(r"^node 3 refused: key id [0-9a-f]{8}, ours [0-9a-f]{8}$", out, re.M):
            raise CaseFailed("'nodes' on node 1 printed %r, want 'node 3 refused: key id ...'"
                             % out)
        if not re.search(r"^node 2 up .*, key ok \(session [0-9a-f]{8}\)$", out, re.M):
            raise CaseFailed("'nodes' on node 1 printed %r, want 'node 2 up ..., key ok'" % out)
        if c.stats(3)["frames_unauthenticated"] == 0:
            raise CaseFailed("node 3 counted no frames_unauthenticated")
        c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        expect_equal("a client on node 2 of the keyed cluster", c.run_client(2, "counter 200", 20),
                     summary(200, 200, 1))


def node_without_a_key_talks_only_to_nodes_without_one(echo):
    with Cluster(me(), 4, echo, limit=60, mesh=False, key=[KEY, KEY, "", ""]) as c:
        for a, b in ((1, 2), (2, 1), (3, 4), (4, 3)):
            c.hears(a, b)
        for k in (3, 4):
            told_once(c, k, r"^demos: no cluster key \(key=\): this node is unauthenticated and "
                            r"talks only to nodes without a key$")
        for k in (1, 2):
            told_once(c, k, r"^demos: cluster key id [0-9a-f]{8}: every frame authenticated")
        time.sleep(SETTLE_S)
        for keyed in (1, 2):
            for bare in (3, 4):
                told_once(c, keyed, r"^demos: node %d has no cluster key \(unauthenticated\): "
                                    r"not joined$" % bare)
                told_once(c, bare, r"^demos: node %d has a cluster key \(key id [0-9a-f]{8}\) "
                                   r"and this node has none: not joined$" % keyed)
        for keyed in (1, 2):
            never_up(c, keyed, (3, 4))
        for bare in (3, 4):
            never_up(c, bare, (1, 2))
        out = c.sh(3, "nodes")
        if not re.search(r"^node 4 up .*, no key \(unauthenticated, as this node\)$", out, re.M):
            raise CaseFailed("'nodes' on node 3 printed %r, want 'node 4 up ..., no key'" % out)


CASES = [
    node_with_another_key_joins_nothing_and_both_consoles_say_so_once,
    node_without_a_key_talks_only_to_nodes_without_one,
]


__all__ = ["CASES"]
