// SPDX-License-Identifier: MIT
/* This boot's incarnation number, from the TSC and the CMOS clock. The
 * transport sends it in every frame as the boot id. */
#include "kernel/core/incarnation.h"
#include "kernel/core/cmdline.h"
#include "arch/x86/x86.h"

#define CMOS_INDEX 0x70         /* MC146818 RTC ports (PC/AT) */
#define CMOS_DATA 0x71

uint32_t node_incarnation;

static uint32_t read_rtc_seconds(void)
{
    /* CMOS RTC registers 0 (seconds), 2 (minutes), 4 (hours): mixed in so
     * a restarted node is told apart even under -icount. */
    uint32_t v = 0;
    for (uint8_t reg = 0; reg <= 4; reg += 2) {
        outb(CMOS_INDEX, reg);
        v = v * 64 + inb(CMOS_DATA);
    }
    return v;
}

void incarnation_init(void)
{
    uint32_t v = (uint32_t)rdtsc() * 2654435761u ^ read_rtc_seconds() ^ boot_opts.node << 24;
    node_incarnation = v != INCARNATION_ANY ? v : 1;
}
