/* SPDX-License-Identifier: MIT */
/* The kernel command line: node=N, host=NAME, test, run=PROG[:ARG],...,
 * key=HEX (the cluster key), hold_start=MS, hold_pull=MS, fault=PROG[:MS]
 * and lie=WHAT (tests only). */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H
#include <stdbool.h>
#include <stdint.h>

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
    /* key=HEX: the cluster key, 32 or 64 hex digits (16 or 32 bytes); 0
     * bytes: none given, the node is unauthenticated (kernel/net/auth.c). */
    uint8_t key[32];
    unsigned key_len;
    bool macbench;          /* macbench: time the frame MAC at boot (tools/bench) */
    /* lie=area|seal|kernel (tests only): this kernel lies in what it sends
     * other nodes, as a faulty or hostile one would: move_data requests 16
     * bytes before the DATA link's area, or with its seal spoiled, or
     * KERNEL-link messages with their seal spoiled. LIE_NONE: off. */
    enum { LIE_NONE, LIE_AREA, LIE_SEAL, LIE_KERNEL } lie;
    /* Fault injection for the service tests: the first process of program
     * fault_prog faults (jumps to address 0) on its way back from the first
     * kernel call it makes fault_ms or more after it started (kernel/core/
     * faultinject.c). Empty: off. */
    char fault_prog[32];
    unsigned fault_ms;
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
