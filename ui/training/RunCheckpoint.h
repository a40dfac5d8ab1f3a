#pragma once
#include <cstdint>

#include <QList>
#include <QString>

namespace rssm::ui {

// One rssm_step_<N>.pt of a run folder.
struct RunCheckpoint {
    int64_t step = 0;
    QString path;
    bool operator==(const RunCheckpoint& other) const { return step == other.step && path == other.path; }
};
using RunCheckpoints = QList<RunCheckpoint>;

}  // namespace rssm::ui
