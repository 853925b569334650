# SPDX-License-Identifier: MIT
# Names, errors, the state file, and the processes a cluster is made of
# (started in sessions of their own, recorded at once, reaped by the keeper).

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import time


ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("DEMOS_BUILD", "build"))
DEFAULT_KERNEL = os.path.join(BUILD, "demos.elf")
DEFAULT_INITRD = os.path.join(BUILD, "initrd.tar")
NICS = ("e1000", "e1000e")
BRIDGE = "br0"                 # inside the namespace, so the name never clashes
RUN_PATH_MAX = 80              # + "/sw254/001.1234567" stays within a socket path's 107
TERM_GRACE = 2.0               # seconds between SIGTERM and SIGKILL in down
PROGRESS_EVERY = 5.0           # repeat the boot progress line this often
POLL = 0.02


class ClusterError(Exception):
    """A failure with a message fit for the user; exit_status for the CLI."""
    exit_status = 1


class TimedOut(ClusterError):
    exit_status = 124


def ready_line(node):
    return "demos: node %d ready" % node


def prompt(node):
    return "demos:%d> " % node


def mac(node):
    return "52:54:00:de:00:%02x" % node


# ---- the cluster directory and its state file ----

def cluster_dir(dir=None):
    return os.path.abspath(dir or os.environ.get("DEMOS_CLUSTER_DIR")
                           or os.path.join(BUILD, "cluster"))


def _state_path(dir):
    return os.path.join(dir, "state.json")


def load_state(dir=None):
    """The state of the cluster in dir, or None if there is none."""
    try:
        with open(_state_path(cluster_dir(dir))) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _save(st):
    path = _state_path(st["dir"])
    with open(path + ".tmp", "w") as f:
        json.dump(st, f, indent=1)
    os.replace(path + ".tmp", path)


def _state_or_fail(dir):
    st = load_state(dir)
    if st is None:
        raise ClusterError("no cluster in %s (start one with tools/cluster up)"
                           % cluster_dir(dir))
    return st


def _node(st, node):
    rec = st["nodes"].get(str(node))
    if rec is None:
        raise ClusterError("no node %s in the cluster in %s (nodes 1..%d)"
                           % (node, st["dir"], len(st["nodes"])))
    return rec


# ---- processes: started in their own session, known by pid and start time ----

_children = {}   # pid -> Popen, for the processes this Python process started


def _proc_stat(pid):
    """(state letter, start time in clock ticks) of pid, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return fields[0], int(fields[19])


def alive(rec):
    """Is the process rec ({pid, start}) still running? A zombie is not."""
    if rec is None or not rec.get("pid"):
        return False
    child = _children.get(rec["pid"])
    if child is not None and child.poll() is not None:
        return False
    stat = _proc_stat(rec["pid"])
    return stat is not None and stat[1] == rec["start"] and stat[0] not in "ZXx"


def _exit_status(rec):
    """How rec's process ended, if it was this process's child."""
    try:
        code = _children[rec["pid"]].wait(1)
    except (KeyError, subprocess.TimeoutExpired):
        return "status unknown"
    return "killed by signal %d" % -code if code < 0 else "status %d" % code


def _signal(rec, sig):
    """Signal rec's process group (its session), only if it is still rec."""
    if alive(rec):
        try:
            os.killpg(rec["pid"], sig)
        except (ProcessLookupError, PermissionError):
            pass


def _wait_dead(recs, seconds):
    deadline = time.monotonic() + seconds
    while any(alive(r) for r in recs) and time.monotonic() < deadline:
        time.sleep(POLL)
    return [r for r in recs if alive(r)]


def _spawn(st, argv, out, role, node=None, hold_stdin=False):
    """Start argv in a session of its own, output to the file out; record it
    in the state at once so a half-done up can always be torn down.

    hold_stdin: stdin is a pipe whose write end the child itself holds, for
    vde_switch and wirefilter, which quit at EOF on stdin and would
    otherwise need --daemon (which loses their error messages).
    """
    if st["tied"]:      # setpriv, not preexec_fn: a Python preexec costs ~30 ms a process
        argv = ["setpriv", "--pdeathsig", "KILL", "--"] + argv
    stdin, keep = subprocess.DEVNULL, ()
    if hold_stdin:
        r, w = os.pipe()
        stdin, keep = r, (w,)
    try:
        with open(out, "wb") as f:
            p = subprocess.Popen(argv, stdin=stdin, stdout=f, stderr=subprocess.STDOUT,
                                 pass_fds=keep, start_new_session=True)
    except OSError as e:
        raise ClusterError("cannot start %s: %s" % (argv[0], e))
    finally:
        if hold_stdin:
            os.close(r)
            os.close(w)
    _children[p.pid] = p
    rec = {"role": role, "pid": p.pid, "start": _proc_stat(p.pid)[1], "out": out}
    if node is not None:
        rec["node"] = node
    st["procs"].append(rec)
    _save(st)
    return rec


def _tail(path, lines=8):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4096))
            text = _clean(f.read())
    except OSError:
        return "(no %s)" % path
    got = [l for l in text.splitlines() if l.strip()][-lines:]
    return "\n".join("  | " + l for l in got) if got else "  (empty)"


def _clean(data):
    return data.decode("utf-8", "replace").replace("\r", "").replace("\0", "")


def _ip(*args):
    r = subprocess.run(["ip"] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        raise ClusterError("ip %s: %s" % (" ".join(args), r.stderr.strip()))


def _wait_paths(st, recs, paths, seconds, what):
    """Wait until every path exists; fail naming a process in recs that died."""
    deadline = time.monotonic() + seconds
    while not all(os.path.exists(p) for p in paths):
        for r in recs:
            if not alive(r):
                raise ClusterError("%s exited while starting:\n%s" % (r["role"], _tail(r["out"])))
        if time.monotonic() > deadline:
            missing = [p for p in paths if not os.path.exists(p)]
            raise ClusterError("%s: %s did not appear within %g s" % (what, missing[0], seconds))
        time.sleep(0.005)


@contextlib.contextmanager
def _state_lock(dir):
    with open(os.path.join(dir, "state.lock"), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def _read_new(path, offset):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read()
    except FileNotFoundError:
        return b"", offset
    return data, offset + len(data)


def run_dir(dir=None):
    """Where the cluster in dir keeps its sockets: DIR/run, or when DIR is
    too deep for unix socket paths a directory in /tmp named after DIR
    (DIR/run then links to it)."""
    dir = cluster_dir(dir)
    run = os.path.join(dir, "run")
    if len(run) <= RUN_PATH_MAX:
        return run
    return os.path.join(tempfile.gettempdir(), "demos-cluster-%d-%s" % (
        os.getuid(), hashlib.sha1(dir.encode()).hexdigest()[:12]))


def _make_run_dir(dir):
    run = run_dir(dir)
    os.makedirs(run, mode=0o700)
    if run != os.path.join(dir, "run"):
        os.symlink(run, os.path.join(dir, "run"))
    return run


__all__ = ["ROOT", "BUILD", "DEFAULT_KERNEL", "DEFAULT_INITRD", "NICS", "BRIDGE", "ClusterError",
           "TimedOut", "ready_line", "prompt", "mac", "cluster_dir", "load_state", "alive",
           "run_dir"]
