// SPDX-License-Identifier: GPL-3.0-or-later
#include "GuiConnectorServices.h"

#include "ConnectorSync.h"
#include "Workflows.h"
#include "domain/Time.h"

namespace il {

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
    return connectorTypes();
}

Result<void> GuiConnectorServices::add(const ConnectorConfig& config, const std::string& keyForKeychain)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    ConnectorConfig c = config;
    if (!c.createdMs)
        c.createdMs = nowMs();
    KeychainSecretStore keychain;
    return addConnector(**store, c, c.keyStorage == KeyStorage::Keychain ? &keychain : nullptr, keyForKeychain);
}

Result<bool> GuiConnectorServices::remove(const std::string& name)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    return removeConnector(**store, name);
}

Result<std::string> GuiConnectorServices::keyFor(const std::string& name)
{
    auto store = openStore(m_storePath);
    if (!store)
        return store.error();
    auto status = connectorStatus(**store, name);
    if (!status)
        return status.error();
    KeychainSecretStore keychain;
    return connectorKey(status->config, &keychain);
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
    out.summary = std::to_string(r.added()) + " added, " + std::to_string(r.corrected()) + " corrected";
    if (r.watermarkMs)
        out.summary += ", complete up to " + formatIsoTimestamp(*r.watermarkMs);
    return out;
}

} // namespace il
