# SPDX-License-Identifier: MIT
# The chart tool's cases: tools/msc draws the demo's migration as an SVG
# naming every node, one arrow a message, ACKs and HELLOs only when asked.

import os
import re
import subprocess
import xml.etree.ElementTree as ET

from caserunner import CaseFailed
from fixture import LOGS, migration_capture
from harness import ROOT

MSC = os.path.join(ROOT, "tools", "msc")
SVG = "{http://www.w3.org/2000/svg}"
STEPS = ["OFFER", "ACCEPT", "PULL_STATE", "STATE", "PULL_PAGES", "PAGES", "READY", "START",
         "STARTED"]
# The move's steps in order: pre-copy's rounds of pulled pages, then the
# state S sends once P stopped.
ORDER = r"OFFER ACCEPT (PULL_PAGES PAGES )+STATE READY START STARTED"


def chart(pcap, out, *options):
    """Run tools/msc; the SVG's root element."""
    r = subprocess.run([MSC, pcap, "-o", out] + list(options), capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 0:
        raise CaseFailed("tools/msc %s: status %d: %s" % (" ".join(options), r.returncode,
                                                          r.stderr.strip()))
    try:
        return ET.parse(out).getroot()
    except ET.ParseError as e:
        raise CaseFailed("%s is not well-formed XML: %s" % (out, e))


def groups(root, cls):
    return [g for g in root.iter(SVG + "g") if g.get("class") == cls]


def chart_of_the_migration_names_every_node_and_draws_its_steps_in_order(echo):
    cap = migration_capture(echo)
    root = chart(cap["pcap"], os.path.join(LOGS, "migration.svg"))
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    missing = [n for n in (1, 2, 3) if "node %d" % n not in texts]
    if missing or sorted(int(g.get("data-node")) for g in groups(root, "node")) != [1, 2, 3]:
        raise CaseFailed("the chart names nodes %s, want node 1, node 2, node 3"
                         % sorted(t for t in texts if t.startswith("node ")))
    arrows = groups(root, "arrow")
    kinds = [g.get("data-kind") for g in arrows]
    folded = [k for k in kinds if k in ("ACK", "HELLO")]
    if folded:
        raise CaseFailed("%d ACK/HELLO arrows drawn without --acks/--hellos" % len(folded))
    # One move in the capture: its steps are the chart's only migration
    # arrows, one each (a message of many fragments is one arrow).
    ours = [(g.get("data-kind"), g.get("data-pid")) for g in arrows
            if g.get("data-kind") in STEPS]
    kinds = " ".join(k for k, _ in ours) + " "
    if not re.fullmatch(ORDER + " ", kinds) or {p for _, p in ours} != {cap["counter"]}:
        raise CaseFailed("the chart's migration arrows are %s, want %s, all of process %s"
                         % (ours, ORDER, cap["counter"]))
    updates = sorted(g.get("data-dst") for g in arrows if g.get("data-kind") == "LINK_UPDATE")
    # One per client (two on node 2, one on 3); a caller whose call the
    # counter held as it stopped can get a second (dissector_cases.py says why).
    if not (2 <= updates.count("2") <= 4 and 1 <= updates.count("3") <= 2
            and set(updates) == {"2", "3"}):
        raise CaseFailed("LINK_UPDATE arrows go to nodes %s, want 2, 2, 3 (one per client,"
                         " or two for a caller whose call was held)" % updates)
    labels = {t.text for g in arrows for t in g.iter(SVG + "text") if t.get("text-anchor")}
    if not any(re.fullmatch(r"OFFER %s" % re.escape(cap["counter"]), l or "") for l in labels):
        raise CaseFailed("no arrow labelled 'OFFER %s'" % cap["counter"])
    # The clients' calls are folded: each MSG arrow stands for several
    # ("MSG 1.6 x 37"), at least two on the average.
    msgs = [g for g in arrows if g.get("data-kind") == "MSG"]
    carried = 0
    for g in msgs:
        label = " ".join(t.text or "" for t in g.iter(SVG + "text") if t.get("text-anchor"))
        times = re.search(r" x (\d+)$", label)
        carried += int(times.group(1)) if times else 1
    if not msgs or carried < 2 * len(msgs):
        raise CaseFailed("%d MSG arrows stand for %d messages: the calls are not folded"
                         % (len(msgs), carried))


def chart_draws_acks_and_hellos_when_asked(echo):
    cap = migration_capture(echo)
    root = chart(cap["pcap"], os.path.join(LOGS, "migration-all.svg"), "--acks", "--hellos")
    kinds = {g.get("data-kind") for g in groups(root, "arrow")}
    if not {"ACK", "HELLO"} <= kinds:
        raise CaseFailed("with --acks --hellos the arrows' kinds are %s" % sorted(kinds))


CASES = [
    chart_of_the_migration_names_every_node_and_draws_its_steps_in_order,
    chart_draws_acks_and_hellos_when_asked,
]

__all__ = ["CASES"]
