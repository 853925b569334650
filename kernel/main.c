// SPDX-License-Identifier: MIT
/* kmain: from the loader's hand-off to the first user process, then the
 * idle loop. The boot order is the order of the calls below. */
#include "arch/x86/gdt.h"
#include "arch/x86/trap.h"
#include "arch/x86/idt.h"
#include "arch/x86/simd.h"
#include "arch/x86/mmio.h"
#include "arch/x86/pit.h"
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "drivers/net.h"
#include "kernel/net/transport.h"
#include "kernel/dist/dist.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/console.h"
#include "kernel/core/exec.h"
#include "kernel/ktest.h"
#include "kernel/core/mem.h"
#include "kernel/core/multiboot.h"
#include "kernel/core/printk.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/string.h"
#include "kernel/core/link.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/load.h"

#define MAX_MODULES 8

static char cmdline[CMDLINE_MAX];
static struct boot_module mods[MAX_MODULES];

/* What arch/ and drivers/ take from the kernel; their headers say what each is. */
static const struct paging_frames paging_frames = { frame_alloc, frame_alloc_zeroed, frame_free };
static const struct net_host net_host = { frame_alloc, frame_free, printk };

/* For arch/x86/mmio.c: a device mapping reaches every process's directory. */
static void copy_pde(uint32_t index, uint32_t pde)
{
    for (struct proc *p = proc_first(); p; p = p->all_next)
        if (p->pgdir && p->pgdir != paging_kernel_dir())
            p->pgdir[index] = pde;
}

/* Copy what we need out of the loader's structures before any frame is
 * handed out: they may sit in memory the frame pool will reuse. */
static int read_boot_info(const struct mb_info *mbi)
{
    int n = 0;
    if (mbi->flags & MB_INFO_CMDLINE) {
        const char *s = (const char *)mbi->cmdline;
        size_t len = strnlen(s, CMDLINE_MAX - 1);
        memcpy(cmdline, s, len);
        cmdline[len] = 0;
    }
    if (mbi->flags & MB_INFO_MODS) {
        const struct mb_module *m = (const void *)mbi->mods_addr;
        for (uint32_t i = 0; i < mbi->mods_count && n < MAX_MODULES; i++, n++) {
            mods[n].start = m[i].start;
            mods[n].end = m[i].end;
        }
    }
    return n;
}

static void start_first_program(void)
{
    const char *first = exec_first_program();
    if (!first) {
        printk("demos: no program archive (boot module) found; nothing to run\n");
        return;
    }
    /* init gets link 1: a KERNEL link to this kernel (process N.0). */
    struct link kernel = { 0 };
    kernel.target = PID_MAKE(boot_opts.node, 0);
    kernel.node_hint = (uint16_t)boot_opts.node;
    kernel.flags = LINK_KERNEL;
    kernel.incarnation = node_incarnation;
    kernel.token = link_seal(&kernel);
    int r = exec_spawn(first, boot_opts.run, &kernel);
    if (r < 0)
        printk("demos: cannot start %s: error %d\n", first, -r);
    else
        proc_find((pid_t)r)->service = true;    /* init restarts the others: see SPAWN_SERVICE */
}

void kmain(uint32_t magic, const struct mb_info *mbi)
{
    gdt_init();
    idt_init();
    simd_init();                /* CR0.TS: no process touches the FPU or SIMD */
    serial_init();
    serial_set_input(console_input);
    vga_init();
    if (magic != MB_BOOT_MAGIC)
        panic("not started by a Multiboot loader (magic %p)", (void *)magic);
    int nmods = read_boot_info(mbi);
    printk("demos: DEMOS/x86 booting\n");
    cmdline_parse(cmdline, &boot_opts);
    mem_init(mbi, mods, nmods);
    paging_set_frames(&paging_frames);
    mmio_set_copy_pde(copy_pde);
    paging_init();
    net_set_host(&net_host);
    if (net_init(0) == 0) {
        const uint8_t *mac = net_mac();
        if (!boot_opts.node_given && mac[5] >= 1 && mac[5] <= 254) {
            boot_opts.node = mac[5];    /* no node=N: the MAC's last byte */
            boot_opts.node_from = "MAC";
        }
        printk("demos: %s nic %02x:%02x:%02x:%02x:%02x:%02x\n", net_driver_name(),
               mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    } else {
        printk("demos: no network card it drives (Intel 82540EM, 82574L): "
               "this node runs alone\n");
    }
    incarnation_init();
    proc_init_idle();
    if (nmods > 0)
        exec_set_archive((const void *)mods[0].start, mods[0].end - mods[0].start);
    printk("demos: node %u (by %s), %u KiB free, %d boot module(s)\n",
           boot_opts.node, boot_opts.node_from, frames_free() * 4, nmods);
    pit_init();
    load_init();
    dist_init();
    transport_init();
    if (boot_opts.test)
        ktest_run();
    start_first_program();
    for (;;) {
        schedule();
        if (mem_zero_some())
            continue;           /* idle, but with work: no halt yet */
        idle_since = rdtsc();
        sti();
        hlt();
        cli();
        idle_end();
    }
}
