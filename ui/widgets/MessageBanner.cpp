// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/MessageBanner.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace il::ui {

namespace {

    QColor blend(const QColor& a, const QColor& b, double t)
    {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    }

    // `inferledger demo` → a fixed-font span; the rest escaped, so file names with '<' stay literal.
    QString richText(const QString& plain)
    {
        const QStringList parts = plain.split(QLatin1Char('`'));
        QString html;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString escaped = parts[i].toHtmlEscaped();
            html += (i % 2) ? QStringLiteral("<code>") + escaped + QStringLiteral("</code>") : escaped;
        }
        return html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    }

} // namespace

MessageBanner::MessageBanner(Kind kind, QWidget* parent)
    : QFrame(parent)
    , m_kind(kind)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_layout(new QHBoxLayout(this))
    , m_close(new QToolButton(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_layout->setContentsMargins(10, 6, 6, 6);
    m_layout->setSpacing(8);

    updateIcon();
    m_icon->setAlignment(Qt::AlignTop);

    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse); // error text is for copying into a ticket
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton, nullptr, this));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setVisible(false);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });

    m_layout->addWidget(m_icon);
    m_layout->addWidget(m_label, 1);
    m_layout->addWidget(m_close, 0, Qt::AlignTop);
    updateColours();
}

MessageBanner::~MessageBanner() = default;

void MessageBanner::setKind(Kind kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    updateIcon();
    updateColours();
}

void MessageBanner::updateIcon()
{
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    const auto standardIcon = m_kind == Kind::Error ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(standardIcon, nullptr, this).pixmap(iconSize, iconSize));
}

void MessageBanner::setText(const QString& text)
{
    m_plainText = text;
    m_label->setText(richText(text));
}

void MessageBanner::showMessage(const QString& text)
{
    setText(text);
    show();
}

void MessageBanner::setClosable(bool closable)
{
    m_close->setVisible(closable);
}

void MessageBanner::addAction(QAction* action)
{
    QWidget::addAction(action);
    auto* button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_layout->insertWidget(m_layout->indexOf(m_close), button, 0, Qt::AlignVCenter);
}

void MessageBanner::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange
        || event->type() == QEvent::StyleChange)
        updateColours();
}

void MessageBanner::updateColours()
{
    // Subtle tints of the system palette, so light and dark themes both read well; errors lean to red.
    // From the application's palette, never our own (already tinted) one.
    const QPalette base = QApplication::palette(this);
    const QColor window = base.color(QPalette::Window);
    const QColor accent = m_kind == Kind::Error ? QColor(Qt::red) : base.color(QPalette::Highlight);
    QPalette p = palette();
    p.setColor(QPalette::Window, blend(window, accent, 0.12));
    p.setColor(QPalette::WindowText, base.color(QPalette::WindowText));
    // Setting the palette triggers another PaletteChange; the values are stable, so it settles.
    if (p != palette())
        setPalette(p);
}

} // namespace il::ui
