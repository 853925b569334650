# SPDX-License-Identifier: MIT
# DEMOS/x86: one entry point. make | make check | make demo | make demo-balance | make bench
# | make iso | make pxe
# | make mutants | make debug NODE=N

CC      ?= gcc
BUILD   := build
ARCHFLAGS := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
             -fno-builtin -mgeneral-regs-only -fno-asynchronous-unwind-tables
WARN    := -Wall -Wextra -Werror
KCFLAGS := $(ARCHFLAGS) $(WARN) -std=gnu11 -O2 -g -Iinclude -I. -DKERNEL $(KEXTRA)
UCFLAGS := $(ARCHFLAGS) $(WARN) -std=gnu11 -O2 -g -Iinclude -Iuser/lib
LDFLAGS := -m elf_i386 -n -nostdlib -z noexecstack --no-warn-rwx-segments
# Resolved by the shell when a link runs, not when make reads this file: on a
# fresh machine gcc-multilib (the 32-bit libgcc) is installed only by deps.
LIBGCC   = $$($(CC) -m32 -print-libgcc-file-name)

# Kernel objects, one per line, in the order the boot uses them.
KOBJS := \
	boot/multiboot.o \
	arch/x86/gdt.o \
	arch/x86/idt.o \
	arch/x86/trapentry.o \
	arch/x86/switch.o \
	arch/x86/pit.o \
	arch/x86/simd.o \
	arch/x86/paging.o \
	drivers/serial.o \
	drivers/vga.o \
	drivers/pci.o \
	drivers/e1000.o \
	arch/x86/mmio.o \
	kernel/main.o \
	kernel/core/cmdline.o \
	kernel/core/incarnation.o \
	kernel/core/printk.o \
	lib/string.o \
	lib/fmt.o \
	kernel/core/mem.o \
	kernel/core/frame.o \
	kernel/core/kheap.o \
	kernel/core/tar.o \
	kernel/core/elf.o \
	kernel/core/proc.o \
	kernel/core/sched.o \
	kernel/core/load.o \
	kernel/core/exec.o \
	kernel/core/faultinject.o \
	kernel/core/trap.o \
	kernel/core/usercopy.o \
	kernel/core/syscall.o \
	kernel/core/link.o \
	kernel/core/linkcalls.o \
	kernel/core/msg.o \
	kernel/core/ipc.o \
	kernel/core/deliver.o \
	kernel/core/route.o \
	kernel/core/order.o \
	kernel/dist/kcontrol.o \
	kernel/dist/kload.o \
	kernel/core/movedata.o \
	kernel/dist/report.o \
	kernel/net/wire.o \
	kernel/net/transport.o \
	kernel/net/receive.o \
	kernel/net/hello.o \
	kernel/net/service.o \
	kernel/net/swim.o \
	kernel/net/member.o \
	kernel/net/session.o \
	kernel/net/replay.o \
	kernel/net/rto.o \
	kernel/net/auth.o \
	kernel/net/siphash.o \
	kernel/net/aes.o \
	kernel/net/nh.o \
	kernel/net/umac.o \
	kernel/net/random.o \
	kernel/dist/remote.o \
	kernel/dist/fwdtable.o \
	kernel/dist/forward.o \
	kernel/dist/locate.o \
	kernel/dist/seal.o \
	kernel/dist/migrate.o \
	kernel/dist/migstate.o \
	kernel/dist/migpages.o \
	kernel/dist/migdest.o \
	kernel/dist/precopy.o \
	kernel/dist/dist.o \
	kernel/core/console.o \
	kernel/ktest.o \
	tests/ktest/test_frame.o \
	tests/ktest/test_paging.o \
	tests/ktest/test_dirty.o \
	tests/ktest/test_usercopy.o \
	tests/ktest/test_proc.o \
	tests/ktest/test_ipc.o \
	tests/ktest/test_net.o \
	tests/ktest/test_order.o \
	tests/ktest/test_load.o \
	tests/ktest/test_auth.o

# User programs, in boot order: this one list makes the boot archive,
# and the first entry is the program the kernel starts.
UPROGS := \
	init \
	switchboard \
	procmgr \
	memsched \
	shell \
	counter \
	client \
	spin \
	faulty \
	hello \
	hog \
	ipctest \
	bench \
	linktest \
	datatest \
	mute \
	ballast \
	writer \
	burn

ULIB := user/lib/crt0.o user/lib/start.o user/lib/syscall.o user/lib/ipc.o user/lib/printf.o \
	lib/fmt.o lib/string.o

prog_objs = $(patsubst %.c,$(BUILD)/%.o,$(wildcard user/$(1)/*.c))
KOBJS_B := $(addprefix $(BUILD)/,$(KOBJS))
ULIB_B  := $(addprefix $(BUILD)/,$(ULIB))
UELFS   := $(addprefix $(BUILD)/user/,$(addsuffix .elf,$(UPROGS)))

.SECONDEXPANSION:
.SECONDARY:
.PHONY: all iso pxe check unit ktest boottest demo demo-balance bench mutants debug deps clean deps-then-goals

# Every goal but clean and deps first installs what is missing (tools/deps),
# then make runs again and reads this file with the tools in place. The goals
# are built by that one inner make, so "make -j2 all iso" never races itself.
GOALS := $(or $(MAKECMDGOALS),all)
ifeq ($(DEPS_DONE)$(filter-out clean deps,$(GOALS)),)
else ifndef DEPS_DONE
$(GOALS): deps-then-goals ; @:
deps-then-goals:
	@tools/deps
	@$(MAKE) --no-print-directory DEPS_DONE=1 $(GOALS)
else
all: $(BUILD)/demos.elf $(BUILD)/initrd.tar

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(if $(filter user/% lib/%,$<),$(UCFLAGS),$(KCFLAGS)) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(if $(filter user/% lib/%,$<),$(UCFLAGS),$(KCFLAGS)) -MMD -MP -c $< -o $@

$(BUILD)/demos.elf: $(KOBJS_B) linker.ld
	ld $(LDFLAGS) -T linker.ld -o $@ $(KOBJS_B) $(LIBGCC)

$(BUILD)/user/%.elf: $(ULIB_B) user/user.ld $$(call prog_objs,$$*)
	@mkdir -p $(dir $@)
	ld $(LDFLAGS) -T user/user.ld -o $@ $(filter $(BUILD)/user/$*/%,$^) $(ULIB_B) $(LIBGCC)

$(BUILD)/initrd.tar: $(UELFS)
	@rm -rf $(BUILD)/initrd && mkdir -p $(BUILD)/initrd
	@for p in $(UPROGS); do cp $(BUILD)/user/$$p.elf $(BUILD)/initrd/$$p; done
	tar --format=ustar --owner=0 --group=0 -C $(BUILD)/initrd -cf $@ $(UPROGS)

iso: $(BUILD)/demos.iso
$(BUILD)/demos.iso: $(BUILD)/demos.elf $(BUILD)/initrd.tar boot/grub.cfg
	@rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	cp $(BUILD)/demos.elf $(BUILD)/initrd.tar $(BUILD)/iso/boot/
	cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso 2>$(BUILD)/grub-mkrescue.log

# The TFTP tree: iPXE's script (BIOS PCs, whose ROM is iPXE or chains to
# undionly.kpxe) and GRUB's network boot (UEFI PCs: boot/grub/x86_64-efi/core.efi).
GRUB_EFI := /usr/lib/grub/x86_64-efi
# The cluster key goes on both kernel lines (tools/pxe-server key): build/pxe.key's
# (fresh when missing), or make pxe KEY=HEX|none|new.
pxe: $(BUILD)/pxe/boot.ipxe $(BUILD)/pxe/boot/grub/grub.cfg
	@tools/pxe-server key --tftp $(BUILD)/pxe --key-file $(BUILD)/pxe.key $(if $(KEY),--key $(KEY))
$(BUILD)/pxe/boot.ipxe: $(BUILD)/demos.elf $(BUILD)/initrd.tar boot/boot.ipxe
	@mkdir -p $(BUILD)/pxe
	cp $(BUILD)/demos.elf $(BUILD)/initrd.tar $(BUILD)/pxe/
	cp /usr/lib/ipxe/undionly.kpxe $(BUILD)/pxe/
	cp boot/boot.ipxe $@
$(BUILD)/pxe/boot/grub/grub.cfg: boot/grub-net.cfg
	@mkdir -p $(BUILD)/pxe
	grub-mknetdir --net-directory=$(BUILD)/pxe --subdir=boot/grub -d $(GRUB_EFI) \
		--locales= >$(BUILD)/grub-mknetdir.log 2>&1
	cp boot/grub-net.cfg $@

check: all iso pxe
	@tools/check

unit: ; @tests/unit/run
ktest: all ; @tests/ktest/run
boottest: all iso pxe ; @tests/boot/run

demo: all
	@tools/demo

demo-balance: all
	@tools/demo-balance

bench: all
	@tools/bench

mutants: all
	@tests/mutants/run

# make debug NODE=N [NODES=M]: a cluster of M nodes (default: 2, or N if more)
# whose node N waits halted for gdb, and gdb attached to it with
# tools/gdb/demos.py; the cluster goes down when gdb quits.
NODE ?= 1
debug: all
	@tools/cluster up -n $(or $(NODES),$(shell echo $$(( $(NODE) > 2 ? $(NODE) : 2 )))) \
		--gdb $(NODE) && tools/cluster gdb $(NODE); tools/cluster down
endif

deps:
	@tools/deps

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
