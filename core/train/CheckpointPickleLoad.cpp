#include "train/CheckpointPickleLoad.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/jit/serialization/import_read.h>

namespace rssm {

namespace {

class BoundedReader : public caffe2::serialize::ReadAdapterInterface {
public:
    explicit BoundedReader(const std::vector<char>& bytes) : bytes_(bytes) {}
    size_t size() const override { return bytes_.size(); }
    size_t read(uint64_t pos, void* buf, size_t n, const char* /*what*/) const override {
        if (pos >= bytes_.size()) return 0;  // miniz's "offsets" below 0 arrive here as huge ones
        const size_t count = std::min<uint64_t>(n, bytes_.size() - pos);
        std::memcpy(buf, bytes_.data() + pos, count);
        return count;  // short: LibTorch and miniz treat it as a failed read
    }

private:
    const std::vector<char>& bytes_;
};

}  // namespace

c10::IValue pickleLoadChecked(const std::vector<char>& bytes) {
    caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BoundedReader>(bytes));
    // What torch::pickle_load does with its reader: the "data.pkl" record and
    // the tensors it names, on the devices they were saved from.
    return torch::jit::readArchiveAndTensors("data", /*pickle_prefix=*/"", /*tensor_prefix=*/"",
                                             /*type_resolver=*/c10::nullopt, /*obj_loader=*/c10::nullopt,
                                             /*device=*/c10::nullopt, reader);
}

}  // namespace rssm
