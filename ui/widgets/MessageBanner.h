// SPDX-License-Identifier: GPL-3.0-or-later
// An inline, non-modal message above the content (KeePassXC's MessageWidget, Tiled's issues): errors
// that do not stop the work, and empty states with the action that fills them.
#pragma once

#include <QFrame>

class QLabel;
class QHBoxLayout;
class QToolButton;

namespace il::ui {

class MessageBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)
public:
    enum class Kind { Information, Error };

    explicit MessageBanner(Kind kind, QWidget* parent = nullptr);
    ~MessageBanner() override;

    void setKind(Kind kind);
    Kind kind() const { return m_kind; }

    void setText(const QString& text); // plain text; `code` spans are shown in a fixed font
    QString text() const { return m_plainText; }
    void setClosable(bool closable);
    // A button after the text, e.g. "Import…" on the empty-store banner.
    void addAction(QAction* action);

    void showMessage(const QString& text);

signals:
    void closed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateColours();
    void updateIcon();

    Kind m_kind;
    QString m_plainText;
    QLabel* m_icon;
    QLabel* m_label;
    QHBoxLayout* m_layout;
    QToolButton* m_close;
};

} // namespace il::ui
