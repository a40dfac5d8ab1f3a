// rssm-workbench: the window. Arguments open what they name: a buffer, a run
// folder, checkpoints (.pt) or a config (.yaml).
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <cstdio>

#include "buffer/BufferPane.h"
#include "comparison/ComparisonPane.h"
#include "trajectory/TrajectoryPane.h"
#include "window/BundledSample.h"
#include "window/MainWindow.h"

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
    QCommandLineOption quitWhenLoaded(QStringLiteral("quit-when-loaded"),
                                      QStringLiteral("Open the window and what is given, wait until the sample "
                                                     "buffer (--sample) has loaded, then quit: exit status 0 when "
                                                     "everything opened, 1 when something failed (for checking an "
                                                     "installation)."));
    QCommandLineOption freshLayout(QStringLiteral("fresh-layout"), QStringLiteral("Ignore the saved window layout."));
    parser.addOptions({sample, quitWhenLoaded, freshLayout});
    parser.process(app);

    rssm::ui::MainWindow window;
    // What the panes refuse is also said on stderr, one line each: for whoever
    // started the window from a terminal, and for tests that feed it bad files.
    int failures = 0;
    auto report = [&failures](const QString& message) {
        ++failures;
        std::fprintf(stderr, "rssm-workbench: %s\n", qPrintable(message));
    };
    QObject::connect(window.trajectoryPane(), &rssm::ui::TrajectoryPane::failed, &app, report);
    QObject::connect(window.comparisonPane(), &rssm::ui::ComparisonPane::failed, &app,
                     [&report](const QString&, const QString& message) { report(message); });
    QObject::connect(window.bufferPane(), &rssm::ui::BufferPane::loadFailed, &app,
                     [&report](const QString&, const QString& message) { report(message); });
    const bool check = parser.isSet(quitWhenLoaded);
    if (!parser.isSet(freshLayout) && !check) window.restoreLayout();
    window.show();

    const QStringList paths = parser.positionalArguments();
    if (parser.isSet(sample)) window.openSampleBuffer();
    for (const QString& path : paths) window.openPath(path);
    if (check) {
        if (parser.isSet(sample) && rssm::ui::bundledSampleBuffer().isEmpty()) {
            std::fprintf(stderr, "rssm-workbench: the bundled sample buffer is not installed beside this program\n");
            return 1;
        }
        // Polled: the buffer loads on a worker thread.
        auto* poll = new QTimer(&app);
        QObject::connect(poll, &QTimer::timeout, &app, [&window, &failures, wantSample = parser.isSet(sample)] {
            const QString opened = window.bufferPane()->bufferPath();
            if (window.bufferPane()->isLoading() || (wantSample && opened.isEmpty() && failures == 0)) return;
            if (failures == 0) std::printf("rssm-workbench: %s\n", opened.isEmpty() ? "started" : qPrintable("opened " + opened));
            QCoreApplication::exit(failures ? 1 : 0);
        });
        poll->start(100);
    }
    return app.exec();
}
