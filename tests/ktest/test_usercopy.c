// SPDX-License-Identifier: MIT
/* In-kernel tests of the checked user-memory copies, on a scratch address
 * space loaded as the current one. */
#include "kernel/ktest.h"
#include "kernel/core/proc.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/string.h"

static pgdir_t scratch_begin(void)
{
    pgdir_t pd = pgdir_create();
    pgdir_map_new(pd, USER_BASE, PTE_U);                /* read-only */
    pgdir_map_new(pd, USER_BASE + PAGE_SIZE, PTE_U | PTE_W);
    current->pgdir = pd;
    pgdir_activate(pd);
    return pd;
}

static void scratch_end(pgdir_t pd)
{
    current->pgdir = paging_kernel_dir();
    pgdir_activate(current->pgdir);
    pgdir_destroy(pd);
}

KTEST(copies_within_user_memory_succeed)
{
    pgdir_t pd = scratch_begin();
    char buf[16] = "demos";
    uint32_t rw = USER_BASE + PAGE_SIZE;
    KEXPECT_EQ(0, copy_to_user(rw + PAGE_SIZE - 6, buf, 6));
    memset(buf, 0, sizeof(buf));
    KEXPECT_EQ(0, copy_from_user(buf, rw + PAGE_SIZE - 6, 6));
    KEXPECT_EQ(0, strcmp(buf, "demos"));
    KEXPECT_EQ(5, copy_str_from_user(buf, rw + PAGE_SIZE - 6, sizeof(buf)));
    scratch_end(pd);
}

KTEST(copies_touching_bad_memory_are_refused)
{
    pgdir_t pd = scratch_begin();
    char buf[16] = { 0 };
    uint32_t ro = USER_BASE, rw = USER_BASE + PAGE_SIZE;
    KEXPECT_EQ(-E_FAULT, copy_to_user(ro, buf, 1));                 /* read-only */
    KEXPECT_EQ(-E_FAULT, copy_to_user(rw + PAGE_SIZE - 4, buf, 8)); /* runs off */
    KEXPECT_EQ(-E_FAULT, copy_from_user(buf, 0, 4));                /* NULL */
    KEXPECT_EQ(-E_FAULT, copy_from_user(buf, 0x100000, 4));         /* kernel */
    KEXPECT_EQ(-E_FAULT, copy_from_user(buf, 0xFFFFFFFCu, 8));      /* wraps */
    KEXPECT_EQ(-E_FAULT, copy_str_from_user(buf, USER_BASE - 1, 4));
    scratch_end(pd);
}

KTEST(unterminated_user_string_is_refused)
{
    pgdir_t pd = scratch_begin();
    char buf[8];
    uint32_t rw = USER_BASE + PAGE_SIZE;
    char fill[PAGE_SIZE / 4];
    memset(fill, 'x', sizeof(fill));
    copy_to_user(rw, fill, sizeof(fill));
    KEXPECT_EQ(-E_TOOBIG, copy_str_from_user(buf, rw, sizeof(buf)));
    copy_to_user(rw + PAGE_SIZE - sizeof(fill), fill, sizeof(fill));
    char big[64];
    KEXPECT_EQ(-E_FAULT, copy_str_from_user(big, rw + PAGE_SIZE - 8, sizeof(big)));
    scratch_end(pd);
}
