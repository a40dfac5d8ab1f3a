#pragma once
#include <vector>

#include <ATen/core/ivalue.h>

namespace rssm {

// torch::pickle_load for a checkpoint's bytes, with every read LibTorch makes
// kept inside them. LibTorch 1.13's own pickle_load wraps the bytes in a
// reader that copies whatever range it is asked for, unchecked; its zip code
// (miniz 2.1.0) asks for ranges up to 4 KiB *before* the buffer while it looks
// for the end record of a zip whose end record it does not find in its last
// 4 KiB (an unsigned subtraction that never stops at offset 0). On a worker
// thread's fresh heap arena that memory is unmapped: the window's segmentation
// fault of issue 10. Here a read outside the bytes is a short read, which
// LibTorch reports as an error (std::exception) instead.
c10::IValue pickleLoadChecked(const std::vector<char>& bytes);

}  // namespace rssm
