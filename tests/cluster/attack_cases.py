# SPDX-License-Identifier: MIT
# Trust on the wire (issue 15): an attacker in the cluster's namespace, with
# nothing but the frames it sniffs on the bridge, replays, mutates, floods and
# forges them (tests/cluster/attack) while clients call a counter; no frame of
# its own may change anything, and every one must be counted as refused.
"""Each case boots three nodes on a bridge (root), sniffs calls (and, where
it matters, a migration), then attacks while clients call, and checks
afterwards, collecting every failure rather than stopping at the first:

- each node's refusals, the sum of the stats lines in REFUSED (a name the
  node does not print counts 0), rose by at least the frames the attacker
  sent it (unicast to its MAC, or broadcast from another MAC);
- every client printed `N calls, N replies, 0 lost, in order` in time (none
  blocked), the long one whose calls span the attack included;
- no node printed "node N restarted", "node N down", "node number clash" or
  "node N up" for a node not in the cluster, `nodes` shows each peer up at
  its own MAC and no other, and the processes are as they were.

The cluster is booted as tools/cluster boots it: with a random key once
keys exist, so the attacker never knows it. With DEMOS_ATTACK_CONTROL=1 in
the environment the attacker sends every frame with another cluster's id,
which today's kernel already refuses and counts: the cases must pass so,
which shows their checks fail only for what the attack did.
"""

import collections
import os
import re
import signal
import subprocess
import sys
import time

import clusterlib as cl
from caserunner import CaseFailed, Skipped
from harness import BUILD, ROOT, Cluster, me, summary

ATTACK = os.path.join(ROOT, "tests", "cluster", "attack")
NODES = (1, 2, 3)
REFUSED = ("frames_unauthenticated", "frames_replayed", "frames_bad")
BROADCAST = "ff:ff:ff:ff:ff:ff"
FIRST_HALF = 1500       # the long client's calls before its pause (sniffed), and after it
FIRST_HALF_SECONDS = 2.0    # they take about 0.9 s
SHORT_CALLS = 200       # each client of the loop that runs during an attack
FLOOD_CALLS = 2000      # the same during the flood (about 1.5 s each)
LOOP_CLIENTS = 40       # at most, in a loop: counter counts 64 callers apart, then lumps them
CLIENT_LIMIT = 30.0     # seconds for a client's summary once its calls should be done
SENT_LINE = r"^attack: sent (\d+) from ([0-9a-f:]{17}) to ([0-9a-f:]{17})$"
CONTROL = "DEMOS_ATTACK_CONTROL"     # set: a control run (attack --control), which must pass
BAD_LINES = r"demos: node \d+ (?:restarted|down)|demos: node number clash"


def needs_root():
    if os.geteuid() != 0:
        raise Skipped("needs root (--bridge wiring and a raw socket)")


def over_limit(e):
    """A case's time limit (the harness's alarm) is never taken for a finding."""
    if str(e).startswith("over the case's time limit"):
        raise e


def attacker(c, *args):
    """tests/cluster/attack ARGS in the cluster's namespace, started."""
    control = ["--control"] if os.environ.get(CONTROL) and args[0] != "capture" else []
    return subprocess.Popen(["ip", "netns", "exec", c.state["netns"], sys.executable, ATTACK]
                            + [str(a) for a in args] + control, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(proc, what, timeout):
    """The attacker's output once it ended well."""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise CaseFailed("tests/cluster/attack %s ran past %g s: %s" % (what, timeout, out.strip()))
    if proc.returncode != 0:
        raise CaseFailed("tests/cluster/attack %s: status %d: %s"
                         % (what, proc.returncode, out.strip()))
    return out


def attack(c, *args, timeout=60.0):
    return finish(attacker(c, *args), args[0], timeout)


def capture_path(c):
    return os.path.join(c.dir, "capture.pcap")


def counters(c, node):
    """{name: value} of node's stats: every name it prints (the harness's
    stats() wants its own list; these cases want names it may lack)."""
    return {k: int(v) for k, v in re.findall(r"^(\w+)=(\d+)$", c.sh(node, "stats"), re.M)}


def mac(c, node):
    return c.state["nodes"][str(node)]["mac"]


def sent_per_node(c, out):
    """{node: frames the attacker sent that reached it}: to its MAC, or to
    all from another MAC (what a node does with a broadcast that bears its
    own address is its business: those are not counted for it)."""
    want = collections.Counter()
    for n, src, dst in re.findall(SENT_LINE, out, re.M):
        for k in NODES:
            if dst == mac(c, k) or (dst == BROADCAST and src != mac(c, k)):
                want[k] += int(n)
    return want


class Attacked:
    """One cluster under attack: the clients that run meanwhile, the state
    before, and what went wrong (every finding, not just the first)."""

    def __init__(self, c, counter, counter_node):
        self.c, self.counter, self.counter_node = c, counter, counter_node
        self.findings, self.long = collections.OrderedDict(), None

    def fail(self, text, like=None):
        """A finding; those of one kind (like) are told once, with how many."""
        f = self.findings.setdefault(like or text, [0, text])
        f[0] += 1

    def start_long_client(self, node, pause_ms):
        """A client that makes FIRST_HALF calls (sniffed), stays quiet pause_ms
        (the attack), then as many again: its counts span the attack."""
        self.long = (node, self.c.mark(node))
        self.long_base = self.c.stats(node)["remote_msgs_out"]
        self.c.spawn(node, "client counter %d %d 1 %d" % (2 * FIRST_HALF, pause_ms, FIRST_HALF))
        self.long_started = time.monotonic()

    def first_half_done(self):
        """Wait until the long client's first calls are made (they take about
        0.9 s, minutes on a loaded machine: its node's count of remote
        messages says) and it is quiet."""
        node, deadline = self.long[0], time.monotonic() + 120
        while self.c.stats(node)["remote_msgs_out"] < self.long_base + FIRST_HALF:
            if time.monotonic() > deadline:
                raise CaseFailed("node %d sent fewer than %d remote messages in 120 s: the long"
                                 " client's first calls did not go out" % (node, FIRST_HALF))
            time.sleep(0.2)
        time.sleep(max(0.0, self.long_started + FIRST_HALF_SECONDS - time.monotonic()))

    def before(self):
        """Just before the attack: marks and counters."""
        self.marks = {k: self.c.mark(k) for k in NODES}
        self.stats = {k: counters(self.c, k) for k in NODES}
        self.started = time.monotonic()

    def client(self, node, line, calls):
        want = summary(calls, calls, self.counter_node)
        if line != want:
            self.fail("client on node %d printed %r, want %r" % (node, line, want),
                      ("client", calls, re.sub(r"\d+", "N", line)))

    def clients_while(self, proc, nodes, calls):
        """Clients of calls calls, one after another on each of nodes, until
        the attacker proc ends (or LOOP_CLIENTS ran: the counter tells apart
        only so many callers)."""
        ran = 0
        while ran < LOOP_CLIENTS:
            for k in nodes:
                try:
                    self.client(k, self.c.run_client(k, "counter %d" % calls, CLIENT_LIMIT),
                                calls)
                except CaseFailed as e:
                    over_limit(e)
                    self.fail("client on node %d blocked: %s" % (k, e))
                    return ran
                ran += 1
            if proc.poll() is not None:
                break
        return ran

    def after(self, sent, settle=0.5):
        """Check everything once the attack is over; sent: its output."""
        c = self.c
        if self.long:
            node, since = self.long
            try:
                self.client(node, c.wait_line(node, r"client: %d calls" % (2 * FIRST_HALF),
                                              CLIENT_LIMIT + 10, since), 2 * FIRST_HALF)
            except CaseFailed as e:
                over_limit(e)
                self.fail("the long client on node %d: %s" % (node, e))
        time.sleep(settle)
        want = sent_per_node(c, sent)
        if not want:
            self.fail("the attacker sent nothing: %r" % sent)
        for k in NODES:
            now = counters(c, k)
            rise = {n: now.get(n, 0) - self.stats[k].get(n, 0) for n in REFUSED}
            if sum(rise.values()) < want[k]:
                self.fail("node %d: refusals (%s) rose by %d over %d hostile frames, want >= %d"
                          " (%s; frames_received +%d, duplicates +%d)" % (
                              k, "+".join(REFUSED), sum(rise.values()), want[k], want[k],
                              ", ".join("%s +%d" % (n, rise[n]) if n in now else "no " + n
                                        for n in REFUSED),
                              *(now.get(n, 0) - self.stats[k].get(n, 0)
                                for n in ("frames_received", "duplicates"))))
            bad = c.printed(k, BAD_LINES, self.marks[k]) + [
                l for l in c.printed(k, r"demos: node (\d+) up", self.marks[k])
                if int(re.search(r"node (\d+)", l).group(1)) not in NODES]
            if bad:
                self.fail("node %d printed %d lines such as %r" % (k, len(bad), bad[0]))
            self.nodes_as_they_are(k)
        if self.counter:
            ps = c.ps(self.counter_node)
            if ps.get(self.counter, ("", ""))[0] != "counter" or \
                    ps[self.counter][1].startswith("fwd"):
                self.fail("ps on node %d shows counter %s as %r, want it running there"
                          % (self.counter_node, self.counter, ps.get(self.counter)))

    def nodes_as_they_are(self, k):
        out = self.c.sh(k, "nodes")
        seen = {int(n): rest for n, rest in re.findall(r"^node (\d+) (.*)$", out, re.M)}
        phantoms = sorted(n for n in seen if n not in NODES)
        if phantoms:
            self.fail("'nodes' on node %d shows %d phantoms: nodes %s (first: 'node %d %s')"
                      % (k, len(phantoms), ", ".join(map(str, phantoms)), phantoms[0],
                         seen[phantoms[0]]))
        for n in NODES:
            rest = seen.get(n, "missing")
            if n != k and not (re.match(r"up\b", rest) and
                               re.search(r"\bmac %s\b" % mac(self.c, n), rest)):
                self.fail("'nodes' on node %d shows node %d %s, want up at mac %s"
                          % (k, n, rest, mac(self.c, n)))

    def verdict(self):
        if self.findings:
            raise CaseFailed("%d findings: %s" % (sum(n for n, _ in self.findings.values()),
                             "; ".join(text + (" (and %d more like it)" % (n - 1) if n > 1 else "")
                                       for n, text in self.findings.values())))


def sniffed_calls_and_a_migration(c, pause_ms):
    """The counter on node 1, sniffed while called from nodes 2 and 3 and
    moved to node 3 meanwhile. The Attacked state, its long client (on node 2,
    quiet for pause_ms) started; the capture written."""
    counter = c.spawn(1, "counter")
    c.wait_registered(2, "counter")
    c.wait_registered(3, "counter")
    cap = attacker(c, "capture", cl.BRIDGE, capture_path(c))
    if cap.stdout.readline().strip() != "attack: capturing on %s" % cl.BRIDGE:
        raise CaseFailed("the capture did not start: %s" % finish(cap, "capture", 5))
    a = Attacked(c, counter, 3)
    a.start_long_client(2, pause_ms)
    c.migrated(1, counter, 3)           # while the long client calls
    a.client(3, c.run_client(3, "counter %d" % SHORT_CALLS, CLIENT_LIMIT), SHORT_CALLS)
    a.first_half_done()
    cap.send_signal(signal.SIGTERM)
    out = finish(cap, "capture", 10)
    m = re.search(r"^attack: captured (\d+) frames", out, re.M)
    if not m or int(m.group(1)) < 2 * FIRST_HALF:
        raise CaseFailed("the capture holds too little: %s" % out.strip())
    print("# " + out.strip().splitlines()[-1])
    return a


def run_attack(a, nodes, *args, calls=SHORT_CALLS, timeout=75.0):
    """The attack, with clients of calls calls on nodes all along; its output."""
    a.before()
    proc = attacker(a.c, *args)
    ran = a.clients_while(proc, nodes, calls)
    out = finish(proc, args[0], timeout)
    print("# %s: %d clients during it; %s" % (args[0], ran, out.strip().splitlines()[-1]))
    return out


# ---- the cases ----

def replayed_frames_of_calls_and_a_migration_are_refused_and_counted(echo):
    needs_root()
    with Cluster(me(), 3, echo, limit=90, bridge=True) as c:
        a = sniffed_calls_and_a_migration(c, 8000)
        out = run_attack(a, (1, 3), "replay", cl.BRIDGE, capture_path(c), "--gap", "0.2")
        a.after(out)
        a.verdict()


def frames_with_one_header_field_flipped_are_refused_and_counted(echo):
    needs_root()
    with Cluster(me(), 3, echo, limit=90, bridge=True) as c:
        a = sniffed_calls_and_a_migration(c, 8000)
        out = run_attack(a, (1, 3), "flip", cl.BRIDGE, capture_path(c))
        a.after(out, settle=3.5)    # longer than a phantom lives before it is "down"
        a.verdict()


FLOOD = 100000
FLOOD_SECONDS = 40


def a_flood_of_mutated_frames_is_refused_and_harms_no_caller(echo):
    needs_root()
    with Cluster(me(), 3, echo, limit=90, bridge=True) as c:
        a = sniffed_calls_and_a_migration(c, FLOOD_SECONDS * 1000 + 3000)
        out = run_attack(a, (1, 3), "flood", cl.BRIDGE, capture_path(c), "--count", FLOOD,
                         "--seconds", FLOOD_SECONDS, calls=FLOOD_CALLS)
        a.after(out, settle=1.0)
        a.verdict()


def forged_hellos_neither_restart_a_node_nor_move_its_address(echo):
    needs_root()
    with Cluster(me(), 3, echo, limit=90, bridge=True) as c:
        counter = c.spawn(2, "counter")
        c.wait_registered(1, "counter")
        c.wait_registered(3, "counter")
        a = Attacked(c, counter, 2)
        cap = attacker(c, "capture", cl.BRIDGE, capture_path(c), "--seconds", 1)
        a.client(1, c.run_client(1, "counter %d" % SHORT_CALLS, CLIENT_LIMIT), SHORT_CALLS)
        finish(cap, "capture", 10)
        a.start_long_client(3, 8000)
        a.first_half_done()
        # Ten HELLOs of node 2 with a new boot id, 200 ms apart; then node 2's
        # own HELLO from another MAC every 5 ms for 3 s.
        out = run_attack(a, (1,), "hello", cl.BRIDGE, capture_path(c), "--node", 2,
                         "--restarts", 10, "--count", 600, "--gap", 5)
        m = re.search(r"^attack: (\d+) frames came to .*$", out, re.M)
        if not m or int(m.group(1)):
            a.fail("frames meant for node 2 went elsewhere: %r" % (m.group(0) if m else out))
        a.after(out, settle=3.5)    # past the down timeout: node 2 must not go down
        a.verdict()


def counter_seen_address():
    """Where counter keeps its per-sender counts (a static array in .bss):
    what the attacker can read from the program image anyone can get."""
    r = subprocess.run(["nm", os.path.join(BUILD, "user", "counter.elf")],
                       capture_output=True, text=True)
    m = re.search(r"^([0-9a-f]+) [bB] seen$", r.stdout, re.M)
    if not m:
        raise CaseFailed("no symbol 'seen' in counter.elf: %s" % (r.stdout + r.stderr)[:200])
    return int(m.group(1), 16)


def forged_kill_spawn_migrate_and_move_data_are_refused(echo):
    needs_root()
    with Cluster(me(), 3, echo, limit=90, bridge=True) as c:
        counter = c.spawn(1, "counter")
        victim = c.spawn(1, "counter victim")
        c.wait_registered(2, "counter")
        c.wait_registered(3, "victim")
        a = Attacked(c, counter, 1)
        cap = attacker(c, "capture", cl.BRIDGE, capture_path(c), "--seconds", 1)
        a.client(3, c.run_client(3, "counter %d" % SHORT_CALLS, CLIENT_LIMIT), SHORT_CALLS)
        finish(cap, "capture", 10)
        a.start_long_client(2, 5000)
        a.first_half_done()
        seen = "%#x" % counter_seen_address()
        a.before()
        # As node 3, to node 1, each in a DATA frame of a fresh session at sequence 0.
        forged = [("spawn", "hog", 3), ("write", counter, seen, 1024),
                  ("read", counter, seen, 1024), ("migrate", counter, 2), ("kill", victim),
                  ("kill", "1.2")]
        outs = []
        for op in forged:
            out = attack(c, "forge", cl.BRIDGE, capture_path(c), "--as", 3, "--to", 1, *op)
            outs.append(out)
            if op[0] == "read" and "attack: read unanswered" not in out:
                a.fail("a forged move_data read of counter %s was answered: %r"
                       % (counter, re.search(r"^attack: read.*$", out, re.M).group(0)))
            a.client(3, c.run_client(3, "counter %d" % SHORT_CALLS, CLIENT_LIMIT), SHORT_CALLS)
        time.sleep(1.0)
        ps = {k: c.ps(k) for k in NODES}
        hogs = ["%s on node %d" % (p, k) for k in NODES for p, (name, _) in ps[k].items()
                if name == "hog"]
        if hogs:
            a.fail("forged spawns started %d hogs: %s (node 1 mem: %s)"
                   % (len(hogs), ", ".join(hogs), c.sh(1, "mem").replace("\n", " ")))
        for pid, name in ((victim, "counter"), ("1.2", "switchboard")):
            if ps[1].get(pid, ("", ""))[0] != name:
                a.fail("%s %s is gone from node 1 after a forged kill: ps shows %r"
                       % (name, pid, ps[1].get(pid)))
        a.after("\n".join(outs))
        a.verdict()


CASES = [
    replayed_frames_of_calls_and_a_migration_are_refused_and_counted,
    frames_with_one_header_field_flipped_are_refused_and_counted,
    a_flood_of_mutated_frames_is_refused_and_harms_no_caller,
    forged_hellos_neither_restart_a_node_nor_move_its_address,
    forged_kill_spawn_migrate_and_move_data_are_refused,
]


__all__ = ["CASES", "REFUSED"]
