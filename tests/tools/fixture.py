# SPDX-License-Identifier: MIT
# Shared by the tools cases: the capture of the demo's migration on the bridge
# wiring (made once a run), and tshark's reading of a pcap with demos.lua.

import os
import re
import shutil
import subprocess
import time

import clusterlib as cl
from caserunner import CaseFailed, Skipped
from harness import BUILD, CLIENT_LINE, ROOT, Cluster

LOGS = os.path.join(BUILD, "test-logs", "tools")
DISSECTOR = os.path.join(ROOT, "tools", "wireshark", "demos.lua")
CALLS = 1500            # per client: enough to call through the move
TSHARK_LIMIT = 60.0

QUIET_WAIT_MS = 2500    # the quiet client's first call comes after the move
_capture = {}           # made once a run: see migration_capture


def need_root_and(*tools):
    if os.geteuid() != 0:
        raise Skipped("needs root (the bridge wiring and a capture in its namespace)")
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        raise Skipped("%s not installed (tools/deps installs it)" % ", ".join(missing))


def migration_capture(echo):
    """The demo's migration captured on the bridge: a counter on node 1,
    clients on nodes 2 and 3 calling it, the counter moved to node 3 while
    they call; and a quiet client on node 2 that took its link before the
    move and calls only after it (so its first call is surely forwarded).
    Returns {"pcap", "counter", "quiet", "clients"}; made once a run."""
    if _capture:
        return _capture
    need_root_and("tcpdump", "tshark")
    os.makedirs(LOGS, exist_ok=True)
    pcap = os.path.join(LOGS, "migration.pcap")
    if os.path.exists(pcap):
        os.unlink(pcap)
    with Cluster("tools_migration_capture", 3, echo, limit=90, bridge=True) as c:
        try:
            cl.capture_start(pcap, dir=c.dir)
        except cl.ClusterError as e:
            raise CaseFailed("capture: %s" % e)
        counter = c.spawn(1, "counter")
        c.wait_registered(2, "counter")
        c.wait_registered(3, "counter")
        since = {k: c.mark(k) for k in (2, 3)}
        quiet = c.spawn(2, "client counter 2 %d" % QUIET_WAIT_MS)
        clients = [quiet] + [c.spawn(k, "client counter %d" % CALLS) for k in (2, 3)]
        deadline = time.monotonic() + 10
        while c.stats(2)["remote_msgs_out"] < 100 or c.stats(3)["remote_msgs_out"] < 100:
            if time.monotonic() > deadline:
                raise CaseFailed("the clients' calls do not flow")
            time.sleep(0.05)
        c.migrated(1, counter, 3)
        for k, count in ((2, 2), (3, 1)):   # node 2 runs two clients
            deadline = time.monotonic() + 60
            while len(c.printed(k, CLIENT_LINE, since[k])) < count:
                if time.monotonic() > deadline:
                    raise CaseFailed("node %d: %d client summaries, want %d"
                                     % (k, len(c.printed(k, CLIENT_LINE, since[k])), count))
                time.sleep(0.1)
        time.sleep(0.3)         # the last acknowledgements
        path, frames, dropped = cl.capture_stop(dir=c.dir)
        if not frames or dropped:
            raise CaseFailed("the capture to %s recorded %r frames and dropped %r"
                             % (path, frames, dropped))
    _capture.update(pcap=pcap, counter=counter, quiet=quiet, clients=clients)
    return _capture


def dissect(pcap, fields, display=None, extra=()):
    """tshark's reading of pcap with the dissector: one dict per frame, each
    field's occurrences joined by ','."""
    cmd = ["tshark", "-n", "-X", "lua_script:" + DISSECTOR, "-r", pcap, "-T", "fields",
           "-E", "separator=/t", "-E", "aggregator=,"] + list(extra)
    if display:
        cmd += ["-Y", display]
    for f in fields:
        cmd += ["-e", f]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=TSHARK_LIMIT)
    except subprocess.TimeoutExpired:
        raise CaseFailed("tshark took over %g s on %s" % (TSHARK_LIMIT, pcap))
    errors = [l for l in r.stderr.splitlines() if not re.match(r"Running as user", l)]
    if r.returncode != 0 or errors:
        raise CaseFailed("tshark on %s: status %d: %s" % (pcap, r.returncode,
                                                          " / ".join(errors)))
    return [dict(zip(fields, line.split("\t"))) for line in r.stdout.splitlines()]


__all__ = ["LOGS", "need_root_and", "migration_capture", "dissect"]
