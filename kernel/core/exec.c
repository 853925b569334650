// SPDX-License-Identifier: MIT
/* Program loading: find an ELF in the boot archive, build a new address
 * space from its PT_LOAD segments, and give it a stack holding its
 * argument string. */
#include "kernel/core/exec.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/tar.h"
#include "kernel/core/elf.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/string.h"
#include "kernel/core/link.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/faultinject.h"

#define STACK_BYTES (USER_STACK_PAGES * PAGE_SIZE)

static const void *archive;
static uint32_t archive_len;
static struct tar_file first;

void exec_set_archive(const void *base, uint32_t len)
{
    uint32_t off = 0;
    archive = base;
    archive_len = len;
    if (tar_next(base, len, &off, &first) != 1)
        first.name[0] = 0;
}

const char *exec_first_program(void)
{
    return first.name[0] ? first.name : 0;
}

static int load_segments(struct proc *p, const struct tar_file *f, const struct elf_image *img)
{
    for (int i = 0; i < img->nseg; i++) {
        const struct elf_seg *s = &img->seg[i];
        uint32_t flags = PTE_U | ((s->flags & PF_W) ? PTE_W : 0);
        uint32_t end = s->vaddr + s->memsz;
        for (uint32_t va = s->vaddr & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE) {
            int r = pgdir_map_new(p->pgdir, va, flags);
            if (r < 0)
                return r;
        }
        int r = pgdir_copy_in(p->pgdir, s->vaddr, (const uint8_t *)f->data + s->offset, s->filesz);
        if (r < 0)
            return r;
    }
    return 0;
}

/* The stack starts as: [0] fake return address, [4] pointer to the
 * argument string, then the string itself at the top. */
static int build_stack(struct proc *p, const char *args, uint32_t *esp)
{
    uint32_t lo = USER_TOP - STACK_BYTES;
    for (uint32_t va = lo; va < USER_TOP; va += PAGE_SIZE) {
        int r = pgdir_map_new(p->pgdir, va, PTE_U | PTE_W);
        if (r < 0)
            return r;
    }
    p->stack_lo = lo;
    uint32_t len = strnlen(args, PROG_ARGS_MAX) + 1;
    uint32_t str = (USER_TOP - len) & ~3u;
    uint32_t frame[2] = { 0, str };
    pgdir_copy_in(p->pgdir, str, args, len - 1);
    pgdir_copy_in(p->pgdir, str + len - 1, "", 1);
    *esp = str - sizeof(frame);
    return pgdir_copy_in(p->pgdir, *esp, frame, sizeof(frame));
}

static int find_program(const char *prog, struct tar_file *f, struct elf_image *img)
{
    if (strnlen(prog, PROG_NAME_MAX) >= PROG_NAME_MAX)
        return -E_TOOBIG;
    if (!archive || tar_find(archive, archive_len, prog, f) != 0)
        return -E_NOENT;
    if (elf_parse(f->data, f->size, USER_BASE, USER_TOP - 2 * STACK_BYTES, img) != 0)
        return -E_NOEXEC;
    return 0;
}

int exec_program_pages(const char *prog)
{
    struct tar_file f;
    struct elf_image img;
    int r = find_program(prog, &f, &img);
    if (r < 0)
        return r;
    uint32_t pages = USER_STACK_PAGES;
    for (int i = 0; i < img.nseg; i++) {
        uint32_t lo = img.seg[i].vaddr & ~(PAGE_SIZE - 1);
        pages += (img.seg[i].vaddr + img.seg[i].memsz - lo + PAGE_SIZE - 1) / PAGE_SIZE;
    }
    return (int)pages;
}

/* Link 0 goes to this node's name service, whichever process serves as
 * N.2 (it may be started again); LINK_NAMESVC makes a move retarget it. */
static void initial_links(struct proc *p, const struct link *link1)
{
    struct link sb = { 0 };
    sb.target = NAMESVC_PID(boot_opts.node);
    sb.node_hint = (uint16_t)boot_opts.node;
    sb.flags = LINK_NAMESVC;
    sb.incarnation = INCARNATION_ANY;   /* any N.2 of any boot of this node */
    link_insert_at(&p->links, LINK_SWITCHBOARD & 0xFF, &sb);
    if (link1)
        link_insert_at(&p->links, LINK_KERNEL_SELF & 0xFF, link1);
}

int exec_spawn(const char *prog, const char *args, const struct link *link1)
{
    return exec_spawn_at(prog, args, link1, 0);
}

int exec_spawn_at(const char *prog, const char *args, const struct link *link1, uint32_t serial)
{
    struct tar_file f;
    struct elf_image img;
    if (strnlen(args, PROG_ARGS_MAX) >= PROG_ARGS_MAX)
        return -E_TOOBIG;
    int r = find_program(prog, &f, &img);
    if (r < 0)
        return r;
    struct proc *p = serial ? proc_alloc_at(prog, serial) : proc_alloc(prog);
    if (!p)
        return serial ? -E_PERM : -E_NOMEM;     /* serial: in use, or not ours to give */
    /* In an old place (a service started again there), its predecessor's
     * senders carry on their numbering: each one's first number is its turn. */
    p->order.reclaimed = serial != 0;
    uint32_t esp;
    initial_links(p, link1);
    r = load_segments(p, &f, &img);
    if (r == 0)
        r = build_stack(p, args, &esp);
    if (r < 0) {
        proc_discard(p);
        return r;
    }
    fault_arm(p, prog);
    proc_start_user(p, img.entry, esp);
    return (int)p->pid;
}
