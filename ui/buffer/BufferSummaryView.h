#pragma once
#include <QWidget>

class QFormLayout;
class QLabel;
class QTableWidget;

namespace rssm {
struct BufferSummary;
}

namespace rssm::ui {

// What a buffer is at a glance: path, format, episode and transition counts,
// state/action widths, episode lengths, and a table of its keys (name, role,
// dtype, per-step shape).
class BufferSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit BufferSummaryView(QWidget* parent = nullptr);

    void setSummary(const BufferSummary& summary, const QString& rolloutConfigPath);
    void clear();

private:
    QLabel* addRow(QFormLayout* form, const QString& label, const QString& objectName);

    QLabel* path_;
    QLabel* format_;
    QLabel* episodes_;
    QLabel* transitions_;
    QLabel* lengths_;
    QLabel* dimensions_;
    QLabel* rollout_;
    QTableWidget* keys_;
};

}  // namespace rssm::ui
