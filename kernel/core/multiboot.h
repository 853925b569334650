/* SPDX-License-Identifier: MIT */
/* The Multiboot (v1) information structure the loader hands the kernel
 * (Multiboot spec 0.6.96, section 3.3). Only the fields we read. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H
#include <stdint.h>

#define MB_BOOT_MAGIC 0x2BADB002
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)
#define MB_INFO_MMAP    (1u << 6)
#define MB_MMAP_AVAILABLE 1

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_module {
    uint32_t start, end, cmdline, reserved;
} __attribute__((packed));

struct mb_mmap_entry {
    uint32_t size;          /* of the rest of the entry, not counting this field */
    uint64_t base, len;
    uint32_t type;
} __attribute__((packed));

#endif
