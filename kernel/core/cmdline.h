/* SPDX-License-Identifier: MIT */
/* The kernel command line: node=N, host=NAME, test, run=PROG[:ARG],...,
 * hold_start=MS, hold_pull=MS (tests only). */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H
#include <stdbool.h>

#define CMDLINE_MAX 512
struct boot_opts {
    unsigned node;          /* 1..254 */
    bool node_given;        /* node=N or host=NAME gave it (else: from the MAC) */
    const char *node_from;  /* what gave it: "node=", "host name", "MAC", "default" */
    bool test;              /* run the in-kernel tests, then exit QEMU */
    char run[CMDLINE_MAX];  /* handed to init as its arguments */
    /* Fault injection for the cluster tests: a destination holds every
     * migration's START this long before it starts the process and says
     * STARTED, so a test can kill it in between. 0: off. */
    unsigned hold_start_ms;
    /* And holds the pull after a move's first pages message (pre-copy's
     * first round, the process still running at the source). 0: off. */
    unsigned hold_pull_ms;
};
extern struct boot_opts boot_opts;

/* Parse a command line; unknown or bad words are reported and ignored.
 * The first word is skipped when it names the image (GRUB and iPXE put
 * the kernel's path or URL there). Returns the number of words ignored. */
int cmdline_parse(const char *line, struct boot_opts *out);

#endif
