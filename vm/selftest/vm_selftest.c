// SPDX-License-Identifier: GPL-2.0
/*
 * vm_selftest.ko - a stand-in for capsicum.ko used by vm/selftest.sh.
 *
 * A KUnit suite when the kernel has KUnit (one passing, one skipped, one test
 * that fails when the module parameter fail=1) and a misc device /dev/vm_selftest, so that the
 * kunit mode, module BTF and devtmpfs can be checked without the real module.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <kunit/test.h>

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "make vm_selftest.fail_on_request fail");

/* A type for the module's BTF to carry. */
struct vm_selftest_info {
	int version;
	unsigned long calls;
};
static struct vm_selftest_info vm_selftest_info = { .version = 1 };

#if IS_ENABLED(CONFIG_KUNIT)

static void vm_selftest_pass(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vm_selftest_info.version, 1);
}

static void vm_selftest_skip(struct kunit *test)
{
	kunit_skip(test, "skipped on purpose");
}

static void vm_selftest_fail_on_request(struct kunit *test)
{
	KUNIT_EXPECT_FALSE_MSG(test, fail, "failing because fail=1");
}

static struct kunit_case vm_selftest_cases[] = {
	KUNIT_CASE(vm_selftest_pass),
	KUNIT_CASE(vm_selftest_skip),
	KUNIT_CASE(vm_selftest_fail_on_request),
	{}
};

static struct kunit_suite vm_selftest_suite = {
	.name = "vm_selftest",
	.test_cases = vm_selftest_cases,
};
kunit_test_suite(vm_selftest_suite);
#endif /* CONFIG_KUNIT */

static long vm_selftest_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	vm_selftest_info.calls++;
	return vm_selftest_info.version;
}

static const struct file_operations vm_selftest_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vm_selftest_ioctl,
};

static struct miscdevice vm_selftest_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vm_selftest",
	.fops = &vm_selftest_fops,
	.mode = 0666,
};

static int __init vm_selftest_init(void)
{
	return misc_register(&vm_selftest_dev);
}

static void __exit vm_selftest_exit(void)
{
	misc_deregister(&vm_selftest_dev);
}

module_init(vm_selftest_init);
module_exit(vm_selftest_exit);
MODULE_DESCRIPTION("vm/ self-test module");
MODULE_LICENSE("GPL");
