#pragma once
#include <QObject>
#include <QPointer>
#include <QSet>

class QAbstractSeries;
class QChartView;
class QLegendMarker;

namespace rssm::ui {

// What makes a chart readable beyond its picture, added to any chart view:
// - hover: the value of every visible line at the x under the pointer, with
//   its name, in a tooltip (the nearest point of each line, headed by its x);
// - a click on a legend entry hides its line or shows it again (the entry
//   stays, greyed);
// - a legend with more entries than fit folds: the first few stay and the
//   chart's legend says how many more there are (hover still reads them all).
// Lines without a name, and vertical marker lines, are left out of the readout.
class ChartInteraction : public QObject {
    Q_OBJECT
public:
    // Installs itself on `view` (and is deleted with it).
    static ChartInteraction* install(QChartView* view, int maxLegendEntries = 12);

    // The readout for the x value `x` in the chart's coordinates: a header
    // with the x axis's title and the x of the nearest point ("step 20"), then
    // one line per visible series ("name: value"; a band: "name: low to
    // high"); what the tooltip shows.
    QString readoutAt(double x) const;
    // Entries folded away from the legend.
    int foldedEntries() const { return folded_; }
    // Takes the chart's legend as it is now (after its series changed): folds
    // it and makes its entries clickable. Done on hover and click anyway.
    void refresh() { hookMarkers(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    ChartInteraction(QChartView* view, int maxLegendEntries);
    void hookMarkers();
    void onMarkerClicked();
    static void styleMarker(QLegendMarker* marker, bool shown);

    QPointer<QChartView> view_;
    int maxLegend_;
    int folded_ = 0;
    QSet<QAbstractSeries*> toggled_;  // hidden by a click, so their entries stay
};

}  // namespace rssm::ui
