# SPDX-License-Identifier: MIT
# Wire faults: the SPEC syntax (loss, dup, delay, reorder, partition) and
# the management consoles of the running wirefilters.

import json
import re
import socket

from .base import ClusterError

# ---- faults: SPEC like "loss=20,dup=5,delay=1+2,reorder", "clear", "partition" ----

FAULT_FLAGS = {"loss": "-l", "dup": "-D", "delay": "-d"}
FAULT_VALUE = re.compile(r"^(LR|RL)?\d+(\.\d+)?(\+\d+(\.\d+)?)?$")
CLEAR = [("loss", "0"), ("dup", "0"), ("delay", "0"), ("reorder", "0")]


def parse_faults(spec):
    """SPEC -> [(key, value)], keys loss, dup, delay, reorder ("1"/"0").
    Values may start with LR (node to hub only) or RL (hub to node only)."""
    out = []
    for item in [s.strip() for s in spec.split(",") if s.strip()]:
        key, _, value = item.partition("=")
        if key == "clear" and not value:
            out += CLEAR
        elif key == "partition" and not value:
            out.append(("loss", "100"))
        elif key == "reorder":
            if value not in ("", "1", "0", "on", "off"):
                raise ClusterError("bad fault '%s': reorder takes 1/0/on/off" % item)
            out.append(("reorder", "0" if value in ("0", "off") else "1"))
        elif key in FAULT_FLAGS and FAULT_VALUE.match(value):
            out.append((key, value))
        else:
            raise ClusterError("bad fault '%s' (want loss=P, dup=P, delay=MS[+JITTER], "
                               "reorder, partition or clear; P may start LR or RL)" % item)
    if not out:
        raise ClusterError("empty fault spec")
    return out


def merge_faults(now, changes):
    """Apply changes to now, {"loss": {"LR": v, "RL": v}, ..., "reorder": "0"|"1"}:
    what one wirefilter is doing, per direction."""
    now = json.loads(json.dumps(now or {}))
    for key, value in changes:
        if key == "reorder":
            now["reorder"] = value
            continue
        way = value[:2] if value[:2] in ("LR", "RL") else None
        per = now.setdefault(key, {"LR": "0", "RL": "0"})
        for w in [way] if way else ["LR", "RL"]:
            per[w] = value[2:] if way else value
    return now


def _zero(value):
    return all(float(x) == 0 for x in value.split("+"))


def fault_text(now):
    """now as a SPEC, e.g. "loss=20,delay=LR1+2,reorder"; "" for no faults."""
    parts = []
    for key in FAULT_FLAGS:
        per = (now or {}).get(key, {"LR": "0", "RL": "0"})
        if per["LR"] == per["RL"]:
            parts += [] if _zero(per["LR"]) else ["%s=%s" % (key, per["LR"])]
        else:
            parts += ["%s=%s%s" % (key, w, per[w]) for w in ("LR", "RL") if not _zero(per[w])]
    if (now or {}).get("reorder") == "1":
        parts.append("reorder")
    return ",".join(parts)


def _fault_flags(now):
    flags = []
    for key, flag in FAULT_FLAGS.items():
        per = now.get(key)
        if per and per["LR"] == per["RL"]:
            flags += [] if _zero(per["LR"]) else [flag, per["LR"]]
        elif per:
            flags += [flag, "LR" + per["LR"], flag, "RL" + per["RL"]]
    return flags + (["-N"] if now.get("reorder") == "1" else [])


def _fault_plan(specs, n):
    """--faults [NODE:]SPEC ... -> {node: faults}, in the order given; a
    spec without NODE: applies to every node."""
    plan = {node: {} for node in range(1, n + 1)}
    for spec in specs or ():
        m = re.match(r"^(\d+):(.*)$", spec)
        nodes = range(1, n + 1)
        if m:
            spec, nodes = m.group(2), [int(m.group(1))]
            if not 1 <= nodes[0] <= n:
                raise ClusterError("--faults %s: no node %d (nodes 1..%d)"
                                   % (m.group(0), nodes[0], n))
        changes = parse_faults(spec)
        for node in nodes:
            plan[node] = merge_faults(plan[node], changes)
    return plan


def _mgmt(path, commands, timeout=5.0):
    """Type commands into a wirefilter's management socket; return each
    answer's data (what comes between "0000 DATA END WITH '.'" and ".").
    Raises ClusterError on a reply other than 1000 Success."""
    answers = []
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(path)
            _read_prompt(s)
            for cmd in commands:
                s.sendall(cmd.encode() + b"\n")
                text = _read_prompt(s)
                m = re.search(r"^(\d{4}) (.*)$", text[text.rfind("\n.\n") + 1:], re.M)
                if not m or m.group(1) != "1000":
                    raise ClusterError("wirefilter refused '%s': %s"
                                       % (cmd, m.group(0) if m else text.strip()))
                data = re.search(r"^0000 DATA END WITH '\.'\n(.*?)^\.$", text, re.M | re.S)
                answers.append(data.group(1) if data else "")
    except OSError as e:
        raise ClusterError("wirefilter management socket %s: %s" % (path, e))
    return answers


def _read_prompt(s):
    buf = b""
    while not buf.endswith(b"$ "):
        data = s.recv(4096)
        if not data:
            raise ClusterError("wirefilter closed its management socket")
        buf += data
    return buf.decode(errors="replace")


__all__ = ["parse_faults", "merge_faults", "fault_text"]
