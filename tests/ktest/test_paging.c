// SPDX-License-Identifier: MIT
/* In-kernel tests of address spaces: mapping, permission checks, teardown. */
#include "kernel/ktest.h"
#include "kernel/core/mem.h"
#include "arch/x86/paging.h"
#include "demos/syscall.h"

KTEST(new_address_space_maps_only_the_kernel)
{
    pgdir_t pd = pgdir_create();
    KEXPECT(pd != 0);
    KEXPECT_EQ(0, pgdir_user_pages(pd));
    KEXPECT_EQ(0, pgdir_lookup(pd, USER_BASE));
    KEXPECT(!pgdir_user_range_ok(pd, 0x100000, 4, false));
    pgdir_destroy(pd);
}

KTEST(mapped_user_page_has_the_asked_rights)
{
    pgdir_t pd = pgdir_create();
    KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE, PTE_U));
    KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE + PAGE_SIZE, PTE_U | PTE_W));
    KEXPECT(pgdir_user_range_ok(pd, USER_BASE, 2 * PAGE_SIZE, false));
    KEXPECT(!pgdir_user_range_ok(pd, USER_BASE, 2 * PAGE_SIZE, true));
    KEXPECT(pgdir_user_range_ok(pd, USER_BASE + PAGE_SIZE, PAGE_SIZE, true));
    KEXPECT(!pgdir_user_range_ok(pd, USER_BASE + PAGE_SIZE, PAGE_SIZE + 1, false));
    KEXPECT(!pgdir_user_range_ok(pd, 0xFFFFFFF0u, 0x20, false));
    KEXPECT_EQ(2, pgdir_user_pages(pd));
    pgdir_destroy(pd);
}

KTEST(mapping_outside_user_space_is_refused)
{
    pgdir_t pd = pgdir_create();
    KEXPECT_EQ(-E_INVAL, pgdir_map_new(pd, 0x100000, PTE_U | PTE_W));
    KEXPECT_EQ(-E_INVAL, pgdir_map_new(pd, USER_TOP, PTE_U | PTE_W));
    KEXPECT_EQ(0, pgdir_user_pages(pd));
    pgdir_destroy(pd);
}

KTEST(destroying_an_address_space_frees_every_frame)
{
    uint32_t before = frames_free();
    pgdir_t pd = pgdir_create();
    for (uint32_t i = 0; i < 8; i++)
        KEXPECT_EQ(0, pgdir_map_new(pd, USER_BASE + i * 0x400000, PTE_U | PTE_W));
    KEXPECT(frames_free() < before);
    pgdir_destroy(pd);
    KEXPECT_EQ(before, frames_free());
}
