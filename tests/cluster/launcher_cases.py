# SPDX-License-Identifier: MIT
# Cases on tools/cluster itself: boot, wiring, a node that never boots,
# time-outs, queued sh calls, faults, kill, down, the bridge wiring.

import os
import re
import subprocess
import sys
import threading

import clusterlib as cl
from caserunner import CaseFailed, Skipped
from harness import (BOOT_LIMIT, LOGS, ROOT, SH_LIMIT, Cluster, case_dir, expect_nothing_left,
                     netns_exists)


# ---- the cases; each returns normally or raises CaseFailed(reason) ----

def cluster_boots_three_nodes_and_each_answers(echo):
    with Cluster("cluster_boots_three_nodes_and_each_answers", 3, echo) as c:
        for k in (1, 2, 3):
            got = c.sh(k, "echo hi %d" % k)
            if got != "hi %d\n" % k:
                raise CaseFailed("node %d answered %r, want 'hi %d'" % (k, got, k))


def cluster_reports_a_node_that_never_boots(echo):
    name = "cluster_reports_a_node_that_never_boots"
    dir = case_dir(name)
    os.makedirs(LOGS, exist_ok=True)
    bogus = os.path.join(LOGS, "not-a-kernel")
    with open(bogus, "w") as f:
        f.write("this file is not a kernel\n")
    try:
        cl.up(2, dir=dir, kernel=bogus, timeout=BOOT_LIMIT, progress=print if echo else None)
        raise CaseFailed("up succeeded with %s as the kernel" % bogus)
    except cl.ClusterError as e:
        if not re.match(r"^node [12]: QEMU exited .*kernel", str(e), re.S):
            raise CaseFailed("the failure does not name the node and QEMU's reason: %r" % str(e))
        expect_nothing_left(dir)    # up's own clean-up, before ours
    finally:
        cl.down(dir)


def cluster_gives_up_on_a_node_not_ready_in_time(echo):
    dir = case_dir("cluster_gives_up_on_a_node_not_ready_in_time")
    try:
        cl.up(2, dir=dir, timeout=0.05, progress=print if echo else None)
        raise CaseFailed("both nodes were ready within 0.05 s?")
    except cl.TimedOut as e:
        if not re.match(r"^node [12] did not come up within 0.05 s", str(e)):
            raise CaseFailed("the time-out does not name the node: %r" % str(e))
        expect_nothing_left(dir)    # up's own clean-up, before ours
    except cl.ClusterError as e:
        raise CaseFailed("want a time-out, got: %s" % e)
    finally:
        cl.down(dir)


def cluster_sh_calls_on_one_node_queue_up(echo):
    words = ["first", "second", "third", "fourth"]
    with Cluster("cluster_sh_calls_on_one_node_queue_up", 1, echo) as c:
        got = {}

        def ask(word):
            try:
                got[word] = c.sh(1, "echo " + word)
            except CaseFailed as e:
                got[word] = e
        threads = [threading.Thread(target=ask, args=(w,)) for w in words]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    wrong = ["'echo %s' got %r" % (w, got.get(w)) for w in words if got.get(w) != w + "\n"]
    if wrong:
        raise CaseFailed("; ".join(wrong))


def wirefilter_says(c, node, *wanted):
    info = cl.faults(node, None, dir=c.dir)
    for w in wanted:
        if not re.search(w, info, re.M):
            raise CaseFailed("node %d's wirefilter does not say '%s':\n%s" % (node, w, info))


def cluster_faults_change_the_running_wirefilter(echo):
    with Cluster("cluster_faults_change_the_running_wirefilter", 2, echo,
                 faults=["2:loss=20"]) as c:
        wirefilter_says(c, 1, r"^Loss +L->R 0\+0U +R->L 0\+0U")
        wirefilter_says(c, 2, r"^Loss +L->R 20\+0U +R->L 20\+0U", r"^Fifoness TRUE")
        cl.faults(2, "partition,dup=RL5,delay=1+2,reorder", dir=c.dir)
        wirefilter_says(c, 2, r"^Loss +L->R 100\+0U +R->L 100\+0U",
                        r"^Dup +L->R 0\+0U +R->L 5\+0U", r"^Delay +L->R 1\+2U", r"^Fifoness FALSE")
        shown = cl.fault_text(cl.status(c.dir)["nodes"]["2"]["faults"])
        if shown != "loss=100,dup=RL5,delay=1+2,reorder":
            raise CaseFailed("status shows node 2's faults as %r" % shown)
        cl.faults(2, "clear", dir=c.dir)
        wirefilter_says(c, 2, r"^Loss +L->R 0\+0U +R->L 0\+0U", r"^Dup +L->R 0\+0U +R->L 0\+0U",
                        r"^Delay +L->R 0\+0U", r"^Fifoness TRUE")
        try:
            cl.faults(2, "loss=lots", dir=c.dir)
            raise CaseFailed("faults accepted loss=lots")
        except cl.ClusterError as e:
            if "bad fault" not in str(e):
                raise CaseFailed("faults loss=lots: %s" % e)


def cluster_kill_ends_one_node_and_sh_says_so(echo):
    with Cluster("cluster_kill_ends_one_node_and_sh_says_so", 2, echo) as c:
        qemu = c.state["nodes"]["2"]["qemu"]
        cl.kill(2, dir=c.dir)
        if cl.alive(qemu):
            raise CaseFailed("node 2's QEMU (pid %d) still runs after kill" % qemu["pid"])
        if not cl.status(c.dir)["nodes"]["2"]["killed"]:
            raise CaseFailed("status does not record node 2 as killed")
        try:
            cl.sh(2, "echo hi", dir=c.dir, timeout=SH_LIMIT)
            raise CaseFailed("sh on the killed node 2 succeeded")
        except cl.ClusterError as e:
            if "killed" not in str(e):
                raise CaseFailed("sh on the killed node 2 said: %s" % e)
        if c.sh(1, "echo still here") != "still here\n":
            raise CaseFailed("node 1 stopped answering when node 2 was killed")


def cluster_down_leaves_nothing_behind(echo):
    """Through the command line, as a user would: up returns while the
    cluster runs (a keeper process holds it), down ends all of it."""
    dir = case_dir("cluster_down_leaves_nothing_behind")
    tool = [os.path.join(ROOT, "tools", "cluster"), "--dir", dir]

    def run(*args):
        r = subprocess.run(tool + list(args), capture_output=True, text=True,
                           timeout=BOOT_LIMIT + 10)
        if echo:
            sys.stdout.write(r.stdout + r.stderr)
        return r
    st = None
    try:
        r = run("up", "-n", "2", "--timeout", str(BOOT_LIMIT))
        if r.returncode != 0:
            raise CaseFailed("up -n 2: status %d: %s" % (r.returncode, r.stderr.strip()))
        st = cl.load_state(dir)
        r = run("sh", "2", "echo over the wire")
        if r.returncode != 0 or r.stdout != "over the wire\n":
            raise CaseFailed("sh 2: status %d, %r %s" % (r.returncode, r.stdout, r.stderr))
        r = run("down")
        if r.returncode != 0:
            raise CaseFailed("down: status %d: %s" % (r.returncode, r.stderr.strip()))
        if st["keeper"] and cl.alive(st["keeper"]):
            raise CaseFailed("the keeper (pid %d) outlived down" % st["keeper"]["pid"])
        expect_nothing_left(dir, st)
        r = run("down")
        if r.returncode != 0:
            raise CaseFailed("a second down: status %d: %s" % (r.returncode, r.stderr.strip()))
    finally:
        cl.down(dir)


def cluster_bridge_wiring_boots_inside_a_namespace(echo):
    if os.geteuid() != 0:
        raise Skipped("needs root")
    name = "cluster_bridge_wiring_boots_inside_a_namespace"
    with Cluster(name, 2, echo, bridge=True) as c:
        st = c.state
        ns = st["netns"]
        if not ns or not netns_exists(ns):
            raise CaseFailed("no namespace %s while the cluster runs" % ns)
        r = subprocess.run(["ip", "-n", ns, "-o", "link", "show", "master", cl.BRIDGE],
                           capture_output=True, text=True)
        taps = sorted(re.findall(r"^\d+: (tap\d+)", r.stdout, re.M))
        if taps != ["tap1", "tap2"]:
            raise CaseFailed("bridge %s in %s has ports %s, want tap1, tap2"
                             % (cl.BRIDGE, ns, taps))
        for k in (1, 2):
            if c.sh(k, "echo node %d" % k) != "node %d\n" % k:
                raise CaseFailed("node %d did not answer" % k)
        c.hears(1, 2)
        c.hears(2, 1)
    expect_nothing_left(c.dir, st)


CASES = [
    cluster_boots_three_nodes_and_each_answers,
    cluster_reports_a_node_that_never_boots,
    cluster_gives_up_on_a_node_not_ready_in_time,
    cluster_sh_calls_on_one_node_queue_up,
    cluster_faults_change_the_running_wirefilter,
    cluster_kill_ends_one_node_and_sh_says_so,
    cluster_down_leaves_nothing_behind,
    cluster_bridge_wiring_boots_inside_a_namespace,
]


__all__ = ["CASES"]
