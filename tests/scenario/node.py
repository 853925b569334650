# SPDX-License-Identifier: MIT
# A scenario case's node: one machine booted to its shell prompt, commands
# typed and answered, and the answers of ps, links, stats and mem parsed.

import os
import re
import time

import qemurun as qr
from caserunner import CaseFailed

BUILD = os.environ.get("DEMOS_BUILD", "build")   # another build tree, e.g. to test a test
KERNEL = BUILD + "/demos.elf"
INITRD = BUILD + "/initrd.tar"
LOGS = BUILD + "/test-logs/scenario"

# No scenario makes the kernel or any program fault.
REJECTS = [r"PANIC", r"demos: kernel fault", r"^demos: killed \d+\.\d+ \("]
PROMPT = "demos:1> "
COMMAND_SECONDS = 5.0       # a shell command answers within this
STATES = r"(?:ready|running|blocked|receiving|stopped)"
LINK_LINE = (r"^(\d+) -> (\d+\.\d+) node (\d+) epoch (\d+) chan (\d+)"
             r"(?: (REPLY|KERNEL|DATA\(.*\)))?$")


class Node:
    """One case's node: a booted machine at its shell prompt, the case's
    deadline and log. Use as a context manager."""

    def __init__(self, name, limit, echo, append=None, rejects=REJECTS):
        """append: more kernel command line; rejects: what may never show."""
        self.limit = limit
        self.deadline = qr.deadline_in(limit)
        os.makedirs(LOGS, exist_ok=True)
        self.machine = qr.Machine(qr.qemu_command(kernel=KERNEL, initrd=INITRD, append=append),
                                  rejects=rejects, log=os.path.join(LOGS, name + ".log"),
                                  echo=echo)
        try:
            self.expect(r"^demos: node 1 ready$")
            self.seen = self.expect(re.escape(PROMPT)).end()   # the console checked up to here
        except BaseException:
            self.machine.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.machine.stop()
        return False

    def failed(self, why):
        """CaseFailed(why), plus the console's last line when it helps."""
        if isinstance(why, qr.Rejected):
            return CaseFailed(str(why))
        lines = [l for l in self.machine.text.splitlines() if l.strip()]
        last = lines[-1].strip() if lines else ""
        if len(last) > 80:
            last = last[:77] + "..."
        return CaseFailed("%s; console ended with %s" % (why, "'%s'" % last if last
                                                        else "nothing"))

    def expect(self, pattern, seconds=None):
        """The next match of pattern, within seconds (default: the case's limit)."""
        deadline = self.deadline if seconds is None else min(self.deadline,
                                                              qr.deadline_in(seconds))
        try:
            return self.machine.expect(pattern, deadline,
                                       self.limit if seconds is None else seconds)
        except qr.QemuRunError as e:
            raise self.failed(e)

    def run(self, line, end="\n"):
        """Type line and wait for the prompt to come back; what was printed
        in between: the echo of line first, unless a program printed
        meanwhile (output that came before line was typed is left out)."""
        start = self.machine.cursor = len(self.machine.text)
        try:
            self.machine.send(line + end)
        except qr.QemuRunError as e:
            raise self.failed(e)
        prompt = self.expect(re.escape(PROMPT), COMMAND_SECONDS)
        self.seen = prompt.end()
        return self.machine.text[start:prompt.start()]

    def mark(self):
        """Where the console is now, for wait_for(since=...)."""
        return len(self.machine.text)

    def wait_for(self, pattern, count=1, seconds=COMMAND_SECONDS, since=0):
        """Wait until the console shows count matches of pattern after since
        (programs print whenever they like, prompt or not); the matches, whole
        lines only."""
        regex = re.compile(pattern, re.M)
        deadline = min(self.deadline, qr.deadline_in(seconds))
        while True:
            whole = self.machine.text.rfind("\n") + 1   # a line still being printed may go on
            found = list(regex.finditer(self.machine.text, since, max(since, whole)))
            if len(found) >= count:
                line_end = self.machine.text.find("\n", found[count - 1].end()) + 1
                self.seen = max(self.seen, line_end or len(self.machine.text))
                return [m.group(0) for m in found]
            why = None
            if self.machine.ended:
                why = "QEMU exited with status %s" % self.machine.status
            elif time.monotonic() >= deadline:
                why = "timed out after %g s" % seconds
            if why:
                raise self.failed("%s; saw %d of %d '%s'" % (why, len(found), count,
                                                             pattern))
            try:
                self.machine.read_some(deadline)
            except qr.QemuRunError as e:
                raise self.failed(e)

    def spawn(self, prog_args):
        """spawn prog_args, which must succeed; the new process's id."""
        out = self.run("spawn " + prog_args)
        m = re.search(r"^spawned (1\.\d+)$", out, re.M)
        if not m:
            raise CaseFailed("'spawn %s' printed %r, want 'spawned 1.S'" % (prog_args, out))
        return m.group(1)

    def wait_registered(self, name, seconds=3.0):
        """Wait until NAME is registered with the switchboard (a spawn's
        prompt comes back before the program has run): a client making no
        calls finds it."""
        deadline = qr.deadline_in(seconds)
        while True:
            since = self.mark()
            self.spawn("client %s 0" % name)
            line = self.wait_for(r"client: .*$", since=since)[0]
            if re.fullmatch(r"client: 0 calls, 0 replies, 0 lost, .*", line):
                return
            if time.monotonic() >= deadline:
                raise CaseFailed("%s is not registered %g s after its spawn: a client"
                                 " printed %r" % (name, seconds, line))
            time.sleep(0.1)

    def links(self, pid):
        """[(handle, target, flag, node)] from links pid; every line must
        have the links form."""
        out = self.run("links " + pid)
        links = []
        for line in command_lines(out, "links " + pid):
            m = re.fullmatch(LINK_LINE, line)
            if not m:
                raise CaseFailed("links %s printed %r, want '%s'" % (pid, line, LINK_LINE))
            links.append((int(m.group(1)), m.group(2), m.group(6), int(m.group(3))))
        return links

    def wait_replies_held(self, callee, callers, seconds=3.0):
        """Wait until callee holds a REPLY link to each caller: every caller
        is in a call that callee has received and not answered."""
        deadline = qr.deadline_in(seconds)
        while True:
            held = {t for _, t, flag, _ in self.links(callee) if flag == "REPLY"}
            missing = [c for c in callers if c not in held]
            if not missing:
                return
            if time.monotonic() >= deadline:
                raise CaseFailed("links %s shows no REPLY link to %s after %g s"
                                 % (callee, ", ".join(missing), seconds))
            time.sleep(0.1)

    def ps(self):
        """{id: (name, state)} from ps; every line must have the ps form."""
        out = self.run("ps")
        procs = {}
        for line in command_lines(out, "ps"):
            m = re.fullmatch(r"(\d+\.\d+) (\S+) (%s)" % STATES, line)
            if not m:
                raise CaseFailed("ps printed %r, want 'N.S NAME STATE'" % line)
            procs[m.group(1)] = (m.group(2), m.group(3))
        return procs

    def stats(self):
        """{name: value} from stats."""
        out = self.run("stats")
        values = {}
        for line in command_lines(out, "stats"):
            m = re.fullmatch(r"(\w+)=(\d+)", line)
            if not m:
                raise CaseFailed("stats printed %r, want 'name=value'" % line)
            values[m.group(1)] = int(m.group(2))
        return values

    def mem(self):
        out = self.run("mem")
        return {k: int(v) for k, v in re.findall(r"^(\w+)=(\d+)$", out, re.M)}


def command_lines(out, line):
    """The lines a command printed: out without the echo of the command."""
    lines = out.split("\n")
    if lines and lines[0] == line:
        lines = lines[1:]
    return [l for l in lines if l]


def answer_is(node, line, want, end="\n"):
    """Typing line prints exactly its echo, then want (a list of lines), then
    the prompt, and nothing came after the previous prompt."""
    stray = node.machine.text[node.seen:]
    if stray:
        raise CaseFailed("before %r was typed the shell printed %r after its prompt"
                         % (line + end, stray))
    out = node.run(line, end)
    expected = "".join(l + "\n" for l in [line] + want)
    if out != expected:
        raise CaseFailed("typing %r printed %r, want %r" % (line + end, out, expected))


def client_summary(calls, replies, lost, order="in order", node=1):
    """client's summary line as a regex (order and node may be regexes)."""
    return (r"client: %d calls, %d replies, %d lost, (?:%s), last from node %s$"
            % (calls, replies, lost, order, node))


__all__ = ["Node", "command_lines", "answer_is", "client_summary", "COMMAND_SECONDS", "REJECTS"]
