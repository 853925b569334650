// SPDX-License-Identifier: MIT
/* The transport's table of users: the receive handler of each message kind,
 * the peer-down handlers, the handler of delivery notes. Filled at boot by
 * the layer above (kernel/dist/), read by the transport. */
#include "kernel/net/service.h"
#include "kernel/core/printk.h"

#define DOWN_HANDLERS 4
#define NOTED_HANDLERS 2

transport_receive_fn service_by_kind[TM_KINDS];
static transport_peer_fn down[DOWN_HANDLERS];
static transport_noted_fn noted[NOTED_HANDLERS];

void transport_handle(uint16_t first, uint16_t last, transport_receive_fn fn)
{
    for (uint16_t k = first; k <= last && k < TM_KINDS; k++)
        service_by_kind[k] = fn;
}

void transport_on_peer_down(transport_peer_fn fn)
{
    for (int i = 0; i < DOWN_HANDLERS; i++) {
        if (!down[i]) {
            down[i] = fn;
            return;
        }
    }
    panic("transport: more than %d peer-down handlers", DOWN_HANDLERS);
}

void transport_on_noted(transport_noted_fn fn)
{
    for (int i = 0; i < NOTED_HANDLERS; i++) {
        if (!noted[i]) {
            noted[i] = fn;
            return;
        }
    }
    panic("transport: more than %d note handlers", NOTED_HANDLERS);
}

void service_peer_down(unsigned node)
{
    for (int i = 0; i < DOWN_HANDLERS && down[i]; i++)
        down[i](node);
}

void service_noted(unsigned node, uint32_t note)
{
    for (int i = 0; i < NOTED_HANDLERS && noted[i]; i++)
        noted[i](node, note);
}
