// SPDX-License-Identifier: MIT
/* Migration's page transfer (step 5): each page as {va, flags} and its 4 KiB,
 * or {va, flags | WIRE_PAGE_ZERO} alone when it holds only zeros; a page
 * packed is no longer dirty, so a pre-copy round sees what was written
 * since. */
#include "kernel/dist/migpages.h"
#include "kernel/net/wire.h"
#include "kernel/core/string.h"
#include "demos/syscall.h"

/* An all-zero page? Eight words a step: most pages of a process that
 * reserved more than it used are, and each is scanned to its end. */
static bool page_is_zero(const uint32_t *page)
{
    for (unsigned i = 0; i < PAGE_SIZE / 4; i += 8)
        if (page[i] | page[i + 1] | page[i + 2] | page[i + 3] |
            page[i + 4] | page[i + 5] | page[i + 6] | page[i + 7])
            return false;
    return true;
}

/* The first page to pack at or above va: any, or only a dirty one. */
static uint32_t next_to_pack(pgdir_t pd, uint32_t va, bool dirty_only, uint32_t *pte)
{
    return dirty_only ? pgdir_next_dirty_page(pd, va, pte) : pgdir_next_user_page(pd, va, pte);
}

uint32_t migpages_pack(pgdir_t pd, uint32_t from, bool dirty_only, uint8_t *out,
                       uint32_t *count, uint32_t *next)
{
    uint32_t pte, va = from, n = 0, data_pages = 0;
    uint8_t *o = out;
    while (n < PAGES_PER_MSG && data_pages < DATA_PAGES_PER_MSG &&
           (va = next_to_pack(pd, va, dirty_only, &pte)) != 0) {
        /* Taken before it is read: a write after this marks it again. */
        pgdir_take_dirty(pd, va);
        const uint32_t *page = (const uint32_t *)(pte & ~(PAGE_SIZE - 1));
        struct wire_page pg = { va, pte & (PTE_U | PTE_W) };
        if (page_is_zero(page))
            pg.flags |= WIRE_PAGE_ZERO;  /* D maps a fresh page: already zero */
        o = wire_put_page(o, &pg);
        if (!(pg.flags & WIRE_PAGE_ZERO)) {
            memcpy(o, page, PAGE_SIZE);
            o += PAGE_SIZE;
            data_pages++;
        }
        n++;
        va += PAGE_SIZE;
    }
    *count = n;
    *next = va ? next_to_pack(pd, va, dirty_only, &pte) : 0;
    return (uint32_t)(o - out);
}

static const uint8_t zero_page[PAGE_SIZE];

int migpages_unpack(pgdir_t pd, const uint8_t *in, uint32_t len, uint32_t count)
{
    const uint8_t *end = in + len;
    if (count > PAGES_PER_MSG)
        return -E_INVAL;
    for (uint32_t i = 0; i < count; i++) {
        struct wire_page pg;
        if (wire_get_page(in, (uint32_t)(end - in), &pg) != 0)
            return -E_INVAL;
        in += WIRE_PAGE_LEN;
        bool zero = pg.flags & WIRE_PAGE_ZERO;
        if (!zero && (uint32_t)(end - in) < PAGE_SIZE)
            return -E_INVAL;
        /* A later round's page is here already, with older bytes. */
        bool had = pgdir_lookup(pd, pg.va) & PTE_P;
        int r = pgdir_map_new(pd, pg.va, (pg.flags & (PTE_U | PTE_W)) | PTE_U);
        if (r < 0)
            return r;
        if (!zero) {
            pgdir_copy_in(pd, pg.va, in, PAGE_SIZE);
            in += PAGE_SIZE;
        } else if (had) {
            pgdir_copy_in(pd, pg.va, zero_page, PAGE_SIZE);
        }
    }
    return 0;
}
