// SPDX-License-Identifier: MIT
/* Big-endian field codec for the wire format. Every get checks the length
 * first; the layouts below are the documented byte order of each struct. */
#include "kernel/net/wire.h"

static uint8_t *put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; return p + 2; }
static uint8_t *put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
    return p + 4;
}
static const uint8_t *get16(const uint8_t *p, uint16_t *v) { *v = (uint16_t)(p[0] << 8 | p[1]); return p + 2; }
static const uint8_t *get32(const uint8_t *p, uint32_t *v)
{
    *v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return p + 4;
}

static uint8_t *put64(uint8_t *p, uint64_t v) { return put32(put32(p, (uint32_t)(v >> 32)), (uint32_t)v); }
static const uint8_t *get64(const uint8_t *p, uint64_t *v)
{
    uint32_t hi, lo;
    p = get32(get32(p, &hi), &lo);
    *v = (uint64_t)hi << 32 | lo;
    return p;
}

void wire_put_hdr(uint8_t *p, const struct wire_hdr *h)
{
    *p++ = h->version;
    *p++ = h->type;
    p = put16(p, h->cluster);
    *p++ = h->src;
    *p++ = h->dst;
    p = put16(p, h->len);
    p = put32(p, h->sess);
    p = put32(p, h->seq);
    p = put32(p, h->ack_sess);
    p = put32(p, h->ack);
    p = put16(p, h->kind);
    *p++ = h->frag;
    *p++ = h->nfrags;
    p = put32(p, h->boot);
    p = put32(p, h->key_id);
    p = put32(p, h->session);
    put64(p, h->counter);
}

void wire_put_seal(uint8_t *hdr, uint32_t session, uint64_t counter)
{
    put64(put32(hdr + WIRE_OFF_SESSION, session), counter);
}

int wire_get_hdr(const uint8_t *p, uint32_t len, struct wire_hdr *h)
{
    if (len < WIRE_HDR_LEN)
        return -1;
    h->version = *p++;
    h->type = *p++;
    p = get16(p, &h->cluster);
    h->src = *p++;
    h->dst = *p++;
    p = get16(p, &h->len);
    p = get32(p, &h->sess);
    p = get32(p, &h->seq);
    p = get32(p, &h->ack_sess);
    p = get32(p, &h->ack);
    p = get16(p, &h->kind);
    h->frag = *p++;
    h->nfrags = *p++;
    p = get32(p, &h->boot);
    p = get32(p, &h->key_id);
    p = get32(p, &h->session);
    get64(p, &h->counter);
    return 0;
}

void wire_put_hs(uint8_t *p, const struct wire_hs *hs)
{
    put32(put64(put64(p, hs->nonce), hs->echo), hs->have);
}

int wire_get_hs(const uint8_t *p, uint32_t len, struct wire_hs *hs)
{
    if (len < WIRE_HS_LEN)
        return -1;
    get32(get64(get64(p, &hs->nonce), &hs->echo), &hs->have);
    return 0;
}

uint8_t *wire_put_link(uint8_t *p, const struct link *l)
{
    p = put32(p, l->target);
    p = put16(p, l->node_hint);
    p = put16(p, l->flags);
    p = put32(p, l->epoch);
    p = put32(p, l->channel);
    p = put32(p, l->token);
    p = put32(p, l->data_base);
    p = put32(p, l->data_len);
    return put32(p, l->incarnation);
}

const uint8_t *wire_get_link(const uint8_t *p, struct link *l)
{
    p = get32(p, &l->target);
    p = get16(p, &l->node_hint);
    p = get16(p, &l->flags);
    p = get32(p, &l->epoch);
    p = get32(p, &l->channel);
    p = get32(p, &l->token);
    p = get32(p, &l->data_base);
    p = get32(p, &l->data_len);
    return get32(p, &l->incarnation);
}

void wire_put_msg(uint8_t *p, const struct wire_msg *m)
{
    p = wire_put_link(p, &m->to);
    p = put32(p, m->sender);
    p = put32(p, m->channel);
    p = put32(p, m->token);
    p = put32(p, (uint32_t)m->status);
    *p++ = m->has_link;
    *p++ = m->has_reply;
    p = wire_put_link(p, &m->carried);
    p = wire_put_link(p, &m->reply);
    p = put32(p, m->origin);
    p = put32(p, m->len);
    p = put32(p, m->sender_inc);
    p = put32(p, m->stream);
    put32(p, m->seq);
}

int wire_get_msg(const uint8_t *p, uint32_t len, struct wire_msg *m)
{
    if (len < WIRE_MSG_LEN)
        return -1;
    uint32_t status;
    p = wire_get_link(p, &m->to);
    p = get32(p, &m->sender);
    p = get32(p, &m->channel);
    p = get32(p, &m->token);
    p = get32(p, &status);
    m->status = (int32_t)status;
    m->has_link = *p++;
    m->has_reply = *p++;
    p = wire_get_link(p, &m->carried);
    p = wire_get_link(p, &m->reply);
    p = get32(p, &m->origin);
    p = get32(p, &m->len);
    p = get32(p, &m->sender_inc);
    p = get32(p, &m->stream);
    get32(p, &m->seq);
    return m->len <= len - WIRE_MSG_LEN ? 0 : -1;
}

void wire_put_move(uint8_t *p, const struct wire_move *m)
{
    p = put32(p, m->id);
    p = put32(p, m->target);
    p = put32(p, m->va);
    p = put32(p, m->len);
    *p++ = m->dir;
    p = put32(p, (uint32_t)m->status);
    p = put32(p, m->incarnation);
    p = put32(p, m->link_base);
    p = put32(p, m->link_len);
    p = put16(p, m->link_flags);
    put32(p, m->token);
}

int wire_get_move(const uint8_t *p, uint32_t len, struct wire_move *m)
{
    uint32_t status;
    if (len < WIRE_MOVE_LEN)
        return -1;
    p = get32(p, &m->id);
    p = get32(p, &m->target);
    p = get32(p, &m->va);
    p = get32(p, &m->len);
    m->dir = *p++;
    p = get32(p, &status);
    m->status = (int32_t)status;
    p = get32(p, &m->incarnation);
    p = get32(p, &m->link_base);
    p = get32(p, &m->link_len);
    p = get16(p, &m->link_flags);
    get32(p, &m->token);
    return 0;
}

uint8_t *wire_put_words(uint8_t *p, const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p = put32(p, w[i]);
    return p;
}

int wire_get_words(const uint8_t *p, uint32_t len, uint32_t *w, unsigned n)
{
    if (len < n * 4)
        return -1;
    for (unsigned i = 0; i < n; i++)
        p = get32(p, &w[i]);
    return 0;
}

void wire_put_update(uint8_t *p, const struct wire_update *u)
{
    put32(put32(put32(put32(p, u->sender), u->pid), u->node), u->epoch);
}

int wire_get_update(const uint8_t *p, uint32_t len, struct wire_update *u)
{
    if (len < WIRE_UPDATE_LEN)
        return -1;
    get32(get32(get32(get32(p, &u->sender), &u->pid), &u->node), &u->epoch);
    return 0;
}

void wire_put_exit(uint8_t *p, const struct wire_exit *e)
{
    put32(p, e->pid);
}

int wire_get_exit(const uint8_t *p, uint32_t len, struct wire_exit *e)
{
    if (len < WIRE_EXIT_LEN)
        return -1;
    get32(p, &e->pid);
    return 0;
}

/* The words of each migration step after pid and attempt. */
uint32_t wire_mig_len(uint16_t kind)
{
    switch (kind) {
    case TM_MIG_OFFER: case TM_MIG_PAGES: return WIRE_MIG_HEAD + 8;
    case TM_MIG_ACCEPT: case TM_MIG_ABORT: case TM_MIG_PULL_PAGES: return WIRE_MIG_HEAD + 4;
    default: return WIRE_MIG_HEAD;
    }
}

uint32_t wire_put_mig(uint8_t *p, uint16_t kind, const struct wire_mig *m)
{
    uint8_t *o = put32(put32(p, m->pid), m->attempt);
    if (kind == TM_MIG_OFFER)
        put32(put32(o, m->u.offer.pages), m->u.offer.epoch);
    else if (kind == TM_MIG_PAGES)
        put32(put32(o, m->u.pages.next_va), m->u.pages.count);
    else if (kind == TM_MIG_ACCEPT || kind == TM_MIG_ABORT)
        put32(o, (uint32_t)m->u.status);
    else if (kind == TM_MIG_PULL_PAGES)
        put32(o, m->u.from_va);
    return wire_mig_len(kind);
}

int wire_get_mig(const uint8_t *p, uint32_t len, uint16_t kind, struct wire_mig *m)
{
    uint32_t v;
    if (len < wire_mig_len(kind))
        return -1;
    const uint8_t *i = get32(get32(p, &m->pid), &m->attempt);
    if (kind == TM_MIG_OFFER) {
        get32(get32(i, &m->u.offer.pages), &m->u.offer.epoch);
    } else if (kind == TM_MIG_PAGES) {
        get32(get32(i, &m->u.pages.next_va), &m->u.pages.count);
    } else if (kind == TM_MIG_ACCEPT || kind == TM_MIG_ABORT) {
        get32(i, &v);
        m->u.status = (int32_t)v;
    } else if (kind == TM_MIG_PULL_PAGES) {
        get32(i, &m->u.from_va);
    }
    return 0;
}

uint8_t *wire_put_page(uint8_t *p, const struct wire_page *pg)
{
    return put32(put32(p, pg->va), pg->flags);
}

int wire_get_page(const uint8_t *p, uint32_t len, struct wire_page *pg)
{
    if (len < WIRE_PAGE_LEN)
        return -1;
    get32(get32(p, &pg->va), &pg->flags);
    return 0;
}

void wire_put_load(uint8_t *p, const struct wire_load *l)
{
    *p++ = WIRE_LOAD_VERSION;
    *p++ = WIRE_LOAD_LEN;
    p = put16(put16(put16(p, l->runnable_x100), l->busy_pct), 0);
    put32(p, l->free_pages);
}

int wire_get_load(const uint8_t *p, uint32_t len, struct wire_load *l)
{
    if (len < WIRE_LOAD_LEN || p[0] != WIRE_LOAD_VERSION || p[1] < WIRE_LOAD_LEN || p[1] > len)
        return -1;
    l->version = p[0];
    l->len = p[1];
    get32(get16(get16(get16(p + 2, &l->runnable_x100), &l->busy_pct), &l->reserved),
          &l->free_pages);
    return l->busy_pct > 100 ? -1 : 0;
}
