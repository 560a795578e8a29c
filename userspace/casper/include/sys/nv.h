/* SPDX-License-Identifier: BSD-2-Clause */
/* Capsicum for Linux - FreeBSD's name/value lists (libnv), the part casper uses. */
#ifndef _SYS_NV_H_
#define _SYS_NV_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef _NVLIST_T_DECLARED
#define _NVLIST_T_DECLARED
struct nvlist;
typedef struct nvlist nvlist_t;
#endif

#define NV_NAME_MAX 2048

#define NV_TYPE_NONE 0
#define NV_TYPE_NULL 1
#define NV_TYPE_BOOL 2
#define NV_TYPE_NUMBER 3
#define NV_TYPE_STRING 4
#define NV_TYPE_NVLIST 5
#define NV_TYPE_DESCRIPTOR 6
#define NV_TYPE_BINARY 7

/* Names are compared without regard to case. */
#define NV_FLAG_IGNORE_CASE 0x01
/* A name may appear more than once. */
#define NV_FLAG_NO_UNIQUE 0x02

#ifdef __cplusplus
#define NV_NOEXCEPT noexcept
extern "C" {
#else
#define NV_NOEXCEPT
#endif

nvlist_t *nvlist_create(int flags) NV_NOEXCEPT;
void nvlist_destroy(nvlist_t *nvl) NV_NOEXCEPT;
int nvlist_error(const nvlist_t *nvl) NV_NOEXCEPT;
void nvlist_set_error(nvlist_t *nvl, int error) NV_NOEXCEPT;
bool nvlist_empty(const nvlist_t *nvl) NV_NOEXCEPT;
int nvlist_flags(const nvlist_t *nvl) NV_NOEXCEPT;
nvlist_t *nvlist_clone(const nvlist_t *nvl) NV_NOEXCEPT;
void nvlist_dump(const nvlist_t *nvl, int fd) NV_NOEXCEPT;
void nvlist_fdump(const nvlist_t *nvl, FILE *fp) NV_NOEXCEPT;

/* Serialization without descriptors, and over a unix socket with them (SCM_RIGHTS). */
void *nvlist_pack(const nvlist_t *nvl, size_t *sizep) NV_NOEXCEPT;
nvlist_t *nvlist_unpack(const void *buf, size_t size, int flags) NV_NOEXCEPT;
int nvlist_send(int sock, const nvlist_t *nvl) NV_NOEXCEPT;
nvlist_t *nvlist_recv(int sock, int flags) NV_NOEXCEPT;
nvlist_t *nvlist_xfer(int sock, nvlist_t *nvl, int flags) NV_NOEXCEPT;

const char *nvlist_next(const nvlist_t *nvl, int *typep, void **cookiep) NV_NOEXCEPT;

bool nvlist_exists(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_type(const nvlist_t *nvl, const char *name, int type) NV_NOEXCEPT;
bool nvlist_exists_null(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_bool(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_number(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_string(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_nvlist(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_descriptor(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
bool nvlist_exists_binary(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;

void nvlist_add_null(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_add_bool(nvlist_t *nvl, const char *name, bool value) NV_NOEXCEPT;
void nvlist_add_number(nvlist_t *nvl, const char *name, uint64_t value) NV_NOEXCEPT;
void nvlist_add_string(nvlist_t *nvl, const char *name, const char *value) NV_NOEXCEPT;
void nvlist_add_stringf(nvlist_t *nvl, const char *name, const char *valuefmt, ...) NV_NOEXCEPT
    __attribute__((format(printf, 3, 4)));
void nvlist_add_nvlist(nvlist_t *nvl, const char *name, const nvlist_t *value) NV_NOEXCEPT;
void nvlist_add_descriptor(nvlist_t *nvl, const char *name, int value) NV_NOEXCEPT;
void nvlist_add_binary(nvlist_t *nvl, const char *name, const void *value,
                       size_t size) NV_NOEXCEPT;

void nvlist_move_string(nvlist_t *nvl, const char *name, char *value) NV_NOEXCEPT;
void nvlist_move_nvlist(nvlist_t *nvl, const char *name, nvlist_t *value) NV_NOEXCEPT;
void nvlist_move_descriptor(nvlist_t *nvl, const char *name, int value) NV_NOEXCEPT;
void nvlist_move_binary(nvlist_t *nvl, const char *name, void *value, size_t size) NV_NOEXCEPT;

/* A missing name or another type: FreeBSD aborts; here false, 0, NULL or -1 with errno ENOENT. */
bool nvlist_get_bool(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
uint64_t nvlist_get_number(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
const char *nvlist_get_string(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
const nvlist_t *nvlist_get_nvlist(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
int nvlist_get_descriptor(const nvlist_t *nvl, const char *name) NV_NOEXCEPT;
const void *nvlist_get_binary(const nvlist_t *nvl, const char *name, size_t *sizep) NV_NOEXCEPT;

bool nvlist_take_bool(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
uint64_t nvlist_take_number(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
char *nvlist_take_string(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
nvlist_t *nvlist_take_nvlist(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
int nvlist_take_descriptor(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void *nvlist_take_binary(nvlist_t *nvl, const char *name, size_t *sizep) NV_NOEXCEPT;

void nvlist_free(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_type(nvlist_t *nvl, const char *name, int type) NV_NOEXCEPT;
void nvlist_free_null(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_bool(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_number(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_string(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_nvlist(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_descriptor(nvlist_t *nvl, const char *name) NV_NOEXCEPT;
void nvlist_free_binary(nvlist_t *nvl, const char *name) NV_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_NV_H_ */
