// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the nvlist behind <sys/nv.h>, and its encoding (docs/casper.md).
#ifndef CAPSICUM_USERSPACE_CASPER_NV_IMPL_H_
#define CAPSICUM_USERSPACE_CASPER_NV_IMPL_H_

#include <stdint.h>
#include <sys/nv.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "unique_fd.h"

namespace capsicum::casper {

struct NvDeleter {
  void operator()(nvlist_t* nvl) const noexcept { nvlist_destroy(nvl); }
};
using NvPtr = std::unique_ptr<nvlist_t, NvDeleter>;

// One name and its value; only the member of its type is used.
struct Pair {
  int type = NV_TYPE_NONE;
  std::string name;
  bool boolean = false;
  uint64_t number = 0;
  std::string string;
  NvPtr list;
  UniqueFd fd;
  std::vector<unsigned char> binary;
};

// Limits of the encoding: a decoder refuses anything beyond them (EBADMSG).
inline constexpr int kMaxDepth = 16;
inline constexpr size_t kMaxFrame = 16u << 20;  // bytes of one encoded nvlist
inline constexpr size_t kMaxFds = 253;          // SCM_MAX_FD

// Appends nvl's encoding to out; its descriptors (not duplicated) to fds, in order.
Status Encode(const nvlist_t& nvl, std::string& out, std::vector<int>& fds);
// Decodes exactly bytes; each descriptor of fds must be referred to exactly once. On success the
// list owns the descriptors (fds is emptied); on failure they stay in fds. Errors: EBADMSG.
Result<NvPtr> Decode(std::string_view bytes, std::vector<UniqueFd>& fds, int flags);

NvPtr MakeList(int flags = 0);

// One frame on a stream socket: a 16-byte header (with the descriptors, SCM_RIGHTS) and the
// encoded list. RecvFrame sets *in_sync when the whole frame was read, so that the stream can
// go on even if the list in it was refused.
Status SendFrame(int sock, const nvlist_t& nvl);
Result<NvPtr> RecvFrame(int sock, int flags, bool* in_sync);

}  // namespace capsicum::casper

struct nvlist {
  int flags = 0;
  int error = 0;
  std::vector<std::unique_ptr<capsicum::casper::Pair>> pairs;
};

#endif  // CAPSICUM_USERSPACE_CASPER_NV_IMPL_H_
