// SPDX-License-Identifier: GPL-3.0-or-later
// The three SecretStore implementations.
#include "secrets/SecretStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QString>
#include <QTimer>

#ifdef INFERLEDGER_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif
#ifdef INFERLEDGER_HAVE_QTDBUS
#include <QDBusConnection>
#endif

#include <optional>
#include <utility>

namespace il {

namespace {

constexpr const char* kKeyEnvHint = "Start InferLedger with --key-env VAR, where the environment variable VAR holds "
                                    "the API key";

// "Unlock the keychain and try again" → "Unlock the keychain and try again, or start InferLedger with --key-env …"
std::string orKeyEnv(const std::string& first)
{
    std::string alternative = kKeyEnvHint;
    alternative[0] = 's';
    return first + ", or " + alternative;
}

Error keychainUnavailable(const std::string& connector, const std::string& detail)
{
    Error e = makeError("the OS keychain is not available" + (detail.empty() ? std::string() : " (" + detail + ")"),
                        kKeyEnvHint);
    e.source = connector;
    return e;
}

Error notStored(const std::string& connector, const char* where)
{
    Error e = makeError(std::string("no API key is stored for connector '") + connector + "' in " + where,
                        orKeyEnv("Enter the key in the connector's settings"));
    e.source = connector;
    return e;
}

std::string trimmed(std::string s)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.back()))
        s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && isSpace(s[start]))
        ++start;
    return s.substr(start);
}

#ifdef INFERLEDGER_HAVE_QTKEYCHAIN

// Runs a QtKeychain job to completion on a local event loop. False when the loop timed out.
bool runJob(QKeychain::Job& job, std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    bool done = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&done, &loop](QKeychain::Job*) {
        done = true;
        loop.quit();
    });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never plain text in a settings file
    job.start();
    if (!done) {
        timer.start(timeout);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    return done;
}

// Every Linux keychain QtKeychain speaks to (Secret Service, KWallet) is reached over the D-Bus session bus.
bool noSessionBus()
{
#ifdef INFERLEDGER_HAVE_QTDBUS
    return !QDBusConnection::sessionBus().isConnected();
#else
    return false;
#endif
}

// A keychain that is missing entirely shows up as NoBackendAvailable, or, with libsecret and no session bus, as
// OtherError whose text talks about D-Bus; without libsecret QtKeychain falls back to KWallet, which answers a
// missing bus with OtherError "Unknown error" — so the bus itself is asked as well.
bool meansUnavailable(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented: return true;
    case QKeychain::OtherError:
    case QKeychain::AccessDenied: {
        const QString text = job.errorString();
        // Seen from libsecret: "Cannot autolaunch D-Bus without X11 $DISPLAY", "Could not connect: No such file or
        // directory" (bus address points nowhere), "Failed to execute child process “dbus-launch”".
        for (const char* word : {"dbus", "d-bus", "could not connect", "secret service", "org.freedesktop.secrets",
                                 "autolaunch", "no such secret collection", "not provided by any .service files"}) {
            if (text.contains(QString::fromLatin1(word), Qt::CaseInsensitive))
                return true;
        }
        return noSessionBus();
    }
    default: return false;
    }
}

Error jobError(const QKeychain::Job& job, const std::string& connector, const char* doing)
{
    if (meansUnavailable(job))
        return keychainUnavailable(connector, job.errorString().toStdString());
    Error e;
    e.source = connector;
    if (job.error() == QKeychain::AccessDeniedByUser) {
        e.message = std::string("access to the OS keychain was denied while ") + doing;
        e.hint = orKeyEnv("Allow InferLedger to use the keychain");
    } else {
        e.message = std::string("the OS keychain failed while ") + doing + ": " + job.errorString().toStdString();
        e.hint = orKeyEnv("Unlock the keychain and try again");
    }
    return e;
}

Error timedOut(const std::string& connector, std::chrono::milliseconds timeout)
{
    Error e = makeError("the OS keychain did not answer within " + std::to_string(timeout.count() / 1000) + " s",
                        orKeyEnv("Unlock the keychain and try again"));
    e.source = connector;
    return e;
}

std::optional<Error> needsApplication(const std::string& connector)
{
    if (QCoreApplication::instance())
        return std::nullopt;
    return keychainUnavailable(connector, "no Qt application is running");
}

#endif

} // namespace

// ---- KeychainSecretStore --------------------------------------------------------------------------------------

KeychainSecretStore::KeychainSecretStore(std::string service, std::chrono::milliseconds timeout)
    : m_service(std::move(service)), m_timeout(timeout)
{
}

bool KeychainSecretStore::isCompiledIn()
{
#ifdef INFERLEDGER_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

#ifdef INFERLEDGER_HAVE_QTKEYCHAIN

Result<std::string> KeychainSecretStore::get(const std::string& connector)
{
    if (auto e = needsApplication(connector))
        return *e;
    QKeychain::ReadPasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(connector));
    if (!runJob(job, m_timeout))
        return timedOut(connector, m_timeout);
    if (job.error() == QKeychain::EntryNotFound)
        return notStored(connector, "the OS keychain");
    if (job.error() != QKeychain::NoError)
        return jobError(job, connector, "reading the API key");
    return job.textData().toStdString();
}

Result<void> KeychainSecretStore::set(const std::string& connector, const std::string& secret)
{
    if (auto e = needsApplication(connector))
        return *e;
    QKeychain::WritePasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(connector));
    job.setTextData(QString::fromStdString(secret));
    if (!runJob(job, m_timeout))
        return timedOut(connector, m_timeout);
    if (job.error() != QKeychain::NoError)
        return jobError(job, connector, "storing the API key");
    return {};
}

Result<void> KeychainSecretStore::remove(const std::string& connector)
{
    if (auto e = needsApplication(connector))
        return *e;
    QKeychain::DeletePasswordJob job(QString::fromStdString(m_service));
    job.setKey(QString::fromStdString(connector));
    if (!runJob(job, m_timeout))
        return timedOut(connector, m_timeout);
    // Removing what is not there leaves the wanted state.
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return jobError(job, connector, "removing the API key");
    return {};
}

#else

Result<std::string> KeychainSecretStore::get(const std::string& connector)
{
    return keychainUnavailable(connector, "this build has no QtKeychain");
}

Result<void> KeychainSecretStore::set(const std::string& connector, const std::string&)
{
    return keychainUnavailable(connector, "this build has no QtKeychain");
}

Result<void> KeychainSecretStore::remove(const std::string& connector)
{
    return keychainUnavailable(connector, "this build has no QtKeychain");
}

#endif

// ---- EnvSecretStore -------------------------------------------------------------------------------------------

EnvSecretStore::EnvSecretStore(std::string defaultVariable) : m_defaultVariable(std::move(defaultVariable)) {}

void EnvSecretStore::setVariable(const std::string& connector, std::string variable)
{
    m_variables[connector] = std::move(variable);
}

std::string EnvSecretStore::variableFor(const std::string& connector) const
{
    const auto it = m_variables.find(connector);
    return it != m_variables.end() ? it->second : m_defaultVariable;
}

Result<std::string> EnvSecretStore::get(const std::string& connector)
{
    const std::string variable = variableFor(connector);
    Error e;
    e.source = connector;
    if (variable.empty()) {
        e.message = "no environment variable is named for connector '" + connector + "'";
        e.hint = "Pass --key-env VAR, where the environment variable VAR holds the API key";
        return e;
    }
    // qgetenv holds Qt's environment lock, unlike std::getenv.
    if (!qEnvironmentVariableIsSet(variable.c_str())) {
        e.message = "the environment variable " + variable + " is not set";
        e.hint = "Export " + variable +
                 "=<API key> before starting InferLedger, or name another variable with "
                 "--key-env";
        return e;
    }
    std::string secret = trimmed(qgetenv(variable.c_str()).toStdString()); // a pasted key often ends in a newline
    if (secret.empty()) {
        e.message = "the environment variable " + variable + " is empty";
        e.hint = "Put the API key in " + variable + ", or name another variable with --key-env";
        return e;
    }
    return secret;
}

Result<void> EnvSecretStore::set(const std::string& connector, const std::string&)
{
    Error e = makeError("the API key comes from the environment variable " + variableFor(connector) +
                            " and cannot be changed from here",
                        "Change the variable's value outside InferLedger, or start without --key-env to use the "
                        "OS keychain");
    e.source = connector;
    return e;
}

Result<void> EnvSecretStore::remove(const std::string& connector)
{
    return set(connector, {});
}

// ---- MemorySecretStore ----------------------------------------------------------------------------------------

Result<std::string> MemorySecretStore::get(const std::string& connector)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_secrets.find(connector);
    if (it == m_secrets.end())
        return notStored(connector, "memory");
    return it->second;
}

Result<void> MemorySecretStore::set(const std::string& connector, const std::string& secret)
{
    std::lock_guard lock(m_mutex);
    m_secrets[connector] = secret;
    return {};
}

Result<void> MemorySecretStore::remove(const std::string& connector)
{
    std::lock_guard lock(m_mutex);
    m_secrets.erase(connector);
    return {};
}

} // namespace il
