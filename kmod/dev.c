// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - /dev/capsicum: the only file that touches user memory.
 *
 * Each ioctl copies its size-versioned argument in, checks it in the order
 * its documentation in uapi/linux/capsicum.h gives, and calls state.c.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "dev.h"
#include "state.h"

/* Set by the loader once every enforcing program is attached. */
static bool capsicum_armed;
static DEFINE_MUTEX(capsicum_arm_lock);

/*
 * Copy a size-versioned struct in: @ksize bytes known, @minsize the first
 * version's size.  Unknown trailing bytes must be zero.
 */
static int capsicum_copy_in(void *kbuf, size_t ksize, size_t minsize,
			    const void __user *uarg, u32 *usize)
{
	u32 size;
	int ret;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size < minsize)
		return -EINVAL;
	ret = copy_struct_from_user(kbuf, ksize, uarg, size);
	if (ret)
		return ret;
	*usize = size;
	return 0;
}

static int capsicum_copy_out(void __user *uarg, u32 usize, const void *kbuf,
			     size_t ksize)
{
	return copy_to_user(uarg, kbuf, min_t(size_t, usize, ksize)) ? -EFAULT : 0;
}

/* Mark every thread's creds: capability mode is per process. */
static long capsicum_ioctl_enter(void)
{
	struct task_struct *t;
	long ret = 0;

	if (!READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	rcu_read_lock();
	for_each_thread(current, t) {
		ret = capsicum_cred_enter(rcu_dereference(t->real_cred));
		if (!ret)
			ret = capsicum_cred_enter(rcu_dereference(t->cred));
		if (ret)
			break;
		task_set_no_new_privs(t);
	}
	rcu_read_unlock();
	return ret;
}

static long capsicum_ioctl_getmode(void __user *uarg)
{
	struct capsicum_mode m = {};
	u32 usize;
	int ret;

	ret = capsicum_copy_in(&m, sizeof(m), CAPSICUM_MODE_SIZE_VER0, uarg,
			       &usize);
	if (ret)
		return ret;
	m.mode = capsicum_cred_capmode(current_cred());
	return capsicum_copy_out(uarg, usize, &m, sizeof(m));
}

static long capsicum_ioctl_rights(void __user *uarg, bool limit)
{
	struct capsicum_rights_arg a = {};
	struct file *file;
	u32 usize;
	int ret;

	if (limit && !READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	ret = capsicum_copy_in(&a, sizeof(a), CAPSICUM_RIGHTS_ARG_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	/* FreeBSD's order: malformed rights before a bad descriptor. */
	if (limit && !capsicum_rights_valid(&a.rights))
		return -EINVAL;
	file = fget_raw(a.fd);
	if (!file)
		return -EBADF;
	if (limit) {
		ret = capsicum_file_limit(file, &a.rights);
	} else {
		capsicum_file_get_rights(file, &a.rights);
		ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
	}
	fput(file);
	return ret;
}

static long capsicum_ioctl_status(void __user *uarg)
{
	struct capsicum_status s = {};
	u32 usize;
	int ret;

	/* Counts of other processes are global state. */
	if (capsicum_cred_capmode(current_cred()))
		return -ECAPMODE;
	ret = capsicum_copy_in(&s, sizeof(s), CAPSICUM_STATUS_SIZE_VER0, uarg,
			       &usize);
	if (ret)
		return ret;
	s.abi_version = CAPSICUM_ABI_VERSION;
	s.armed = READ_ONCE(capsicum_armed);
	s.capmode_creds = capsicum_state_capmode_creds();
	s.limited_files = capsicum_state_limited_files();
	return capsicum_copy_out(uarg, usize, &s, sizeof(s));
}

static long capsicum_ioctl_arm(bool arm)
{
	long ret = 0;

	if (!capable(CAP_SYS_ADMIN) || capsicum_cred_capmode(current_cred()))
		return -EPERM;
	mutex_lock(&capsicum_arm_lock);
	if (!arm && (capsicum_state_capmode_creds() ||
		     capsicum_state_limited_files()))
		ret = -EBUSY;
	else
		WRITE_ONCE(capsicum_armed, arm);
	mutex_unlock(&capsicum_arm_lock);
	return ret;
}

static long capsicum_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	/*
	 * The structs carry their own size, so a caller built with a later,
	 * larger version must still match: ignore the size field of @cmd.
	 */
	switch (cmd & ~IOCSIZE_MASK) {
	case CAPSICUM_IOC_VERSION & ~IOCSIZE_MASK:
		return CAPSICUM_ABI_VERSION;
	case CAPSICUM_IOC_ENTER & ~IOCSIZE_MASK:
		return capsicum_ioctl_enter();
	case CAPSICUM_IOC_GETMODE & ~IOCSIZE_MASK:
		return capsicum_ioctl_getmode(uarg);
	case CAPSICUM_IOC_RIGHTS_LIMIT & ~IOCSIZE_MASK:
		return capsicum_ioctl_rights(uarg, true);
	case CAPSICUM_IOC_RIGHTS_GET & ~IOCSIZE_MASK:
		return capsicum_ioctl_rights(uarg, false);
	case CAPSICUM_IOC_STATUS & ~IOCSIZE_MASK:
		return capsicum_ioctl_status(uarg);
	case CAPSICUM_IOC_ARM & ~IOCSIZE_MASK:
		return capsicum_ioctl_arm(true);
	case CAPSICUM_IOC_DISARM & ~IOCSIZE_MASK:
		return capsicum_ioctl_arm(false);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations capsicum_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = capsicum_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice capsicum_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "capsicum",
	.fops = &capsicum_fops,
	/* Every process may sandbox itself. */
	.mode = 0666,
};

/**
 * capsicum_dev_register() - create /dev/capsicum.
 *
 * Return: 0 or the negative errno of misc_register().
 */
int capsicum_dev_register(void)
{
	return misc_register(&capsicum_misc);
}

/**
 * capsicum_dev_unregister() - remove /dev/capsicum.
 */
void capsicum_dev_unregister(void)
{
	misc_deregister(&capsicum_misc);
}
