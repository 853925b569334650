# SPDX-License-Identifier: MIT
# What the cluster key costs (make bench, tools/bench): the remote round trip
# and move_data with the key and without, measured in turns on two clusters up
# together, and the same work counted in instructions under -icount.
"""Two 2-node clusters are booted side by side, one with a cluster key and
one without, and measured in turns (key, none, none, key, ...): whatever
the host does meanwhile falls on both alike, which two clusters measured
one after the other do not get. Each turn is a remote round-trip run and a
1 MiB move_data read; the figures are the medians of the turns. Under
-icount the same work is counted in the instructions each node ran (the
TSC less the time halted): exact, and the same on every run.
"""

import re
import statistics
import time

import clusterlib as cl

DATA = (r"datatest: (\d+) bytes from node 2: read (\d+) us \((\d+) KiB/s\), "
        r"write (\d+) us \((\d+) KiB/s\)")


def _stats(node, d):
    text = cl.sh(node, "stats", dir=d)
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)=(\d+)$", text, re.M)}


def _busy(node, d):
    s = _stats(node, d)
    return s["tsc"] - s["idle_tsc"]


def _spawn(node, command, d):
    out = cl.sh(node, "spawn " + command, dir=d)
    if not re.search(r"spawned \d+\.\d+", out):
        raise RuntimeError("node %d: spawn %s: %s" % (node, command, out.strip()))


def _boot(d, key, bridge=False, icount=None):
    cl.up(2, dir=d, bridge=bridge, key=key, icount=icount)
    for k in (1, 2):
        cl.wait_log(k, r"^demos: node %d up" % (3 - k), timeout=30, dir=d)
    _spawn(2, "bench echo", d)
    _spawn(2, "datatest serve d 1024", d)
    time.sleep(0.5)


def _round_trip(d, calls):
    since = cl.log_size(1, dir=d)
    _spawn(1, "bench remote bench-echo %d" % calls, d)
    cl.wait_log(1, r"bench: remote_one_way=", timeout=180, dir=d, offset=since)
    lines = [ln[ln.index("bench: "):].strip() for ln in cl.log_text(1, dir=d)[since:].splitlines()
             if "bench: remote_" in ln]
    got = {}
    for ln in lines:
        m = re.match(r"bench: remote_(\w+)=([\d.]+)", ln)
        if m:
            got[m.group(1)] = float(m.group(2))
    return got


def _fetch(d):
    since = cl.log_size(1, dir=d)
    _spawn(1, "datatest fetch d", d)
    m = cl.wait_log(1, DATA, timeout=60, dir=d, offset=since)
    return int(m.group(3)) / 1024.0, int(m.group(5)) / 1024.0


def wall(say, base_dir, turns=5, bridge=False):
    """The wall-clock figures, in turns; returns (rtt key, rtt none, MiB/s
    key, MiB/s none), medians."""
    dirs = {"key": base_dir + "-key", "nokey": base_dir + "-nokey"}
    got = {t: {"rtt": [], "p99": [], "one_way": [], "read": [], "write": []} for t in dirs}
    try:
        _boot(dirs["key"], True, bridge)
        _boot(dirs["nokey"], "", bridge)
        for turn in range(turns):
            order = ("key", "nokey") if turn % 2 == 0 else ("nokey", "key")
            for t in order:
                r = _round_trip(dirs[t], 5000)
                got[t]["rtt"].append(r.get("round_trip_median", 0))
                got[t]["p99"].append(r.get("round_trip_p99", 0))
                got[t]["one_way"].append(r.get("one_way", 0))
                read, write = _fetch(dirs[t])
                got[t]["read"].append(read)
                got[t]["write"].append(write)
    finally:
        for d in dirs.values():
            cl.down(dir=d)
    med = {t: {k: statistics.median(v) for k, v in g.items()} for t, g in got.items()}
    for t, tag in (("key", ""), ("nokey", "_nokey")):
        m = med[t]
        say("bench: remote%s_round_trip_median=%.2f us (median of %d turns: %s)"
            % (tag, m["rtt"], turns, ", ".join("%.0f" % x for x in got[t]["rtt"])))
        say("bench: remote%s_round_trip_p99=%.2f us (median of the turns' p99)" % (tag, m["p99"]))
        say("bench: remote%s_one_way=%d msgs/s (median)" % (tag, m["one_way"]))
        say("bench: move_data%s_1mib_read=%.1f MiB/s (median of %d turns; %s)"
            % (tag, m["read"], turns, ", ".join("%.1f" % x for x in got[t]["read"])))
        say("bench: move_data%s_1mib_write=%.1f MiB/s (median)" % (tag, m["write"]))
    return med["key"]["rtt"], med["nokey"]["rtt"], med["key"]["read"], med["nokey"]["read"]


def instructions(say, base_dir, key, kernel=None, initrd=None, show=True):
    """Under -icount (shift=0, idle as real time): node 1's instructions per
    remote round trip, and node 2's (the server's) per 1 MiB moved by
    move_data. Returns (per round trip, per MiB)."""
    d = base_dir + ("-icount-key" if key else "-icount-nokey")
    tag = "" if key else "_nokey"
    cl.up(2, dir=d, icount="shift=0", key=key, kernel=kernel, initrd=initrd)
    try:
        for k in (1, 2):
            cl.wait_log(k, r"^demos: node %d up" % (3 - k), timeout=30, dir=d)
        _spawn(2, "bench echo", d)
        _spawn(2, "datatest serve d 1024", d)
        time.sleep(0.5)
        since = cl.log_size(1, dir=d)
        _spawn(1, "bench remote bench-echo 2000", d)
        m = cl.wait_log(1, r"bench: remote_round_trip_node_tsc=(\d+)", timeout=180, dir=d,
                        offset=since)
        rtt = int(m.group(1))
        _fetch(d)                       # the first: links and pages made
        before = _busy(2, d)
        _fetch(d)                       # a read, a write and a read of 1 MiB
        per_mib = (_busy(2, d) - before) // 3
    finally:
        cl.down(dir=d)
    if show:
        say("bench: remote%s_round_trip_node_instructions=%d (icount, node 1's own, interrupts"
            " included, halted time not)" % (tag, rtt))
        say("bench: move_data%s_server_instructions_per_mib=%d (icount, node 2's own)"
            % (tag, per_mib))
    return rtt, per_mib


def ratios(say, wall_figures, ins, ins0):
    rtt, rtt0, mib, mib0 = wall_figures
    say("bench: key_round_trip_ratio=%.2f (median %.2f us / %.2f us without a key, in turns;"
        " target <= 1.15)" % (rtt / rtt0, rtt, rtt0))
    say("bench: key_move_data_ratio=%.2f (%.1f MiB/s without a key / %.1f with, in turns;"
        " target <= 1.25)" % (mib0 / mib, mib0, mib))
    say("bench: key_round_trip_instructions_ratio=%.2f (%d / %d, icount)"
        % (ins[0] / ins0[0], ins[0], ins0[0]))
    say("bench: key_move_data_instructions_ratio=%.2f (%d / %d per MiB at the server, icount)"
        % (ins[1] / ins0[1], ins[1], ins0[1]))
