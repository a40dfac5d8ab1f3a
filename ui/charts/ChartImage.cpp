#include "charts/ChartImage.h"

#include <algorithm>

#include "util/Error.h"

#include <QChart>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QPainter>
#include <QSaveFile>

namespace rssm::ui {

namespace {

QFont headingFont() {
    QFont f = QGuiApplication::font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() > 0 ? f.pointSizeF() * 1.25 : 12.0);
    return f;
}

void requireApplication() {
    // Without one, Qt aborts deep inside font handling; say what is missing instead.
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw Error("chart rendering needs a QApplication (create one before drawing charts)");
}

// Charts placed in a scene of their own for one render, and taken out again
// however the render ends, so the caller keeps them and can draw them again.
class Staging {
public:
    explicit Staging(const std::vector<QChart*>& charts) : charts_(charts) {
        for (QChart* c : charts_)
            if (c && c->scene()) throw Error("chart rendering: a chart is already shown in a view; grab the view instead");
        for (QChart* c : charts_)
            if (c) scene_.addItem(c);
    }
    ~Staging() {
        for (QChart* c : charts_) {
            if (!c || c->scene() != &scene_) continue;
            c->setPlotArea(QRectF());  // back to a plot area computed from the size
            scene_.removeItem(c);
        }
    }
    QGraphicsScene& scene() { return scene_; }

private:
    std::vector<QChart*> charts_;
    QGraphicsScene scene_;
};

// Qt lays out a resized widget from a posted event; a window would get to it
// from its event loop, here it has to be done before painting.
void settle(const std::vector<QChart*>& charts) {
    QCoreApplication::sendPostedEvents();
    for (QChart* c : charts)
        if (c && c->layout()) c->layout()->activate();
}

// Charts above one another get the same plot area left and right edges, the
// widest axis labels' room, so a step lines up down the whole column.
void alignColumn(const std::vector<QChart*>& column) {
    if (column.size() < 2) return;
    double left = -1e300, right = 1e300;
    for (const QChart* c : column) {
        left = std::max(left, c->plotArea().left());
        right = std::min(right, c->plotArea().right());
    }
    if (right <= left) return;
    for (QChart* c : column) {
        const QRectF a = c->plotArea();
        c->setPlotArea(QRectF(left, a.top(), right - left, a.height()));
        // The series follow the new area at once, the axes only on a fresh layout pass.
        if (c->layout()) c->layout()->invalidate();
    }
}

}  // namespace

int ChartImage::headingHeight(const QString& heading) {
    if (heading.isEmpty()) return 0;
    return QFontMetrics(headingFont()).height() * 2;
}

QImage ChartImage::render(QChart& chart, QSize size) { return renderGrid({&chart}, size, 1); }

QImage ChartImage::renderGrid(const std::vector<QChart*>& charts, QSize cell, int columns, const QString& heading) {
    requireApplication();
    if (cell.isEmpty()) throw Error("chart rendering: an empty image size");
    columns = std::max(1, std::min(columns, static_cast<int>(std::max<size_t>(charts.size(), 1))));
    const int rows = std::max(1, static_cast<int>((charts.size() + columns - 1) / columns));
    const int top = headingHeight(heading);
    QImage image(cell.width() * columns, top + cell.height() * rows, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    if (top > 0) {
        painter.setFont(headingFont());
        painter.setPen(QColor(0x20, 0x20, 0x20));
        painter.drawText(QRect(12, 0, image.width() - 24, top), Qt::AlignVCenter | Qt::AlignLeft, heading);
    }
    Staging staging(charts);
    std::vector<std::vector<QChart*>> byColumn(static_cast<size_t>(columns));
    for (size_t i = 0; i < charts.size(); ++i) {
        if (!charts[i]) continue;
        const int row = static_cast<int>(i) / columns, col = static_cast<int>(i) % columns;
        charts[i]->setGeometry(QRectF(QPointF(col * cell.width(), top + row * cell.height()), QSizeF(cell)));
        byColumn[static_cast<size_t>(col)].push_back(charts[i]);
    }
    settle(charts);
    for (const auto& column : byColumn) alignColumn(column);
    settle(charts);
    const QRectF all(QPointF(0, 0), QSizeF(image.size()));
    staging.scene().setSceneRect(all);
    staging.scene().render(&painter, all, all, Qt::IgnoreAspectRatio);
    painter.end();
    return image;
}

void ChartImage::savePng(const QImage& image, const QString& path) {
    // QSaveFile writes beside the target and renames on commit().
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throw Error(path.toStdString() + ": cannot write: " + file.errorString().toStdString());
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        throw Error(path.toStdString() + ": cannot encode the PNG");
    }
    if (!file.commit()) throw Error(path.toStdString() + ": cannot write: " + file.errorString().toStdString());
}

}  // namespace rssm::ui
