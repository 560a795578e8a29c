/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - casper's system.fileargs: open the files named on the command line. */
#ifndef _FILEARGS_H_
#define _FILEARGS_H_

#include <sys/capsicum.h>
#include <sys/nv.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <stdio.h>

#include <libcasper.h>

#define FA_OPEN 1
#define FA_LSTAT 2
#define FA_REALPATH 4

struct fileargs;
typedef struct fileargs fileargs_t;

#ifdef __cplusplus
extern "C" {
#endif

fileargs_t *fileargs_init(int argc, char *argv[], int flags, mode_t mode, cap_rights_t *rightsp,
                          int operations) NV_NOEXCEPT;
fileargs_t *fileargs_cinit(cap_channel_t *cas, int argc, char *argv[], int flags, mode_t mode,
                           cap_rights_t *rightsp, int operations) NV_NOEXCEPT;
fileargs_t *fileargs_initnv(nvlist_t *limits) NV_NOEXCEPT;
fileargs_t *fileargs_cinitnv(cap_channel_t *cas, nvlist_t *limits) NV_NOEXCEPT;
int fileargs_lstat(fileargs_t *fa, const char *name, struct stat *sb) NV_NOEXCEPT;
int fileargs_open(fileargs_t *fa, const char *name) NV_NOEXCEPT;
char *fileargs_realpath(fileargs_t *fa, const char *pathname, char *reserved_path) NV_NOEXCEPT;
void fileargs_free(fileargs_t *fa) NV_NOEXCEPT;
FILE *fileargs_fopen(fileargs_t *fa, const char *name, const char *mode) NV_NOEXCEPT;

fileargs_t *fileargs_wrap(cap_channel_t *chan, int fdflags) NV_NOEXCEPT;
cap_channel_t *fileargs_unwrap(fileargs_t *fa, int *fdflags) NV_NOEXCEPT;

/* The limits fileargs_init sends: {"flags", "operations", "mode" (O_CREAT), "cap_rights",
 * and each name as a NULL pair}; NULL with errno ENAMETOOLONG for a name of PATH_MAX or more. */
nvlist_t *fileargs_create_limit(int argc, const char *const *argv, int flags, mode_t mode,
                                cap_rights_t *rightsp, int operations) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_FILEARGS_H_ */
