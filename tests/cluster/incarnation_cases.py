# SPDX-License-Identifier: MIT
# A rebooted node is a new incarnation (issue 13): it hands out the same
# process ids again, but a link made before the reboot carries the old
# incarnation and gets E_NOPROC; it never reaches the new process.

import time

import clusterlib as cl
from caserunner import CaseFailed
from harness import BOOT_LIMIT, Cluster, expect_equal, me, summary

CLIENT_WAIT_MS = 8000   # the old link's holder stays quiet this long: reboot and respawn meanwhile


def counter_c(c, node):
    """spawn counter c on node once c is free to register; its id."""
    pid = c.spawn(node, "counter c")
    c.wait_registered(1, "c")
    return pid


def old_link_to_an_id_reused_after_reboot_fails_and_never_reaches_the_new_process(echo):
    with Cluster(me(), 2, echo, limit=90) as c:
        old = counter_c(c, 2)
        started = time.monotonic()
        c.spawn(1, "client c 2 %d" % CLIENT_WAIT_MS)    # looks c up now, calls later
        time.sleep(1.0)                                 # (its lookup done)
        try:
            boot = cl.restart(2, dir=c.dir, timeout=BOOT_LIMIT)
        except cl.ClusterError as e:
            raise CaseFailed("restart 2: %s" % e)
        c.hears(1, 2)
        c.wait_line(1, r"^demos: node 2 restarted$", 5)
        c.wait_line(2, r"^demos: node 1 up$", 10, since=boot)
        impostor = counter_c(c, 2)
        expect_equal("counter c's id after node 2's reboot", impostor, old)
        since = c.mark(1)       # the old link's client has not called yet (checked below)
        if time.monotonic() - started > CLIENT_WAIT_MS / 1000.0 - 0.5:
            raise CaseFailed("node 2 took %.1f s to reboot and respawn counter c, past the"
                             " client's %d ms wait: the test proves nothing"
                             % (time.monotonic() - started, CLIENT_WAIT_MS))
        expect_equal("the old link's client after the reboot",
                     c.wait_line(1, r"client: (?!first error)", 20, since),
                     summary(2, 0, 0))
        expect_equal("its first error", c.wait_line(1, r"client: first error", 5, since),
                     "client: first error E_NOPROC")
        expect_equal("a client on node 1 looking c up afresh", c.run_client(1, "c 3", 20),
                     summary(3, 3, 2))


CASES = [
    old_link_to_an_id_reused_after_reboot_fails_and_never_reaches_the_new_process,
]


__all__ = ["CASES"]
