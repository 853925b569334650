// SPDX-License-Identifier: MIT
/* In-kernel tests of the message kernel calls: each runs one case of the
 * user program ipctest (user/ipctest) as a real process holding a KERNEL
 * link, and passes when that process ends with 0. */
#include "kernel/ktest.h"
#include "kernel/core/exec.h"
#include "kernel/core/proc.h"
#include "kernel/core/link.h"
#include "kernel/core/cmdline.h"

#define CASE_TIME_MS 10000

static void run_case(const char *name)
{
    struct link kernel = { 0 };
    kernel.target = PID_MAKE(boot_opts.node, 0);
    kernel.node_hint = (uint16_t)boot_opts.node;
    kernel.flags = LINK_KERNEL;
    int pid = exec_spawn("ipctest", name, &kernel);
    KEXPECT(pid > 0);
    if (pid <= 0)
        return;
    KEXPECT_EQ(0, ktest_wait_exit(pid, CASE_TIME_MS));
    int code = -1;
    KEXPECT(proc_last_exit(pid, &code));
    KEXPECT_EQ(0, code);
}

#define IPC_CASE(name) KTEST(name) { run_case(#name); }

IPC_CASE(forged_link_handles_are_refused)
IPC_CASE(stale_link_handle_is_refused_after_destroy)
IPC_CASE(link_create_checks_its_arguments)
IPC_CASE(dup_and_info_describe_the_same_target)
IPC_CASE(message_arrives_whole_with_sender_and_channel)
IPC_CASE(receive_takes_only_the_chosen_channels)
IPC_CASE(receive_times_out)
IPC_CASE(oversize_message_is_refused)
IPC_CASE(carried_link_moves_into_the_receivers_table)
IPC_CASE(call_gets_the_answer_and_reply_link_works_once)
IPC_CASE(message_to_an_ended_process_comes_back_as_error)
IPC_CASE(full_queue_blocks_or_says_would_block)
IPC_CASE(killing_a_callee_fails_its_blocked_callers)
IPC_CASE(data_link_checks_bounds_and_rights)
IPC_CASE(data_link_moves_between_address_spaces)
IPC_CASE(kernel_link_stops_resumes_and_reports)
IPC_CASE(reply_link_cannot_be_duplicated)
/* The fast path against the general one (user/ipctest/fastpath_cases.c). */
IPC_CASE(fast_and_general_path_deliver_and_answer_the_same)
IPC_CASE(receiver_on_another_channel_does_not_take_it)
IPC_CASE(stopped_receiver_gets_the_message_queued_not_delivered)
IPC_CASE(full_queue_refuses_a_waiting_receiver_too)
IPC_CASE(receiver_killed_while_a_caller_waits_fails_the_call_on_either_path)
IPC_CASE(what_the_fast_path_may_not_take_gets_the_general_answer)
IPC_CASE(messages_keep_their_order_whichever_path_they_take)
