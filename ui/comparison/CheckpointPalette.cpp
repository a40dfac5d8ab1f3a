#include "comparison/CheckpointPalette.h"

#include <QPainter>
#include <QPixmap>
#include <QSet>

namespace rssm::ui {

namespace {

const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                          QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e), QColor(0x17, 0xbe, 0xcf),
                          QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0xbc, 0xbd, 0x22),
                          QColor(0x1a, 0x3a, 0x8f)};

}  // namespace

int CheckpointPalette::colorCount() { return static_cast<int>(sizeof(kColors) / sizeof(kColors[0])); }

QColor CheckpointPalette::color(int index) {
    const int n = colorCount();
    return kColors[((index % n) + n) % n];
}

QIcon CheckpointPalette::swatch(const QColor& color) {
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QPen(color.darker(130), 1));
    painter.setBrush(color);
    painter.drawRect(1, 1, 12, 12);
    // The same colour in a selected row too: Qt would tint it with the
    // selection's, and a pink run would read as the purple one.
    QIcon icon(pixmap);
    icon.addPixmap(pixmap, QIcon::Selected);
    return icon;
}

QColor CheckpointPalette::assign(const QString& checkpointPath) {
    if (const auto it = slots_.constFind(checkpointPath); it != slots_.constEnd()) return color(*it);
    // The lowest index no checkpoint holds; past the cycle's length colours repeat.
    QSet<int> taken;
    for (int index : slots_) taken.insert(index);
    int index = 0;
    while (taken.contains(index)) ++index;
    slots_.insert(checkpointPath, index);
    return color(index);
}

void CheckpointPalette::release(const QString& checkpointPath) { slots_.remove(checkpointPath); }

QColor CheckpointPalette::colorOf(const QString& checkpointPath) const {
    const auto it = slots_.constFind(checkpointPath);
    return it == slots_.constEnd() ? QColor() : color(*it);
}

}  // namespace rssm::ui
