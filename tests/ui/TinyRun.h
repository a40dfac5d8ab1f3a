// A small world model trained briefly on the bundled sample buffer, for GUI
// tests that need real checkpoints: seconds on two cores.
#pragma once
#include <string>
#include <vector>

#include <QString>

#include "config/Config.h"
#include "train/TrainingSession.h"

namespace rssm::test {

// The model and batch sizes of a tiny run, as key=value overrides.
inline std::vector<std::string> tinyModelOverrides(int hidden = 32) {
    const std::string h = std::to_string(hidden);
    return {"model.hidden_dim=" + h, "model.deter_dim=" + h, "model.stoch_dim=8", "model.embed_dim=32",
            "model.vae_hidden_dim=32", "data.seq_len=16",  "training.batch_size=8", "training.device=cpu"};
}

// `steps` steps into `logDir`/`name`, a checkpoint and a validation every
// `saveEvery` steps, a metrics row every step.
inline Config tinyRunConfig(const QString& logDir, const std::string& name, int steps, int saveEvery, int hidden = 32) {
    Config c;
    c.set("data.buffer_path", RSSM_SOURCE_DIR "/resources/sample/buf.pkl");
    c.set("data.rollout_config_path", RSSM_SOURCE_DIR "/resources/sample/rollout_config.yaml");
    c.applyOverrides(tinyModelOverrides(hidden));
    c.set("training.steps", std::to_string(steps));
    c.set("training.save_every", std::to_string(saveEvery));
    c.set("training.eval_every", std::to_string(saveEvery));
    c.set("training.log_every", "1");
    c.set("logging.dir", "'" + logDir.toStdString() + "'");
    c.set("logging.name", name);
    return c;
}

// Trains it through core; returns the run folder.
inline QString trainTinyRun(const QString& logDir, const std::string& name, int steps, int saveEvery, int hidden = 32) {
    auto session = TrainingSession::start(tinyRunConfig(logDir, name, steps, saveEvery, hidden));
    session->run(nullptr, nullptr);
    return QString::fromStdString(session->folder().path());
}

}  // namespace rssm::test
