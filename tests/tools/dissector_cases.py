# SPDX-License-Identifier: MIT
# The dissector's cases: its tables against kernel/net/wire_format.h, every
# frame of the demo's migration decoded, DEMOS/MP's steps in order on the
# wire, and the expert warnings on frames made malformed on purpose.

import os
import re
import struct

from caserunner import CaseFailed
from fixture import DISSECTOR, LOGS, dissect, migration_capture
from harness import ROOT

WIRE_FORMAT = os.path.join(ROOT, "kernel", "net", "wire_format.h")
ETH_HDR, HDR, TAG = 14, 48, 8
# Pre-copy: rounds of pulled pages, then the state S sends once P stopped.
STEPS = r"OFFER ACCEPT (PULL_PAGES (PAGES )+)+STATE READY START STARTED"
MIGRATION = {"OFFER", "ACCEPT", "PULL_STATE", "STATE", "PULL_PAGES", "PAGES", "READY", "START",
             "STARTED", "ABORT"}


def c_enum(text, name):
    """{member: value} of C enum name in text (implicit values counted on)."""
    body = re.search(r"^enum %s \{\n(.*?)\n\};" % name, text, re.S | re.M).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    values, nxt = {}, 0
    for member, value in re.findall(r"^\s*([A-Z]\w*)(?:\s*=\s*(\w+))?,", body, re.M):
        nxt = int(value, 0) if value else nxt
        values[member] = nxt
        nxt += 1
    return values


def lua_table(text, name):
    """{number: name} of the dissector's table name: lines '[N] = { name = "X"'."""
    body = re.search(r"local %s = \{\n(.*?)\n\}" % name, text, re.S).group(1)
    return {int(n): v for n, v in re.findall(r'\[(\d+)\]\s*=\s*\{\s*name\s*=\s*"(\w+)"', body)}


def dissector_names_every_frame_type_and_message_kind_of_the_wire_format(echo):
    with open(WIRE_FORMAT) as f:
        header = f.read()
    with open(DISSECTOR) as f:
        lua = f.read()
    wrong, count = [], 0
    for enum, table, prefix in (("wire_type", "TYPES", r"WIRE_"), ("tm_kind", "KINDS", r"TM_(MIG_)?")):
        have = lua_table(lua, table)
        for member, value in c_enum(header, enum).items():
            count += 1
            want = re.sub("^" + prefix, "", member)
            if have.get(value) != want:
                wrong.append("%s = %d is %s in the dissector's %s, want %s"
                             % (member, value, have.get(value, "missing"), table, want))
    for c, lua_name in (("WIRE_ETHERTYPE", "ETHERTYPE"), ("WIRE_VERSION", "VERSION"),
                        ("WIRE_HDR_LEN", "HDR_LEN")):
        want = int(re.search(r"#define %s (\w+)" % c, header).group(1), 0)
        got = re.search(r"local %s = (\w+)" % lua_name, lua)
        if not got or int(got.group(1), 0) != want:
            wrong.append("%s is %s in the dissector, want %d (%s)"
                         % (lua_name, got.group(1) if got else "missing", want, c))
    if count < 19:
        wrong.append("only %d frame types and message kinds found in %s" % (count, WIRE_FORMAT))
    if wrong:
        raise CaseFailed("; ".join(wrong))


HEADER_FIELDS = ("frame.number", "frame.len", "eth.src", "eth.dst", "demos.type", "demos.kind",
                 "demos.src", "demos.dst", "demos.len", "demos.sess", "demos.seq", "demos.frag",
                 "demos.nfrags", "_ws.expert.message", "_ws.malformed")


def every_frame_of_the_demo_migration_decodes_and_its_header_matches_the_frame(echo):
    cap = migration_capture(echo)
    frames = dissect(cap["pcap"], HEADER_FIELDS)
    if len(frames) < 100:
        raise CaseFailed("only %d frames in %s" % (len(frames), cap["pcap"]))
    streams, bad = {}, []
    for f in frames:
        n, why = f["frame.number"], []
        if f["demos.type"] not in ("HELLO", "DATA", "ACK", "RESET", "DGRAM", "HANDSHAKE"):
            why.append("type %r" % f["demos.type"])
        if f["_ws.expert.message"] or f["_ws.malformed"]:
            why.append("expert info %r" % (f["_ws.expert.message"] or "malformed"))
        if not why:
            src, dst = int(f["demos.src"]), int(f["demos.dst"])
            if src != int(f["eth.src"].split(":")[-1], 16):
                why.append("src %d but the MAC is %s" % (src, f["eth.src"]))
            if dst != (0xFF if f["eth.dst"] == "ff:ff:ff:ff:ff:ff"
                       else int(f["eth.dst"].split(":")[-1], 16)):
                why.append("dst %d but the MAC is %s" % (dst, f["eth.dst"]))
            if int(f["demos.len"]) != int(f["frame.len"]) - ETH_HDR - HDR - TAG:
                why.append("len %s in a frame of %s bytes" % (f["demos.len"], f["frame.len"]))
        if not why and f["demos.type"] == "DATA":
            if not f["demos.kind"] or int(f["demos.frag"]) >= int(f["demos.nfrags"]):
                why.append("kind %r, fragment %s of %s" % (f["demos.kind"], f["demos.frag"],
                                                            f["demos.nfrags"]))
            key, seq = (f["demos.src"], f["demos.dst"], f["demos.sess"]), int(f["demos.seq"])
            if key in streams and seq > streams[key] + 1:
                why.append("seq %d after %d in stream %s" % (seq, streams[key], key))
            streams[key] = max(seq, streams.get(key, seq))
        if why:
            bad.append("frame %s: %s" % (n, ", ".join(why)))
    if bad:
        raise CaseFailed("%d of %d frames: %s" % (len(bad), len(frames), "; ".join(bad[:5])))
    print("# %d frames decoded, %d DATA streams" % (len(frames), len(streams)))


MESSAGE_FIELDS = ("frame.number", "demos.kind", "demos.src", "demos.dst", "demos.sess",
                  "demos.seq", "demos.pid", "demos.msg.sender", "demos.update.sender")


def messages(pcap):
    """Each transport message once (first fragments, resent frames left out)."""
    seen, out = set(), []
    for f in dissect(pcap, MESSAGE_FIELDS, "demos.type == \"DATA\" && demos.frag == 0"):
        key = (f["demos.src"], f["demos.dst"], f["demos.sess"], f["demos.seq"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def demo_migration_goes_in_dsmp_steps_then_forwards_and_updates_each_client(echo):
    cap = migration_capture(echo)
    counter, quiet = cap["counter"], cap["quiet"]
    msgs = [m for m in messages(cap["pcap"]) if m["demos.pid"] == counter]
    steps = [m for m in msgs if m["demos.kind"] in MIGRATION]
    order = " ".join(m["demos.kind"] for m in steps) + " "
    if not re.fullmatch(STEPS + " ", order):
        raise CaseFailed("the migration's steps on the wire are '%s', want '%s'"
                         % (order.strip(), STEPS))
    for m in steps:
        want = ("1", "3") if m["demos.kind"] in ("OFFER", "STATE", "PAGES", "START") \
            else ("3", "1")
        if (m["demos.src"], m["demos.dst"]) != want:
            raise CaseFailed("%s went %s->%s, want %s->%s" % (
                m["demos.kind"], m["demos.src"], m["demos.dst"], want[0], want[1]))
    after = msgs[msgs.index(steps[-1]) + 1:]
    updates = [m for m in after if m["demos.kind"] == "LINK_UPDATE" and m["demos.src"] == "1"]
    senders = sorted(m["demos.update.sender"] for m in updates)
    # One for each client; a caller whose call the counter held as it
    # stopped (pre-copy stops it while it runs) can get a second: the open
    # call's update can lose the race with the answer from node 3, and the
    # next call then takes the forward.
    if set(senders) != set(cap["clients"]) or any(senders.count(s) > 2 for s in senders):
        raise CaseFailed("node 1 sent LINK_UPDATEs for %s after STARTED, want one (or two) for"
                         " each client %s" % (senders or "none", sorted(cap["clients"])))
    # The quiet client's first call: to node 1, forwarded to 3 and an update
    # (in either order: a call's update goes at once), then straight to 3.
    trail = ["%s %s->%s" % (m["demos.kind"], m["demos.src"], m["demos.dst"]) for m in after
             if quiet in (m["demos.msg.sender"], m["demos.update.sender"])]
    want = ["MSG 2->1", "MSG 1->3", "LINK_UPDATE 1->2", "MSG 2->3"]
    if trail[:4] != want and trail[:4] != [want[0], want[2], want[1], want[3]]:
        raise CaseFailed("client %s's first messages after the move are %s, want %s"
                         % (quiet, trail[:6], want))
    print("# %d messages for %s; steps: %s" % (len(msgs), counter, order.strip()))


def _doctor(src, dst, edits):
    """Copy pcap src to dst with edits {frame number: function(bytes) -> bytes}."""
    with open(src, "rb") as f:
        data = f.read()
    if struct.unpack("<I", data[:4])[0] != 0xa1b2c3d4:
        raise CaseFailed("%s is not a little-endian pcap" % src)
    out, off, n = [data[:24]], 24, 0
    while off < len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        n += 1
        if n in edits:
            frame = edits[n](frame)
            incl = orig = len(frame)
        out.append(struct.pack("<IIII", sec, usec, incl, orig) + frame)
    with open(dst, "wb") as f:
        f.write(b"".join(out))


def _set(at, value):
    return lambda fr: fr[:at] + bytes([value]) + fr[at + 1:]


def malformed_frames_get_the_expert_warning_and_unknown_ones_a_name(echo):
    cap = migration_capture(echo)
    frames = dissect(cap["pcap"], ("frame.number", "demos.type", "demos.kind", "demos.len"))
    first = {}
    for f in frames:
        first.setdefault((f["demos.type"], f["demos.kind"] if f["demos.type"] == "DATA" else ""),
                         int(f["frame.number"]))
    try:
        pages, hello, ack, msg = (first[k] for k in (("DATA", "PAGES"), ("HELLO", ""), ("ACK", ""),
                                                     ("DATA", "MSG")))
    except KeyError as e:
        raise CaseFailed("no %s frame in the capture" % (e,))
    edits = {pages: lambda fr: fr[:ETH_HDR + HDR + 20],      # cut short: len says 1444
             hello: lambda fr: fr[:ETH_HDR + 10],             # not even a header
             ack: _set(ETH_HDR + 1, 9),                       # frame type 9
             msg: _set(ETH_HDR + 25, 77)}                     # message kind 77
    doctored = os.path.join(LOGS, "doctored.pcap")
    _doctor(cap["pcap"], doctored, edits)
    got = {int(f["frame.number"]): f for f in dissect(
        doctored, ("frame.number", "demos.type", "demos.kind", "_ws.expert.message"),
        "demos.malformed || demos.unknown || _ws.expert")}
    want = {pages: ("malformed", r"payload cut short: length says \d+ bytes and a 8-byte tag,"
                                 r" the frame has 20"),
            hello: ("malformed", r"frame header cut short: 10 of %d bytes" % HDR),
            ack: ("unknown", r"frame type unknown \(9\)"),
            msg: ("unknown", r"message kind unknown \(77\)")}
    wrong = ["frame %d (%s) has no expert info" % (n, w[0]) for n, w in want.items()
             if n not in got]
    wrong += ["frame %d has expert info %r though untouched" % (n, got[n]["_ws.expert.message"])
              for n in got if n not in want]
    for n, (what, text) in want.items():
        if n in got and not re.search(text, got[n]["_ws.expert.message"]):
            wrong.append("frame %d (%s): expert info %r, want /%s/"
                         % (n, what, got[n]["_ws.expert.message"], text))
    if ack in got and got[ack]["demos.type"] != "unknown (9)":
        wrong.append("frame %d: type %r, want 'unknown (9)'" % (ack, got[ack]["demos.type"]))
    if msg in got and got[msg]["demos.kind"] != "unknown (77)":
        wrong.append("frame %d: kind %r, want 'unknown (77)'" % (msg, got[msg]["demos.kind"]))
    if wrong:
        raise CaseFailed("; ".join(wrong))


CASES = [
    dissector_names_every_frame_type_and_message_kind_of_the_wire_format,
    every_frame_of_the_demo_migration_decodes_and_its_header_matches_the_frame,
    demo_migration_goes_in_dsmp_steps_then_forwards_and_updates_each_client,
    malformed_frames_get_the_expert_warning_and_unknown_ones_a_name,
]

__all__ = ["CASES"]
