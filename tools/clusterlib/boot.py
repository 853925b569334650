# SPDX-License-Identifier: MIT
# up: make the LAN, start the nodes, and wait until each says it is ready;
# restart: boot one node of a running cluster again (a reboot).

import os
import re
import shutil
import time

import pxe
import qemurun
from .base import (BRIDGE, BUILD, DEFAULT_INITRD, DEFAULT_KERNEL, POLL, PROGRESS_EVERY, ClusterError,
                   TimedOut, _exit_status, _make_run_dir, _node, _proc_stat, _read_new, _save,
                   _spawn, _state_lock, _state_or_fail, _tail, alive, cluster_dir, load_state,
                   mac, prompt, ready_line)
from .debug import free_port, gdb_hint
from .keys import key_plan
from .teardown import down, kill
from .wirefilter import _fault_plan, fault_text
from .wiring import _qemu_argv, _serve_pxe, _wire_bridge, _wire_vde, nic_plan, pxe_plan


def _wait_ready(st, timeout, progress, skip=()):
    """Wait for every node but those in skip and the one halted for gdb (it
    boots when gdb says)."""
    start = time.monotonic()
    deadline = start + timeout
    n = len(st["nodes"])
    pending = set(range(1, n + 1)) - set(skip) - {(st.get("gdb") or {}).get("node")}
    n = len(pending)
    seen = {k: (b"", 0) for k in pending}
    reported, reported_at = None, 0.0
    while pending:
        for k in sorted(pending):
            node = st["nodes"][str(k)]
            text, offset = seen[k]
            data, offset = _read_new(node["log"], offset)
            text = (text + data)[-4096:]
            seen[k] = (text, offset)
            number = node.get("number", k)
            # the shell's first prompt may come before the ready line, on its line
            text = text.replace(prompt(number).encode(), b"")
            other = re.search(rb"^demos: node (\d+) ready\r?$", text, re.M)
            if other and int(other.group(1)) != number:
                raise ClusterError("node %d came up as node %s, not %d; its console (%s):\n%s"
                                   % (k, other.group(1).decode(), number, node["log"],
                                      _tail(node["log"])))
            if re.search(rb"^" + re.escape(ready_line(number).encode()) + rb"\r?$", text, re.M):
                pending.discard(k)
                st.setdefault("ready_ms", {})[str(k)] = round(
                    (time.monotonic() - st["started"]) * 1000)
            elif not alive(node["qemu"]):
                raise ClusterError("node %d: QEMU exited (%s) before the node was ready;"
                                   " QEMU said:\n%s\nits console (%s):\n%s"
                                   % (k, _exit_status(node["qemu"]), _tail(node["qemu"]["out"]),
                                      node["log"],
                                      _tail(node["log"])))
        now = time.monotonic()
        state = (n - len(pending), tuple(sorted(pending)))
        if progress and pending and (state != reported or now - reported_at > PROGRESS_EVERY):
            waiting = sorted(pending)
            progress("cluster: %d/%d ready (waiting for node%s %s)"
                     % (state[0], n, "s" if len(waiting) > 1 else "",
                        ", ".join(map(str, waiting))))
            reported, reported_at = state, now
        if pending and now > deadline:
            k = min(pending)
            others = sorted(pending - {k})
            raise TimedOut("node %d did not come up within %g s%s; the end of its console "
                           "(%s):\n%s" % (k, timeout, " (nor did node%s %s)" % (
                               "s" if len(others) > 1 else "", ", ".join(map(str, others)))
                               if others else "", st["nodes"][str(k)]["log"],
                               _tail(st["nodes"][str(k)]["log"])))
        if pending:
            time.sleep(POLL)
    st["ready_seconds"] = round(time.monotonic() - st["started"], 3)
    _save(st)
    if progress:
        progress("cluster: %d/%d ready in %.2f s" % (n, n, st["ready_seconds"]))


def up(n, dir=None, bridge=False, faults=(), timeout=60.0, kernel=None, initrd=None,
       append=(), nic="e1000", tied=True, progress=None, keeper=None, icount=False,
       pxe_boot=None, hosts=None, later=(), gdb=None, key=True, numbers=None):
    """Boot nodes 1..n and wait until each says it is ready; return the state.

    later: nodes wired but not booted (nor waited for): restart(K) boots
    node K for the first time, as a PC switched on late.
    faults: list of "[NODE:]SPEC" strings (default wiring only).
    nic: NIC model for every node ("e1000"), or one per node as a list or a
    comma-separated string ("e1000,e1000e": node 1 e1000, node 2 e1000e).
    tied: the cluster is killed when this process dies (setpriv --pdeathsig);
    the CLI's up instead runs this in a keeper process that outlives it.
    progress: a function taking one line, e.g. print.
    icount: run the nodes with -icount shift=0,sleep=off (TSC = instructions).
    pxe_boot: network boot instead (implies bridge): a firmware per node,
    "bios" (iPXE) or "uefi" (OVMF, GRUB), served by dnsmasq in the cluster's
    namespace from build/pxe (make pxe). hosts: the DHCP host name per node
    (default demosK: node number K; "" gives none, so the MAC decides; two
    alike make a clash). The number each name ends with is the one waited for.
    gdb: a node number; that node's QEMU starts halted (-S) with a gdb stub
    on a free port (state["gdb"]["port"]), and up does not wait for it.
    key: the cluster key, passed as key=HEX (again on restart): True (the
    default) a fresh random one; False or "" none (unauthenticated nodes);
    a hex string; or one per node (a list: hex, "" or "new"). A --pxe boot
    takes the key make pxe wrote into build/pxe instead.
    numbers: a -kernel boot's node number per node (default K: node=K).
    On any failure (and on KeyboardInterrupt/SystemExit) everything started
    is torn down before the exception propagates.
    """
    dir = cluster_dir(dir)
    kernel = os.path.abspath(kernel or DEFAULT_KERNEL)
    initrd = os.path.abspath(initrd or DEFAULT_INITRD)
    if not 1 <= n <= 254:
        raise ClusterError("-n %d: a cluster has 1..254 nodes" % n)
    nics = nic_plan(nic, n)
    firmwares, pxe_numbers = pxe_plan(pxe_boot, hosts, n)
    numbers = pxe_numbers or numbers
    bridge = bridge or bool(firmwares)
    for f in (kernel, initrd):
        if not os.access(f, os.R_OK):
            raise ClusterError("%s is missing or unreadable (run make first?)" % f)
    if bridge and faults:
        raise ClusterError("--faults needs the default VDE wiring (wirefilter), not --bridge")
    if bridge and os.geteuid() != 0:
        raise ClusterError("--bridge needs root (it makes a network namespace, a bridge "
                           "and taps); run as root, or drop --bridge for VDE wiring")
    if gdb is not None and not 1 <= gdb <= n:
        raise ClusterError("--gdb %d: no such node (1..%d)" % (gdb, n))
    if gdb is not None and firmwares:
        raise ClusterError("--gdb needs a -kernel boot, not --pxe")
    plan = _fault_plan(faults, n) if not bridge else {}
    keys = key_plan(pxe.tree_key(os.path.join(BUILD, "pxe")) if firmwares else key, n)
    need = [qemurun.QEMU] + (["ip"] if bridge else ["vde_switch", "wirefilter"]) \
        + (["setpriv"] if tied else [])
    missing = [t for t in need if not shutil.which(t)] + pxe.check_tools(firmwares or ())
    if missing:
        raise ClusterError("%s not found; tools/deps installs what is missing"
                           % ", ".join(missing))
    old = load_state(dir)
    if old and any(alive(r) for r in old["procs"]):
        raise ClusterError("a cluster is already up in %s; run tools/cluster down first" % dir)
    down(dir)   # what a crashed run may have left
    os.makedirs(dir, exist_ok=True)
    for name in os.listdir(dir):
        if re.match(r"^(node\d+\.(log|err)|(sw\d+|wf\d+|hub)\.out)$", name):
            os.unlink(os.path.join(dir, name))
    st = {"dir": dir, "bridge": bridge, "netns": None, "tied": tied, "started": time.monotonic(),
          "created": time.strftime("%Y-%m-%d %H:%M:%S"), "kernel": kernel, "initrd": initrd,
          "append": list(append), "nic": nics, "icount": icount, "procs": [], "nodes": {},
          "keeper": {"pid": keeper, "start": _proc_stat(keeper)[1]} if keeper else None,
          "gdb": {"node": gdb, "port": free_port()} if gdb is not None else None,
          "keys": {str(k): keys[k - 1] for k in range(1, n + 1)}}
    _save(st)
    try:
        st["run"] = _make_run_dir(dir)
        for k in range(1, n + 1):
            st["nodes"][str(k)] = {"mac": mac(k), "nic": nics[k - 1], "killed": False}
            if numbers and not firmwares:
                st["nodes"][str(k)]["number"] = numbers[k - 1]
            if firmwares:
                st["nodes"][str(k)].update(firmware=firmwares[k - 1], number=numbers[k - 1],
                                           host=hosts[k - 1] if hosts else pxe.host_name(k))
        _save(st)
        if bridge:
            _wire_bridge(st)
            if firmwares:
                _serve_pxe(st)
        else:
            _wire_vde(st, plan)
        if progress:
            faulty = ["node %d %s" % (k, fault_text(v)) for k, v in plan.items() if fault_text(v)]
            progress("cluster: booting %d node%s in %s, wired by %s%s" % (
                n, "s" if n > 1 else "", dir,
                "bridge %s in namespace %s" % (BRIDGE, st["netns"]) if bridge
                else "VDE switches", "; faults: " + ", ".join(faulty) if faulty else "")
                + ("" if set(nics) == {"e1000"} else "; NICs " + ",".join(nics)))
        for k in range(1, n + 1):
            argv, sock, log = _qemu_argv(st, k, kernel, initrd, append, nics[k - 1], icount)
            node = st["nodes"][str(k)]
            node.update(sock=sock, log=log, lock=os.path.join(st["run"], "node%d.lock" % k))
            node["qemu"] = None if k in later else _spawn(
                st, argv, os.path.join(dir, "node%d.err" % k), "qemu", k)
        _save(st)
        _wait_ready(st, timeout, progress, skip=later)
        if gdb is not None and progress:
            progress(gdb_hint(st))
        return st
    except BaseException:
        down(dir)
        raise


def restart(node, dir=None, timeout=60.0):
    """Boot node again, as a reboot would: its QEMU is killed first if it
    still runs, then started with the same command line, LAN and console
    (the log goes on after what it had printed). Waits until the node says
    it is ready; returns the log offset where the new boot begins."""
    st = _state_or_fail(dir)
    if alive(_node(st, node)["qemu"]):
        kill(node, dir)
    with _state_lock(st["dir"]):
        st = _state_or_fail(dir)
        rec = _node(st, node)
        since = os.path.getsize(rec["log"]) if os.path.exists(rec["log"]) else 0
        argv, _, _ = _qemu_argv(st, int(node), st["kernel"], st["initrd"], st["append"],
                                st["nic"][int(node) - 1], st.get("icount", False))
        rec["qemu"] = _spawn(st, argv, os.path.join(st["dir"], "node%d.err" % int(node)),
                             "qemu", int(node))
        rec["killed"] = False
        _save(st)
    want = re.compile(rb"^" + re.escape(ready_line(rec.get("number", int(node))).encode())
                      + rb"\r?$", re.M)
    deadline, offset, text = time.monotonic() + timeout, since, b""
    while not want.search(text):
        if not alive(rec["qemu"]):
            raise ClusterError("node %s: QEMU exited (%s) before it was ready again; QEMU"
                               " said:\n%s" % (node, _exit_status(rec["qemu"]),
                                               _tail(rec["qemu"]["out"])))
        if time.monotonic() > deadline:
            raise TimedOut("node %s was not ready again within %g s; the end of its console"
                           " (%s):\n%s" % (node, timeout, rec["log"], _tail(rec["log"])))
        time.sleep(POLL)
        data, offset = _read_new(rec["log"], offset)
        text = (text + data)[-4096:]
    return since


__all__ = ["up", "restart"]
