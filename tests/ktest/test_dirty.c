// SPDX-License-Identifier: MIT
/* In-kernel tests of the dirty tracking pre-copy relies on: new pages,
 * kernel copies and CPU writes mark a page; taking the bit clears it, TLB
 * entry included, so the next write marks it again. */
#include "kernel/ktest.h"
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"
#include "demos/syscall.h"

#define PAGE2 (USER_BASE + PAGE_SIZE)

KTEST(new_pages_are_dirty_until_taken)
{
    pgdir_t pd = pgdir_create();
    uint32_t pte;
    KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE, PTE_U | PTE_W));
    KEXPECT_EQ(0, pgdir_map_new(pd, PAGE2, PTE_U | PTE_W));
    KEXPECT_EQ(2, pgdir_dirty_pages(pd));
    pgdir_take_dirty(pd, USER_BASE);
    KEXPECT_EQ(1, pgdir_dirty_pages(pd));
    KEXPECT_EQ(PAGE2, pgdir_next_dirty_page(pd, USER_BASE, &pte));
    pgdir_take_dirty(pd, PAGE2);
    KEXPECT_EQ(0, pgdir_next_dirty_page(pd, USER_BASE, &pte));
    KEXPECT_EQ(2, pgdir_user_pages(pd));
    pgdir_destroy(pd);
}

KTEST(kernel_copy_into_a_page_marks_it_dirty)
{
    pgdir_t pd = pgdir_create();
    uint32_t pte, word = 7;
    KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE, PTE_U | PTE_W));
    KEXPECT_EQ(0, pgdir_map_new(pd, PAGE2, PTE_U | PTE_W));
    pgdir_take_dirty(pd, USER_BASE);
    pgdir_take_dirty(pd, PAGE2);
    KEXPECT_EQ(0, pgdir_copy_in(pd, PAGE2 + 8, &word, sizeof(word)));
    KEXPECT_EQ(PAGE2, pgdir_next_dirty_page(pd, USER_BASE, &pte));
    KEXPECT_EQ(1, pgdir_dirty_pages(pd));
    pgdir_destroy(pd);
}

KTEST(write_after_the_dirty_bit_was_taken_marks_the_page_again)
{
    pgdir_t pd = pgdir_create();
    uint32_t pte, old = read_cr3();
    KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE, PTE_U | PTE_W));
    pgdir_activate(pd);
    *(volatile uint32_t *)USER_BASE = 1;        /* the TLB now holds the entry, D set */
    pgdir_take_dirty(pd, USER_BASE);
    bool clean = pgdir_next_dirty_page(pd, USER_BASE, &pte) == 0;
    *(volatile uint32_t *)USER_BASE = 2;        /* a stale TLB entry would not mark it */
    bool marked = pgdir_next_dirty_page(pd, USER_BASE, &pte) == USER_BASE;
    write_cr3(old);
    KEXPECT(clean);
    KEXPECT(marked);
    pgdir_destroy(pd);
}
