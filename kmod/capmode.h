/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - capability mode's rules on processes, signals,
 * sockets and namespaces: the rules only the kernel's objects can decide
 * (which process a call reaches, which descriptor made a pidfd).
 */
#ifndef _CAPSICUM_CAPMODE_H
#define _CAPSICUM_CAPMODE_H

#include <linux/types.h>

struct cap_rights;
struct file;
struct capsicum_syscall;

/**
 * struct capsicum_signal_facts - what task_kill knows about one signal.
 * @own_group: the target is a thread of the sender's own process.
 * @pidfd: the signal comes from pidfd_send_signal().
 * @pdfork: the descriptor pidfd_send_signal() names, as its slot holds it
 *	now, is a pidfd made by clone(CLONE_PIDFD) (a process descriptor).
 * @names_target: that pidfd's process (or thread) is the target.
 */
struct capsicum_signal_facts {
	bool own_group;
	bool pidfd;
	bool pdfork;
	bool names_target;
};

int capsicum_decide_signal(const struct capsicum_signal_facts *f);
int capsicum_decide_clone(u64 clone_flags);
int capsicum_decide_procdesc(bool names_target, const struct cap_rights *held,
			     u64 right);

/* How an fcntl(2) or ioctl(2) command names the owner of a file's signals. */
enum capsicum_owner_arg {
	CAPSICUM_OWNER_NONE,	/* it does not */
	CAPSICUM_OWNER_VALUE,	/* F_SETOWN: the argument, <0 a group */
	CAPSICUM_OWNER_INT_PTR,	/* FIOSETOWN, SIOCSPGRP: an int in memory */
	CAPSICUM_OWNER_EX_PTR,	/* F_SETOWN_EX: a struct f_owner_ex */
};

enum capsicum_owner_arg capsicum_owner_arg(bool ioctl, unsigned int cmd);
int capsicum_decide_owner(int type, int who, bool own_group);

bool capsicum_current_capmode(void);
long capsicum_capmode_file_alloc(struct file *file,
				 const struct capsicum_syscall *sc,
				 bool capmode);
void capsicum_capmode_file_forget(const struct file *file);
long capsicum_capmode_setown(bool ioctl, unsigned int cmd, unsigned long arg);
long capsicum_capmode_sockaddr(void);
long capsicum_capmode_ptrace(void);
void capsicum_capmode_destroy(void);
int capsicum_procdesc_pid(const struct file *file, pid_t *nr);
int capsicum_procdesc_set_kill(const struct file *file);

#endif /* _CAPSICUM_CAPMODE_H */
