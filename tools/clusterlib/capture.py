# SPDX-License-Identifier: MIT
# capture: record the frames on a bridge-wired cluster's LAN to a pcap file
# (tcpdump on br0 inside the cluster's namespace) until stopped or down.

import os
import re
import shutil
import signal
import time

from .base import (BRIDGE, POLL, ClusterError, _save, _signal, _spawn, _state_lock,
                   _state_or_fail, _tail, _wait_dead, alive)

START_LIMIT = 10.0      # seconds for tcpdump to say it is listening
BUFFER_KIB = 32768
SNAP_BYTES = 2048        # more than any frame the nodes send (1514)


def _capturer(st):
    return next((r for r in st["procs"] if r["role"] == "capture" and alive(r)), None)


ETHERTYPE = "ether proto 0x88b5"   # the kernels' frames (WIRE_ETHERTYPE)


def capture_start(path, dir=None, expr=ETHERTYPE):
    """Start recording the kernels' frames on the cluster's bridge to path
    (pcap), packet by packet, so the file is whole at any moment. Returns
    once the capture listens; it runs until capture_stop or down. expr: a
    pcap filter in tcpdump's syntax ("" or None: every frame, the bridge's
    own IGMP too). Needs --bridge wiring."""
    path = os.path.abspath(path)
    st = _state_or_fail(dir)
    if not st["bridge"]:
        raise ClusterError("capture needs the bridge wiring (tools/cluster up --bridge, as "
                           "root); VDE switches have no interface to listen on")
    if not shutil.which("tcpdump"):
        raise ClusterError("tcpdump not found; tools/deps installs what is missing")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with _state_lock(st["dir"]):
        st = _state_or_fail(dir)
        if _capturer(st):
            raise ClusterError("a capture already runs (to %s); tools/cluster capture --stop "
                               "ends it" % st.get("capture", "?"))
        st["procs"] = [r for r in st["procs"] if r["role"] != "capture"]
        # --immediate-mode: each frame is handed over as it comes, not in
        # blocks that a stop would lose; -U: and written at once; -B: a
        # buffer (KiB) that holds a migration's burst under load; -s: the
        # snapshot length, a whole Ethernet frame (libpcap sizes its ring's
        # slots by it: with -s 0 the same buffer holds far fewer frames, and
        # a CI run dropped 147 of a migration's burst); -Z root: keep writing
        # as root (tcpdump would drop to its own user first).
        argv = ["ip", "netns", "exec", st["netns"], "tcpdump", "-i", BRIDGE, "-n", "-U",
                "--immediate-mode", "-B", str(BUFFER_KIB),
                "-s", str(SNAP_BYTES), "-Z", "root", "-w", path] + ([expr] if expr else [])
        out = os.path.join(st["dir"], "capture.out")
        rec = _spawn(st, argv, out, "capture")
        st["capture"] = path
        _save(st)
    deadline = time.monotonic() + START_LIMIT
    while True:
        try:
            with open(out, "rb") as f:
                if b"listening on" in f.read():
                    return path
        except FileNotFoundError:
            pass
        if not alive(rec):
            raise ClusterError("tcpdump exited at once:\n%s" % _tail(out))
        if time.monotonic() > deadline:
            _signal(rec, signal.SIGKILL)
            raise ClusterError("tcpdump did not start listening within %g s:\n%s"
                               % (START_LIMIT, _tail(out)))
        time.sleep(POLL)


def capture_stop(dir=None):
    """End the running capture; return (file, frames captured, frames the
    kernel dropped: not in the file). The counts are None if unknown."""
    st = _state_or_fail(dir)
    rec = _capturer(st)
    if rec is None:
        raise ClusterError("no capture runs in this cluster (tools/cluster capture FILE "
                           "starts one)")
    _signal(rec, signal.SIGINT)     # tcpdump writes its counts and leaves
    if _wait_dead([rec], 5.0):
        _signal(rec, signal.SIGKILL)
        _wait_dead([rec], 2.0)
    with _state_lock(st["dir"]):
        st = _state_or_fail(dir)
        st["procs"] = [r for r in st["procs"] if r["pid"] != rec["pid"]]
        path = st.pop("capture", None)
        _save(st)
    try:
        with open(rec["out"], "rb") as f:
            said = f.read()
    except OSError:
        said = b""
    counts = [re.search(rb"^(\d+) packets? %s" % what, said, re.M)
              for what in (rb"captured", rb"dropped by kernel")]
    return (path,) + tuple(int(m.group(1)) if m else None for m in counts)


__all__ = ["ETHERTYPE", "capture_start", "capture_stop"]
