// SPDX-License-Identifier: MIT
/* SWIM's state machine: each period one member, round-robin over a shuffled
 * list, is pinged; without an ack in time, SWIM_INDIRECT_K others ping it
 * for us; without any ack by the period's end it is suspected; a suspicion
 * not refuted (the member raises its incarnation) in its time makes it
 * down. Every change rides on the probes and acks (infection-style), each
 * a bounded number of times. Pure: kernel/net/swim.h is all it knows. */
#include "kernel/net/swim.h"

#define AFTER(a, b) ((int32_t)((a) - (b)) >= 0)

static unsigned log2_ceil(unsigned n)
{
    unsigned l = 0;
    while ((1u << l) < n)
        l++;
    return l;
}

unsigned swim_retransmits(unsigned n)
{
    unsigned l = 0;
    for (unsigned v = 1; v < n + 1; v *= 10)
        l++;
    return SWIM_RETRANSMIT_MULT * (l ? l : 1);
}

uint32_t swim_suspect_ms(unsigned n, unsigned c)
{
    uint32_t min = SWIM_SUSPECT_PERIODS_PER_LOG2 * log2_ceil(n) * SWIM_PROBE_MS;
    if (min < SWIM_SUSPECT_FLOOR_MS)
        min = SWIM_SUSPECT_FLOOR_MS;
    uint32_t max = SWIM_SUSPECT_MAX_MULT * min;
    /* Lifeguard: max - (max - min) log(c + 1) / log(K + 1), K = 3; no
     * confirmations to wait for in a cluster too small to give them. */
    static const uint32_t frac[SWIM_CONFIRM_K + 1] = { 0, 500, 792, 1000 };  /* per mille */
    if (n < SWIM_CONFIRM_K + 2 || c >= SWIM_CONFIRM_K)
        return min;
    return max - (max - min) * frac[c] / 1000;
}

uint32_t swim_detect_bound_ms(unsigned n)
{
    return SWIM_FIRST_PROBE_MS + SWIM_PROBE_MS + swim_suspect_ms(n, 0) +
           SWIM_SUSPECT_PERIODS_PER_LOG2 * log2_ceil(n) * SWIM_PROBE_MS;
}

/* ---- the codec: big-endian, bounds-checked by the caller ---- */

static uint8_t *put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; return p + 2; }
static uint8_t *put32(uint8_t *p, uint32_t v) { return put16(put16(p, v >> 16), v & 0xFFFF); }
static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return get16(p) << 16 | get16(p + 2); }

/* ---- the update queue ---- */

static void queue(struct swim *s, swim_id id, swim_id from)
{
    uint8_t left = (uint8_t)swim_retransmits(s->live);
    unsigned i, low = 0;
    for (i = 0; i < s->nq && s->q[i].id != id; i++)
        if (s->q[i].left < s->q[low].left)
            low = i;
    if (i == s->nq && s->nq < SWIM_QUEUE_MAX)
        s->nq++;
    else if (i == s->nq)
        i = low;                        /* full: the most spread one makes room */
    s->q[i].id = id;
    s->q[i].from = from;
    s->q[i].left = left;
}

static uint8_t *put_update(struct swim *s, uint8_t *p, swim_id id, swim_id from)
{
    const struct swim_member *m = &s->m[id];
    bool self = id == s->self;
    *p++ = self ? SWIM_ALIVE : m->state;
    p = put16(p, id);
    p = put32(p, self ? s->inc : m->inc);
    p = put32(p, self ? s->boot : m->boot);
    p = put16(p, from);
    s->env->addr(s->ctx, id, p);
    return p + SWIM_ADDR_LEN;
}

/* A message to member to: the header, then what is to be spread, the
 * least spread first; a member we suspect hears so first (it can refute). */
static void send(struct swim *s, swim_id to, unsigned type, uint32_t seq, swim_id target)
{
    uint8_t buf[SWIM_MSG_MAX], *p = put16(put32(buf, seq), target) + 1;
    unsigned n = 0;
    bool taken[SWIM_QUEUE_MAX] = { false };
    if (s->m[to].state == SWIM_SUSPECT) {
        p = put_update(s, p, to, s->self);
        n++;
    }
    if (type == SWIM_ACK && target == s->self) {    /* our own word: who answers lives */
        p = put_update(s, p, s->self, s->self);
        n++;
    }
    while (n < SWIM_PIGGY_MAX) {
        int best = -1;
        for (unsigned i = 0; i < s->nq; i++)
            if (!taken[i] && (best < 0 || s->q[i].left > s->q[best].left))
                best = (int)i;
        if (best < 0)
            break;
        taken[best] = true;
        p = put_update(s, p, s->q[best].id, s->q[best].from);
        s->q[best].left--;
        n++;
    }
    for (unsigned i = 0; i < s->nq;)    /* drop what has been spread enough */
        if (s->q[i].left == 0) {
            s->q[i] = s->q[--s->nq];
            taken[i] = taken[s->nq];
        } else {
            i++;
        }
    buf[SWIM_HDR_LEN - 1] = (uint8_t)n;
    s->env->send(s->ctx, to, type, buf, (uint32_t)(p - buf));
}

/* ---- member states ---- */

static int find_suspicion(struct swim *s, swim_id id)
{
    for (int i = 0; i < SWIM_SUSPECTS_MAX; i++)
        if (s->sus[i].id == id)
            return i;
    return -1;
}

static void end_suspicion(struct swim *s, swim_id id)
{
    int i = find_suspicion(s, id);
    if (i >= 0)
        s->sus[i].id = 0;
}

static void set_alive(struct swim *s, swim_id id, uint32_t inc, uint32_t boot)
{
    struct swim_member *m = &s->m[id];
    if (m->state == SWIM_NONE) {        /* into the probe order at a random place */
        unsigned j = s->env->random(s->ctx) % (s->norder + 1);
        s->order[s->norder] = s->order[j];
        s->order[j] = id;
        s->norder++;
    }
    if (m->state == SWIM_NONE || m->state == SWIM_DEAD)
        s->live++;
    end_suspicion(s, id);
    m->state = SWIM_ALIVE;
    m->inc = inc;
    m->boot = boot;
}

static void set_dead(struct swim *s, swim_id id)
{
    int i = find_suspicion(s, id);
    uint32_t since = i >= 0 ? s->now - s->sus[i].start : 0;
    end_suspicion(s, id);
    if (s->m[id].state == SWIM_ALIVE || s->m[id].state == SWIM_SUSPECT)
        s->live--;
    s->m[id].state = SWIM_DEAD;
    s->stats.downs++;
    queue(s, id, s->self);
    s->env->down(s->ctx, id, since);
}

/* by suspects id (or confirms a suspicion of it). */
static void set_suspect(struct swim *s, swim_id id, swim_id by)
{
    struct swim_member *m = &s->m[id];
    int i = find_suspicion(s, id);
    if (m->state == SWIM_ALIVE) {
        i = find_suspicion(s, 0);
        if (i < 0) {
            s->stats.bad++;             /* no room to time it: it stays alive for now */
            return;
        }
        s->sus[i].id = id;
        s->sus[i].n = 0;
        s->sus[i].mine = by == s->self;
        s->sus[i].start = s->now;
        m->state = SWIM_SUSPECT;
        s->stats.suspects += by == s->self;
        s->stats.heard_suspects += by != s->self;
        queue(s, id, by);
        if (s->env->suspected)
            s->env->suspected(s->ctx, id, by);
    }
    if (m->state != SWIM_SUSPECT || i < 0)
        return;
    for (unsigned k = 0; k < s->sus[i].n; k++)
        if (s->sus[i].by[k] == by)
            return;
    if (s->sus[i].n < SWIM_CONFIRM_K)
        s->sus[i].by[s->sus[i].n++] = by;
    s->sus[i].mine |= by == s->self;
}

static void take_update(struct swim *s, const uint8_t *p)
{
    unsigned type = p[0];
    swim_id id = (swim_id)get16(p + 1), from = (swim_id)get16(p + 11);
    uint32_t inc = get32(p + 3), boot = get32(p + 7);
    if (id == 0 || id > s->max || type < SWIM_ALIVE || type > SWIM_DEAD) {
        s->stats.bad++;
        return;
    }
    if (id == s->self) {                /* about us: refute, this life's only */
        if (boot == s->boot && type != SWIM_ALIVE && inc >= s->inc) {
            s->inc = inc + 1;
            s->stats.refutes++;
            if (s->health < SWIM_HEALTH_MAX)
                s->health++;            /* we were slow to answer: probe less eagerly */
            queue(s, s->self, s->self);
            if (type == SWIM_DEAD)
                s->env->announce(s->ctx);   /* they drop our frames now: join again */
        }
        return;
    }
    struct swim_member *m = &s->m[id];
    if (type == SWIM_ALIVE) {
        if (m->state == SWIM_NONE || (m->state == SWIM_DEAD && (boot != m->boot || inc > m->inc))) {
            set_alive(s, id, inc, boot);
            queue(s, id, from);
            s->env->up(s->ctx, id, boot, p + 13);
        } else if (boot == m->boot && inc > m->inc && m->state != SWIM_DEAD) {
            end_suspicion(s, id);
            m->state = SWIM_ALIVE;
            m->inc = inc;
            queue(s, id, from);
        }
        return;                         /* (another life, while this one lives: heard directly) */
    }
    if (m->state == SWIM_NONE || m->state == SWIM_DEAD || boot != m->boot || inc < m->inc)
        return;
    if (type == SWIM_DEAD) {
        m->inc = inc;
        set_dead(s, id);
        return;
    }
    if (inc > m->inc && m->state == SWIM_SUSPECT) {
        m->inc = inc;                   /* suspected anew in a later incarnation */
        int i = find_suspicion(s, id);
        if (i >= 0)
            s->sus[i].n = 0;
        queue(s, id, from);
    }
    m->inc = inc;
    set_suspect(s, id, from);
}

/* ---- probing ---- */

static swim_id next_target(struct swim *s)
{
    for (unsigned i = 0; i <= s->norder; i++) {
        if (s->cursor >= s->norder) {   /* a round done: shuffle (Fisher-Yates) */
            for (unsigned k = s->norder; k > 1; k--) {
                unsigned j = s->env->random(s->ctx) % k;
                swim_id t = s->order[k - 1];
                s->order[k - 1] = s->order[j];
                s->order[j] = t;
            }
            s->cursor = 0;
            if (!s->norder)
                return 0;
        }
        swim_id id = s->order[s->cursor++];
        if (s->m[id].state == SWIM_ALIVE || s->m[id].state == SWIM_SUSPECT)
            return id;
    }
    return 0;
}

static void ask_others(struct swim *s)
{
    swim_id asked[SWIM_INDIRECT_K];
    unsigned n = 0;
    for (unsigned tries = 0; tries < 4 * SWIM_INDIRECT_K && n < SWIM_INDIRECT_K && s->norder; tries++) {
        swim_id id = s->order[s->env->random(s->ctx) % s->norder];
        bool dup = id == s->target || s->m[id].state != SWIM_ALIVE;
        for (unsigned k = 0; k < n; k++)
            dup |= asked[k] == id;
        if (dup)
            continue;
        asked[n++] = id;
        send(s, id, SWIM_PING_REQ, s->probe_seq, s->target);
    }
    send(s, s->target, SWIM_PING, s->probe_seq, s->target);  /* and once more ourselves */
    s->indirect_sent = true;
    s->stats.indirect++;
}

/* Each period, every member whose suspicion we started hears it from us
 * again (it refutes in its ack): our own suspicion never runs out on a
 * member that lives only because the round-robin is not back at it. */
static void ping_own_suspects(struct swim *s)
{
    for (int i = 0; i < SWIM_SUSPECTS_MAX; i++)
        if (s->sus[i].id && s->sus[i].mine && s->m[s->sus[i].id].state == SWIM_SUSPECT)
            send(s, s->sus[i].id, SWIM_PING, ++s->seq, s->sus[i].id);
}

static void new_period(struct swim *s)
{
    bool late = AFTER(s->now, s->period_end + SWIM_PROBE_MS);   /* we were not running */
    if (s->probing && s->acked && s->health > 0)
        s->health--;
    else if (s->probing && !s->acked && late && s->health < SWIM_HEALTH_MAX)
        s->health++;                    /* our stall, not its silence */
    else if (s->probing && !s->acked && s->m[s->target].state != SWIM_DEAD) {
        set_suspect(s, s->target, s->self);
        if (s->health < SWIM_HEALTH_MAX)
            s->health++;                /* Lifeguard: maybe we are the slow one */
    }
    ping_own_suspects(s);               /* (a new one at once: it can refute now) */
    s->probing = false;
    s->target = next_target(s);
    if (s->target) {
        s->probe_seq = ++s->seq;
        s->probing = true;
        s->acked = s->indirect_sent = false;
        s->timeout_at = s->now + SWIM_PROBE_TIMEOUT_MS * (1 + s->health);
        s->stats.probes++;
        send(s, s->target, SWIM_PING, s->probe_seq, s->target);
    }
    s->period_end = s->now + SWIM_PROBE_MS * (1 + s->health);
}

static uint32_t announce_period(struct swim *s)
{
    uint32_t ms = s->live * SWIM_ANNOUNCE_PER_MEMBER_MS;
    if (ms < SWIM_ANNOUNCE_MIN_MS)
        ms = SWIM_ANNOUNCE_MIN_MS;
    return ms / 2 + s->env->random(s->ctx) % ms;    /* jittered: never in step */
}

void swim_tick(struct swim *s, uint32_t now)
{
    s->now = now;
    for (int i = 0; i < SWIM_SUSPECTS_MAX; i++)
        if (s->sus[i].id && AFTER(now, s->sus[i].start +
                                  swim_suspect_ms(s->live, s->sus[i].n ? s->sus[i].n - 1u : 0)))
            set_dead(s, s->sus[i].id);
    for (int i = 0; i < SWIM_RELAYS_MAX; i++)
        if (s->relay[i].from && AFTER(now, s->relay[i].until))
            s->relay[i].from = 0;
    if (s->probing && !s->acked && !s->indirect_sent && AFTER(now, s->timeout_at))
        ask_others(s);
    if (AFTER(now, s->period_end))
        new_period(s);
    if (AFTER(now, s->next_announce)) {
        s->env->announce(s->ctx);
        s->next_announce = now + announce_period(s);
    }
}

void swim_receive(struct swim *s, swim_id from, unsigned type, const uint8_t *msg,
                  uint32_t len, uint32_t now)
{
    s->now = now;
    if (len < SWIM_HDR_LEN || from == 0 || from > s->max ||
        len < SWIM_HDR_LEN + (uint32_t)msg[SWIM_HDR_LEN - 1] * SWIM_UPDATE_LEN) {
        s->stats.bad++;
        return;
    }
    uint32_t seq = get32(msg);
    swim_id target = (swim_id)get16(msg + 4);
    for (unsigned i = 0; i < msg[SWIM_HDR_LEN - 1]; i++)
        take_update(s, msg + SWIM_HDR_LEN + i * SWIM_UPDATE_LEN);
    if (type == SWIM_PING && target == s->self) {
        send(s, from, SWIM_ACK, seq, s->self);
    } else if (type == SWIM_PING_REQ && target && target <= s->max && target != s->self) {
        for (int i = 0; i < SWIM_RELAYS_MAX; i++) {
            if (s->relay[i].from)
                continue;
            s->relay[i].from = from;
            s->relay[i].target = target;
            s->relay[i].their_seq = seq;
            s->relay[i].my_seq = ++s->seq;
            s->relay[i].until = now + SWIM_PROBE_MS;
            send(s, target, SWIM_PING, s->relay[i].my_seq, target);
            break;
        }
    } else if (type == SWIM_ACK) {
        if (s->probing && seq == s->probe_seq && target == s->target) {
            s->acked = true;
            s->stats.acks++;
            return;
        }
        for (int i = 0; i < SWIM_RELAYS_MAX; i++)
            if (s->relay[i].from && s->relay[i].my_seq == seq && s->relay[i].target == target) {
                send(s, s->relay[i].from, SWIM_ACK, s->relay[i].their_seq, target);
                s->relay[i].from = 0;
            }
    }
}

bool swim_joined(struct swim *s, swim_id id, uint32_t boot, uint32_t now)
{
    s->now = now;
    if (id == 0 || id > s->max || id == s->self)
        return false;
    struct swim_member *m = &s->m[id];
    if (m->state != SWIM_NONE && m->state != SWIM_DEAD && m->boot == boot)
        return false;
    set_alive(s, id, m->state != SWIM_NONE && m->boot == boot ? m->inc : 0, boot);
    queue(s, id, s->self);
    return true;
}

/* A suspected member heard directly is not silent: our timing of its
 * suspicion starts again (a busy member that others' probes miss, but that
 * keeps answering us, is not declared down by us; it refutes when it can). */
void swim_heard(struct swim *s, swim_id id)
{
    if (s->probing && id == s->target)
        s->acked = true;
    int i = id ? find_suspicion(s, id) : -1;
    if (i >= 0)
        s->sus[i].start = s->now;
}

void swim_suspect(struct swim *s, swim_id id, uint32_t now)
{
    s->now = now;
    if (swim_state(s, id) != SWIM_ALIVE)
        return;
    set_suspect(s, id, s->self);
    send(s, id, SWIM_PING, ++s->seq, id);       /* it hears of it at once, if it lives */
}

void swim_init(struct swim *s, const struct swim_env *env, void *ctx, swim_id self,
               uint32_t boot, struct swim_member *members, swim_id *order, unsigned max,
               uint32_t now)
{
    *s = (struct swim){ .env = env, .ctx = ctx, .self = self, .boot = boot, .m = members,
                        .order = order, .max = max, .live = 1, .now = now };
    for (unsigned i = 0; i <= max; i++)
        members[i] = (struct swim_member){ 0, 0, SWIM_NONE };
    s->period_end = now + SWIM_PROBE_MS;
    s->next_announce = now + announce_period(s);
}
