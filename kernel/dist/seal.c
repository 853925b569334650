// SPDX-License-Identifier: MIT
/* Seals on DATA and KERNEL links: the token of such a link is a keyed
 * checksum, under the cluster key's PRF (kernel/net/auth.c), of its target,
 * incarnation, rights and area. Every kernel of the cluster can check it,
 * so it holds wherever the target moves; a move_data request or a KERNEL
 * operation that comes from another node is served only with a right seal
 * (remote.c, kcontrol.c), and only within the area and rights sealed. */
#include "kernel/dist/seal.h"
#include "kernel/net/auth.h"
#include "kernel/core/string.h"

#define SEALED_FLAGS (LINK_KERNEL | LINK_DATA | LINK_READ | LINK_WRITE)

struct seal_stats seal_stats;

static uint32_t seal(const struct link *l)
{
    uint32_t what[5] = { l->target, l->incarnation, l->flags & SEALED_FLAGS, l->data_base,
                         l->data_len };
    uint8_t out[16];
    uint32_t token;
    auth_prf(what, sizeof(what), out);
    memcpy(&token, out, sizeof(token));
    return token;
}

bool seal_ok(const struct link *l)
{
    return l->token == seal(l);
}

void seal_init(void)
{
    link_set_sealer(seal);
}
