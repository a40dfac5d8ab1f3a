#pragma once
#include <string>
#include <vector>

#include <QDialog>

#include "config/Config.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace rssm::ui {

// Sets up a sweep of the config pane's settings: up to three keys marked as
// swept, each with its values (comma-separated, as on the command line), the
// sweep's name (logging.name) and how many runs train at once. Every run's
// config is checked as the fields change; Start stays disabled, with the
// reason shown, while any run would be refused.
class SweepDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kAxes = 3;
    explicit SweepDialog(Config base, QWidget* parent = nullptr);

    // The swept keys as key=a,b,c and logging.name=<name>, for Sweep::create.
    std::vector<std::string> overrides() const;
    int jobs() const;
    const Config& base() const { return base_; }

    void setAxis(int i, const QString& key, const QString& values);
    void setName(const QString& name);
    void setJobs(int jobs);
    QPushButton* startButton() const { return start_; }
    QString problem() const;  // why Start is disabled; empty when it is not

private:
    void check();

    Config base_;
    QComboBox* keys_[kAxes] = {};
    QLineEdit* values_[kAxes] = {};
    QLineEdit* name_ = nullptr;
    QSpinBox* jobs_ = nullptr;
    QLabel* problem_ = nullptr;
    QLabel* count_ = nullptr;
    QPushButton* start_ = nullptr;
};

}  // namespace rssm::ui
