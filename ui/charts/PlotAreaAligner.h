#pragma once
#include <vector>

#include <QHash>
#include <QMargins>
#include <QObject>
#include <QPointer>

class QChart;
class QTimer;

namespace rssm::ui {

// Keeps stacked charts' plot areas at the same left and right edges, so one
// step lines up down the stack (the time cursor, the context marker) even
// when one chart's y labels ("-0.0005") are wider than another's ("2").
// Each chart's margins take up the difference; re-done whenever a chart lays
// itself out again (a resize, new labels after a zoom).
class PlotAreaAligner : public QObject {
    Q_OBJECT
public:
    explicit PlotAreaAligner(QObject* parent = nullptr);

    // The charts to align, top to bottom; they stay their owners'. A chart's
    // margins when it is first given are what alignment adds to (kept when it
    // leaves the set and comes back, so alignments do not pile up).
    void setCharts(const std::vector<QChart*>& charts);
    // Aligns now rather than after the charts' next layout.
    void alignNow();

private:
    struct Entry {
        QPointer<QChart> chart;
        QMargins base;
    };
    std::vector<Entry> entries_;
    QHash<const QChart*, QMargins> bases_;  // every chart seen, until it is destroyed
    QTimer* pending_ = nullptr;
};

}  // namespace rssm::ui
