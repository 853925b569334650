// SPDX-License-Identifier: MIT
/* burn SECONDS: a CPU-bound process for the load policy. Computes a fixed
 * amount of work (SECONDS of this machine's CPU alone under TCG) without
 * yielding, then prints "burn ID: done on node N after T ms" (T: wall time
 * from its start, summed a chunk at a time on each node it ran on, so a
 * move's TSC jump between nodes is never counted). Holds BURN_BYTES of
 * zero pages, so that a node short of memory refuses it. */
#include "demos.h"

#define ITERS_PER_SEC 190000000u     /* loop turns in one second alone (calibrated) */
#define CHUNK_ITERS 1000000u
#define BURN_BYTES (2u << 20)
#define CALIBRATE_MS 50

static volatile uint8_t room[BURN_BYTES];  /* zero pages: memory, not wire bytes */

/* TSC ticks per ms (the host's rate, the same on every node): the least of
 * a few sleeps, as a sleep on a busy node can only end late. */
static uint64_t ticks_per_ms(void)
{
    uint64_t best = ~0ull;
    for (int i = 0; i < 3; i++) {
        uint64_t t0 = rdtsc();
        sleep_ms(CALIBRATE_MS);
        uint64_t t = (rdtsc() - t0) / CALIBRATE_MS;
        best = t < best ? t : best;
    }
    return best ? best : 1;
}

int main(int argc, char **argv)
{
    uint32_t seconds;
    if (argc != 2 || !parse_uint(argv[1], &seconds) || seconds == 0 || seconds > 3600) {
        printf("usage: burn SECONDS (1..3600)\n");
        return 2;
    }
    (void)room;
    uint64_t per_ms = ticks_per_ms();
    uint64_t chunks = (uint64_t)seconds * (ITERS_PER_SEC / CHUNK_ITERS), ticks = 0;
    unsigned node = this_node();
    uint64_t t0 = rdtsc();
    volatile uint32_t x = 1;
    for (uint64_t c = 0; c < chunks; c++) {
        for (uint32_t i = 0; i < CHUNK_ITERS; i++)
            x = x * 1664525u + 1013904223u;
        uint64_t t1 = rdtsc();
        unsigned now = this_node();
        if (now == node)
            ticks += t1 - t0;   /* else the chunk spans a move: other clocks */
        node = now;
        t0 = t1;
    }
    pid_t me = getpid();
    printf("burn %u.%u: done on node %u after %u ms\n", PID_NODE(me), PID_SERIAL(me), node,
           (uint32_t)(ticks / per_ms));
    return 0;
}
