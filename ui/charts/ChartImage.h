#pragma once
#include <vector>

#include <QImage>
#include <QSize>
#include <QString>

class QChart;

namespace rssm::ui {

// Charts drawn into images and PNG files without a window, for the command
// line and for exports from the workbench. A QApplication must exist (Qt
// Charts lays out text with it); with QT_QPA_PLATFORM=offscreen it needs no
// display. The charts stay the caller's, and must not be shown in a view
// while they are drawn here: each is placed in a scene of its own for the
// duration, at the size asked for.
class ChartImage {
public:
    // One chart filling `size` pixels.
    static QImage render(QChart& chart, QSize size);
    // Charts in a grid of `columns`, row after row, each in a `cell` of
    // pixels, under an optional one-line heading. With one column they stack
    // vertically, one per dimension, with their x axes aligned.
    static QImage renderGrid(const std::vector<QChart*>& charts, QSize cell, int columns = 1, const QString& heading = {});
    // The pixel height the heading adds above the grid (0 without one).
    static int headingHeight(const QString& heading);

    // Writes `image` as PNG to a temporary file beside `path`, then renames
    // it into place, so a reader never sees half a file. Throws rssm::Error
    // naming the path when it cannot be written.
    static void savePng(const QImage& image, const QString& path);
    static void savePng(QChart& chart, QSize size, const QString& path) { savePng(render(chart, size), path); }
};

}  // namespace rssm::ui
