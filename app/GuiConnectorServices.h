// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page's services, implemented with the app's connector wiring (ConnectorSync).
#pragma once

#include "GuiOtlpReceiver.h"
#include "connectors/ConnectorServices.h"
#include "secrets/SecretStore.h"

#include <memory>
#include <string>

namespace il {

class GuiConnectorServices final : public ui::ConnectorServices {
public:
    // `keychain` holds the keys of connectors whose key_storage is 'keychain'; nullptr: the OS keychain. Tests pass
    // a MemorySecretStore.
    explicit GuiConnectorServices(std::string storePath, std::shared_ptr<SecretStore> keychain = nullptr);
    Result<std::vector<ui::ConnectorRow>> list() override;
    std::vector<std::string> types() const override;
    Result<void> add(const ConnectorConfig& config, const std::string& keyForKeychain) override;
    Result<void> update(const ConnectorConfig& config, const std::string& keyForKeychain) override;
    // The configuration, its sync state and, when the key is kept in the keychain, the key. A keychain that refuses
    // to delete the key gives an Error that says the connector is gone but the key is not.
    Result<bool> remove(const std::string& name) override;
    Result<std::string> keyFor(const std::string& name) override;
    Result<std::string> test(const std::string& name, const std::string& key, const std::atomic<bool>* cancel) override;
    ui::SyncOutcome sync(const std::string& name, const std::string& key,
                         const std::function<void(int, int, const std::string&)>& progress,
                         const std::atomic<bool>* cancel) override;

    // The in-app OTLP receiver (GuiOtlpReceiver: serve-otlp's receiver on a thread of its own).
    bool hasOtlpReceiver() const override { return true; }
    Result<int> startOtlpReceiver(int port) override;
    void stopOtlpReceiver() override;
    ui::ReceiverStatus receiverStatus() const override;
    void setReceiverObserver(std::function<void()> observer) override;

private:
    std::string m_storePath;
    std::shared_ptr<SecretStore> m_keychain;
    std::unique_ptr<GuiOtlpReceiver> m_receiver;
};

} // namespace il
