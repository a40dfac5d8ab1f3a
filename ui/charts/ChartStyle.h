#pragma once
#include <QString>
#include <Qt>

class QAbstractAxis;
class QChart;
class QChartView;
class QValueAxis;

namespace rssm::ui {

// The look every chart of the workbench shares, so the panes and the command
// line's PNG files read the same: bold titles, square frames, tight margins,
// whole-step x axes and the MSE axis of the error charts.
void applyChartStyle(QChart& chart, const QString& title, Qt::Alignment legendAlignment = Qt::AlignBottom);

// How every chart view of the workbench draws: antialiased, and the whole
// view repainted on a change. Qt's default (the smallest region) works out
// each changed item's rectangle, which for a chart whose series and labels
// all change at once costs more than painting the view: tens of ms a turn.
void applyChartViewStyle(QChartView& view);

// An axis of steps from `from` to `to`, ticked at whole steps (1, 2, 5, 10, ...).
QValueAxis* makeStepAxis(const QString& title, double from, double to);

// Qt Charts lays an axis's ticks out as soon as its range or interval
// changes, so it must never see the new range with the old interval (a step
// axis grown from [0, 1] to a million steps at 0.2 apart is five million
// ticks): first an interval coarse for both ranges, then the range, then the
// interval wanted.
void setAxisRange(QValueAxis* axis, double lo, double hi, double interval);
// The same for a step axis: whole-step ticks for [from, to].
void setStepRange(QValueAxis* axis, double from, double to);

// A value axis over [lo, hi] padded by 6% so lines stay off the frame, with
// nice numbers; lo > hi (nothing finite to show) gives [-1, 1].
QValueAxis* makeValueAxis(const QString& title, double lo, double hi);

// Mean squared error from 0 up, or on a log scale over whole decades (the log
// axis labels only powers of ten, so a range inside one decade would show no
// label); lo > hi (nothing positive to show) gives 0.1 to 1.
QAbstractAxis* makeErrorAxis(bool logScale, double lo, double hi);

}  // namespace rssm::ui
