// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiConnectorServices.h"

#include "FileConnectorSync.h"

#include "ConnectorSync.h"
#include "Workflows.h"
#include "domain/Time.h"

namespace il {

GuiConnectorServices::GuiConnectorServices(std::string storePath, std::shared_ptr<SecretStore> keychain)
    : m_storePath(std::move(storePath))
    , m_keychain(keychain ? std::move(keychain) : std::make_shared<KeychainSecretStore>())
    , m_receiver(std::make_unique<GuiOtlpReceiver>(m_storePath))
{
}

Result<int> GuiConnectorServices::startOtlpReceiver(int port)
{
    return m_receiver->start(port);
}

void GuiConnectorServices::stopOtlpReceiver()
{
    m_receiver->stop();
}

ui::ReceiverStatus GuiConnectorServices::receiverStatus() const
{
    return m_receiver->status();
}

void GuiConnectorServices::setReceiverObserver(std::function<void()> observer)
{
    m_receiver->setObserver(std::move(observer));
}

Result<std::vector<ui::ConnectorRow>> GuiConnectorServices::list()
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    auto rows = listConnectors(**store);
    if (!rows)
        return rows.error();
    std::vector<ui::ConnectorRow> out;
    for (ConnectorStatus& s : *rows)
        out.push_back({std::move(s.config), std::move(s.state)});
    return out;
}

std::vector<std::string> GuiConnectorServices::types() const
{
    return allConnectorTypes();
}

Result<void> GuiConnectorServices::add(const ConnectorConfig& config, const std::string& keyForKeychain)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    ConnectorConfig c = config;
    if (!c.createdMs)
        c.createdMs = nowMs();
    return addConnector(**store, c, c.keyStorage == KeyStorage::Keychain ? m_keychain.get() : nullptr, keyForKeychain);
}

Result<void> GuiConnectorServices::update(const ConnectorConfig& config, const std::string& keyForKeychain)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    return updateConnector(**store, config, m_keychain.get(), keyForKeychain);
}

Result<bool> GuiConnectorServices::remove(const std::string& name)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    std::string warning;
    auto removed = removeConnector(**store, name, false, m_keychain.get(), &warning);
    if (!removed || warning.empty())
        return removed;
    // The page shows an Error in its banner; a key left behind in the keychain is worth that, though the connector
    // itself is gone (the list, refreshed, shows it).
    return makeError("connector '" + name + "' was removed, but " + warning);
}

Result<std::string> GuiConnectorServices::keyFor(const std::string& name)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    auto status = connectorStatus(**store, name);
    if (!status)
        return status.error();
    return connectorKey(status->config, m_keychain.get());
}

Result<std::string> GuiConnectorServices::test(const std::string& name, const std::string& key,
                                               const std::atomic<bool>* cancel)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    auto status = connectorStatus(**store, name);
    if (!status)
        return status.error();
    return testConnector(status->config, key, cancel);
}

ui::SyncOutcome GuiConnectorServices::sync(const std::string& name, const std::string& key,
                                           const std::function<void(int, int, const std::string&)>& progress,
                                           const std::atomic<bool>* cancel)
{
    ui::SyncOutcome out;
    auto store = openStore(m_storePath);
    if (!store) {
        out.error = store.error();
        return out;
    }
    auto status = connectorStatus(**store, name);
    if (!status) {
        out.error = status.error();
        return out;
    }
    SyncRequest req;
    req.cancel = cancel;
    req.progress = [&progress](const SyncProgress& p, int batch, int batches) {
        if (progress)
            progress(batch, batches, p.stage);
    };
    SyncRunReport r = syncConnector(**store, status->config, key, req);
    out.cancelled = r.cancelled;
    out.error = r.error;
    if (isFileImportType(r.type)) {
        out.summary = fileSyncSummary(r);
        return out;
    }
    out.summary = std::to_string(r.added()) + " added, " + std::to_string(r.corrected()) + " corrected";
    if (r.watermarkMs)
        out.summary += ", complete up to " + formatIsoTimestamp(*r.watermarkMs);
    return out;
}

} // namespace il
