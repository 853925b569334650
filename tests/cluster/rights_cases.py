# SPDX-License-Identifier: MIT
# Rights checked where they are used (issue 15): the kernel that serves a
# move_data or a KERNEL-link operation for another node checks the link's
# seal, area and rights itself. A test-only boot option makes the other
# kernels lie (lie=area|seal|kernel), as a faulty or hostile one would.

from caserunner import CaseFailed
from harness import Cluster, expect_equal, me, summary


def refused(c, node, before):
    got = c.stats(node)["rights_refused"] - before
    if got < 1:
        raise CaseFailed("node %d's rights_refused rose by %d, want >= 1" % (node, got))


def fetch_refused(c):
    before = c.stats(1)["rights_refused"]
    since = c.mark(2)
    c.spawn(2, "datatest fetch d")
    got = c.wait_line(2, r"datatest: (?!serve)", 30, since)
    expect_equal("datatest fetch on node 2, a lying kernel", got,
                 "datatest: move_data failed: E_PERM")
    refused(c, 1, before)


def move_data_outside_the_area_its_link_grants_is_refused(echo):
    with Cluster(me(), 2, echo, limit=60, append=["lie=area"]) as c:
        c.spawn(1, "datatest serve d 64")
        c.wait_registered(2, "d")
        fetch_refused(c)


def move_data_with_a_spoiled_seal_is_refused(echo):
    with Cluster(me(), 2, echo, limit=60, append=["lie=seal"]) as c:
        c.spawn(1, "datatest serve d 64")
        c.wait_registered(2, "d")
        fetch_refused(c)


def kernel_operation_on_a_link_no_kernel_issued_is_refused(echo):
    with Cluster(me(), 2, echo, limit=60, append=["lie=kernel"]) as c:
        counter = c.spawn(1, "counter c")
        c.wait_registered(2, "c")
        before = c.stats(1)["rights_refused"]
        out = c.sh(2, "kill %s" % counter).strip().splitlines()
        if not out or not out[-1].startswith("kill: %s: refused" % counter):
            raise CaseFailed("'kill %s' on node 2 printed %r, want 'kill: %s: refused...'"
                             % (counter, out, counter))
        refused(c, 1, before)
        expect_equal("counter %s on node 1" % counter, c.ps(1).get(counter),
                     ("counter", "receiving"))
        expect_equal("a client on node 2 after", c.run_client(2, "c 20", 30),
                     summary(20, 20, 1))


CASES = [
    move_data_outside_the_area_its_link_grants_is_refused,
    move_data_with_a_spoiled_seal_is_refused,
    kernel_operation_on_a_link_no_kernel_issued_is_refused,
]


__all__ = ["CASES"]
