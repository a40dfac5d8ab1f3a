#include "window/BundledSample.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace rssm::ui {

QString bundledSampleBuffer() {
    const QString exeDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        exeDir + QStringLiteral("/../../resources/sample/buf.pkl"),
        exeDir + QStringLiteral("/../share/rssm-workbench/sample/buf.pkl"),
        QStringLiteral(RSSM_SOURCE_DIR "/resources/sample/buf.pkl"),
    };
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(candidate)) return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    }
    return {};
}

}  // namespace rssm::ui
