# SPDX-License-Identifier: MIT
# Naming across nodes (issue 13): every node has a switchboard (N.2) that
# holds every name (a register is sent on to the others, a node newly up
# asks for their tables), so a lone node of any number names its own, a
# lookup is answered where it is asked, and a node's death loses only the
# names of what died with it. A holder is checked by reading through its
# probe link, which follows it to another node.

import re
import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import BOOT_LIMIT, Cluster, expect_equal, me, summary

FIND_LIMIT = 40         # a client looks a name up for up to 30 s before 'cannot find'
SYNCED_AFTER = 2.5      # s: each switchboard asks which nodes are up once a second


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


def counter_on(c, node, name):
    """spawn counter name on node and wait until a client there finds it."""
    pid = c.spawn(node, "counter " + name)
    c.wait_registered(node, name)
    return pid


def calls_go_through(c, node, name, answerer, calls=5):
    expect_equal("a client on node %d calling %s" % (node, name),
                 c.run_client(node, "%s %d" % (name, calls), FIND_LIMIT),
                 summary(calls, calls, answerer))


def lone_node_numbered_23_registers_and_finds_names(echo):
    with Cluster(me(), 1, echo, limit=60, numbers=[23]) as c:
        pid = counter_on(c, 1, "alone")
        if not pid.startswith("23."):
            raise CaseFailed("counter's id is %s, want 23.S on node 23" % pid)
        calls_go_through(c, 1, "alone", 23)


def node_1_killed_nodes_2_and_3_still_register_look_up_and_call(echo):
    with Cluster(me(), 3, echo, limit=90) as c:
        cl.kill(1, dir=c.dir)
        for k in (2, 3):
            c.wait_line(k, r"^demos: node 1 down ", 10)
        counter_on(c, 2, "after")
        for k in (2, 3):
            calls_go_through(c, k, "after", 2)


def name_registered_on_node_1_is_found_from_node_3_and_by_a_node_booted_later(echo):
    with Cluster(me(), 3, echo, limit=120) as c:
        time.sleep(SYNCED_AFTER)    # the boot syncs are done: only a replica carries what follows
        counter_on(c, 1, "early")
        calls_go_through(c, 3, "early", 1)
        try:
            boot = cl.restart(2, dir=c.dir, timeout=BOOT_LIMIT)
        except cl.ClusterError as e:
            raise CaseFailed("restart 2: %s" % e)
        c.wait_line(2, r"^demos: node 1 up$", 10, since=boot)
        calls_go_through(c, 2, "early", 1)


def moved_process_asks_names_of_the_switchboard_where_it_runs(echo):
    with Cluster(me(), 2, echo, limit=60) as c:
        pid = counter_on(c, 1, "mover")
        c.migrated(1, pid, 2)
        out = c.sh(2, "links " + pid)
        m = re.search(r"^256 -> (\d+\.\d+) node (\d+)", out, re.M)
        expect_equal("link 0 (handle 256) of %s after its move to node 2 (links %s: %r)" % (pid, pid, out),
                     m and (m.group(1), m.group(2)), ("2.2", "2"))
        calls_go_through(c, 2, "mover", 2)


def rebooted_node_takes_no_copy_of_a_name_its_old_process_held(echo):
    with Cluster(me(), 2, echo, limit=90) as c:
        old = counter_on(c, 2, "old")
        c.wait_registered(1, "old")             # node 1 has its copy
        try:
            boot = cl.restart(2, dir=c.dir, timeout=BOOT_LIMIT)
        except cl.ClusterError as e:
            raise CaseFailed("restart 2: %s" % e)
        c.wait_line(2, r"^demos: node 1 up$", 10, since=boot)
        time.sleep(SYNCED_AFTER)                # node 2 has synced with node 1
        held = [l for l in c.sh(2, "names").splitlines() if l.startswith("old -> ")]
        expect_equal("node 2's names after its reboot (old was %s's, of its last boot)" % old,
                     held, [])
        expect_equal("the new counter's id", counter_on(c, 2, "old"), old)
        calls_go_through(c, 1, "old", 2)        # node 1's copy is the new holder's now


CASES = [
    name_of_a_moved_holder_stays_its_own_until_it_ends_there,
    rebooted_node_takes_no_copy_of_a_name_its_old_process_held,
    moved_process_asks_names_of_the_switchboard_where_it_runs,
    lone_node_numbered_23_registers_and_finds_names,
    node_1_killed_nodes_2_and_3_still_register_look_up_and_call,
    name_registered_on_node_1_is_found_from_node_3_and_by_a_node_booted_later,
]


__all__ = ["CASES"]
