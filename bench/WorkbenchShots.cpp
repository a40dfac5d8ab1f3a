// The README's pane screenshots (scripts/screenshots.sh, under Xvfb): fills
// every pane of a real window from the paths given (a buffer, a run folder,
// checkpoints), saves one PNG per pane into DIR and quits.
//
// usage: shoot_workbench DIR [buffer] [run folder] [checkpoints.pt ...]
#include <cstdio>

#include <QApplication>
#include <QFileInfo>
#include <QTimer>

#include "ScreenshotTour.h"
#include "window/MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("rssm-workbench"));
    QCoreApplication::setApplicationName(QStringLiteral("rssm-workbench-shots"));  // leaves the user's saved layout alone
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: shoot_workbench DIR [buffer] [run folder] [checkpoints.pt ...]\n");
        return 2;
    }
    rssm::bench::ScreenshotTour::Plan plan;
    plan.outputDir = args[1];
    for (int i = 2; i < args.size(); ++i) {
        const QFileInfo info(args[i]);
        if (info.isDir()) plan.runFolder = info.absoluteFilePath();
        else if (info.suffix() == QLatin1String("pt")) plan.checkpoints << info.absoluteFilePath();
        else plan.buffer = info.absoluteFilePath();
    }
    rssm::ui::MainWindow window;
    window.show();
    auto* tour = new rssm::bench::ScreenshotTour(&window, plan, &app);
    QObject::connect(tour, &rssm::bench::ScreenshotTour::finished, &app, [](bool ok) { QCoreApplication::exit(ok ? 0 : 1); });
    QTimer::singleShot(0, tour, &rssm::bench::ScreenshotTour::start);
    return app.exec();
}
