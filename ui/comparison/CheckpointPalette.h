#pragma once
#include <QColor>
#include <QHash>
#include <QIcon>
#include <QString>

namespace rssm::ui {

// A colour per checkpoint that stays the same for as long as the checkpoint
// is compared: the first added gets the first colour, the next the next free
// one, and removing a checkpoint frees its colour without recolouring the
// others, so a line keeps its colour in every chart while the set changes.
class CheckpointPalette {
public:
    // The checkpoint's colour, assigning the lowest free one on first use.
    QColor assign(const QString& checkpointPath);
    // Frees the checkpoint's colour for the next checkpoint added.
    void release(const QString& checkpointPath);
    // The assigned colour, or an invalid QColor for a checkpoint not in the palette.
    QColor colorOf(const QString& checkpointPath) const;
    bool contains(const QString& checkpointPath) const { return slots_.contains(checkpointPath); }

    // The i-th colour of the cycle: distinct hues that read on white and in
    // grey print, none of them grey (the baselines' colour) or black (the truth's).
    static QColor color(int index);
    static int colorCount();
    // A small square of `color`, for the checkpoint's entries in lists and table headers.
    static QIcon swatch(const QColor& color);

private:
    QHash<QString, int> slots_;  // checkpoint path -> index into the colour cycle
};

}  // namespace rssm::ui
