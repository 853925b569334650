# SPDX-License-Identifier: MIT
# A node under gdb: up --gdb N starts its QEMU halted (-S) with a gdb stub on
# a free TCP port; gdb_argv is the gdb command line that attaches to it.

import os
import socket

from .base import ROOT, ClusterError, _node, _state_or_fail

SCRIPT = os.path.join(ROOT, "tools", "gdb", "demos.py")


def free_port():
    """A TCP port free on localhost now (the kernel picks it), for QEMU's stub."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qemu_gdb_args(st, node):
    """QEMU's extra arguments for node: halted, waiting for gdb, if it is the one."""
    g = st.get("gdb")
    if not g or g["node"] != node:
        return []
    return ["-gdb", "tcp:127.0.0.1:%d" % g["port"], "-S"]


def gdb_hint(st):
    g = st["gdb"]
    return ("cluster: node %d waits for gdb on 127.0.0.1:%d (QEMU -S): tools/cluster gdb %d,"
            " or gdb -x tools/gdb/demos.py -ex 'target remote 127.0.0.1:%d'%s"
            % (g["node"], g["port"], g["node"], g["port"],
               " inside namespace %s" % st["netns"] if st["netns"] else ""))


def gdb_argv(node, args=(), dir=None):
    """gdb's command line: the project's script, attached to node's stub
    (inside the cluster's namespace for --bridge), then args."""
    st = _state_or_fail(dir)
    _node(st, node)
    g = st.get("gdb")
    if not g or g["node"] != int(node):
        raise ClusterError("node %s has no gdb stub; start the cluster with up --gdb %s"
                           % (node, node))
    argv = ["gdb", "-q", "-x", SCRIPT, "-ex", "target remote 127.0.0.1:%d" % g["port"]]
    argv += list(args)
    return (["ip", "netns", "exec", st["netns"]] + argv) if st["netns"] else argv


__all__ = ["free_port", "qemu_gdb_args", "gdb_hint", "gdb_argv"]
