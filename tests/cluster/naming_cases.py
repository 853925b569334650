# SPDX-License-Identifier: MIT
# Naming across nodes (issue 13): the switchboard (1.2) checks that a
# name's holder still runs by reading through its probe link, which follows
# the holder to another node, and frees the name once it has ended there.

from harness import Cluster, expect_equal, me


def hold_line(c, node, name):
    """switchboard hold name on node: what it said about name."""
    since = c.mark(node)
    c.spawn(node, "switchboard hold " + name)
    return c.wait_line(node, r"switchboard: (?:registered|cannot register) ", 10, since)


def name_of_a_moved_holder_stays_its_own_until_it_ends_there(echo):
    with Cluster(me(), 2, echo, limit=60) as c:
        counter = c.spawn(1, "counter far")
        c.wait_registered(1, "far")
        c.migrated(1, counter, 2)
        expect_equal("node 1's try to take far, held by %s on node 2" % counter,
                     hold_line(c, 1, "far"), "switchboard: cannot register far: E_PERM")
        expect_equal("kill %s on node 2" % counter, c.sh(2, "kill " + counter).strip(),
                     "killed " + counter)
        expect_equal("node 1's try to take far again", hold_line(c, 1, "far"),
                     "switchboard: registered far")


CASES = [
    name_of_a_moved_holder_stays_its_own_until_it_ends_there,
]


__all__ = ["CASES"]
