// SPDX-License-Identifier: MIT
/* Host tests of the wire codec (kernel/net/wire.c): every structure comes back
 * as it went, in the documented big-endian byte order, and no decoder
 * reads past the length it is given. */
#include "tests/unit/check.h"
#include "kernel/net/wire.h"
#include "kernel/core/incarnation.h"
#include <string.h>

TEST(wire_header_round_trips_in_big_endian)
{
    struct wire_hdr h = { WIRE_VERSION, WIRE_DATA, WIRE_CLUSTER_DEFAULT, 2, 3, 100,
                          0x11223344u, 7, 0x55667788u, 9, TM_MSG, 1, 4, 0xCAFEF00Du,
                          0x27E2091Du, 0xD343F0A5u, 0x0102030405060708ULL };
    struct wire_hdr back;
    uint8_t buf[WIRE_HDR_LEN];
    wire_put_hdr(buf, &h);
    CHECK_EQ(buf[0], WIRE_VERSION);
    CHECK_EQ(buf[2], 0xDE);                 /* cluster, high byte first */
    CHECK_EQ(buf[3], 0x05);
    CHECK_EQ(buf[8], 0x11);                 /* sess, high byte first */
    CHECK_EQ(wire_get_hdr(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.sess, h.sess);
    CHECK_EQ(back.seq, h.seq);
    CHECK_EQ(back.ack_sess, h.ack_sess);
    CHECK_EQ(back.ack, h.ack);
    CHECK_EQ(back.kind, h.kind);
    CHECK_EQ(back.frag, h.frag);
    CHECK_EQ(back.nfrags, h.nfrags);
    CHECK_EQ(back.boot, h.boot);
    CHECK_EQ(back.len, h.len);
    CHECK_EQ(back.key_id, h.key_id);
    CHECK_EQ(back.session, h.session);
    CHECK_EQ(back.counter, h.counter);
    CHECK_EQ(buf[WIRE_OFF_COUNTER], 0x01);  /* counter, high byte first */
    CHECK_EQ(buf[WIRE_OFF_COUNTER + 7], 0x08);
    CHECK_EQ(buf[WIRE_OFF_SESSION], 0xD3);
}

TEST(wire_seal_writes_session_and_counter_where_the_header_has_them)
{
    struct wire_hdr h = { 0 }, back;
    uint8_t buf[WIRE_HDR_LEN];
    wire_put_hdr(buf, &h);
    wire_put_seal(buf, 0xA1B2C3D4u, 0x1122334455667788ULL);
    CHECK_EQ(wire_get_hdr(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.session, 0xA1B2C3D4u);
    CHECK_EQ(back.counter, 0x1122334455667788ULL);
}

TEST(wire_handshake_round_trips_and_short_is_refused)
{
    struct wire_hs hs = { 0x0102030405060708ULL, 0x1112131415161718ULL, 0xCAFEF00Du }, back;
    uint8_t buf[WIRE_HS_LEN];
    wire_put_hs(buf, &hs);
    CHECK_EQ(buf[0], 0x01);
    CHECK_EQ(wire_get_hs(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.nonce, hs.nonce);
    CHECK_EQ(back.echo, hs.echo);
    CHECK_EQ(back.have, hs.have);
    CHECK_EQ(wire_get_hs(buf, WIRE_HS_LEN - 1, &back), -1);
}

TEST(wire_header_shorter_than_48_bytes_is_refused)
{
    uint8_t buf[WIRE_HDR_LEN] = { 0 };
    struct wire_hdr h;
    for (uint32_t n = 0; n < WIRE_HDR_LEN; n++)
        CHECK_EQ(wire_get_hdr(buf, n, &h), -1);
}

TEST(wire_link_carries_every_field_and_its_incarnation_last_in_32_bytes)
{
    struct link l = { 0x200005, 2, LINK_DATA | LINK_READ, 3, 4, 5, 0x40000000u, 4096,
                      0xA1B2C3D4u }, back;
    uint8_t buf[WIRE_LINK_LEN + 1];
    buf[WIRE_LINK_LEN] = 0x5A;
    CHECK_EQ(wire_put_link(buf, &l) - buf, WIRE_LINK_LEN);
    CHECK_EQ(WIRE_LINK_LEN, 32);
    CHECK_EQ(buf[WIRE_LINK_LEN], 0x5A);     /* nothing written past it */
    CHECK_EQ(buf[28], 0xA1);                /* incarnation, high byte first */
    CHECK_EQ(buf[31], 0xD4);
    memset(&back, 0xFF, sizeof(back));
    CHECK_EQ(wire_get_link(buf, &back) - buf, WIRE_LINK_LEN);
    CHECK_EQ(back.target, l.target);
    CHECK_EQ(back.node_hint, l.node_hint);
    CHECK_EQ(back.flags, l.flags);
    CHECK_EQ(back.epoch, l.epoch);
    CHECK_EQ(back.channel, l.channel);
    CHECK_EQ(back.token, l.token);
    CHECK_EQ(back.data_base, l.data_base);
    CHECK_EQ(back.data_len, l.data_len);
    CHECK_EQ(back.incarnation, 0xA1B2C3D4u);
}

TEST(wire_message_keeps_each_links_incarnation_apart)
{
    struct wire_msg m = { 0 }, back;
    m.to.incarnation = 0x11111111u;
    m.has_link = 1;
    m.carried.incarnation = INCARNATION_ANY;
    m.has_reply = 1;
    m.reply.incarnation = 0x33333333u;
    m.len = 0;
    uint8_t buf[WIRE_MSG_LEN];
    CHECK_EQ(WIRE_MSG_LEN, 3 * 32 + 38);
    wire_put_msg(buf, &m);
    CHECK_EQ(wire_get_msg(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.to.incarnation, 0x11111111u);
    CHECK_EQ(back.carried.incarnation, INCARNATION_ANY);
    CHECK_EQ(back.reply.incarnation, 0x33333333u);
    CHECK_EQ(wire_get_msg(buf, WIRE_MSG_LEN - 1, &back), -1);
}

TEST(wire_message_round_trips_with_both_links)
{
    struct wire_msg m = { 0 }, back;
    m.to.target = 0x100006;
    m.to.node_hint = 3;
    m.to.epoch = 2;
    m.sender = 0x200005;
    m.token = 77;
    m.status = -5;
    m.has_link = 1;
    m.carried.flags = 0x1C;
    m.carried.data_len = 4096;
    m.has_reply = 1;
    m.reply.token = 77;
    m.origin = 2;
    m.len = 10;
    m.sender_inc = 0xCAFE0001u;
    m.stream = 3;
    m.seq = 0x01020304u;
    uint8_t buf[WIRE_MSG_LEN + 10];
    wire_put_msg(buf, &m);
    CHECK_EQ(wire_get_msg(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.to.target, m.to.target);
    CHECK_EQ(back.to.node_hint, 3);
    CHECK_EQ(back.status, -5);
    CHECK_EQ(back.carried.flags, 0x1C);
    CHECK_EQ(back.carried.data_len, 4096);
    CHECK_EQ(back.reply.token, 77);
    CHECK_EQ(back.origin, 2);
    CHECK_EQ(back.len, 10);
    CHECK_EQ(back.sender_inc, 0xCAFE0001u);
    CHECK_EQ(back.stream, 3);
    CHECK_EQ(back.seq, 0x01020304u);
}

TEST(wire_message_claiming_more_body_than_it_has_is_refused)
{
    struct wire_msg m = { 0 }, back;
    uint8_t buf[WIRE_MSG_LEN + 10];
    m.len = 11;                             /* one byte more than follows */
    wire_put_msg(buf, &m);
    CHECK_EQ(wire_get_msg(buf, sizeof(buf), &back), -1);
    m.len = 0xFFFFFFFFu;
    wire_put_msg(buf, &m);
    CHECK_EQ(wire_get_msg(buf, sizeof(buf), &back), -1);
    CHECK_EQ(wire_get_msg(buf, WIRE_MSG_LEN - 1, &back), -1);
}

TEST(wire_move_round_trips_and_short_one_is_refused)
{
    struct wire_move m = { 9, 0x100007, 0x40001000u, 256 * 1024, 1, -15, 0xFEEDBEEFu,
                           0x40000000u, 0x80000u, 0x1C, 0xA5C3E1F0u }, back;
    uint8_t buf[WIRE_MOVE_LEN];
    wire_put_move(buf, &m);
    CHECK_EQ(wire_get_move(buf, sizeof(buf), &back), 0);
    CHECK_EQ(back.id, 9);
    CHECK_EQ(back.va, 0x40001000u);
    CHECK_EQ(back.len, 256 * 1024);
    CHECK_EQ(back.dir, 1);
    CHECK_EQ(back.status, -15);
    CHECK_EQ(back.incarnation, 0xFEEDBEEFu);
    CHECK_EQ(back.link_base, 0x40000000u);
    CHECK_EQ(back.link_len, 0x80000u);
    CHECK_EQ(back.link_flags, 0x1C);
    CHECK_EQ(back.token, 0xA5C3E1F0u);
    CHECK_EQ(WIRE_MOVE_LEN, 39);
    CHECK_EQ(wire_get_move(buf, WIRE_MOVE_LEN - 1, &back), -1);
}

TEST(wire_words_round_trip_and_need_their_length)
{
    uint32_t w[3] = { 1, 0x80000000u, 0xFFFFFFFFu }, back[3];
    uint8_t buf[12];
    CHECK_EQ(wire_put_words(buf, w, 3) - buf, 12);
    CHECK_EQ(wire_get_words(buf, 12, back, 3), 0);
    CHECK_EQ(back[1], 0x80000000u);
    CHECK_EQ(back[2], 0xFFFFFFFFu);
    CHECK_EQ(wire_get_words(buf, 11, back, 3), -1);
}

TEST(wire_link_update_and_exit_notice_round_trip_and_need_their_length)
{
    uint8_t b[WIRE_UPDATE_LEN];
    struct wire_update u = { PID_MAKE(2, 5), PID_MAKE(1, 6), 3, 0x01020304u }, v;
    wire_put_update(b, &u);
    CHECK_EQ(b[0], 0x00);
    CHECK_EQ(b[15], 0x04);                  /* epoch, last and big-endian */
    REQUIRE_EQ(wire_get_update(b, sizeof(b), &v), 0);
    CHECK_EQ(v.sender, u.sender);
    CHECK_EQ(v.pid, u.pid);
    CHECK_EQ(v.node, 3u);
    CHECK_EQ(v.epoch, u.epoch);
    CHECK_EQ(wire_get_update(b, sizeof(b) - 1, &v), -1);
    struct wire_exit e = { PID_MAKE(4, 9) }, f;
    wire_put_exit(b, &e);
    REQUIRE_EQ(wire_get_exit(b, WIRE_EXIT_LEN, &f), 0);
    CHECK_EQ(f.pid, e.pid);
    CHECK_EQ(wire_get_exit(b, WIRE_EXIT_LEN - 1, &f), -1);
}

TEST(wire_migration_steps_carry_their_own_fields_and_need_their_length)
{
    uint8_t b[64];
    struct wire_mig m = { PID_MAKE(1, 6), 7, .u.offer = { 16, 2 } }, n;
    CHECK_EQ(wire_put_mig(b, TM_MIG_OFFER, &m), 16u);
    REQUIRE_EQ(wire_get_mig(b, 16, TM_MIG_OFFER, &n), 0);
    CHECK_EQ(n.pid, m.pid);
    CHECK_EQ(n.attempt, 7u);
    CHECK_EQ(n.u.offer.pages, 16u);
    CHECK_EQ(n.u.offer.epoch, 2u);
    CHECK_EQ(wire_get_mig(b, 15, TM_MIG_OFFER, &n), -1);
    m.u.status = -8;
    CHECK_EQ(wire_put_mig(b, TM_MIG_ABORT, &m), 12u);
    REQUIRE_EQ(wire_get_mig(b, 12, TM_MIG_ABORT, &n), 0);
    CHECK_EQ(n.u.status, -8);
    CHECK_EQ(wire_get_mig(b, 11, TM_MIG_ABORT, &n), -1);
    m.u.pages.next_va = 0x40001000u;
    m.u.pages.count = 60;
    CHECK_EQ(wire_put_mig(b, TM_MIG_PAGES, &m), 16u);
    REQUIRE_EQ(wire_get_mig(b, 16, TM_MIG_PAGES, &n), 0);
    CHECK_EQ(n.u.pages.next_va, 0x40001000u);
    CHECK_EQ(n.u.pages.count, 60u);
    CHECK_EQ(wire_put_mig(b, TM_MIG_READY, &m), 8u);     /* pid and attempt only */
    CHECK_EQ(wire_get_mig(b, 8, TM_MIG_READY, &n), 0);
    CHECK_EQ(wire_get_mig(b, 7, TM_MIG_READY, &n), -1);
    struct wire_page pg = { 0x40000000u, WIRE_PAGE_ZERO | 4 }, ph;
    CHECK_EQ(wire_put_page(b, &pg) - b, WIRE_PAGE_LEN);
    REQUIRE_EQ(wire_get_page(b, WIRE_PAGE_LEN, &ph), 0);
    CHECK_EQ(ph.va, pg.va);
    CHECK_EQ(ph.flags, pg.flags);
    CHECK_EQ(wire_get_page(b, WIRE_PAGE_LEN - 1, &ph), -1);
}

TEST(wire_load_report_round_trips_and_a_bad_one_is_refused)
{
    uint8_t b[32];
    struct wire_load l = { 0, 0, 250, 97, 0, 0x01020304u }, n;
    wire_put_load(b, &l);
    CHECK_EQ(b[0], WIRE_LOAD_VERSION);
    CHECK_EQ(b[1], WIRE_LOAD_LEN);
    CHECK_EQ(b[8], 0x01);                   /* free_pages, high byte first */
    REQUIRE_EQ(wire_get_load(b, WIRE_LOAD_LEN, &n), 0);
    CHECK_EQ(n.runnable_x100, 250u);
    CHECK_EQ(n.busy_pct, 97u);
    CHECK_EQ(n.free_pages, 0x01020304u);
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN - 1, &n), -1);     /* short frame */
    b[1] = WIRE_LOAD_LEN + 4;                                   /* says more than came */
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN, &n), -1);
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN + 4, &n), 0);       /* a longer report: known part */
    b[1] = WIRE_LOAD_LEN - 1;                                   /* shorter than its fields */
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN, &n), -1);
    b[1] = WIRE_LOAD_LEN;
    b[0] = WIRE_LOAD_VERSION + 1;                               /* a version it does not know */
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN, &n), -1);
    b[0] = WIRE_LOAD_VERSION;
    b[5] = 101;                                                 /* busy past 100 % */
    CHECK_EQ(wire_get_load(b, WIRE_LOAD_LEN, &n), -1);
}
