// SPDX-License-Identifier: GPL-3.0-or-later
// What connectors hand their records to. Connectors know nothing of SQL; ingest implements this.
#pragma once

#include "domain/Records.h"
#include "domain/Result.h"

#include <span>

namespace il {

class IngestSink {
public:
    virtual ~IngestSink() = default;
    virtual Result<void> addRequests(std::span<const RequestRecord> batch) = 0;
    virtual Result<void> addOutcomes(std::span<const OutcomeEvent> batch) = 0;
};

} // namespace il
