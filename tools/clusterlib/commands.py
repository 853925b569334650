# SPDX-License-Identifier: MIT
# What each tools/cluster command does (cli.py parses the command line): up
# in a keeper process that outlives the command, sh, logs, faults, kill...

import codecs
import json
import os
import shlex
import signal
import subprocess
import sys
import time

import qemurun
from .base import BRIDGE, ClusterError, _node, _read_new, _state_or_fail, cluster_dir, load_state
from .boot import restart, up
from .capture import ETHERTYPE, capture_start, capture_stop
from .debug import gdb_argv
from .console import log_size, log_text, sh, wait_log
from .teardown import down, faults, kill, status
from .wirefilter import fault_text


def _say(line):
    try:
        print(line, flush=True)
    except OSError:     # nobody reads our output any more: go on booting
        pass


def _keep():
    """The keeper: parent of the whole cluster after up returned, so that
    something reaps each process as it ends. Leaves when none is left."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            os._exit(0)
        except InterruptedError:
            continue


def _per_node(value, n):
    """"a" -> [a] * n; "a,b,c" -> [a, b, c]; None -> None."""
    if value is None:
        return None
    items = value.split(",")
    return items * n if len(items) == 1 else items


def cmd_up(args):
    """Run up() in a keeper process of its own session; report its result."""
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code = 1
        try:
            os.setsid()
            qemurun.install_signal_handlers()
            up(args.n, args.dir, args.bridge, args.faults, args.timeout, args.kernel,
               args.initrd, [word for a in args.append for word in shlex.split(a)], args.nic,
               tied=False, progress=_say, keeper=os.getpid(),
               pxe_boot=_per_node(args.pxe, args.n), hosts=_per_node(args.hosts, args.n),
               gdb=args.gdb,
               key=True if args.key is None else "" if args.key == "none" else args.key)
            code = 0
        except ClusterError as e:
            print("cluster: " + str(e), file=sys.stderr)
            code = e.exit_status
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except KeyboardInterrupt:
            code = 130
        except BaseException as e:   # noqa: a bug; still report and leave cleanly
            print("cluster: up failed: %r" % e, file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        if code == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.write(w, bytes([0]))
            os.close(w)
            _keep()
        os.write(w, bytes([code & 0xff]))
        os._exit(code)
    os.close(w)
    try:
        data = os.read(r, 1)
    except (KeyboardInterrupt, SystemExit) as e:
        os.kill(pid, signal.SIGTERM)    # the keeper tears down what it started
        os.read(r, 1)
        os.waitpid(pid, 0)
        print("cluster: interrupted; torn down", file=sys.stderr)
        return e.code if isinstance(e, SystemExit) else 130
    if not data:
        os.waitpid(pid, 0)
        down(args.dir)
        print("cluster: up died; torn down", file=sys.stderr)
        return 1
    if data[0] != 0:
        os.waitpid(pid, 0)
    return data[0]


def cmd_sh(args):
    out = sh(args.node, args.command, args.timeout, args.wait, args.dir)
    sys.stdout.write(out)
    return 0


def cmd_logs(args):
    sys.stdout.write(log_text(args.node, args.dir))
    sys.stdout.flush()
    if not args.follow:
        return 0
    path = _node(_state_or_fail(args.dir), args.node)["log"]
    offset = os.path.getsize(path)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    try:
        while load_state(args.dir) is not None:
            data, offset = _read_new(path, offset)
            if data:
                sys.stdout.write(decoder.decode(data).replace("\r", "").replace("\0", ""))
                sys.stdout.flush()
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_faults(args):
    if args.spec is None:
        sys.stdout.write(faults(args.node, None, args.dir))
    else:
        now = faults(args.node, args.spec, args.dir)
        print("cluster: node %d faults now: %s" % (args.node, now or "none"))
    return 0


def cmd_kill(args):
    kill(args.node, args.dir)
    print("cluster: node %d killed" % args.node)
    return 0


def cmd_restart(args):
    restart(args.node, args.dir, args.timeout)
    print("cluster: node %d ready again" % args.node)
    return 0


def cmd_down(args):
    said = down(args.dir)
    print("cluster: down: %s" % ("; ".join(said) if said else "no cluster in %s"
                                  % cluster_dir(args.dir)))
    return 0


def cmd_status(args):
    st = status(args.dir)
    if st is None:
        if args.json:
            print("null")
        else:
            print("cluster: no cluster in %s" % cluster_dir(args.dir))
        return 1
    if args.json:
        print(json.dumps(st, indent=1))
    else:
        print("cluster in %s: %d nodes, %s, created %s" % (
            st["dir"], len(st["nodes"]),
            "bridge %s in namespace %s" % (BRIDGE, st["netns"]) if st["bridge"]
            else "VDE switches in %s" % st["run"], st["created"]))
        for k in sorted(st["nodes"], key=int):
            node = st["nodes"][k]
            state = ("killed at %s" % node["killed"] if node["killed"]
                     else "running" if node["alive"] else "DEAD")
            shown = fault_text(node.get("faults"))
            print("%-13s %-10s %s  %s%s" % (
                "node " + k, "pid %s" % (node.get("qemu") or {}).get("pid", "-"), node["mac"], state,
                "  faults " + shown if shown else ""))
        for r in st["procs"]:
            if r["role"] != "qemu":
                print("%-13s %-10s %s" % (r["role"] + (" %d" % r["node"] if "node" in r else ""),
                                         "pid %d" % r["pid"], "running" if r["alive"] else "DEAD"))
    bad = [r for r in st["procs"] if not r["alive"]
           and not (r["role"] == "qemu" and st["nodes"][str(r["node"])]["killed"])]
    return 1 if bad else 0


def cmd_capture(args):
    if args.stop:
        path, frames, dropped = capture_stop(args.dir)
        print("cluster: capture to %s ended%s%s" % (
            path, "" if frames is None else ", %d frames" % frames,
            "; %d more DROPPED (not in the file)" % dropped if dropped else ""))
        return 1 if dropped else 0
    if not args.file:
        raise ClusterError("capture: name the FILE to write (or --stop)")
    print("cluster: capturing to %s" % capture_start(args.file, args.dir,
                                                            None if args.all else ETHERTYPE))
    return 0


def cmd_chart(args):
    """tools/msc does the work: one tool, one thing."""
    msc = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "msc")
    sys.stdout.flush()
    return subprocess.call([msc, args.file] + args.msc_args)


def cmd_gdb(args):
    argv = gdb_argv(args.node, args.gdb_args, args.dir)
    sys.stdout.flush()
    os.execvp(argv[0], argv)


def cmd_netns(args):
    st = _state_or_fail(args.dir)
    if not st["netns"]:
        raise ClusterError("this cluster has no namespace (it was not started with --bridge)")
    print(st["netns"])
    return 0


def cmd_wait(args):
    offset = log_size(args.node, args.dir) if args.new else 0
    m = wait_log(args.node, args.regex, args.timeout, args.dir, offset)
    print(m.string[m.string.rfind("\n", 0, m.start()) + 1:m.string.find("\n", m.end())])
    return 0


__all__ = ["cmd_up", "cmd_sh", "cmd_capture", "cmd_chart", "cmd_gdb", "cmd_logs", "cmd_faults", "cmd_kill",
           "cmd_down", "cmd_status",
           "cmd_netns", "cmd_wait"]
