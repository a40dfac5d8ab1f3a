#include "buffer/DimensionPicker.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>

namespace rssm::ui {

namespace {
constexpr int KeyRole = Qt::UserRole + 1;
constexpr int ElementRole = Qt::UserRole + 2;
}  // namespace

DimensionPicker::DimensionPicker(QWidget* parent)
    : QWidget(parent), filter_(new QLineEdit(this)), list_(new QListWidget(this)) {
    filter_->setObjectName(QStringLiteral("dimensionFilter"));
    filter_->setPlaceholderText(tr("Filter dimensions…"));
    filter_->setClearButtonEnabled(true);
    list_->setObjectName(QStringLiteral("dimensionList"));
    list_->setUniformItemSizes(true);

    auto* all = new QPushButton(tr("All shown"), this);
    all->setObjectName(QStringLiteral("checkShownDimensions"));
    all->setToolTip(tr("Check every dimension the filter shows"));
    auto* none = new QPushButton(tr("None"), this);
    none->setObjectName(QStringLiteral("uncheckAllDimensions"));
    none->setToolTip(tr("Uncheck every dimension"));
    auto setAll = [this](bool checked, bool onlyShown) {
        const QSignalBlocker block(list_);
        for (int i = 0; i < list_->count(); ++i) {
            QListWidgetItem* item = list_->item(i);
            if (onlyShown && item->isHidden()) continue;
            item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        }
        Q_EMIT checkedChanged();
    };
    connect(all, &QPushButton::clicked, this, [setAll] { setAll(true, true); });
    connect(none, &QPushButton::clicked, this, [setAll] { setAll(false, false); });

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(all);
    buttons->addWidget(none);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filter_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    connect(filter_, &QLineEdit::textChanged, this, &DimensionPicker::applyFilter);
    connect(list_, &QListWidget::itemChanged, this, [this] { Q_EMIT checkedChanged(); });
}

void DimensionPicker::setKeys(const QVector<QPair<QString, int>>& keys) {
    QSet<QString> previouslyChecked, previouslyListed;
    for (int i = 0; i < list_->count(); ++i) {
        previouslyListed.insert(list_->item(i)->text());
        if (list_->item(i)->checkState() == Qt::Checked) previouslyChecked.insert(list_->item(i)->text());
    }
    QSet<QString> listed;
    for (const auto& [key, width] : keys)
        for (int e = 0; e < width; ++e) listed.insert(Dimension{key, e}.name());
    const bool sameDimensions = !previouslyListed.isEmpty() && listed == previouslyListed;

    {
        const QSignalBlocker block(list_);
        list_->clear();
        for (const auto& [key, width] : keys) {
            for (int e = 0; e < width; ++e) {
                const Dimension dim{key, e};
                auto* item = new QListWidgetItem(dim.name(), list_);
                item->setData(KeyRole, key);
                item->setData(ElementRole, e);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
                const bool byDefault = (key == QLatin1String("state") && e < kDefaultStateDims) ||
                                       key == QLatin1String("action");
                const bool checked = sameDimensions ? previouslyChecked.contains(dim.name()) : byDefault;
                item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
            }
        }
    }
    applyFilter(filter_->text());
    Q_EMIT checkedChanged();
}

QVector<DimensionPicker::Dimension> DimensionPicker::checkedDimensions() const {
    QVector<Dimension> out;
    for (int i = 0; i < list_->count(); ++i) {
        const QListWidgetItem* item = list_->item(i);
        if (item->checkState() == Qt::Checked)
            out.push_back({item->data(KeyRole).toString(), item->data(ElementRole).toInt()});
    }
    return out;
}

void DimensionPicker::setChecked(const QString& name, bool checked) {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->text() == name) list_->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void DimensionPicker::applyFilter(const QString& text) {
    const QString needle = text.trimmed();
    for (int i = 0; i < list_->count(); ++i) {
        QListWidgetItem* item = list_->item(i);
        item->setHidden(!needle.isEmpty() && !item->text().contains(needle, Qt::CaseInsensitive));
    }
    Q_EMIT filterChanged(text);
}

}  // namespace rssm::ui
