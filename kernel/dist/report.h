/* SPDX-License-Identifier: MIT */
/* Text reports for the shell (through procmgr): processes, counters, a
 * link table, memory. Lines of "name=value" or one record a line. */
#ifndef KERNEL_REPORT_H
#define KERNEL_REPORT_H
#include <stdint.h>
#include "kernel/core/proc.h"

/* Bytes of the report from offset on, into buf (at most size); 0 past the end. */
int report_text(uint32_t report, pid_t pid, uint32_t offset, char *buf, uint32_t size);
/* One process's figures. */
uint32_t report_proc(struct proc *p, char *buf, uint32_t size);
const char *proc_state_name(const struct proc *p);

#endif
