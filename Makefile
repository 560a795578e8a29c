# SPDX-License-Identifier: GPL-2.0
# Capsicum for Linux - the entry point: build, test in real kernels, demo, bench.
#
#   make check            every test layer on every kernel; ends with N passed, N failed
#   make demo             boot the default kernel and show a sandbox at work
#   make bench            read() cost with and without the programs (guest, -icount)
#   make vm KERNEL=name   interactive guest shell with everything loaded
#   make                  build everything (module per kernel, programs, user space)
#   make install          install it (PREFIX=/usr/local, DESTDIR=); docs/install.md
#   make examples         build examples/ against an installed copy, with pkg-config
#
# Kernels: debian-6.12 (default), debian-6.1, kunit-6.12 (our own, for KUnit).
# Downloads and kernel builds are cached in $(CAPSICUM_CACHE), outside the tree.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all

BUILD ?= $(CURDIR)/build
# make install: under $(DESTDIR)$(PREFIX); the DKMS tree goes to $(DESTDIR)/usr/src.
PREFIX ?= /usr/local
DESTDIR ?=
export CAPSICUM_CACHE ?= /var/cache/capsicum-linux
KERNEL ?= debian-6.12
GUEST_KERNELS := debian-6.12 debian-6.1
KUNIT_KERNEL := kunit-6.12
# The e2e suites also run on the KUnit kernel: it has lockdep and the
# sleep-in-atomic checks, which catch locking mistakes in the hooks.
CHECK_GUESTS := $(GUEST_KERNELS) $(KUNIT_KERNEL)
JOBS ?= $(shell nproc)

RESULTS := $(BUILD)/results
US := $(BUILD)/userspace
US_BIN := capsicumctl capsicum-e2e capsicum-demo capsicum-bench
EX := $(BUILD)/examples
# The examples in the guest, where tests/guest/vm-check.sh and userspace/demo/vm-demo.sh run
# them: a directory of their own, since busybox has a cat, wc and echo in /usr/bin.
EX_INITRAMFS := -a $(EX)/bin:/usr/libexec/capsicum-examples

deps:
	@vm/install-deps.sh

# One env file per kernel (vm/kernel.sh fetches or builds it on first use).
$(BUILD)/kernels/%.env: FORCE | deps
	@mkdir -p $(@D)
	@vm/kernel.sh $* > $@.tmp && mv $@.tmp $@

kernels: $(foreach k,$(GUEST_KERNELS) $(KUNIT_KERNEL),$(BUILD)/kernels/$(k).env)
	@for k in $(GUEST_KERNELS) $(KUNIT_KERNEL); do \
		. $(BUILD)/kernels/$$k.env; \
		echo "kernel $$k: $$KERNEL_RELEASE (package $$KERNEL_PKG_VERSION)"; \
	done

$(BUILD)/kmod/%/capsicum.ko: $(BUILD)/kernels/%.env FORCE
	@kmod/build.sh $< $(@D) > /dev/null

kmod: $(foreach k,$(GUEST_KERNELS) $(KUNIT_KERNEL),$(BUILD)/kmod/$(k)/capsicum.ko)

# One CO-RE object for every kernel, typed against the default kernel's BTF.
lsm: $(BUILD)/kernels/debian-6.12.env
	@. $< && $(MAKE) -s -C lsm OUT=$(BUILD)/lsm VMLINUX_BTF=$$VMLINUX_BTF

userspace: lsm
	@cmake -S . -B $(US) -DCMAKE_BUILD_TYPE=Release -DCAPSICUM_SKEL_DIR=$(BUILD)/lsm \
		-DCAPSICUM_KERNEL_ENV=$(BUILD)/kernels/debian-6.12.env -DCMAKE_INSTALL_PREFIX=$(PREFIX) \
		> $(US).configure.log 2>&1 || \
		{ cat $(US).configure.log; exit 1; }
	@cmake --build $(US) -j $(JOBS) > $(US).build.log 2>&1 || { cat $(US).build.log; exit 1; }

# The examples as a user builds them: `make install` into a scratch DESTDIR, then examples/
# with pkg-config from there; statically, since the guest has no shared libraries.  Always
# rebuilt (a few seconds), so that they never lag behind the library.
examples: userspace
	@rm -rf $(EX)/stage; mkdir -p $(EX)
	@DESTDIR=$(EX)/stage cmake --install $(US) > $(EX)/install.log 2>&1 || \
		{ cat $(EX)/install.log; exit 1; }
	@pc=$$(dirname "$$(find $(EX)/stage -name libcapsicum.pc)"); \
	PKG_CONFIG_PATH=$$pc PKG_CONFIG_LIBDIR=$$pc $(MAKE) -B -C examples O=$(EX)/bin STATIC=1 \
		WARNS="-Wall -Wextra -Werror" > $(EX)/build.log 2>&1 || { cat $(EX)/build.log; exit 1; }

all: kmod lsm userspace examples

# $(call guest,kernel,mode,results-name,extra run.sh options,programs,run script,
#	extra vm/initramfs.sh options)
define guest
	@mkdir -p $(RESULTS) $(BUILD)/initrd
	@vm/initramfs.sh -E $(BUILD)/kernels/$(1).env -k $(BUILD)/kmod/$(1)/capsicum.ko \
		$(if $(6),-s $(6)) $(7) $(BUILD)/initrd/$(1)-$(2).cpio.gz $(2) $(5) > /dev/null
	vm/run.sh -E $(BUILD)/kernels/$(1).env -i $(BUILD)/initrd/$(1)-$(2).cpio.gz \
		-l $(RESULTS)/$(3).log -S $(RESULTS)/$(3).results $(4)
endef

host-test: userspace
	@mkdir -p $(RESULTS)
	@ctest --test-dir $(US) --output-on-failure 2>&1 | tee $(RESULTS)/host.log

kunit: kmod
	$(call guest,$(KUNIT_KERNEL),kunit,kunit,-q -x kunit-capsicum,)

guest-%: $(BUILD)/kmod/%/capsicum.ko userspace examples
	$(call guest,$*,check,guest-$*,-q -x load -x capsicum-e2e -x examples -x systemd-unit,$(addprefix $(US)/bin/,capsicumctl capsicum-e2e) tests/examples/run-examples.sh,tests/guest/vm-check.sh,$(EX_INITRAMFS) -a $(US)/packaging/capsicum.service:/etc/capsicum/capsicum.service)

# Every layer runs even when an earlier one fails; the summary decides.
check: deps
	@rm -rf $(RESULTS); mkdir -p $(RESULTS)
	@$(MAKE) -s kernels
	@$(MAKE) -s all
	-@$(MAKE) -s host-test
	-@$(MAKE) -s kunit
	@$(foreach k,$(CHECK_GUESTS),$(MAKE) -s guest-$(k) || true;)
	@vm/summary.sh $(RESULTS) $(CHECK_GUESTS)

demo: deps
	@$(MAKE) -s $(BUILD)/kernels/$(KERNEL).env $(BUILD)/kmod/$(KERNEL)/capsicum.ko userspace examples
	$(call guest,$(KERNEL),demo,demo-$(KERNEL),-x capsicum-demo -x examples,$(addprefix $(US)/bin/,capsicumctl capsicum-demo) tests/examples/run-examples.sh,userspace/demo/vm-demo.sh,$(EX_INITRAMFS))

bench: deps
	@$(MAKE) -s $(BUILD)/kernels/$(KERNEL).env $(BUILD)/kmod/$(KERNEL)/capsicum.ko userspace
	$(call guest,$(KERNEL),bench,bench-$(KERNEL),-b -x capsicum-bench,$(addprefix $(US)/bin/,capsicumctl capsicum-bench) tests/bench/run-bench.sh,tests/bench/vm-bench.sh)

vm: deps
	@$(MAKE) -s $(BUILD)/kernels/$(KERNEL).env $(BUILD)/kmod/$(KERNEL)/capsicum.ko userspace examples
	@mkdir -p $(BUILD)/initrd
	@vm/initramfs.sh -E $(BUILD)/kernels/$(KERNEL).env -k $(BUILD)/kmod/$(KERNEL)/capsicum.ko \
		$(EX_INITRAMFS) $(BUILD)/initrd/$(KERNEL)-shell.cpio.gz shell $(addprefix $(US)/bin/,$(US_BIN)) > /dev/null
	vm/run.sh -I -E $(BUILD)/kernels/$(KERNEL).env -i $(BUILD)/initrd/$(KERNEL)-shell.cpio.gz

# Headers, libcapsicum (static and shared), capsicumctl, the BPF object, pkg-config and CMake
# package files, the module's DKMS tree and the systemd unit (docs/install.md).
install: userspace
	@DESTDIR=$(DESTDIR) cmake --install $(US)

clean:
	rm -rf $(BUILD)

FORCE:

.PHONY: deps kernels kmod lsm userspace examples all host-test kunit check demo bench vm install clean FORCE
