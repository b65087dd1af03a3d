// SPDX-License-Identifier: GPL-3.0-or-later
// The keyboard shortcuts, pressed as a user would on the main window: Ctrl+1..5 pages, Alt+Left back, Ctrl+F,
// Ctrl+Shift+D/P/M/F the filters, Ctrl+Shift+Backspace clear, Ctrl+R/F5 reload, Ctrl+E export, Ctrl+N a new
// gate; the menus show the keys beside their items; Help → Keyboard Shortcuts (F1) lists them in a table.
#include "GateFixture.h"

#include "MainWindow.h"
#include "pages/FeaturePage.h"
#include "widgets/DateRangeBar.h"
#include "widgets/FilterBar.h"
#include "widgets/MultiSelectButton.h"
#include "widgets/ShortcutsDialog.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWizard>

#include <functional>
#include <memory>

using il::ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 20'000;

// Runs `check` on the popup (or modal dialog) a shortcut opens, then closes it: menus and dialogs run their own
// event loop, so the check has to be queued before the key is pressed.
void whenPopupOpens(std::function<void(QWidget*)> check)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, tries, check] {
        QWidget* w = QApplication::activePopupWidget();
        if (!w)
            w = QApplication::activeModalWidget();
        if (!w && ++*tries < 250)
            return;
        timer->stop();
        timer->deleteLater();
        check(w);
        if (auto* menu = qobject_cast<QMenu*>(w))
            menu->close();
        else if (auto* dialog = qobject_cast<QDialog*>(w))
            dialog->reject();
    });
    timer->start();
}

} // namespace

class TestShortcuts final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_store;
    std::unique_ptr<MainWindow> m_window;

    MainWindow& w() { return *m_window; }
    void press(int key, Qt::KeyboardModifiers mods)
    {
        // A closed dialog or menu may leave no active window offscreen; a user would click the window first.
        if (QApplication::activeWindow() != m_window.get()) {
            m_window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        }
        QTest::keyClick(m_window.get(), Qt::Key(key), mods);
        QCoreApplication::processEvents();
    }

private slots:
    void initTestCase()
    {
        il::setNowOverrideMs(gatefixture::kNow);
        il::ui::initResources();
        qputenv("INFERLEDGER_SETTINGS", m_dir.filePath(QStringLiteral("settings.ini")).toLocal8Bit());
        m_store = m_dir.filePath(QStringLiteral("store.db"));
        gatefixture::fill(m_store);
        m_window = std::make_unique<MainWindow>(il::ui::AppServices { m_store.toStdString(), {}, {} });
        m_window->resize(1200, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(w().shownData().has_value() && !w().isBusy(), kTimeoutMs);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        il::setNowOverrideMs(std::nullopt);
    }

    void pages_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("page");
        QTest::newRow("Ctrl+2 features") << int(Qt::Key_2) << int(MainWindow::Page::Features);
        QTest::newRow("Ctrl+3 models") << int(Qt::Key_3) << int(MainWindow::Page::Models);
        QTest::newRow("Ctrl+4 gates") << int(Qt::Key_4) << int(MainWindow::Page::Gates);
        QTest::newRow("Ctrl+5 connectors") << int(Qt::Key_5) << int(MainWindow::Page::Connectors);
        QTest::newRow("Ctrl+1 overview") << int(Qt::Key_1) << int(MainWindow::Page::Overview);
    }

    void pages()
    {
        QFETCH(int, key);
        QFETCH(int, page);
        press(key, Qt::ControlModifier);
        QCOMPARE(int(w().currentPage()), page);
    }

    void altLeftGoesBack()
    {
        press(Qt::Key_3, Qt::ControlModifier);
        w().openFeature(QStringLiteral("claims-triage"));
        QCOMPARE(w().currentPage(), MainWindow::Page::Feature);
        press(Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(w().currentPage(), MainWindow::Page::Models);
        press(Qt::Key_1, Qt::ControlModifier);
    }

    void ctrlFFindsAFeature()
    {
        press(Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(w().currentPage(), MainWindow::Page::Features);
        auto* filter = w().findChild<QLineEdit*>(QStringLiteral("filterEdit"));
        QVERIFY(filter);
        QTRY_VERIFY(filter->hasFocus());
        press(Qt::Key_1, Qt::ControlModifier);
    }

    void ctrlShiftDOpensTheDates()
    {
        auto* preset = w().filterBar()->dateBar()->findChild<QComboBox*>(QStringLiteral("datePreset"));
        QVERIFY(preset);
        press(Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(preset->view()->isVisible());
        preset->hidePopup();
    }

    void filterMenus_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("first"); // the menu's first item: "All providers", …
        QTest::newRow("Ctrl+Shift+P") << int(Qt::Key_P) << QStringLiteral("All providers");
        QTest::newRow("Ctrl+Shift+M") << int(Qt::Key_M) << QStringLiteral("All models");
        QTest::newRow("Ctrl+Shift+F") << int(Qt::Key_F) << QStringLiteral("All features");
    }

    void filterMenus()
    {
        QFETCH(int, key);
        QFETCH(QString, first);
        QString seen;
        whenPopupOpens([&](QWidget* popup) {
            if (auto* menu = qobject_cast<QMenu*>(popup); menu && !menu->actions().isEmpty())
                seen = menu->actions().front()->text();
        });
        press(key, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(seen, first, kTimeoutMs);
    }

    void ctrlShiftBackspaceClears()
    {
        w().filterBar()->providerFilter()->toggle(QStringLiteral("openai"));
        QVERIFY(!w().filterBar()->providerFilter()->selected().isEmpty());
        press(Qt::Key_Backspace, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(w().filterBar()->providerFilter()->selected().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!w().isBusy(), kTimeoutMs);
    }

    void reloadKeys_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("mods");
        QTest::newRow("Ctrl+R") << int(Qt::Key_R) << int(Qt::ControlModifier);
        QTest::newRow("F5") << int(Qt::Key_F5) << int(Qt::NoModifier);
    }

    void reloadKeys()
    {
        QFETCH(int, key);
        QFETCH(int, mods);
        auto* reload = w().findChild<QAction*>(QStringLiteral("reloadAction"));
        QVERIFY(reload);
        QSignalSpy spy(reload, &QAction::triggered);
        press(key, Qt::KeyboardModifiers(mods));
        QCOMPARE(spy.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!w().isBusy(), kTimeoutMs);
    }

    void ctrlEExports()
    {
        auto* exportAction = w().findChild<QAction*>(QStringLiteral("exportReportAction"));
        QVERIFY(exportAction);
        QTRY_VERIFY_WITH_TIMEOUT(exportAction->isEnabled(), kTimeoutMs);
        QString title;
        whenPopupOpens([&](QWidget* dialog) { title = dialog ? dialog->windowTitle() : QStringLiteral("none"); });
        press(Qt::Key_E, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!title.isEmpty(), kTimeoutMs);
        QVERIFY2(title != QStringLiteral("none"), "Ctrl+E opened no dialog");
    }

    void ctrlNOpensTheWizard()
    {
        press(Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(w().currentPage(), MainWindow::Page::Gates);
        QWizard* wizard = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((wizard = w().findChild<QWizard*>(QStringLiteral("gateWizard"))) != nullptr,
                                 kTimeoutMs);
        wizard->close();
        press(Qt::Key_1, Qt::ControlModifier);
    }

    // Every bound action in a menu shows its keys there (QMenu draws the action's first shortcut).
    void menusShowTheirShortcuts()
    {
        QStringList bound;
        const auto menus = w().menuBar()->findChildren<QMenu*>();
        for (const QMenu* m : menus)
            for (const QAction* a : m->actions())
                if (!a->shortcut().isEmpty())
                    bound << a->shortcut().toString(QKeySequence::PortableText);
        for (const char* keys : { "Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Alt+Left", "Ctrl+F",
                                  "Ctrl+Shift+D", "Ctrl+Shift+P", "Ctrl+Shift+M", "Ctrl+Shift+F",
                                  "Ctrl+Shift+Backspace", "Ctrl+R", "Ctrl+E", "Ctrl+O", "Ctrl+N", "F1", "Ctrl+Q" })
            QVERIFY2(bound.contains(QString::fromLatin1(keys)), keys);
    }

    void f1ListsTheShortcuts()
    {
        press(Qt::Key_F1, Qt::NoModifier);
        il::ui::ShortcutsDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = w().findChild<il::ui::ShortcutsDialog*>()) != nullptr);
        QVERIFY(dialog->isVisible());
        QStringList keys;
        for (int r = 0; r < dialog->table()->rowCount(); ++r)
            keys << dialog->table()->item(r, 2)->text();
        const QString all = keys.join(QLatin1Char('|'));
        for (const char* k : { "Ctrl+1", "Ctrl+5", "Alt+Left", "Ctrl+Shift+Backspace", "Ctrl+R", "F5", "Ctrl+E" })
            QVERIFY2(all.contains(QString::fromLatin1(k)), k);
        QVERIFY(!all.contains(QStringLiteral("or  Backspace"))); // a bare Backspace never leaves a page
        QVERIFY(dialog->grab().save(QDir(qEnvironmentVariable("INFERLEDGER_SCREENSHOT_DIR", QDir::tempPath()))
                                        .filePath(QStringLiteral("dash-shortcuts.png"))));
        dialog->close();
    }
};

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
