/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - the rights of each descriptor (fd-table slot).
 */
#ifndef _CAPSICUM_SLOTS_H
#define _CAPSICUM_SLOTS_H

#include <linux/types.h>
#include "rights.h"

struct file;
struct files_struct;

/**
 * struct capsicum_held - what one descriptor may do.
 * @rights: its rights.
 * @fcntls: its CAP_FCNTL_* sub-rights.
 * @nioctls: the length of its ioctl list, or -1 for every command.
 * @tracked: its file has a record (some descriptor of it is limited, or it
 *	was opened through a limited directory descriptor).
 * @unobserved: the file is tracked but this descriptor has no record of
 *	its own: the rights are the file's floor.
 */
struct capsicum_held {
	struct cap_rights rights;
	u32 fcntls;
	s32 nioctls;
	bool tracked;
	bool unobserved;
};

void capsicum_fd_held(struct files_struct *files, int fd,
		      const struct file *file, struct capsicum_held *held);
bool capsicum_fd_tracked(const struct file *file);
bool capsicum_fd_ioctl_allowed(struct files_struct *files, int fd,
			       const struct file *file, u64 cmd);
s32 capsicum_fd_ioctls_get(struct files_struct *files, int fd,
			   const struct file *file, u64 *buf, u32 room);

int capsicum_fd_limit(struct files_struct *files, int fd,
		      const struct file *file, const struct cap_rights *rights);
int capsicum_fd_limit_fcntls(struct files_struct *files, int fd,
			     const struct file *file, u32 fcntls);
int capsicum_fd_limit_ioctls(struct files_struct *files, int fd,
			     const struct file *file, const u64 *cmds, u32 n);

void capsicum_fd_copied(struct files_struct *files, int oldfd, int newfd);
void capsicum_fd_sending(struct files_struct *files, int fd,
			 const struct file *file);
void capsicum_fd_received(struct files_struct *files, int fd,
			  const struct file *file, int srcfd);
void capsicum_table_copied(struct files_struct *oldf,
			   struct files_struct *newf);
void capsicum_table_sweep(struct files_struct *files);
void capsicum_table_forget(struct files_struct *files);

int capsicum_file_inherit(const struct file *file, struct files_struct *files,
			  int dirfd, const struct file *dir);
int capsicum_file_tag(const struct file *file);
void capsicum_file_validated(const struct file *file);
void capsicum_file_forget(const struct file *file);

long capsicum_slots_files(void);
long capsicum_slots_entries(void);
long capsicum_slots_tables(void);
void capsicum_slots_destroy(void);

#endif /* _CAPSICUM_SLOTS_H */
