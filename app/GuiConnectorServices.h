// SPDX-License-Identifier: GPL-3.0-or-later
// The Connectors page's services, implemented with the app's connector wiring (ConnectorSync).
#pragma once

#include "connectors/ConnectorServices.h"

#include <string>

namespace il {

class GuiConnectorServices final : public ui::ConnectorServices {
public:
    explicit GuiConnectorServices(std::string storePath) : m_storePath(std::move(storePath)) {}
    Result<std::vector<ui::ConnectorRow>> list() override;
    std::vector<std::string> types() const override;
    Result<void> add(const ConnectorConfig& config, const std::string& keyForKeychain) override;
    Result<bool> remove(const std::string& name) override;
    Result<std::string> keyFor(const std::string& name) override;
    Result<std::string> test(const std::string& name, const std::string& key, const std::atomic<bool>* cancel) override;
    ui::SyncOutcome sync(const std::string& name, const std::string& key,
                         const std::function<void(int, int, const std::string&)>& progress,
                         const std::atomic<bool>* cancel) override;

private:
    std::string m_storePath;
};

} // namespace il
