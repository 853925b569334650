# SPDX-License-Identifier: MIT
# A node's QEMU command line and the LAN it plugs into: VDE switches joined
# through wirefilters, or a bridge in a namespace (with dnsmasq for --pxe).

import argparse
import os
import re
import secrets
import subprocess

import pxe
import qemurun
from .base import (BRIDGE, BUILD, NICS, ClusterError, _ip, _save, _spawn, _wait_paths,
                   mac)
from .debug import qemu_gdb_args
from .keys import key_words
from .wirefilter import _fault_flags

# ---- up ----

def _qemu_argv(st, node, kernel, initrd, append, nic, icount=False):
    run = st["run"]
    firmware = st["nodes"][str(node)].get("firmware")
    sock = os.path.join(run, "node%d.sock" % node)
    log = os.path.join(st["dir"], "node%d.log" % node)
    if st["bridge"]:
        netdev = "tap,id=n0,ifname=tap%d,script=no,downscript=no" % node
    else:
        netdev = "vde,id=n0,sock=%s" % os.path.join(run, "sw%d" % node)
    # mitigation=off: QEMU's e1000 otherwise holds each interrupt >= 128 us
    # after the previous one (its interrupt-mitigation timer); romfile=: a -kernel boot needs no iPXE ROM (saves ~40 ms),
    # a network boot (--pxe) boots from it.
    device = "%s,netdev=n0,mac=%s%s" % (nic, mac(node), "" if firmware else ",romfile=")
    if nic == "e1000":
        device += ",mitigation=off"
    # logappend: a node booted again (restart) goes on after its last boot's lines.
    extra = ["-chardev", "socket,id=s0,path=%s,server=on,wait=off,logfile=%s,logappend=on"
             % (sock, log),
             "-netdev", netdev, "-device", device] + qemu_gdb_args(st, node)
    if firmware:
        cmd = pxe.qemu_argv(qemurun.QEMU, firmware, run, node, extra)
    else:
        cmd = qemurun.qemu_command(kernel=kernel, initrd=initrd,
                              append=" ".join(["node=%d" % st["nodes"][str(node)].get(
                                  "number", node)] + key_words(st, node) + list(append)),
                              extra=extra,
                              icount=icount)
        cmd[cmd.index("-serial") + 1] = "chardev:s0"
    if st["bridge"]:
        cmd = ["ip", "netns", "exec", st["netns"]] + cmd
    return cmd, sock, log


def _wire_vde(st, plan):
    run, dir = st["run"], st["dir"]
    n = len(st["nodes"])
    hub = os.path.join(run, "hub")
    recs = [_spawn(st, ["vde_switch", "-s", hub, "-n", str(max(32, n + 16))],
                   os.path.join(dir, "hub.out"), "hub", hold_stdin=True)]
    for node in range(1, n + 1):
        recs.append(_spawn(st, ["vde_switch", "-s", os.path.join(run, "sw%d" % node)],
                           os.path.join(dir, "sw%d.out" % node), "switch", node, hold_stdin=True))
    _wait_paths(st, recs, [os.path.join(r, "ctl") for r in
                           [hub] + [os.path.join(run, "sw%d" % k) for k in range(1, n + 1)]],
                10, "vde_switch")
    wfs = []
    for node in range(1, n + 1):
        mgmt = os.path.join(run, "wf%d.mgmt" % node)
        argv = ["wirefilter", "-v", "%s:%s" % (os.path.join(run, "sw%d" % node), hub),
                "-M", mgmt] + _fault_flags(plan[node])
        st["nodes"][str(node)].update(mgmt=mgmt, faults=plan[node])
        wfs.append(_spawn(st, argv, os.path.join(dir, "wf%d.out" % node), "wirefilter",
                          node, hold_stdin=True))
    _save(st)
    _wait_paths(st, recs + wfs, [st["nodes"][str(k)]["mgmt"] for k in range(1, n + 1)],
                10, "wirefilter")


def _wire_bridge(st):
    st["netns"] = "demos-" + secrets.token_hex(3)
    _save(st)   # before it exists: down must find it whatever happens next
    ns = st["netns"]
    _ip("netns", "add", ns)
    _ip("-n", ns, "link", "set", "lo", "up")
    # No IPv6 chatter (router solicitations, MLD) in captures of the LAN.
    subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-qw",
                    "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"],
                   capture_output=True)
    _ip("-n", ns, "link", "add", BRIDGE, "type", "bridge")
    _ip("-n", ns, "link", "set", BRIDGE, "up")
    for node in range(1, len(st["nodes"]) + 1):
        tap = "tap%d" % node
        _ip("-n", ns, "tuntap", "add", "dev", tap, "mode", "tap")
        _ip("-n", ns, "link", "set", tap, "master", BRIDGE, "up")
        st["nodes"][str(node)]["tap"] = tap
    st["bridge_name"] = BRIDGE
    _save(st)


def pxe_plan(firmwares, hosts, n):
    """(firmware per node, node number each will get) for up --pxe, or
    (None, None) for a -kernel boot."""
    if not firmwares:
        return None, None
    firmwares = list(firmwares)
    if len(firmwares) != n or not set(firmwares) <= set(pxe.FIRMWARES):
        raise ClusterError("--pxe needs one firmware per node (%s), got %s"
                           % (" or ".join(pxe.FIRMWARES), ",".join(firmwares)))
    if hosts is not None and len(hosts) != n:
        raise ClusterError("%d host names for %d nodes" % (len(hosts), n))
    numbers = []
    for k in range(1, n + 1):
        name = hosts[k - 1] if hosts is not None else pxe.host_name(k)
        digits = re.search(r"(\d+)$", name or "")
        numbers.append(int(digits.group(1)) if digits and 1 <= int(digits.group(1)) <= 254
                       else k)      # the MAC's last byte is k (mac())
    return firmwares, numbers


def _serve_pxe(st):
    """dnsmasq on the bridge, inside the namespace, from build/pxe."""
    ns, tftp = st["netns"], os.path.join(BUILD, "pxe")
    if not os.access(os.path.join(tftp, "boot.ipxe"), os.R_OK):
        raise ClusterError("%s/boot.ipxe is missing: run make pxe first" % tftp)
    _ip("-n", ns, "addr", "add", pxe.SUBNET + ".1/24", "dev", BRIDGE)
    hosts = [(n["mac"], n["host"]) for _, n in sorted(st["nodes"].items(), key=lambda kv: int(kv[0]))
             if n.get("host")]
    conf = os.path.join(st["dir"], "dnsmasq.conf")
    with open(conf, "w") as f:
        f.write(pxe.dnsmasq_conf(tftp, BRIDGE, hosts,
                                 leases=os.path.join(st["run"], "dnsmasq.leases")))
    _spawn(st, ["ip", "netns", "exec", ns] + pxe.server_argv(conf),
           os.path.join(st["dir"], "dnsmasq.log"), "dnsmasq")


def _nic_models(nic):
    """The models in nic (a list, or a string with commas), all known ones."""
    models = nic.split(",") if isinstance(nic, str) else list(nic)
    bad = [m for m in models if m not in NICS]
    if bad:
        raise ClusterError("no NIC model %s (choose from %s)"
                           % (", ".join(map(str, bad)), ", ".join(NICS)))
    return models


def _nic_arg(text):
    """argparse type of --nic: bad model names are bad usage (exit 2)."""
    try:
        _nic_models(text)
    except ClusterError as e:
        raise argparse.ArgumentTypeError(str(e))
    return text


def nic_plan(nic, n):
    """Each node's NIC model, nodes 1..n in order, from one model for all or
    one per node: a list, or a string with commas ("e1000,e1000e")."""
    models = _nic_models(nic)
    if len(models) == 1:
        return models * n
    if len(models) != n:
        raise ClusterError("--nic names %d models for %d nodes; give one, or one per node"
                           % (len(models), n))
    return models


__all__ = ["pxe_plan", "nic_plan"]
