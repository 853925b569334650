// SPDX-License-Identifier: MIT
/* bench: path lengths and latencies, read with rdtsc. Under QEMU's
 * -icount shift=0 the TSC counts instructions, so figures are exact; under
 * plain TCG they are time (converted to us with a TSC rate measured against
 * the kernel's timer). Prints "bench: NAME=VALUE UNIT".
 *   bench [icount|time] [ROUNDS]   local kernel calls and round trips
 *   bench echo                     the partner: answers calls as bench-echo
 *   bench remote NAME [ROUNDS]     round trips and one-way messages to NAME
 *   bench forward NAME WAIT_MS     one call, a wait (move NAME meanwhile),
 *                                  then the forwarded call and a direct one */
#include "demos.h"

#define DEFAULT_ROUNDS 10000
#define MAX_ROUNDS 20000

static uint32_t samples[MAX_ROUNDS];
static struct msg m;

static void sort(uint32_t *a, uint32_t n)
{
    for (uint32_t gap = n / 2; gap > 0; gap = gap == 2 ? 1 : gap * 5 / 11)
        for (uint32_t i = gap; i < n; i++) {
            uint32_t v = a[i], j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap)
                a[j] = a[j - gap];
            a[j] = v;
        }
}

static void report(const char *name, uint32_t n, const char *unit, uint32_t per_us100)
{
    sort(samples, n);
    uint32_t med = samples[n / 2], p99 = samples[n * 99 / 100], max = samples[n - 1];
    if (per_us100) {        /* TSC ticks per 0.01 us -> microseconds with 2 decimals */
        printf("bench: %s_median=%u.%02u us\n", name, med / per_us100 / 100, med / per_us100 % 100);
        printf("bench: %s_p99=%u.%02u us\n", name, p99 / per_us100 / 100, p99 / per_us100 % 100);
    } else {
        printf("bench: %s_median=%u %s\n", name, med, unit);
        printf("bench: %s_max=%u %s\n", name, max, unit);
    }
}


static int echo(void) __attribute__((noreturn));
static int echo(void)
{
    int self = link_create(0, 0, 0, 0), reply = LINK_NONE;
    name_register("bench-echo", self);
    for (;;) {
        /* Answer the last call and take the next message in one kernel call. */
        int n = reply_receive(CHAN_ALL, &m, 0, reply);
        reply = n < 0 ? LINK_NONE : m.h.reply;   /* one-way messages: just taken */
    }
}

static int find(const char *name)
{
    int h = -E_NOENT;
    for (int i = 0; i < 200 && h < 0; i++, sleep_ms(10))
        h = name_lookup(name);
    if (h < 0)
        printf("bench: cannot find %s: %s\n", name, err_name(h));
    return h;
}

static uint32_t one_call(int h)
{
    uint32_t word = 1;
    msg_set(&m, &word, sizeof(word));
    uint64_t t0 = rdtsc();
    call(h, &m, 0);
    return (uint32_t)(rdtsc() - t0);
}

/* One figure of this node's stats (0 if not there). */
static uint64_t node_stat(const char *name)
{
    static char text[2048];
    uint64_t v = 0;
    if (fetch_report(REPORT_STATS, 0, text, sizeof(text)) > 0)
        report_value(text, name, &v);
    return v;
}

/* This node's halted TSC (under -icount: not instructions). */
static uint64_t idle_tsc(void)
{
    return node_stat("idle_tsc");
}

static int remote(const char *name, uint32_t rounds)
{
    int h = find(name);
    if (h < 0)
        return 1;
    uint32_t rate = tsc_per_us100();
    uint64_t idle0 = idle_tsc(), t0 = rdtsc();
    for (uint32_t i = 0; i < rounds; i++)
        samples[i] = one_call(h);
    uint64_t busy = (rdtsc() - t0) - (idle_tsc() - idle0);
    report("remote_round_trip", rounds, "", rate);
    printf("bench: remote_round_trip_node_tsc=%u per round (instructions under -icount)\n",
           (uint32_t)(busy / rounds));
    uint32_t word = 1;
    t0 = rdtsc();
    for (uint32_t i = 0; i < rounds; i++) {
        msg_set(&m, &word, sizeof(word));
        send(h, &m, 0);
    }
    one_call(h);                /* after the burst: all were taken */
    uint64_t us = (rdtsc() - t0) / (rate * 100);
    printf("bench: remote_one_way=%u msgs/s\n", us ? (uint32_t)(rounds * 1000000ull / us) : 0);
    return 0;
}

static int forward(const char *name, uint32_t wait)
{
    int h = find(name);
    if (h < 0)
        return 1;
    uint32_t rate = tsc_per_us100();
    one_call(h);
    sleep_ms(wait);             /* NAME moves meanwhile */
    uint32_t forwarded = one_call(h) / rate / 100, direct = one_call(h) / rate / 100;
    printf("bench: first_call_after_move=%u us\nbench: direct_call_after_update=%u us\n",
           forwarded, direct);
    printf("bench: forwarding_extra_latency=%d us\n", (int)forwarded - (int)direct);
    return 0;
}

int main(int argc, char **argv)
{
    uint32_t rounds = DEFAULT_ROUNDS;
    const char *mode = argc > 1 ? argv[1] : "icount";
    bool timed = strcmp(mode, "time") == 0;
    if (strcmp(mode, "echo") == 0)
        return echo();
    uint32_t wait;
    if (strcmp(mode, "forward") == 0 && argc == 4 && parse_uint(argv[3], &wait))
        return forward(argv[2], wait);
    if (strcmp(mode, "remote") == 0 && argc >= 3) {
        if (argc > 3 && (!parse_uint(argv[3], &rounds) || rounds < 100 || rounds > MAX_ROUNDS))
            rounds = DEFAULT_ROUNDS;
        return remote(argv[2], rounds);
    }
    if (argc > 2 && (!parse_uint(argv[2], &rounds) || rounds < 100 || rounds > MAX_ROUNDS))
        rounds = DEFAULT_ROUNDS;
    spawn("bench", "echo");
    int h = find("bench-echo");
    if (h < 0)
        return 1;
    uint32_t rate = timed ? tsc_per_us100() : 0;
    const char *unit = "instructions";

    for (uint32_t i = 0; i < rounds; i++) {
        uint64_t t0 = rdtsc();
        getpid();
        samples[i] = (uint32_t)(rdtsc() - t0);
    }
    if (!timed)
        report("null_call", rounds, unit, 0);

    uint64_t hits = node_stat("fastpath_hits"), misses = node_stat("fastpath_misses");
    for (uint32_t i = 0; i < rounds; i++)
        samples[i] = one_call(h);
    hits = node_stat("fastpath_hits") - hits;
    misses = node_stat("fastpath_misses") - misses;
    report("local_round_trip", rounds, unit, rate);
    if (!timed)             /* both ways of each round; the stats calls' own count too */
        printf("bench: fastpath_hits=%u fastpath_misses=%u (round-trip run, %u rounds)\n",
               (uint32_t)hits, (uint32_t)misses, rounds);

    /* One way: a burst of sends, all taken by the partner, per message. */
    uint32_t word = 1;
    uint64_t t0 = rdtsc();
    for (uint32_t i = 0; i < rounds; i++) {
        msg_set(&m, &word, sizeof(word));
        send(h, &m, 0);
    }
    one_call(h);                /* after the burst: all were received */
    uint32_t per = (uint32_t)((rdtsc() - t0) / rounds);
    if (!timed)
        printf("bench: one_way_send_receive=%u %s\n", per, unit);
    return 0;
}
