#include "runs/SweepDialog.h"

#include <thread>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "config/ConfigSchema.h"
#include "train/SweepPlan.h"
#include "util/Error.h"

namespace rssm::ui {

SweepDialog::SweepDialog(Config base, QWidget* parent) : QDialog(parent), base_(std::move(base)) {
    setWindowTitle(tr("New sweep"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Runs the cross product of the swept values, on the config pane's other settings."), this));
    auto* form = new QFormLayout();
    for (int i = 0; i < kAxes; ++i) {
        keys_[i] = new QComboBox(this);
        keys_[i]->addItem(tr("(not swept)"));
        for (const auto& field : configSchema())
            if (SweepPlan::sweepable(field.key)) keys_[i]->addItem(QString::fromStdString(field.key));
        keys_[i]->setObjectName(QStringLiteral("sweptKey%1").arg(i + 1));
        values_[i] = new QLineEdit(this);
        values_[i]->setObjectName(QStringLiteral("sweptValues%1").arg(i + 1));
        values_[i]->setPlaceholderText(tr("values, comma-separated: 1,4"));
        auto* row = new QHBoxLayout();
        row->addWidget(keys_[i], 1);
        row->addWidget(values_[i], 1);
        form->addRow(tr("Swept key %1").arg(i + 1), row);
        connect(keys_[i], &QComboBox::currentIndexChanged, this, &SweepDialog::check);
        connect(values_[i], &QLineEdit::textChanged, this, &SweepDialog::check);
    }
    name_ = new QLineEdit(QString::fromStdString(base_.getString("logging.name")) + QStringLiteral("-sweep"), this);
    name_->setToolTip(tr("The sweep's folder under logging.dir; run i goes in its subfolder i"));
    form->addRow(tr("Sweep name"), name_);
    jobs_ = new QSpinBox(this);
    jobs_->setRange(1, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    jobs_->setToolTip(tr("Runs trained at once; the cores are split between them"));
    form->addRow(tr("Runs at once"), jobs_);
    layout->addLayout(form);
    count_ = new QLabel(this);
    problem_ = new QLabel(this);
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b02020"));
    layout->addWidget(count_);
    layout->addWidget(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    start_ = buttons->addButton(tr("Start sweep"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(name_, &QLineEdit::textChanged, this, &SweepDialog::check);
    layout->addWidget(buttons);
    check();
}

std::vector<std::string> SweepDialog::overrides() const {
    std::vector<std::string> out;
    for (int i = 0; i < kAxes; ++i)
        if (keys_[i]->currentIndex() > 0 && !values_[i]->text().trimmed().isEmpty())
            out.push_back(keys_[i]->currentText().toStdString() + "=" + values_[i]->text().trimmed().toStdString());
    std::string name = "'";
    for (const char c : name_->text().trimmed().toStdString()) name += c == '\'' ? std::string("''") : std::string(1, c);
    out.push_back("logging.name=" + name + "'");
    return out;
}

int SweepDialog::jobs() const { return jobs_->value(); }

void SweepDialog::setAxis(int i, const QString& key, const QString& values) {
    keys_[i]->setCurrentText(key);
    values_[i]->setText(values);
    values_[i]->setFocus();  // the user goes on typing the next value
    values_[i]->end(false);
}

void SweepDialog::setName(const QString& name) { name_->setText(name); }
void SweepDialog::setJobs(int jobs) { jobs_->setValue(jobs); }
QString SweepDialog::problem() const { return problem_->text(); }

void SweepDialog::check() {
    QString problem;
    size_t runs = 0;
    if (name_->text().trimmed().isEmpty() || name_->text().contains(QLatin1Char('/'))) problem = tr("Give the sweep a folder name (no '/').");
    try {
        const SweepPlan plan = SweepPlan::parse(overrides());
        runs = plan.runs().size();
        if (plan.axes().empty() && problem.isEmpty()) problem = tr("Mark a key as swept and give it two values or more: 1,4");
        if (problem.isEmpty()) plan.configs(base_, "sweep");  // each run's config, checked as a sweep would
    } catch (const Error& e) {
        if (problem.isEmpty()) problem = QString::fromStdString(e.what());
    }
    count_->setText(tr("%n run(s)", nullptr, static_cast<int>(runs)));
    problem_->setText(problem);
    start_->setEnabled(problem.isEmpty());
}

}  // namespace rssm::ui
