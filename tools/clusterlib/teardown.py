# SPDX-License-Identifier: MIT
# down, kill, status and fault changes of a running cluster.

import os
import shutil
import signal
import subprocess
import time

from .base import (TERM_GRACE, ClusterError, _children, _node, _proc_stat, _save, _signal,
                   _state_lock, _state_or_fail, _state_path, _wait_dead, alive, cluster_dir,
                   load_state, run_dir)
from .wirefilter import _mgmt, fault_text, merge_faults, parse_faults

# ---- down, kill, status ----

def _strays(run):
    """Processes whose command line names our run directory (started by an
    up that died before it could record them)."""
    found = []
    mark = run.encode() + b"/"
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % name, "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if mark in cmdline:
            stat = _proc_stat(int(name))
            if stat:
                found.append({"role": "stray", "pid": int(name), "start": stat[1]})
    return found


def down(dir=None):
    """End everything the cluster in dir started and remove its sockets,
    switch directories, namespace and state. Idempotent. Returns a list of
    lines saying what was done (empty if there was nothing)."""
    dir = cluster_dir(dir)
    st = load_state(dir)
    said = []
    recs = list(st["procs"]) if st else []
    run = (st or {}).get("run") or run_dir(dir)
    known = {r["pid"] for r in recs}
    recs += [r for r in _strays(run) if r["pid"] not in known]
    live = [r for r in recs if alive(r)]
    for r in live:       # every session at once: QEMU, wirefilters, switches
        _signal(r, signal.SIGTERM)
    left = _wait_dead(live, TERM_GRACE)
    for r in left:
        _signal(r, signal.SIGKILL)
    left = _wait_dead(left, 5.0)
    if live:
        said.append("stopped %d process%s" % (len(live), "es" if len(live) > 1 else ""))
    keeper = (st or {}).get("keeper")
    if keeper and keeper["pid"] != os.getpid() and alive(keeper):  # it leaves with the last child
        if _wait_dead([keeper], 2.0):
            _signal(keeper, signal.SIGKILL)
            _wait_dead([keeper], 2.0)
    for r in recs:
        p = _children.pop(r["pid"], None)
        if p is not None:
            try:
                p.wait(1)
            except subprocess.TimeoutExpired:
                pass
    if left:
        said.append("could not stop pids %s" % " ".join(str(r["pid"]) for r in left))
    ns = (st or {}).get("netns")
    if ns and os.path.exists(os.path.join("/run/netns", ns)):
        r = subprocess.run(["ip", "netns", "delete", ns], capture_output=True, text=True)
        said.append("removed namespace %s" % ns if r.returncode == 0
                    else "could not remove namespace %s: %s" % (ns, r.stderr.strip()))
    link = os.path.join(dir, "run")
    for path in {run, os.path.realpath(link)}:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
    if os.path.islink(link):
        os.unlink(link)
    if st or os.path.exists(_state_path(dir)):
        for name in ("state.json", "state.lock"):
            try:
                os.unlink(os.path.join(dir, name))
            except FileNotFoundError:
                pass
        if not said:
            said.append("nothing was running")
    if left:
        raise ClusterError("down: " + "; ".join(said))
    return said


def kill(node, dir=None):
    """End one node's QEMU as a crash would (SIGKILL) and record it."""
    st = _state_or_fail(dir)
    rec = _node(st, node)
    if not alive(rec["qemu"]):
        raise ClusterError("node %s is not running%s" % (node, " (killed already)"
                                                          if rec["killed"] else ""))
    _signal(rec["qemu"], signal.SIGKILL)
    if _wait_dead([rec["qemu"]], 5.0):
        raise ClusterError("node %s's QEMU (pid %d) did not die" % (node, rec["qemu"]["pid"]))
    with _state_lock(st["dir"]):
        st = _state_or_fail(dir)
        _node(st, node)["killed"] = time.strftime("%H:%M:%S")
        _save(st)


def status(dir=None):
    """The state with alive flags filled in, or None if there is no cluster."""
    st = load_state(dir)
    if st is None:
        return None
    for r in st["procs"]:
        r["alive"] = alive(r)
    for k, node in st["nodes"].items():
        node["alive"] = alive(node.get("qemu"))
        if node.get("qemu"):
            node["qemu"]["alive"] = node["alive"]
    return st


def faults(node, spec, dir=None):
    """Change node's wirefilter now; spec as for up's --faults. With spec
    None, return the wirefilter's own report (showinfo)."""
    st = _state_or_fail(dir)
    rec = _node(st, node)
    if st["bridge"]:
        raise ClusterError("faults need the default VDE wiring; this cluster uses --bridge")
    if spec is None:
        return _mgmt(rec["mgmt"], ["showinfo"])[0]
    changes = parse_faults(spec)
    _mgmt(rec["mgmt"], ["fifo %d" % (value == "0") if key == "reorder" else "%s %s" % (key, value)
                        for key, value in changes])
    with _state_lock(st["dir"]):    # concurrent faults calls must not lose updates
        st = _state_or_fail(dir)
        now = st["nodes"][str(node)]["faults"] = merge_faults(
            st["nodes"][str(node)]["faults"], changes)
        _save(st)
    return fault_text(now)


__all__ = ["down", "kill", "status", "faults"]
