// SPDX-License-Identifier: MIT
/* Console input ring and the console kernel calls. Readers block until at
 * least one byte is there; bytes beyond the ring's size are dropped and
 * counted, never overwritten. */
#include "kernel/core/console.h"
#include "kernel/core/sched.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/printk.h"

#define INPUT_RING 1024
#define CHUNK 256

static char ring[INPUT_RING];
static uint32_t head, tail;         /* head: next write, tail: next read */
static struct waitq readers;
uint32_t console_dropped;

void console_input(char c)
{
    if (head - tail >= INPUT_RING) {
        console_dropped++;
        return;
    }
    ring[head++ % INPUT_RING] = c;
    if (waitq_first(&readers))
        sched_wake(waitq_first(&readers), 0);
}

int sys_console_write(uint32_t ubuf, uint32_t len)
{
    char buf[CHUNK];
    uint32_t done = 0;
    while (done < len) {
        uint32_t n = len - done < CHUNK ? len - done : CHUNK;
        if (copy_from_user(buf, ubuf + done, n) < 0)
            return done ? (int)done : -E_FAULT;
        for (uint32_t i = 0; i < n; i++)
            console_putc(buf[i]);
        done += n;
    }
    return (int)done;
}

int sys_console_read(uint32_t ubuf, uint32_t len)
{
    char buf[CHUNK];
    if (len == 0)
        return 0;
    if (len > CHUNK)
        len = CHUNK;
    /* Check the buffer before waiting, so a bad pointer fails at once. */
    if (user_check(ubuf, len, true) < 0)
        return -E_FAULT;
    while (head == tail) {
        int r = sched_block(&readers, 0);
        if (r < 0)
            return r;
    }
    uint32_t n = 0;
    while (n < len && tail != head)
        buf[n++] = ring[tail++ % INPUT_RING];
    if (copy_to_user(ubuf, buf, n) < 0)
        return -E_FAULT;
    return (int)n;
}
