// SPDX-License-Identifier: GPL-2.0
/*
 * Capsicum for Linux - /dev/capsicum: the only file that touches user memory.
 *
 * Each ioctl copies its size-versioned argument in, checks it in the order
 * its documentation in uapi/linux/capsicum.h gives, and calls state.c.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/fdtable.h>
#include <linux/pid.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/poll.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "capmode.h"
#include "dev.h"
#include "policy.h"
#include "seccomp.h"
#include "slots.h"
#include "state.h"
#include "trace.h"

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

/*
 * Mark every thread's creds: capability mode is per process.  Unless the
 * process is already inside, every thread must run the seccomp filter
 * first (the caller's, installed with TSYNC), so that no process is ever
 * marked without it.  The siglock keeps threads from coming, going or
 * changing filters between the check and the marks: a new thread copies
 * its filter under it.
 */
static long capsicum_ioctl_enter(void)
{
	struct task_struct *t;
	long ret = 0;

	if (!READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	spin_lock_irq(&current->sighand->siglock);
	if (!capsicum_cred_capmode(current_cred()) &&
	    !capsicum_seccomp_all_threads_filtered(current)) {
		spin_unlock_irq(&current->sighand->siglock);
		return -EPERM;
	}
	/* First the process, so that no thread can be missed (state.c). */
	ret = capsicum_process_enter();
	if (ret) {
		spin_unlock_irq(&current->sighand->siglock);
		return ret;
	}
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
	spin_unlock_irq(&current->sighand->siglock);
	return ret;
}

static long capsicum_ioctl_seccomp_filter(void __user *uarg)
{
	struct capsicum_seccomp_filter_arg a = {};
	struct sock_filter *prog;
	unsigned int len;
	u32 usize;
	int ret;

	if (!READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	ret = capsicum_copy_in(&a, sizeof(a),
			       CAPSICUM_SECCOMP_FILTER_ARG_SIZE_VER0, uarg,
			       &usize);
	if (ret)
		return ret;
	len = capsicum_seccomp_build(NULL, 0);
	if (a.count < len) {
		a.count = len;
		ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
		return ret ? ret : -ENOSPC;
	}
	prog = kcalloc(len, sizeof(*prog), GFP_KERNEL);
	if (!prog)
		return -ENOMEM;
	capsicum_seccomp_build(prog, len);
	a.count = len;
	if (copy_to_user(u64_to_user_ptr(a.filter), prog, len * sizeof(*prog)))
		ret = -EFAULT;
	else
		ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
	kfree(prog);
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
	struct capsicum_held held;
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
		ret = capsicum_fd_limit(current->files, a.fd, file, &a.rights);
	} else {
		capsicum_fd_held(current->files, a.fd, file, &held);
		a.rights = held.rights;
		ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
	}
	fput(file);
	return ret;
}

static long capsicum_ioctl_fcntls(void __user *uarg, bool limit)
{
	struct capsicum_fcntls_arg a = {};
	struct capsicum_held held;
	struct file *file;
	u32 usize;
	int ret;

	if (limit && !READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	ret = capsicum_copy_in(&a, sizeof(a), CAPSICUM_FCNTLS_ARG_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	if (a.__reserved || (limit && (a.fcntls & ~CAP_FCNTL_ALL)))
		return -EINVAL;
	file = fget_raw(a.fd);
	if (!file)
		return -EBADF;
	if (limit) {
		ret = capsicum_fd_limit_fcntls(current->files, a.fd, file,
					       a.fcntls);
	} else {
		capsicum_fd_held(current->files, a.fd, file, &held);
		a.fcntls = held.fcntls;
		ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
	}
	fput(file);
	return ret;
}

static long capsicum_ioctl_ioctls(void __user *uarg, bool limit)
{
	struct capsicum_ioctls_arg a = {};
	u64 __user *ucmds;
	struct file *file;
	u64 *cmds;
	u32 usize, n;
	s32 count;
	int ret;

	if (limit && !READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	ret = capsicum_copy_in(&a, sizeof(a), CAPSICUM_IOCTLS_ARG_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	if (a.ncmds < 0 || (limit && a.ncmds > CAP_IOCTLS_MAX))
		return -EINVAL;
	ucmds = u64_to_user_ptr(a.cmds);
	cmds = kcalloc(CAP_IOCTLS_MAX, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		return -ENOMEM;
	n = min_t(s64, a.ncmds, CAP_IOCTLS_MAX);
	if (limit && copy_from_user(cmds, ucmds, n * sizeof(*cmds))) {
		ret = -EFAULT;
		goto out_free;
	}
	file = fget_raw(a.fd);
	if (!file) {
		ret = -EBADF;
		goto out_free;
	}
	if (limit) {
		n = capsicum_ioctls_normalize(cmds, n);
		ret = capsicum_fd_limit_ioctls(current->files, a.fd, file, cmds, n);
	} else {
		count = capsicum_fd_ioctls_get(current->files, a.fd, file, cmds,
					       CAP_IOCTLS_MAX);
		a.ncmds = count < 0 ? CAP_IOCTLS_ALL : count;
		if (count > 0 && copy_to_user(ucmds, cmds,
					      min_t(u32, n, count) * sizeof(*cmds)))
			ret = -EFAULT;
		else
			ret = capsicum_copy_out(uarg, usize, &a, sizeof(a));
	}
	fput(file);
out_free:
	kfree(cmds);
	return ret;
}

/* May the caller read the descriptors of @task?  /proc/PID/fd's rule, roughly. */
static bool capsicum_may_inspect(struct task_struct *task)
{
	const struct cred *me = current_cred(), *them;
	bool ok;

	if (same_thread_group(task, current) || capable(CAP_SYS_PTRACE))
		return true;
	rcu_read_lock();
	them = __task_cred(task);
	ok = uid_eq(me->fsuid, them->euid) && uid_eq(me->fsuid, them->suid) &&
	     uid_eq(me->fsuid, them->uid) && gid_eq(me->fsgid, them->egid) &&
	     gid_eq(me->fsgid, them->sgid) && gid_eq(me->fsgid, them->gid);
	rcu_read_unlock();
	if (ok) {
		task_lock(task);
		ok = task->mm && get_dumpable(task->mm) == SUID_DUMP_USER;
		task_unlock(task);
	}
	return ok;
}

static long capsicum_ioctl_fd_query(void __user *uarg)
{
	struct capsicum_fd_query q = {};
	struct capsicum_held held;
	struct task_struct *task;
	struct file *file;
	struct pid *pid;
	u32 usize, room;
	s32 count = 0;
	u64 *cmds;
	int ret;

	ret = capsicum_copy_in(&q, sizeof(q), CAPSICUM_FD_QUERY_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	if (q.__reserved || q.nioctls < 0)
		return -EINVAL;
	if (q.pid && q.pid != task_tgid_vnr(current) &&
	    capsicum_cred_capmode(current_cred()))
		return -ECAPMODE;
	if (q.pid) {
		pid = find_get_pid(q.pid);
		task = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
		put_pid(pid);
		if (!task)
			return -ESRCH;
	} else {
		task = current;
		get_task_struct(task);
	}
	ret = -EPERM;
	if (!capsicum_may_inspect(task))
		goto out_task;
	ret = -ENOMEM;
	cmds = kcalloc(CAP_IOCTLS_MAX, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		goto out_task;
	ret = -EBADF;
	task_lock(task);
	rcu_read_lock();
	file = task->files && q.fd >= 0 ?
	       files_lookup_fd_raw(task->files, q.fd) : NULL;
	if (file) {
		capsicum_fd_held(task->files, q.fd, file, &held);
		count = capsicum_fd_ioctls_get(task->files, q.fd, file, cmds,
					       CAP_IOCTLS_MAX);
		ret = 0;
	}
	rcu_read_unlock();
	task_unlock(task);
	if (ret)
		goto out_cmds;
	q.flags = (held.unobserved ? CAPSICUM_FD_UNOBSERVED : 0) |
		  (capsicum_rights_is_all(&held.rights) &&
		   held.fcntls == CAP_FCNTL_ALL && held.nioctls < 0 ?
		   0 : CAPSICUM_FD_LIMITED);
	q.rights = held.rights;
	q.fcntls = held.fcntls;
	room = min_t(s64, q.nioctls, CAP_IOCTLS_MAX);
	q.nioctls = count < 0 ? CAP_IOCTLS_ALL : count;
	if (count > 0 && room &&
	    copy_to_user(u64_to_user_ptr(q.ioctls), cmds,
			 min_t(u32, room, count) * sizeof(*cmds)))
		ret = -EFAULT;
	else
		ret = capsicum_copy_out(uarg, usize, &q, sizeof(q));
out_cmds:
	kfree(cmds);
out_task:
	put_task_struct(task);
	return ret;
}

/*
 * Process descriptors: the right first, then the type of the descriptor
 * (FreeBSD's procdesc_find() order).  SET needs CAP_PDKILL, since it
 * decides that the process will be killed.
 */
static long capsicum_ioctl_procdesc(void __user *uarg, bool set)
{
	struct capsicum_procdesc_arg a = {};
	struct capsicum_held held;
	struct file *file;
	u64 right;
	u32 usize;
	int ret;

	if (set && !READ_ONCE(capsicum_armed))
		return -EOPNOTSUPP;
	ret = capsicum_copy_in(&a, sizeof(a), CAPSICUM_PROCDESC_ARG_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	if (set ? a.flags != CAPSICUM_PROCDESC_KILL || a.right :
	    a.flags || (a.right != CAP_PDGETPID && a.right != CAP_PDWAIT))
		return -EINVAL;
	right = set ? CAP_PDKILL : a.right;
	file = fget_raw(a.fd);
	if (!file)
		return -EBADF;
	capsicum_fd_held(current->files, a.fd, file, &held);
	ret = capsicum_decide_procdesc(true, &held.rights, right);
	if (!ret && set)
		ret = capsicum_procdesc_set_kill(file);
	if (!ret && !set) {
		ret = capsicum_procdesc_pid(file, &a.pid);
		if (!ret)
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
	s.limited_files = capsicum_slots_files();
	s.slot_entries = capsicum_slots_entries();
	s.tables = capsicum_slots_tables();
	capsicum_enforced_rights(&s.enforced);
	return capsicum_copy_out(uarg, usize, &s, sizeof(s));
}

static long capsicum_ioctl_arm(bool arm)
{
	long ret = 0;

	if (!capable(CAP_SYS_ADMIN) || capsicum_cred_capmode(current_cred()))
		return -EPERM;
	mutex_lock(&capsicum_arm_lock);
	if (!arm && (capsicum_state_capmode_creds() || capsicum_slots_files())) {
		ret = -EBUSY;
	} else {
		/* Notes from before a detach may name freed files. */
		if (arm && !capsicum_armed)
			capsicum_capmode_destroy();
		/* cred_free goes unobserved: no switch may outlive its cred. */
		if (!arm)
			capsicum_state_clear_trapcap();
		WRITE_ONCE(capsicum_armed, arm);
	}
	mutex_unlock(&capsicum_arm_lock);
	return ret;
}

/* ---- ABI 4: tracers and the trap switch (issue5-trace) ---- */

static ssize_t capsicum_trace_read(struct file *file, char __user *buf,
				   size_t len, loff_t *ppos)
{
	struct capsicum_tracer *tr = file->private_data;
	struct capsicum_trace_event ev;
	size_t done = 0;
	int ret;

	if (len < sizeof(ev))
		return -EINVAL;
	while (!capsicum_tracer_ready(tr)) {
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(*capsicum_tracer_waitq(tr),
					       capsicum_tracer_ready(tr));
		if (ret)
			return ret;
	}
	while (len - done >= sizeof(ev) && capsicum_tracer_pop(tr, &ev)) {
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? done : -EFAULT;
		done += sizeof(ev);
	}
	return done;
}

static __poll_t capsicum_trace_poll(struct file *file, poll_table *wait)
{
	struct capsicum_tracer *tr = file->private_data;

	poll_wait(file, capsicum_tracer_waitq(tr), wait);
	return capsicum_tracer_ready(tr) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int capsicum_trace_release(struct inode *inode, struct file *file)
{
	capsicum_tracer_free(file->private_data);
	return 0;
}

static const struct file_operations capsicum_trace_fops = {
	.owner = THIS_MODULE,
	.read = capsicum_trace_read,
	.poll = capsicum_trace_poll,
	.release = capsicum_trace_release,
	.llseek = noop_llseek,
};

static long capsicum_ioctl_trace_open(void __user *uarg)
{
	struct capsicum_trace_open o = {};
	struct capsicum_tracer *tr;
	u32 usize;
	int ret;

	BUILD_BUG_ON(sizeof(struct capsicum_trace_event) !=
		     CAPSICUM_TRACE_EVENT_SIZE_VER0);
	/* Other processes' violations are global state. */
	if (capsicum_cred_capmode(current_cred()))
		return -ECAPMODE;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = capsicum_copy_in(&o, sizeof(o), CAPSICUM_TRACE_OPEN_SIZE_VER0,
			       uarg, &usize);
	if (ret)
		return ret;
	if (o.pid < 0 || o.flags || o.__reserved)
		return -EINVAL;
	tr = capsicum_tracer_new(o.pid);
	if (IS_ERR(tr))
		return PTR_ERR(tr);
	ret = anon_inode_getfd("[capsicum-trace]", &capsicum_trace_fops, tr,
			       O_RDONLY | O_CLOEXEC);
	if (ret < 0)
		capsicum_tracer_free(tr);
	return ret;
}

/* Set the per-process switch on every thread's creds, as cap_enter marks. */
static long capsicum_trapcap_process(bool on)
{
	struct task_struct *t;
	long ret = 0;

	spin_lock_irq(&current->sighand->siglock);
	rcu_read_lock();
	for_each_thread(current, t) {
		ret = capsicum_cred_set_trapcap(rcu_dereference(t->real_cred), on);
		if (!ret)
			ret = capsicum_cred_set_trapcap(rcu_dereference(t->cred), on);
		if (ret)
			break;
	}
	rcu_read_unlock();
	spin_unlock_irq(&current->sighand->siglock);
	return ret;
}

static long capsicum_ioctl_trapcap(void __user *uarg, bool ctl)
{
	struct capsicum_trapcap a = {};
	bool on;
	u32 usize;
	int ret;

	ret = capsicum_copy_in(&a, sizeof(a), CAPSICUM_TRAPCAP_SIZE_VER0, uarg,
			       &usize);
	if (ret)
		return ret;
	if (a.__reserved || (a.scope != CAPSICUM_TRAPCAP_PROCESS &&
			     a.scope != CAPSICUM_TRAPCAP_GLOBAL))
		return -EINVAL;
	if (ctl && a.state != CAPSICUM_TRAPCAP_ENABLE &&
	    a.state != CAPSICUM_TRAPCAP_DISABLE)
		return -EINVAL;
	/* Neither switch in capability mode: FreeBSD refuses procctl(2) there. */
	if (capsicum_cred_capmode(current_cred()))
		return -ECAPMODE;
	if (a.scope == CAPSICUM_TRAPCAP_GLOBAL) {
		if (ctl && !capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (ctl) {
			capsicum_trap_set_global(a.state == CAPSICUM_TRAPCAP_ENABLE);
			return 0;
		}
		on = capsicum_trap_global();
	} else if (!ctl) {
		on = capsicum_cred_trapcap(current_cred());
	} else {
		/* An entry is only safe while cred_free is observed. */
		mutex_lock(&capsicum_arm_lock);
		ret = READ_ONCE(capsicum_armed) ?
		      capsicum_trapcap_process(a.state == CAPSICUM_TRAPCAP_ENABLE) :
		      -EOPNOTSUPP;
		mutex_unlock(&capsicum_arm_lock);
		return ret;
	}
	a.state = on ? CAPSICUM_TRAPCAP_ENABLE : CAPSICUM_TRAPCAP_DISABLE;
	return capsicum_copy_out(uarg, usize, &a, sizeof(a));
}

/* ---- end of issue5-trace's block ---- */

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
	case CAPSICUM_IOC_FCNTLS_LIMIT & ~IOCSIZE_MASK:
		return capsicum_ioctl_fcntls(uarg, true);
	case CAPSICUM_IOC_FCNTLS_GET & ~IOCSIZE_MASK:
		return capsicum_ioctl_fcntls(uarg, false);
	case CAPSICUM_IOC_IOCTLS_LIMIT & ~IOCSIZE_MASK:
		return capsicum_ioctl_ioctls(uarg, true);
	case CAPSICUM_IOC_IOCTLS_GET & ~IOCSIZE_MASK:
		return capsicum_ioctl_ioctls(uarg, false);
	case CAPSICUM_IOC_FD_QUERY & ~IOCSIZE_MASK:
		return capsicum_ioctl_fd_query(uarg);
	case CAPSICUM_IOC_SECCOMP_FILTER & ~IOCSIZE_MASK:
		return capsicum_ioctl_seccomp_filter(uarg);
	case CAPSICUM_IOC_PROCDESC_GET & ~IOCSIZE_MASK:
		return capsicum_ioctl_procdesc(uarg, false);
	case CAPSICUM_IOC_PROCDESC_SET & ~IOCSIZE_MASK:
		return capsicum_ioctl_procdesc(uarg, true);
	/* ABI 4, issue5-trace */
	case CAPSICUM_IOC_TRACE_OPEN & ~IOCSIZE_MASK:
		return capsicum_ioctl_trace_open(uarg);
	case CAPSICUM_IOC_TRAPCAP_CTL & ~IOCSIZE_MASK:
		return capsicum_ioctl_trapcap(uarg, true);
	case CAPSICUM_IOC_TRAPCAP_STATUS & ~IOCSIZE_MASK:
		return capsicum_ioctl_trapcap(uarg, false);
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
