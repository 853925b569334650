// SPDX-License-Identifier: MIT
/* bench [ROUNDS]: path lengths of the message kernel calls, read with
 * rdtsc. Under QEMU's -icount shift=0 the TSC counts instructions, so the
 * figures are exact; under plain TCG they are time (converted to us with a
 * TSC rate measured against the kernel's timer). Prints "bench: NAME=VALUE UNIT". */
#include "demos.h"

#define DEFAULT_ROUNDS 10000
#define MAX_ROUNDS 20000
#define CALIBRATE_MS 200

static uint32_t samples[MAX_ROUNDS];
static struct msg m;

static inline uint64_t rdtsc(void)
{
    uint64_t v;
    asm volatile("rdtsc" : "=A"(v));
    return v;
}

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

/* Ticks of the TSC per 0.01 us, from a sleep on the kernel's timer. */
static uint32_t tsc_rate(void)
{
    uint64_t t0 = rdtsc();
    sleep_ms(CALIBRATE_MS);
    uint64_t ticks = rdtsc() - t0;
    uint32_t r = (uint32_t)(ticks / (CALIBRATE_MS * 1000ull * 100));
    return r ? r : 1;
}

static int echo(void) __attribute__((noreturn));
static int echo(void)
{
    int self = link_create(0, 0, 0, 0);
    name_register("bench-echo", self);
    for (;;) {
        int n = receive(CHAN_ALL, &m, 0);
        if (n < 0)
            continue;
        if (m.h.reply == LINK_NONE)
            continue;           /* one-way messages: just taken */
        send(m.h.reply, &m, 0);
    }
}

int main(int argc, char **argv)
{
    uint32_t rounds = DEFAULT_ROUNDS;
    bool timed = argc > 1 && strcmp(argv[1], "time") == 0;
    if (argc > 1 && strcmp(argv[1], "echo") == 0)
        return echo();
    if (argc > 2 && (!parse_uint(argv[2], &rounds) || rounds < 100 || rounds > MAX_ROUNDS))
        rounds = DEFAULT_ROUNDS;
    spawn("bench", "echo");
    int h = -E_NOENT;
    for (int i = 0; i < 100 && h < 0; i++, sleep_ms(10))
        h = name_lookup("bench-echo");
    if (h < 0) {
        printf("bench: cannot find its echo partner: %s\n", err_name(h));
        return 1;
    }
    uint32_t rate = timed ? tsc_rate() : 0;
    const char *unit = "instructions";

    for (uint32_t i = 0; i < rounds; i++) {
        uint64_t t0 = rdtsc();
        getpid();
        samples[i] = (uint32_t)(rdtsc() - t0);
    }
    if (!timed)
        report("null_call", rounds, unit, 0);

    uint32_t word = 1;
    for (uint32_t i = 0; i < rounds; i++) {
        msg_set(&m, &word, sizeof(word));
        uint64_t t0 = rdtsc();
        call(h, &m, 0);
        samples[i] = (uint32_t)(rdtsc() - t0);
    }
    report("local_round_trip", rounds, unit, rate);

    /* One way: a burst of sends, all taken by the partner, per message. */
    uint64_t t0 = rdtsc();
    for (uint32_t i = 0; i < rounds; i++) {
        msg_set(&m, &word, sizeof(word));
        send(h, &m, 0);
    }
    msg_set(&m, &word, sizeof(word));
    call(h, &m, 0);             /* after the burst: all were received */
    uint32_t per = (uint32_t)((rdtsc() - t0) / rounds);
    if (!timed)
        printf("bench: one_way_send_receive=%u %s\n", per, unit);
    return 0;
}
