// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - module setup: registers the kfuncs and /dev/capsicum.
 */
#include <linux/cred.h>
#include <linux/module.h>
#include "capmode.h"
#include "dev.h"
#include "hooks.h"
#include "slots.h"
#include "state.h"

static int __init capsicum_init(void)
{
	int ret;

	/*
	 * cred_free only runs for creds that carry an LSM blob: without one,
	 * capability-mode marks would outlive their creds.
	 */
	if (!current_cred()->security) {
		pr_err("capsicum: no LSM keeps a cred blob (landlock or apparmor needed)\n");
		return -EOPNOTSUPP;
	}
	ret = capsicum_hooks_register();
	if (ret) {
		pr_err("capsicum: cannot register kfuncs: %d\n", ret);
		return ret;
	}
	ret = capsicum_dev_register();
	if (ret) {
		pr_err("capsicum: cannot register /dev/capsicum: %d\n", ret);
		return ret;
	}
	pr_info("capsicum: ABI %d ready; attach the programs with capsicumctl load\n",
		CAPSICUM_ABI_VERSION);
	return 0;
}

static void __exit capsicum_exit(void)
{
	capsicum_dev_unregister();
	capsicum_capmode_destroy();
	capsicum_slots_destroy();
	capsicum_state_destroy();
}

module_init(capsicum_init);
module_exit(capsicum_exit);

MODULE_DESCRIPTION("Capsicum capabilities and capability mode, enforced through BPF-LSM");
MODULE_LICENSE("GPL");
