# SPDX-License-Identifier: MIT
# The nodes' serial consoles: sh (type a command, read the answer up to
# the next prompt) and the console logs.

import codecs
import errno
import fcntl
import os
import re
import socket
import time

from .base import (POLL, ClusterError, TimedOut, _clean, _node, _read_new, _state_or_fail,
                   alive, cluster_dir, load_state, prompt)


# ---- the consoles ----

class _Console:
    """One node's serial console socket, held under its lock file."""

    def __init__(self, st, node, deadline, timeout):
        self.node = node
        rec = _node(st, node)
        if rec["killed"]:
            raise ClusterError("node %d was killed (tools/cluster kill) at %s"
                               % (node, rec["killed"]))
        if not alive(rec["qemu"]):
            raise ClusterError("node %d's QEMU is not running; see %s" % (node, rec["log"]))
        self.lock = open(rec["lock"], "a")
        while True:
            try:
                fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self.lock.close()
                    raise TimedOut("node %d's console stayed busy (another sh) for %g s"
                                   % (node, timeout))
                time.sleep(POLL)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                self.sock.connect(rec["sock"])
                break
            except OSError as e:
                if e.errno not in (errno.ECONNREFUSED, errno.EAGAIN, errno.ENOENT) \
                        or time.monotonic() > deadline:
                    self.close()
                    raise ClusterError("node %d: cannot connect to %s: %s"
                                       % (node, rec["sock"], e))
                time.sleep(POLL)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.text = ""

    def read(self, deadline):
        """Append what arrives before deadline to self.text; False at EOF."""
        wait = deadline - time.monotonic()
        if wait <= 0:
            return True
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return True
        if not data:
            return False
        self.text += self.decoder.decode(data).replace("\r", "").replace("\0", "")
        return True

    def send(self, text):
        self.sock.sendall(text.encode())

    def close(self):
        self.sock.close()
        self.lock.close()


def _after_echo(text, command):
    """Index just past the shell's echo of command and its newline, or -1.
    Output printed by other processes may be mixed into the echo; then the
    echo is found as a subsequence ending in a newline."""
    i = text.find(command + "\n")
    if i >= 0:
        return i + len(command) + 1
    want, j = command + "\n", 0
    for i, c in enumerate(text):
        if c == want[j]:
            j += 1
            if j == len(want):
                return i + 1
    return -1


def sh(node, command, timeout=10.0, wait=None, dir=None):
    """Type command on node's shell and return its answer: the text between
    the echoed command and the next prompt. With wait (a regex), read on
    until wait matches a whole console line after the command (prompts left
    out), and add what came after the prompt through that line.
    Raises TimedOut, or ClusterError if the node is not running."""
    if "\n" in command or "\r" in command:
        raise ClusterError("one command at a time: no newline in '%s'" % command)
    st = _state_or_fail(dir)
    node = int(node)
    ps = prompt(_node(st, node).get("number", node))   # a network boot may number it
    deadline = time.monotonic() + timeout
    con = _Console(st, node, deadline, timeout)
    try:
        # An empty line first, to see a fresh prompt: nothing half-typed (by
        # an interrupted sh, say) can be in the way of the command.
        sent = 0.0
        while ps not in con.text:
            if time.monotonic() - sent >= 1.0:    # again if the shell missed it
                con.send("\r")
                sent = time.monotonic()
            _more(con, min(deadline, sent + 1.0), node, "prompt", timeout, deadline)
        con.text = con.text[con.text.rindex(ps) + len(ps):]
        con.send(command + "\r")
        stage = "answer to '%s'" % command
        while True:
            start = _after_echo(con.text, command)
            end = con.text.find(ps, start) if start >= 0 else -1
            if end >= 0:
                break
            _more(con, deadline, node, stage, timeout)
        answer = con.text[start:end]
        if wait is None:
            return answer
        want = re.compile(wait, re.M)
        if want.search(answer[:answer.rfind("\n") + 1]):
            return answer
        stage = "line matching '%s' after '%s'" % (wait, command)
        while True:
            after = con.text[end + len(ps):]
            lines = after[:after.rfind("\n") + 1].replace(ps, "")
            m = want.search(lines)
            if m:
                return answer + lines[:lines.index("\n", m.end()) + 1
                                      if "\n" in lines[m.end():] else len(lines)]
            _more(con, deadline, node, stage, timeout)
    finally:
        con.close()


def _more(con, until, node, stage, timeout, deadline=None):
    """Read more of con before until; fail once the sh's deadline is past."""
    if time.monotonic() >= (deadline or until):
        got = con.text[-400:].strip()
        raise TimedOut("node %d: no %s within %g s; it printed %s"
                       % (node, stage, timeout, ("'%s'" % got) if got else "nothing"))
    if not con.read(until):
        raise ClusterError("node %d's console closed (QEMU ended?) while waiting for %s"
                           % (node, stage))


def log_text(node, dir=None):
    """node's whole console so far (also after down: the logs stay)."""
    st = load_state(dir)
    path = _node(st, node)["log"] if st else os.path.join(cluster_dir(dir), "node%s.log" % node)
    try:
        with open(path, "rb") as f:
            return _clean(f.read())
    except OSError as e:
        raise ClusterError("no console log for node %s: %s" % (node, e))


def wait_log(node, regex, timeout=10.0, dir=None, offset=0):
    """Wait until regex matches a complete line of node's console log (from
    byte offset on; prompts left out, as a line printed after a prompt
    starts there); return the match."""
    st = _state_or_fail(dir)
    path = _node(st, node)["log"]
    r = re.compile(regex, re.M)
    deadline = time.monotonic() + timeout
    data = b""
    while True:
        more, offset = _read_new(path, offset)
        data += more
        text = _clean(data[:data.rfind(b"\n") + 1]).replace(
            prompt(_node(st, node).get("number", int(node))), "")
        m = r.search(text)
        if m:
            return m
        if time.monotonic() >= deadline:
            raise TimedOut("node %s: '%s' not seen in its console within %g s"
                           % (node, regex, timeout))
        time.sleep(POLL)


def log_size(node, dir=None):
    """Where node's console log ends now (an offset for wait_log)."""
    try:
        return os.path.getsize(_node(_state_or_fail(dir), node)["log"])
    except OSError:
        return 0


__all__ = ["sh", "log_text", "wait_log", "log_size"]
