# SPDX-License-Identifier: MIT
# The mutants: each one small change to the kernel that breaks one
# guarantee, and the tests that must notice (tests/mutants/run applies them).

__all__ = ["MUTANTS"]

UNIT = "tests/unit/run"
CLUSTER = "tests/cluster/run"
SCENARIO = "tests/scenario/run"

# (name, file, the text as it is, the text as the mutant has it, what breaks,
#  the commands of which at least one must fail)
MUTANTS = [
    # -- the three the audit saw survive --
    ("update_first_link_only", "kernel/core/link.c",
     "            changed++;\n",
     "            changed++;\n            break;\n",
     "a LINK_UPDATE rewrites only the sender's first link to the process",
     [UNIT + " link", CLUSTER + " sender_with_three_links_has_all_updated_by_one_forward"]),
    ("update_ignores_epoch", "kernel/core/link.c",
     "if (l->target == pid && epoch > l->epoch) {",
     "if (l->target == pid) {",
     "an older link update overwrites a newer one",
     [UNIT + " link", CLUSTER + " link_updates_out_of_epoch_order_leave_the_newest"]),
    ("source_frees_at_start", "kernel/dist/migrate.c",
     "        send_step(mg, TM_MIG_START, (struct wire_mig){ 0 });\n",
     "        send_step(mg, TM_MIG_START, (struct wire_mig){ 0 });\n        on_started(mg);\n",
     "the source frees the process when it sends START, before STARTED",
     [CLUSTER + " destination_killed_between_start_and_started_leaves_it_at_the_source"]),
    # -- the seven the audit saw caught, kept caught --
    ("no_retransmission", "kernel/net/transport.c",
     "            t->sent = false;\n            transport_stats.retransmits++;",
     "            transport_stats.retransmits++;",
     "lost frames are never sent again",
     [CLUSTER + " calls_survive_loss_duplication_delay_and_reordering"]),
    ("no_forwarding", "kernel/core/route.c",
     "return f ? forward_msg(m, l, f) : -E_NOPROC;",
     "return (void)f, -E_NOPROC;",
     "a message reaching a process's old node after the move is not forwarded",
     [CLUSTER + " quiet_sender_is_forwarded_along_a_chain_then_goes_direct"]),
    ("no_link_update_sent", "kernel/dist/forward.c",
     "    transport_send(origin, TM_LINK_UPDATE, buf, sizeof(buf));",
     "    (void)buf;",
     "a forward never tells the sender's kernel the new place",
     [CLUSTER + " moved_counter_loses_nothing_and_updates_the_caller_once"]),
    ("peer_down_keeps_calls", "kernel/dist/remote.c",
     "if (!p->call_token || p->call_node != node)",
     "if (1)",
     "calls waiting on a node that died are never failed",
     [CLUSTER + " killed_node_fails_its_callers_within_5_seconds"]),
    ("refused_move_leaves_it_migrating", "kernel/dist/migrate.c",
     "        p->mig.moving = false;\n        sched_resume(p);\n",
     "        sched_resume(p);\n",
     "a refused or failed move leaves the process marked as moving: it can never move again",
     [CLUSTER + " destination_without_memory_refuses_and_the_process_stays"]),
    ("stale_handles_accepted", "kernel/core/link.h",
     "t->gen[slot] != gen || !(gen & 1)",
     "!(t->gen[slot] & 1) || (gen & 0)",
     "a link handle kept after its link was destroyed still works",
     [UNIT + " link"]),
    ("no_exit_notice", "kernel/dist/forward.c",
     "    exit_notices(pid, set);\n",
     "    (void)set, (void)pid;\n",
     "a process's exit leaves its forwarding entries on the chain",
     [CLUSTER + " exit_after_moves_reclaims_every_forwarding_entry"]),
    # -- added with the tests that pin them --
    ("open_calls_not_told", "kernel/dist/migrate.c",
     "    forward_open_calls(&p->links, p->pid, mg->peer, mg->epoch);\n",
     "",
     "a caller whose call the process held as it moved waits on the old node",
     [CLUSTER + " destination_killed_just_after_started_fails_callers_with_e_down"]),
    ("services_killable", "kernel/dist/kcontrol.c",
     "    if (p->service && (op == KOP_STOP || op == KOP_KILL || op == KOP_MIGRATE)) {",
     "    if (p->service && op == KOP_STOP) {",
     "the shell's kill and migrate reach system services",
     [SCENARIO + " system_services_cannot_be_killed_or_moved_from_the_shell"]),
    ("services_not_restarted", "user/procmgr/procmgr.c",
     "        watch(r, CHAN_SHELL_ENDED);",
     "        (void)r;",
     "a shell that ends is not started again",
     [SCENARIO + " a_shell_that_ends_comes_back_on_its_console"]),
]
