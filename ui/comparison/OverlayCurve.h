#pragma once
#include <vector>

#include <QColor>
#include <QString>

namespace rssm::ui {

// One checkpoint's line in an overlay chart: its label, its stable colour
// and its points, as plain numbers.
struct OverlayCurve {
    QString name;
    QColor color;
    std::vector<double> x, y;
};

}  // namespace rssm::ui
