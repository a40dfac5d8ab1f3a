#include "train/TensorBoardWriter.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstring>

#include <boost/crc.hpp>

#include "tensorboard_event.pb.h"
#include "train/MetricsLog.h"
#include "util/Error.h"

namespace rssm {

namespace tb = rssm::tensorboard;

namespace {

void putLittleEndian(std::string& out, uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t getLittleEndian(const unsigned char* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

std::string hostName() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
    return buf;
}

}  // namespace

double TensorBoardWriter::now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

uint32_t TensorBoardWriter::maskedCrc32c(const void* data, size_t size) {
    // CRC-32C (Castagnoli), reflected, as TFRecord and Snappy use it.
    boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
    crc.process_bytes(data, size);
    const uint32_t c = crc.checksum();
    return ((c >> 15) | (c << 17)) + 0xa282ead8u;
}

TensorBoardWriter::TensorBoardWriter(const std::string& runDir) {
    const double t = now();
    path_ = runDir + "/events.out.tfevents." + std::to_string(static_cast<long long>(t)) + "." + hostName();
    // A second writer in the same second (a quick resume) gets its own file.
    for (int n = 1; std::ifstream(path_).good(); ++n)
        path_ = runDir + "/events.out.tfevents." + std::to_string(static_cast<long long>(t)) + "." + hostName() + "." + std::to_string(n);
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error(path_ + ": cannot write the TensorBoard event file: " + std::strerror(errno));
    tb::Event e;
    e.set_wall_time(t);
    e.set_file_version("brain.Event:2");
    writeRecord(e.SerializeAsString());
}

void TensorBoardWriter::writeRecord(const std::string& payload) {
    std::string header;
    putLittleEndian(header, payload.size(), 8);
    std::string frame = header;
    putLittleEndian(frame, maskedCrc32c(header.data(), header.size()), 4);
    frame += payload;
    putLittleEndian(frame, maskedCrc32c(payload.data(), payload.size()), 4);
    out_.write(frame.data(), static_cast<std::streamsize>(frame.size()));
    out_.flush();
    if (!out_) throw Error(path_ + ": cannot write the TensorBoard event file: " + std::strerror(errno));
}

void TensorBoardWriter::writeScalars(int64_t step, double wallTime, const std::vector<std::pair<std::string, double>>& values) {
    tb::Event e;
    e.set_wall_time(wallTime);
    e.set_step(step);
    for (const auto& [tag, value] : values) {
        auto* v = e.mutable_summary()->add_value();
        v->set_tag(tag);
        v->set_simple_value(static_cast<float>(value));
    }
    writeRecord(e.SerializeAsString());
}

void TensorBoardWriter::writeMetrics(const TrainingMetrics& m) {
    const auto& columns = MetricsLog::columns();
    const std::vector<double> row = MetricsLog::values(m);
    std::vector<std::pair<std::string, double>> scalars;
    for (size_t i = 1; i < columns.size(); ++i)
        if (!std::isnan(row[i])) scalars.emplace_back(columns[i], row[i]);
    writeScalars(m.step, now(), scalars);
}

void TensorBoardWriter::writeText(const std::string& tag, const std::string& text, int64_t step, double wallTime) {
    tb::Event e;
    e.set_wall_time(wallTime);
    e.set_step(step);
    auto* v = e.mutable_summary()->add_value();
    v->set_tag(tag);
    // TensorBoard's text plugin finds its data by this plugin name.
    v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("text");
    auto* tensor = v->mutable_tensor();
    tensor->set_dtype(tb::DT_STRING);
    tensor->mutable_tensor_shape();  // no dimensions: a scalar string
    tensor->add_string_val(text);
    writeRecord(e.SerializeAsString());
}

void TensorBoardWriter::writeSessionStart(int64_t step, double wallTime) {
    tb::Event e;
    e.set_wall_time(wallTime);
    e.set_step(step);
    e.mutable_session_log()->set_status(tb::SessionLog::START);
    writeRecord(e.SerializeAsString());
}

std::vector<std::string> TensorBoardWriter::readRecords(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::vector<std::string> records;
    size_t offset = 0;
    while (offset < bytes.size()) {
        if (bytes.size() - offset < 12) throw Error(path + ": offset " + std::to_string(offset) + ": a record header needs 12 bytes");
        const uint64_t length = getLittleEndian(p + offset, 8);
        if (getLittleEndian(p + offset + 8, 4) != maskedCrc32c(p + offset, 8))
            throw Error(path + ": offset " + std::to_string(offset) + ": the length's CRC does not match");
        if (length > bytes.size() - offset - 16)
            throw Error(path + ": offset " + std::to_string(offset) + ": a record of " + std::to_string(length) + " bytes runs past the end");
        const size_t data = offset + 12;
        if (getLittleEndian(p + data + length, 4) != maskedCrc32c(p + data, length))
            throw Error(path + ": offset " + std::to_string(data) + ": the record's CRC does not match");
        records.emplace_back(bytes.data() + data, length);
        offset = data + length + 4;
    }
    return records;
}

}  // namespace rssm
