// SPDX-License-Identifier: MIT
/* The membership protocol at scale: N members each running the kernel's
 * own kernel/net/swim.c over a simulated network that loses, delays,
 * partitions and stalls. Measures frames per node per second, the time
 * until a crash is known by every member, and false "down"s under loss
 * and under a member that stalls; prints one table row per N, and with
 * --check fails (exit 1) on any figure outside its bound. */
#include "kernel/net/swim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define TICK_MS 10              /* each member's timer runs every 10 ms */
#define DELAY_MIN_MS 1
#define DELAY_SPREAD_MS 4       /* one-way delay 1..5 ms */
#define HELLO_TYPE SWIM_MSGS    /* the kernel's HELLO (join, and its answer) */
/* --check's bounds under 5% loss: suspicions (two direct pings and three
 * indirect ones must all fail: about 1 in 75 members a minute), and how
 * soon a member that suspected a live one has it alive again (it pings
 * the suspect at once and every period: a refutation comes in its ack). */
#define SUSPECTS_PER_MINUTE_DIV 20
#define REFUTE_MAX_S 1.0

struct node {
    struct swim s;
    struct swim_member *m;
    swim_id *order;
    uint64_t rng;
    int crashed;
    uint32_t stalled_until;
    uint32_t group;             /* partition side */
    uint64_t sent, received;
};

struct msg {
    uint32_t at;
    swim_id from, to;
    uint8_t type;
    uint16_t len;
    uint8_t data[SWIM_MSG_MAX];
};

static struct node *nodes;
static unsigned N;
static uint32_t now;
static double loss;
static int partitioned;
static uint64_t net_rng = 88172645463325252ull;
static struct msg **heap;
static size_t nheap, capheap;
/* What the members declared: */
static uint64_t false_downs, downs_of_crashed;
static swim_id crashed_id;
static uint32_t crashed_at, last_known_at;
static unsigned knowers;
/* A member's own suspicions of live members, until it has them alive again: */
#define OWN_MAX 65536
static struct { swim_id by, id; uint32_t at; } own[OWN_MAX];
static unsigned nown, own_dropped;
static uint32_t own_longest;         /* ms: the longest until its suspecter took it back */

static uint32_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)(*x >> 11);
}

static void heap_push(struct msg *m)
{
    if (nheap == capheap) {
        capheap = capheap ? capheap * 2 : 4096;
        heap = realloc(heap, capheap * sizeof(*heap));
    }
    size_t i = nheap++;
    while (i && heap[(i - 1) / 2]->at > m->at) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = m;
}

static struct msg *heap_pop(void)
{
    struct msg *top = heap[0], *last = heap[--nheap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= nheap)
            break;
        if (c + 1 < nheap && heap[c + 1]->at < heap[c]->at)
            c++;
        if (heap[c]->at >= last->at)
            break;
        heap[i] = heap[c];
        i = c;
    }
    if (nheap)
        heap[i] = last;
    return top;
}

static void transmit(swim_id from, swim_id to, unsigned type, const uint8_t *data, uint32_t len)
{
    nodes[from].sent++;
    if (loss > 0 && xorshift(&net_rng) % 1000000 < loss * 1000000)
        return;
    if (partitioned && nodes[from].group != nodes[to].group)
        return;
    struct msg *m = malloc(sizeof(*m));
    m->at = now + DELAY_MIN_MS + xorshift(&net_rng) % (DELAY_SPREAD_MS + 1);
    m->from = from;
    m->to = to;
    m->type = (uint8_t)type;
    m->len = (uint16_t)len;
    memcpy(m->data, data, len);
    heap_push(m);
}

/* ---- the host's side of swim.c, as kernel/net/member.c is in the kernel ---- */

static void env_send(void *ctx, swim_id to, unsigned type, const uint8_t *msg, uint32_t len)
{
    transmit((swim_id)((struct node *)ctx - nodes), to, type, msg, len);
}

static void env_announce(void *ctx)
{
    swim_id from = (swim_id)((struct node *)ctx - nodes);
    nodes[from].sent++;             /* one broadcast frame */
    for (swim_id k = 1; k <= N; k++)
        if (k != from) {
            nodes[from].sent--;     /* transmit counts each: the broadcast is one */
            transmit(from, k, HELLO_TYPE, (const uint8_t *)"B", 1);
        }
}

static void env_up(void *ctx, swim_id id, uint32_t boot, const uint8_t *addr)
{
    (void)boot, (void)addr;
    /* kernel: peer_heard(), whose first word to a newcomer is a HELLO */
    transmit((swim_id)((struct node *)ctx - nodes), id, HELLO_TYPE, (const uint8_t *)"A", 1);
}

static void env_down(void *ctx, swim_id id, uint32_t suspected_ms)
{
    if (!nodes[id].crashed) {
        false_downs++;
        if (getenv("SWIMSIM_DEBUG"))
            fprintf(stderr, "t=%u: %ld declares %u down after %u ms; its inc %u, known %u\n",
                    now, (long)((struct node *)ctx - nodes), id, suspected_ms, nodes[id].s.inc,
                    ((struct node *)ctx)->m[id].inc);
    } else if (id == crashed_id) {
        downs_of_crashed++;
        knowers++;
        last_known_at = now;
    }
}

static void env_addr(void *ctx, swim_id id, uint8_t *addr)
{
    (void)ctx;
    memset(addr, 0, SWIM_ADDR_LEN);
    addr[4] = (uint8_t)(id >> 8);
    addr[5] = (uint8_t)id;
}

static uint32_t env_random(void *ctx)
{
    return xorshift(&((struct node *)ctx)->rng);
}

static void env_suspected(void *ctx, swim_id id, swim_id by)
{
    swim_id self = (swim_id)((struct node *)ctx - nodes);
    if (by != self || nodes[id].crashed)
        return;
    if (nown == OWN_MAX) {
        own_dropped++;
        return;
    }
    own[nown].by = self;
    own[nown].id = id;
    own[nown++].at = now;
}

/* Own suspicions taken back (alive) or ended (down: counted as false
 * downs) are done; the time the longest one took is kept. */
static void own_poll(void)
{
    for (unsigned i = 0; i < nown;) {
        unsigned st = swim_state(&nodes[own[i].by].s, own[i].id);
        if (st == SWIM_SUSPECT && !nodes[own[i].by].crashed) {
            i++;
            continue;
        }
        if (st == SWIM_ALIVE && now - own[i].at > own_longest)
            own_longest = now - own[i].at;
        own[i] = own[--nown];
    }
}

static const struct swim_env env = { env_send, env_announce, env_up, env_down, env_addr,
                                     env_random, env_suspected };

static void deliver(struct msg *m)
{
    struct node *to = &nodes[m->to];
    if (to->crashed || (int32_t)(now - to->stalled_until) < 0)
        return;                     /* a stalled member's ring overflows: lost */
    to->received++;
    if (m->type == HELLO_TYPE) {
        if (swim_joined(&to->s, m->from, m->from, now) && m->data[0] == 'B')
            transmit(m->to, m->from, HELLO_TYPE, (const uint8_t *)"A", 1);
        return;
    }
    /* kernel/net/receive.c: datagrams only from members met and not down */
    unsigned st = swim_state(&to->s, m->from);
    if (st != SWIM_ALIVE && st != SWIM_SUSPECT)
        return;
    swim_heard(&to->s, m->from);
    swim_receive(&to->s, m->from, m->type, m->data, m->len, now);
}

static void run_until(uint32_t end)
{
    while (now < end) {
        while (nheap && heap[0]->at <= now) {
            struct msg *m = heap_pop();
            deliver(m);
            free(m);
        }
        for (swim_id k = 1 + now % TICK_MS; k <= N; k += TICK_MS) {
            struct node *n = &nodes[k];
            if (!n->crashed && (int32_t)(now - n->stalled_until) >= 0)
                swim_tick(&n->s, now);
        }
        if (now % TICK_MS == 0)
            own_poll();
        now++;
    }
}

/* N members that all know each other (as after their joins). */
static void cluster(unsigned n, uint64_t seed)
{
    N = n;
    now = 0;
    nodes = calloc(N + 1, sizeof(*nodes));
    for (swim_id k = 1; k <= N; k++) {
        struct node *nd = &nodes[k];
        nd->m = malloc((N + 1) * sizeof(*nd->m));
        nd->order = malloc(N * sizeof(*nd->order));
        nd->rng = seed * 0x9E3779B97F4A7C15ull + k * 7919 + 1;
        swim_init(&nd->s, &env, nd, k, k, nd->m, nd->order, N, 0);
        for (swim_id j = 1; j <= N; j++)
            swim_joined(&nd->s, j, j, 0);
        nd->s.nq = 0;               /* all met before: nothing left to spread */
        nd->s.period_end = xorshift(&nd->rng) % SWIM_PROBE_MS;     /* not in step */
    }
    false_downs = downs_of_crashed = 0;
    knowers = 0;
    nown = 0;
    crashed_id = 0;
    loss = 0;
    partitioned = 0;
}

static void cluster_free(void)
{
    while (nheap)
        free(heap_pop());
    for (swim_id k = 1; k <= N; k++) {
        free(nodes[k].m);
        free(nodes[k].order);
    }
    free(nodes);
}

static uint64_t total_sent(void)
{
    uint64_t t = 0;
    for (swim_id k = 1; k <= N; k++)
        t += nodes[k].sent;
    return t;
}

static uint64_t total_suspects(void)
{
    uint64_t t = 0;
    for (swim_id k = 1; k <= N; k++)
        t += nodes[k].s.stats.suspects;
    return t;
}

struct row {
    unsigned n;
    double frames, detect_s, bound_s;
    unsigned knew;
    uint64_t loss_false, loss_suspects, stall_false, stall_suspects;
    double refute_s;            /* under loss: the longest own suspicion of a live member */
    int stalled_back;
};

static struct row measure(unsigned n, uint64_t seed)
{
    struct row r = { .n = n };
    /* 1. steady state, then a crash */
    cluster(n, seed);
    run_until(3000);
    uint64_t before = total_sent();
    run_until(13000);
    r.frames = (double)(total_sent() - before) / n / 10.0;
    crashed_id = (swim_id)(1 + seed % n);
    nodes[crashed_id].crashed = 1;
    crashed_at = now;
    r.bound_s = swim_detect_bound_ms(n) / 1000.0;
    while (knowers < n - 1 && now < crashed_at + 4 * swim_detect_bound_ms(n))
        run_until(now + 100);
    r.knew = knowers;
    r.detect_s = knowers == n - 1 ? (last_known_at - crashed_at) / 1000.0 : -1;
    r.stall_false = false_downs;    /* (any so far is false too) */
    cluster_free();
    /* 2. 5% loss for 60 s */
    cluster(n, seed + 1);
    run_until(2000);
    loss = 0.05;
    uint64_t s0 = total_suspects();
    own_longest = own_dropped = 0;
    run_until(62000);
    r.loss_false = false_downs;
    r.loss_suspects = total_suspects() - s0;
    r.refute_s = own_dropped ? -1 : own_longest / 1000.0;
    cluster_free();
    /* 3. one member stalls 2 s */
    cluster(n, seed + 2);
    run_until(3000);
    swim_id st = (swim_id)(1 + (seed * 31) % n);
    nodes[st].stalled_until = now + 2000;
    s0 = total_suspects();
    run_until(3000 + 2000 + 3 * swim_suspect_ms(n, 0));
    r.stall_false += false_downs;
    r.stall_suspects = total_suspects() - s0;
    r.stalled_back = 1;
    for (swim_id k = 1; k <= N; k++)
        if (k != st && swim_state(&nodes[k].s, st) != SWIM_ALIVE)
            r.stalled_back = 0;
    cluster_free();
    return r;
}

static int usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: swimsim [--check] [--seed S] N...\n"
            "Simulate N members running kernel/net/swim.c (e.g. 64 1000 10000) and print\n"
            "one row each: frames sent per member per second, seconds until a crash is known\n"
            "by every member (and the stated bound), false downs and suspicions under 5%%\n"
            "loss for 60 s and under a member that stalls 2 s. --check: exit 1 unless every\n"
            "figure is within its bound (frames <= 12/s, detection <= bound, 0 false downs,\n"
            "suspicions under loss <= 1 per 20 members per minute, every suspecter has a live\n"
            "member it suspected alive again within 1 s (refute_s), the stalled member up\n"
            "again).\n");
    return status;
}

int main(int argc, char **argv)
{
    int check = 0, bad = 0;
    uint64_t seed = 1;
    unsigned ns[16], nn = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check"))
            check = 1;
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], 0, 10);
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage(0);
        else if (atoi(argv[i]) >= 3 && atoi(argv[i]) <= 65535 && nn < 16)
            ns[nn++] = (unsigned)atoi(argv[i]);
        else
            return usage(2);
    }
    if (!nn)
        return usage(2);
    printf("%8s %12s %10s %9s %13s %13s %10s %13s %13s\n", "members", "frames/s/mb",
           "detect_s", "bound_s", "loss_false", "loss_suspect", "refute_s", "stall_false",
           "stall_suspect");
    for (unsigned i = 0; i < nn; i++) {
        struct row r = measure(ns[i], seed);
        printf("%8u %12.2f %10.2f %9.2f %13llu %13llu %10.2f %13llu %13llu\n", r.n, r.frames,
               r.detect_s, r.bound_s, (unsigned long long)r.loss_false,
               (unsigned long long)r.loss_suspects, r.refute_s,
               (unsigned long long)r.stall_false, (unsigned long long)r.stall_suspects);
        fflush(stdout);
        if (!check)
            continue;
        const char *why = r.frames > 12 ? "frames per member per second over 12"
            : r.detect_s < 0 ? "the crash never known by every member"
            : r.detect_s > r.bound_s ? "the crash known by all later than the bound"
            : r.loss_false ? "false downs under 5% loss"
            : r.loss_suspects * SUSPECTS_PER_MINUTE_DIV > r.n
                ? "over 1 suspicion per 20 members per minute under 5% loss"
            : r.refute_s < 0 || r.refute_s > REFUTE_MAX_S
                ? "a suspecter took over 1 s to hear a live member's refutation"
            : r.stall_false ? "false downs around a 2 s stall"
            : !r.stalled_back ? "the stalled member is not alive everywhere after" : 0;
        if (why) {
            printf("swimsim: %u members: %s\n", r.n, why);
            bad = 1;
        }
    }
    return bad;
}
