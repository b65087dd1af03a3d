// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/StatTile.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace il::ui {

namespace {

    QColor blend(const QColor& a, const QColor& b, double t)
    {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    }

} // namespace

StatTile::StatTile(const QString& caption, QWidget* parent)
    : QFrame(parent)
    , m_caption(new QLabel(caption, this))
    , m_value(new QLabel(QStringLiteral("—"), this))
    , m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumWidth(96);
    QFont captionFont = m_caption->font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 0.9);
    m_caption->setFont(captionFont);
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.6);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setFont(captionFont);
    m_detail->setWordWrap(true);
    // Three lines of detail whatever they say, so the tiles in a row keep one height.
    m_detail->setFixedHeight(QFontMetrics(captionFont).lineSpacing() * 3);
    m_caption->setWordWrap(false);
    // Long captions and values give way (elided by the layout) rather than widen the window.
    m_caption->setMinimumWidth(0);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    updateColours();
}

StatTile::~StatTile() = default;

void StatTile::setValue(const QString& value, const QString& detail, Tone tone)
{
    m_value->setText(value);
    m_detail->setText(detail);
    setToolTip(detail.isEmpty() ? QString()
                                : m_caption->text() + QStringLiteral(": ") + value + QLatin1Char('\n') + detail);
    if (tone != m_tone) {
        m_tone = tone;
        updateColours();
    }
}

QString StatTile::value() const
{
    return m_value->text();
}

QString StatTile::detail() const
{
    return m_detail->text();
}

QString StatTile::caption() const
{
    return m_caption->text();
}

void StatTile::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (!m_restyling && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
        updateColours();
}

void StatTile::updateColours()
{
    m_restyling = true;
    const QPalette app = QApplication::palette(this);
    const QColor window = app.color(QPalette::Window), base = app.color(QPalette::Base);
    const QColor text = app.color(QPalette::WindowText);
    const bool dark = base.lightness() < 128;
    QColor tint = app.color(QPalette::Highlight);
    double amount = 0.05;
    if (m_tone == Tone::Alarm) {
        tint = QColor(Qt::red);
        amount = 0.16;
    } else if (m_tone == Tone::Warning) {
        tint = QColor(230, 160, 0);
        amount = 0.14;
    } else if (m_tone == Tone::Good) {
        tint = QColor(40, 160, 60);
        amount = 0.10;
    }
    QPalette p = palette();
    p.setColor(QPalette::Window, blend(base, tint, amount));
    p.setColor(QPalette::WindowText, text);
    setPalette(p);
    QPalette captionPalette = m_caption->palette();
    captionPalette.setColor(QPalette::WindowText, blend(window, text, 0.7));
    m_caption->setPalette(captionPalette);
    m_detail->setPalette(captionPalette);
    QPalette valuePalette = m_value->palette();
    QColor valueColour = text;
    if (m_tone == Tone::Alarm)
        valueColour = dark ? QColor(255, 120, 110) : QColor(190, 30, 20);
    valuePalette.setColor(QPalette::WindowText, valueColour);
    m_value->setPalette(valuePalette);
    m_restyling = false;
}

} // namespace il::ui
