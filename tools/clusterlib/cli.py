# SPDX-License-Identifier: MIT
# The tools/cluster command line: its help, its options, and main(), which
# runs the command (commands.py) and turns a ClusterError into an exit status.
"""Run a cluster of DEMOS/x86 nodes (QEMU, TCG) on a private virtual LAN.

Wiring, default (no root): a hub vde_switch; per node a vde_switch of its
own joined to the hub by a wirefilter, which injects faults (loss,
duplication, delay, reordering) while the cluster runs. With --bridge
(root): a network namespace demos-XXXXXX with a Linux bridge br0 and one
tap per node; every QEMU runs inside the namespace. No traffic leaves the
switches or the namespace.

Each node N: kernel command line node=N, NIC MAC 52:54:00:de:00:NN (hex),
an e1000 NIC unless --nic names another model (one for all nodes, or a
comma-separated list, one per node), serial console on the unix socket
DIR/run/nodeN.sock and logged whole in DIR/nodeN.log. DIR is
build/cluster unless --dir or DEMOS_CLUSTER_DIR says otherwise; it also
holds state.json (pids, wiring, namespace).
`up` returns while the cluster runs: each process has a session of its
own, and a keeper process, parent of them all, stays to reap them.
`down` removes DIR/run and state.json; the logs stay for post-mortems.

Examples:
  tools/cluster up -n 3
  tools/cluster up -n 4 --faults loss=20,dup=5,delay=1+2,reorder
  tools/cluster up -n 3 --faults 2:loss=100        # node 2 cut off
  tools/cluster up -n 3 --nic e1000,e1000e,e1000   # node 2 on an e1000e
  tools/cluster sh 2 'ps'
  tools/cluster sh 2 'spawn client counter 100' --wait '^client: ' --timeout 60
  tools/cluster faults 3 loss=100                  # partition node 3
  tools/cluster faults 3 clear
  tools/cluster kill 3 ; tools/cluster status ; tools/cluster logs 1 -f
  tools/cluster restart 3                          # boot node 3 again (a reboot)
  tools/cluster down
  tools/cluster up -n 2 --gdb 2 ; tools/cluster gdb 2   # or: make debug NODE=2
  sudo tools/cluster up -n 2 --bridge
  sudo ip netns exec $(tools/cluster netns) tcpdump -ni br0
  sudo tools/cluster capture build/move.pcap ; ... ; sudo tools/cluster capture --stop
  tools/cluster chart build/move.pcap -o build/move.svg

Exit status: 0 done, 1 failed, 2 bad usage, 124 timed out.

As a module (tools/clusterlib/, see tests/cluster/run): up(3, dir=...),
sh(1, "ps", dir=...), faults(2, "loss=100", dir=...), kill(2, dir=...),
status(dir=...), wait_log(1, REGEX, dir=...), down(dir=...). Failures
raise ClusterError (TimedOut for time-outs). A module's cluster dies with
the process that started it.
"""

import argparse
import sys

import qemurun
from .base import NICS, ClusterError
from .commands import (cmd_capture, cmd_chart, cmd_down, cmd_faults, cmd_gdb, cmd_kill, cmd_logs,
                       cmd_netns, cmd_restart, cmd_sh, cmd_status, cmd_up, cmd_wait)
from .wiring import _nic_arg


def parse_args(argv):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", default=argparse.SUPPRESS,
                        help="cluster directory (default $DEMOS_CLUSTER_DIR or build/cluster)")
    p = argparse.ArgumentParser(prog="tools/cluster", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", default=None, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND", required=True)

    def add(name, func, help, desc=None):
        s = sub.add_parser(name, parents=[common], help=help, description=desc or help,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        s.set_defaults(func=func)
        return s

    s = add("up", cmd_up, "boot N nodes and wait until every one is ready", """\
Boot nodes 1..N (node=K on each command line) and wait until each prints
'demos: node K ready'. Returns while the cluster keeps running; on failure
names the node, shows the end of its console and tears everything down.

Fault SPEC: comma-separated loss=P, dup=P (percent), delay=MS[+JITTER],
reorder, partition (= loss=100); P may start with LR (node to hub only)
or RL (hub to node only). NODE:SPEC applies to one node only.
  tools/cluster up -n 3 --faults loss=20,dup=5,delay=1+2,reorder
  tools/cluster up -n 3 --faults 3:partition""")
    s.add_argument("-n", type=int, required=True, metavar="N", help="number of nodes (1..254)")
    s.add_argument("--bridge", action="store_true",
                   help="wire through a bridge and taps in a new network namespace (root)")
    s.add_argument("--faults", action="append", default=[], metavar="[NODE:]SPEC",
                   help="wirefilter faults from the start (repeatable)")
    s.add_argument("--timeout", type=float, default=60.0, metavar="SEC",
                   help="time for every node to be ready (default 60); exit 124")
    s.add_argument("--kernel", metavar="FILE", help="kernel (default build/demos.elf)")
    s.add_argument("--initrd", metavar="FILE", help="boot module (default build/initrd.tar)")
    s.add_argument("--append", action="append", default=[], metavar="WORDS",
                   help="more kernel command line words for every node (repeatable)")
    s.add_argument("--nic", default="e1000", type=_nic_arg, metavar="MODEL[,MODEL...]",
                   help="NIC model for all nodes, or one per node in order: %s "
                        "(default e1000)" % ", ".join(NICS))
    s.add_argument("--pxe", metavar="FIRMWARE[,FIRMWARE...]",
                   help="boot over the network (root; implies --bridge) from dnsmasq in the "
                        "namespace, serving build/pxe: bios (iPXE) or uefi (OVMF + GRUB), "
                        "for all nodes or one per node")
    s.add_argument("--gdb", type=int, metavar="NODE",
                   help="start NODE's QEMU halted, waiting for gdb on a free port that up "
                        "prints (tools/cluster gdb NODE attaches); up does not wait for it")
    s.add_argument("--key", default=None, metavar="HEX|none|HEX,...",
                   help="the cluster key (default: a fresh random one, passed as key=HEX); "
                        "none: unauthenticated nodes; or one per node, comma-separated "
                        "(HEX, empty for none, or new)")
    s.add_argument("--hosts", metavar="NAME[,NAME...]",
                   help="with --pxe: DHCP host names, one per node (default demosK; the "
                        "node number is the one a name ends with; empty: the MAC decides)")

    s = add("sh", cmd_sh, "type a command on a node's shell and print the answer", """\
Type COMMAND and Enter on node NODE's console; print what the node answers
before its next prompt. With --wait, keep reading until REGEX matches a
whole console line after the command (asynchronous output such as a
spawned program's summary) and print through that line. Calls on one node
queue up behind each other. Exit 124 on timeout.
  tools/cluster sh 1 'spawn counter'
  tools/cluster sh 2 'spawn client counter 1000' --wait '^client: ' --timeout 60""")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("command", metavar="COMMAND")
    s.add_argument("--timeout", type=float, default=10.0, metavar="SEC",
                   help="time for the whole exchange (default 10)")
    s.add_argument("--wait", metavar="REGEX", help="read on until REGEX matches a line")

    s = add("logs", cmd_logs, "print a node's console log")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("-f", "--follow", action="store_true",
                   help="keep printing what the node prints until Ctrl-C or down")

    s = add("wait", cmd_wait, "wait until a line of a node's console matches REGEX")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("regex", metavar="REGEX")
    s.add_argument("--new", action="store_true", help="only lines printed from now on")
    s.add_argument("--timeout", type=float, default=10.0, metavar="SEC",
                   help="default 10; exit 124")

    s = add("faults", cmd_faults, "change a node's wire faults while it runs", """\
Change node NODE's wirefilter (between its switch and the hub) now, through
its management socket. SPEC as for up --faults; only what SPEC names
changes; 'clear' removes every fault; 'partition' is loss=100. Without
SPEC, print the wirefilter's own report.
  tools/cluster faults 2 loss=20,dup=5,delay=1+2,reorder
  tools/cluster faults 2 partition ; tools/cluster faults 2 loss=0
  tools/cluster faults 2 loss=LR100      # node 2 hears but is not heard""")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("spec", nargs="?", metavar="SPEC")

    s = add("kill", cmd_kill, "end a node's QEMU at once (SIGKILL, like a crash)")
    s.add_argument("node", type=int, metavar="NODE")

    s = add("restart", cmd_restart, "boot a node again, as a reboot (killed first if it runs)")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("--timeout", type=float, default=60.0, metavar="SEC",
                   help="seconds to wait for it to be ready (default 60)")

    add("down", cmd_down, "end everything the cluster started and remove its "
        "sockets, switches and namespace (idempotent)")

    s = add("capture", cmd_capture, "record the cluster's frames to a pcap file (--bridge)", """\
Start tcpdump on the bridge inside the cluster's namespace, writing every
frame of EtherType 0x88B5 (--all: every frame) to FILE (pcap) as it
passes; return once it listens. It records
until capture --stop or down. Read the file with the dissector:
  tshark -X lua_script:tools/wireshark/demos.lua -r FILE
  tools/cluster chart FILE -o chart.svg
Live instead: ip netns exec $(tools/cluster netns) \\
  tshark -X lua_script:tools/wireshark/demos.lua -i br0""")
    s.add_argument("file", nargs="?", metavar="FILE", help="the pcap file to write")
    s.add_argument("--stop", action="store_true", help="end the running capture")
    s.add_argument("--all", action="store_true",
                   help="every frame on the bridge, not only the kernels' (0x88B5)")

    s = add("chart", cmd_chart, "draw a capture as a message sequence chart (SVG)", """\
The same as tools/msc FILE: one column per node, one arrow per transport
message with its kind and process; ACKs and HELLOs folded away unless
asked for. tools/msc --help tells more.""")
    s.add_argument("file", metavar="FILE", help="a pcap file (tools/cluster capture)")
    s.add_argument("msc_args", nargs=argparse.REMAINDER, metavar="...",
                   help="options for tools/msc (-o OUT.svg, --acks, --hellos, ...)")

    s = add("gdb", cmd_gdb, "attach gdb to the node started with up --gdb", """\
Run gdb with tools/gdb/demos.py (the kernel's symbols; demos-prog NAME adds
a program's) attached to NODE's QEMU (inside the namespace with --bridge).
The node stays halted until gdb continues. Arguments after NODE go to gdb.
  tools/cluster up -n 2 --gdb 2 ; tools/cluster gdb 2
  tools/cluster gdb 2 --batch -ex 'break migrate_receive' -ex continue -ex bt""")
    s.add_argument("node", type=int, metavar="NODE")
    s.add_argument("gdb_args", nargs=argparse.REMAINDER, metavar="...", help="more gdb arguments")

    add("netns", cmd_netns, "print the name of the cluster's network namespace (--bridge)")

    s = add("status", cmd_status, "list nodes and processes, alive or not", """\
List the nodes and the processes of the cluster. Exit 0 if everything is
running (nodes ended by kill excepted), 1 if something died or there is
no cluster.""")
    s.add_argument("--json", action="store_true", help="the state file, with alive flags")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    qemurun.install_signal_handlers()
    try:
        return args.func(args)
    except ClusterError as e:
        print("cluster: " + str(e), file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        return 130


__all__ = ["parse_args", "main"]
