# SPDX-License-Identifier: MIT
# Shared by the cluster cases: the Cluster class (a cluster for one case,
# its shells and consoles), expectations, and the launcher's leftovers.

import os
import re
import signal
import subprocess
import sys
import time

import clusterlib as cl
from caserunner import CaseFailed

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("DEMOS_BUILD", "build"))
LOGS = os.path.join(BUILD, "test-logs", "cluster")
BOOT_LIMIT = 20.0      # seconds for a case's nodes to be ready
SH_LIMIT = 10.0        # seconds for one shell command
HEAR_LIMIT = 10.0      # seconds for a node to hear another's HELLO
STALL_LIMIT = 30.0     # seconds without a remote message moving = a stall
# Lines no node may print in any case: the kernel stopped or faulted, or a
# process was ended for a fault (scenario and boot reject the same).
CRASH_LINES = re.compile(r"PANIC|demos: kernel fault|^demos: killed \d+\.\d+ \(", re.M)


def case_dir(name):
    return os.path.join(LOGS, name)


def me():
    """The name of the function that calls this: each case's own name."""
    return sys._getframe(1).f_code.co_name


def _over_limit(signum, frame):
    raise CaseFailed("over the case's time limit of %g s" % Cluster.limit_now)


class Cluster:
    """One case's cluster: up on entry, down on exit whatever happened; the
    whole case must end within limit seconds (SIGALRM, main thread only)."""

    limit_now = 0

    def __init__(self, name, n, echo, limit=60.0, mesh=True, boot_limit=BOOT_LIMIT, **how):
        self.dir = case_dir(name)
        self.n, self.echo, self.how, self.limit, self.mesh = n, echo, how, limit, mesh
        self.boot_limit = boot_limit
        self.state = None

    def __enter__(self):
        Cluster.limit_now = self.limit
        signal.signal(signal.SIGALRM, _over_limit)
        signal.setitimer(signal.ITIMER_REAL, self.limit)
        try:
            self.state = cl.up(self.n, dir=self.dir, timeout=self.boot_limit,
                               progress=print if self.echo else None, **self.how)
        except cl.ClusterError as e:
            signal.setitimer(signal.ITIMER_REAL, 0)
            raise CaseFailed("up -n %d: %s" % (self.n, e))
        except BaseException:
            signal.setitimer(signal.ITIMER_REAL, 0)
            raise
        try:
            booted = [k for k in range(1, self.n + 1) if k not in self.how.get("later", ())]
            for k in booted if self.mesh else ():
                for other in booted:
                    if other != k:
                        self.hears(k, other)    # before anything goes to the switchboard
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        crashes = self.crashes() if self.state else []
        cl.down(self.dir)
        if crashes and (not exc or exc[0] is None):
            raise CaseFailed("a node crashed: " + "; ".join(crashes))
        return False

    def crashes(self):
        """'node N: LINE' for each crash line on any node's console."""
        found = []
        for k in range(1, self.n + 1):
            try:
                text = cl.log_text(k, self.dir)
            except cl.ClusterError:
                continue
            found += ["node %d: %s" % (k, text[m.start():text.find("\n", m.start())].strip())
                      for m in CRASH_LINES.finditer(text)]
        return found

    def sh(self, node, command, **kw):
        try:
            return cl.sh(node, command, dir=self.dir, timeout=kw.pop("timeout", SH_LIMIT), **kw)
        except cl.ClusterError as e:
            raise CaseFailed("sh %d '%s': %s" % (node, command, e))

    def hears(self, node, other):
        try:
            cl.wait_log(node, r"^demos: node %d up$" % other, HEAR_LIMIT, self.dir)
        except cl.ClusterError:
            raise CaseFailed("node %d never heard node %d ('demos: node %d up' not in %s)"
                             % (node, other, other, self.state["nodes"][str(node)]["log"]))

    # -- what the nodes print: their console logs, from a mark on --

    def mark(self, node):
        """Where node's console ends now: wait_line(since=...) looks after it."""
        return cl.log_size(node, dir=self.dir)

    def console_end(self, node, lines=3):
        got = [l for l in cl.log_text(node, self.dir).splitlines() if l.strip()][-lines:]
        return " | ".join(got) if got else "nothing"

    def wait_line(self, node, regex, timeout, since=0):
        """The text from the first match of regex on node's console after
        since to the end of its line (whole lines only; a match need not
        start a line, as output can land after a half-typed command)."""
        try:
            m = cl.wait_log(node, regex, timeout, self.dir, since)
        except cl.TimedOut:
            raise CaseFailed("node %d printed no line matching '%s' within %g s; its console"
                             " ends: %s" % (node, regex, timeout, self.console_end(node)))
        end = m.string.find("\n", m.end())
        return m.string[m.start():end if end >= 0 else len(m.string)]

    def wait_line_moving(self, node, regex, timeout, since=0, watch=None, stall=STALL_LIMIT):
        """wait_line, but fail as soon as no remote message has moved on the
        watched nodes (default: node) for stall seconds: a stalled transport
        fails in seconds, not at the case's limit."""
        deadline = time.monotonic() + timeout
        watch = watch or [node]
        moved_at, last = time.monotonic(), None
        while True:
            try:
                return self.wait_line(node, regex, min(5.0, max(deadline - time.monotonic(), 0.1)),
                                      since)
            except CaseFailed:
                if time.monotonic() >= deadline:
                    raise
            now = [(k,) + tuple(self.stats(k)[n] for n in ("remote_msgs_out", "remote_msgs_in"))
                   for k in watch]
            if now != last:
                moved_at, last = time.monotonic(), now
            elif time.monotonic() - moved_at > stall:
                raise CaseFailed("no progress for %g s waiting for '%s' on node %d: remote"
                                 " messages out/in stuck at %s" % (stall, regex, node, ", ".join(
                                     "node %d %d/%d" % w for w in now)))

    def printed(self, node, regex, since=0):
        """Every line of node's console after since where regex matches,
        from the match on, as it stands now."""
        with open(self.state["nodes"][str(node)]["log"], "rb") as f:
            f.seek(since)
            text = f.read().decode("utf-8", "replace").replace("\r", "").replace("\0", "")
        text = text[:text.rfind("\n") + 1].replace(cl.prompt(node), "")
        return [m.group(0) for m in re.finditer("(?:%s).*$" % regex, text, re.M)]

    # -- shell commands, parsed --

    def spawn(self, node, args):
        """spawn args on node, which must succeed; the new process's id."""
        out = self.sh(node, "spawn " + args)
        m = re.search(r"^spawned (\d+\.\d+)$", out, re.M)
        if not m:
            raise CaseFailed("node %d: 'spawn %s' printed %r, want 'spawned N.S'"
                             % (node, args, out))
        return m.group(1)

    def run_client(self, node, args, timeout):
        """spawn client args on node; its summary line, once it printed it."""
        since = self.mark(node)
        self.spawn(node, "client " + args)
        return self.wait_line(node, CLIENT_LINE, timeout, since)

    def wait_registered(self, node, name, seconds=10.0):
        """Wait until a client on node finds name (a spawn's prompt comes
        back before the program has registered its name)."""
        deadline = time.monotonic() + seconds
        while True:
            line = self.run_client(node, "%s 0" % name, seconds)
            if line.startswith("client: 0 calls"):
                return
            if time.monotonic() >= deadline:
                raise CaseFailed("%s is not registered %g s after its spawn: a client on node"
                                 " %d printed %r" % (name, seconds, node, line))
            time.sleep(0.1)

    def stats(self, node):
        """{name: value} from node's stats."""
        out = self.sh(node, "stats")
        values = {k: int(v) for k, v in re.findall(r"^(\w+)=(\d+)$", out, re.M)}
        missing = [k for k in STATS_USED if k not in values]
        if missing:
            raise CaseFailed("node %d's stats lacks %s; it printed %r"
                             % (node, ", ".join(missing), out))
        return values

    def ps(self, node):
        """{id: (name, state)} from node's ps; a forwarding entry shows as
        ("-", "fwd->M")."""
        out = self.sh(node, "ps")
        return {pid: (name, state) for pid, name, state
                in re.findall(r"^(\d+\.\d+) (\S+) (\S+)$", out, re.M)}

    def migrate(self, node, pid, dest, timeout=SH_LIMIT):
        """Type migrate pid dest on node's shell; its answer (one line)."""
        out = self.sh(node, "migrate %s %d" % (pid, dest), timeout=timeout)
        lines = [l for l in out.splitlines() if l.startswith("migrate") and " " in l]
        return lines[-1] if lines else out.strip()

    def migrated(self, node, pid, dest, timeout=SH_LIMIT, figures=False):
        """migrate pid dest, which must succeed; the microseconds it took
        (figures: the dict of us, frozen, bytes, rounds)."""
        got = self.migrate(node, pid, dest, timeout)
        m = MIGRATED.fullmatch(got)
        if not m or m.group("pid") != pid or int(m.group("node")) != dest:
            raise CaseFailed("'migrate %s %d' on node %d printed %r, want 'migrated %s to node"
                             " %d in T us (frozen F us), B bytes, R rounds'"
                             % (pid, dest, node, got, pid, dest))
        if figures:
            return {k: int(m.group(k)) for k in ("us", "frozen", "bytes", "rounds")}
        return int(m.group("us"))


# The shell's answer to a move that worked.
MIGRATED = re.compile(r"migrated (?P<pid>\d+\.\d+) to node (?P<node>\d+) in (?P<us>\d+) us"
                      r" \(frozen (?P<frozen>\d+) us\), (?P<bytes>\d+) bytes, (?P<rounds>\d+) rounds")
CLIENT_LINE = r"client: (?!first error)"
STATS_USED = ("peers_up", "msgs_forwarded", "link_updates_sent", "link_updates_applied",
              "retransmits", "duplicates", "frames_bad", "frames_received", "forwarding_entries",
              "migrations_refused", "migrations_aborted", "remote_msgs_out")


def summary(calls, replies, node, order="in order"):
    """client's summary line."""
    return "client: %d calls, %d replies, %d lost, %s, last from node %d" % (
        calls, replies, calls - replies, order, node)


def expect_equal(what, got, want):
    if got != want:
        raise CaseFailed("%s: want %r, got %r" % (what, want, got))


def delta(before, after, name):
    return after[name] - before[name]


def pids_naming(text):
    """Processes (other than this one) whose command line contains text."""
    r = subprocess.run(["pgrep", "-f", "--", re.escape(text)], capture_output=True, text=True)
    return [int(p) for p in r.stdout.split() if int(p) != os.getpid()]


def netns_exists(name):
    return os.path.exists(os.path.join("/run/netns", name))


def leftovers(dir, st=None):
    """What a cluster in dir left behind: processes, sockets, namespace."""
    run = (st or {}).get("run") or cl.run_dir(dir)
    left = []
    for r in (st or {}).get("procs", []):
        if cl.alive(r):
            left.append("%s pid %d still running" % (r["role"], r["pid"]))
    for mark in {run + "/", os.path.join(dir, "node")}:
        left += ["pid %d names %s" % (p, mark) for p in pids_naming(mark)]
    for path in (run, os.path.join(dir, "run"), os.path.join(dir, "state.json")):
        if os.path.lexists(path):
            left.append("%s still exists" % path)
    ns = (st or {}).get("netns")
    if ns and netns_exists(ns):
        left.append("namespace %s still exists" % ns)
    return left


def expect_nothing_left(dir, st=None):
    left = leftovers(dir, st)
    if left:
        raise CaseFailed("left behind: " + "; ".join(left))


__all__ = ["ROOT", "LOGS", "BOOT_LIMIT", "SH_LIMIT", "CLIENT_LINE", "MIGRATED", "Cluster", "case_dir", "me",
           "summary", "expect_equal", "delta", "expect_nothing_left", "netns_exists"]
