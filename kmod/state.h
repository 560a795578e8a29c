/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - state: which creds are in capability mode, which
 * open files have limited rights.
 */
#ifndef _CAPSICUM_STATE_H
#define _CAPSICUM_STATE_H

#include <linux/types.h>
#include "rights.h"

struct cred;
struct file;

bool capsicum_cred_capmode(const struct cred *cred);
int capsicum_cred_enter(const struct cred *cred);
int capsicum_cred_inherit(const struct cred *new, const struct cred *old);
int capsicum_cred_reserve(const struct cred *cred);
void capsicum_cred_transfer_mode(const struct cred *new,
				 const struct cred *old);
void capsicum_cred_forget(const struct cred *cred);

bool capsicum_file_get_rights(const struct file *file,
			      struct cap_rights *rights);
int capsicum_file_limit(const struct file *file,
			const struct cap_rights *rights);
int capsicum_file_tag(const struct file *file);
int capsicum_file_validate(const struct file *file,
			   const struct cap_rights *rights);
void capsicum_file_forget(const struct file *file);

long capsicum_state_capmode_creds(void);
long capsicum_state_limited_files(void);
void capsicum_state_destroy(void);

#endif /* _CAPSICUM_STATE_H */
