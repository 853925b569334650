// SPDX-License-Identifier: MIT
/* Checked copies between the kernel and the current process's memory. The
 * kernel runs on the process's page directory with interrupts off, so a
 * range checked here stays mapped for the copy that follows. */
#include "kernel/core/usercopy.h"
#include "kernel/core/proc.h"
#include "kernel/core/string.h"
#include "demos/ipc.h"

int user_check(uint32_t uaddr, uint32_t len, bool write)
{
    return pgdir_user_range_ok(current->pgdir, uaddr, len, write) ? 0 : -E_FAULT;
}

struct msg *user_msg_check(uint32_t umsg, bool write)
{
    if (user_check(umsg, sizeof(struct msg), write) < 0)
        return 0;
    current->msg_ok = umsg;
    current->msg_ok_writable = write;
    current->msg_ok_k = (uint8_t *)(pgdir_lookup(current->pgdir, umsg) & ~(PAGE_SIZE - 1)) +
                        (umsg & (PAGE_SIZE - 1));
    current->msg_ok_room = PAGE_SIZE - (umsg & (PAGE_SIZE - 1));
    return (struct msg *)umsg;
}

int copy_from_user(void *dst, uint32_t usrc, uint32_t len)
{
    if (user_check(usrc, len, false) < 0)
        return -E_FAULT;
    memcpy(dst, (const void *)usrc, len);
    return 0;
}

int copy_to_user(uint32_t udst, const void *src, uint32_t len)
{
    if (user_check(udst, len, true) < 0)
        return -E_FAULT;
    memcpy((void *)udst, src, len);
    return 0;
}

int copy_str_from_user(char *dst, uint32_t usrc, uint32_t max)
{
    for (uint32_t i = 0; i < max; i++) {
        /* Check each page once, as the string reaches it. */
        if ((i == 0 || ((usrc + i) & (PAGE_SIZE - 1)) == 0) &&
            user_check(usrc + i, 1, false) < 0)
            return -E_FAULT;
        dst[i] = ((const char *)usrc)[i];
        if (!dst[i])
            return (int)i;
    }
    return -E_TOOBIG;
}
