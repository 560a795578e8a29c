/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capsicum for Linux - /dev/capsicum.
 */
#ifndef _CAPSICUM_DEV_H
#define _CAPSICUM_DEV_H

int capsicum_dev_register(void);
void capsicum_dev_unregister(void);

#endif /* _CAPSICUM_DEV_H */
