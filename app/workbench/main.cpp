// rssm-workbench: the window. Arguments open what they name: a buffer, a run
// folder, checkpoints (.pt) or a config (.yaml).
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <cstdio>

#include "comparison/ComparisonPane.h"
#include "trajectory/TrajectoryPane.h"
#include "window/MainWindow.h"
#include "window/ScreenshotTour.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("rssm-workbench"));
    QCoreApplication::setApplicationName(QStringLiteral("rssm-workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RSSM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rssm-workbench.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train and study RSSM world models of robot replay buffers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 QStringLiteral("Buffers (.pkl, .h5), run folders, checkpoints (.pt) or configs (.yaml) to open."),
                                 QStringLiteral("[paths...]"));
    QCommandLineOption sample(QStringLiteral("sample"), QStringLiteral("Open the bundled sample buffer."));
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Fill every pane from the paths given (a buffer, a run folder, "
                                                  "checkpoints), save a PNG of each pane into DIR and quit."),
                                   QStringLiteral("DIR"));
    QCommandLineOption freshLayout(QStringLiteral("fresh-layout"), QStringLiteral("Ignore the saved window layout."));
    parser.addOptions({sample, screenshots, freshLayout});
    parser.process(app);

    rssm::ui::MainWindow window;
    // What the panes refuse is also said on stderr, one line each: for whoever
    // started the window from a terminal, and for tests that feed it bad files.
    QObject::connect(window.trajectoryPane(), &rssm::ui::TrajectoryPane::failed, &app,
                     [](const QString& message) { std::fprintf(stderr, "rssm-workbench: %s\n", qPrintable(message)); });
    QObject::connect(window.comparisonPane(), &rssm::ui::ComparisonPane::failed, &app,
                     [](const QString&, const QString& message) {
                         std::fprintf(stderr, "rssm-workbench: %s\n", qPrintable(message));
                     });
    if (!parser.isSet(freshLayout) && !parser.isSet(screenshots)) window.restoreLayout();
    window.show();

    const QStringList paths = parser.positionalArguments();
    if (parser.isSet(screenshots)) {
        rssm::ui::ScreenshotTour::Plan plan;
        plan.outputDir = parser.value(screenshots);
        for (const QString& path : paths) {
            const QFileInfo info(path);
            if (info.isDir()) plan.runFolder = info.absoluteFilePath();
            else if (info.suffix() == QLatin1String("pt")) plan.checkpoints << info.absoluteFilePath();
            else plan.buffer = info.absoluteFilePath();
        }
        auto* tour = new rssm::ui::ScreenshotTour(&window, plan, &app);
        QObject::connect(tour, &rssm::ui::ScreenshotTour::finished, &app, [](bool ok) { QCoreApplication::exit(ok ? 0 : 1); });
        QTimer::singleShot(0, tour, &rssm::ui::ScreenshotTour::start);
        return app.exec();
    }

    if (parser.isSet(sample)) window.openSampleBuffer();
    for (const QString& path : paths) window.openPath(path);
    return app.exec();
}
