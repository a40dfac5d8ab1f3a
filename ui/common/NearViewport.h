#pragma once
#include <QRect>
#include <QScrollArea>
#include <QWidget>

namespace rssm::ui {

// Whether `widget`, somewhere inside `scroll`'s widget, lies in its viewport
// or within `margin` pixels above or below it: the stacks of charts build,
// refresh and align only those, so a hundred charts cost what a screenful does.
inline bool nearViewport(const QScrollArea* scroll, const QWidget* widget, int margin) {
    const QWidget* viewport = scroll->viewport();
    const QRect area(widget->mapTo(viewport, QPoint(0, 0)), widget->size());
    return area.intersects(viewport->rect().adjusted(0, -margin, 0, margin));
}

}  // namespace rssm::ui
