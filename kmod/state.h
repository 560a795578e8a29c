/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - state: which creds are in capability mode.
 */
#ifndef _CAPSICUM_STATE_H
#define _CAPSICUM_STATE_H

#include <linux/types.h>

struct cred;
struct task_struct;

bool capsicum_cred_capmode(const struct cred *cred);
int capsicum_cred_enter(const struct cred *cred);
int capsicum_cred_inherit(const struct cred *new, const struct cred *old);
int capsicum_cred_reserve(const struct cred *cred);
void capsicum_cred_transfer_mode(const struct cred *new,
				 const struct cred *old);
void capsicum_cred_forget(const struct cred *cred);
bool capsicum_cred_trapcap(const struct cred *cred);
int capsicum_cred_set_trapcap(const struct cred *cred, bool on);
void capsicum_state_clear_trapcap(void);
int capsicum_process_enter(void);
void capsicum_process_exit(struct task_struct *tsk);

long capsicum_state_capmode_creds(void);
void capsicum_state_destroy(void);

#endif /* _CAPSICUM_STATE_H */
