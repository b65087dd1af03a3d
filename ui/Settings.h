// SPDX-License-Identifier: GPL-3.0-or-later
// The ui's settings: one registry of typed keys, read and written through Settings.
// INFERLEDGER_SETTINGS=/path/file.ini points them at an INI file (tests, portable installs).
#pragma once

#include <QByteArray>
#include <QDate>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <type_traits>

namespace il::ui {

template <typename T> struct SettingKey {
    const char* name;
    T defaultValue;
};

namespace settings {
    inline const SettingKey<QByteArray> kWindowGeometry { "mainWindow/geometry", {} };
    inline const SettingKey<QByteArray> kWindowState { "mainWindow/state", {} };
    inline const SettingKey<QString> kDatePreset { "period/preset", QStringLiteral("last30") };
    inline const SettingKey<QDate> kCustomFrom { "period/customFrom", {} };
    inline const SettingKey<QDate> kCustomTo { "period/customTo", {} };
    inline const SettingKey<QByteArray> kFeatureTableHeader { "features/headerState", {} };
    inline const SettingKey<QByteArray> kModelsTableHeader { "models/headerState", {} };
    inline const SettingKey<QStringList> kFilterProviders { "filters/providers", {} };
    inline const SettingKey<QStringList> kFilterModels { "filters/models", {} };
    inline const SettingKey<QStringList> kFilterFeatures { "filters/features", {} };
    inline const SettingKey<QString> kResolution { "filters/resolution", QStringLiteral("auto") };
    inline const SettingKey<QString> kPage { "mainWindow/page", QStringLiteral("overview") };
    inline const SettingKey<bool> kOtlpReceiverEnabled { "otlpReceiver/enabled", false };
    inline const SettingKey<int> kOtlpReceiverPort { "otlpReceiver/port", 4318 };
} // namespace settings

class Settings {
public:
    Settings();
    ~Settings();
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    // The file in use, for messages and tests.
    QString fileName() const { return m_settings->fileName(); }

    template <typename T> T value(const SettingKey<T>& key) const
    {
        const QVariant v = m_settings->value(QString::fromLatin1(key.name));
        if (!v.isValid())
            return key.defaultValue;
        if constexpr (std::is_same_v<T, QDate>) {
            // Dates are stored as ISO text so that the INI file stays readable.
            const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
            return d.isValid() ? d : key.defaultValue;
        } else {
            return v.canConvert<T>() ? v.value<T>() : key.defaultValue;
        }
    }

    template <typename T> void setValue(const SettingKey<T>& key, const T& value)
    {
        if constexpr (std::is_same_v<T, QDate>)
            m_settings->setValue(QString::fromLatin1(key.name), value.toString(Qt::ISODate));
        else
            m_settings->setValue(QString::fromLatin1(key.name), QVariant::fromValue(value));
    }

    void sync() { m_settings->sync(); }

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace il::ui
