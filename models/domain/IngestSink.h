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
    // Optional work a reader may run on its own thread before handing the batch to addRequests
    // (pure computation: no store access). Lets parsing and storing overlap evenly. May be called from several
    // reader threads at once (parallel parsers), each on its own batch; addRequests then takes the batches in
    // file order on one thread.
    virtual void prepareRequests(std::span<RequestRecord> batch) { (void)batch; }
    virtual Result<void> addOutcomes(std::span<const OutcomeEvent> batch) = 0;
    virtual Result<void> addBillingLines(std::span<const BillingLine> batch) { return unsupported("billing lines", batch.size()); }
    virtual Result<void> addUsageBuckets(std::span<const UsageBucket> batch) { return unsupported("usage buckets", batch.size()); }
    virtual Result<void> addCostBuckets(std::span<const CostBucket> batch) { return unsupported("cost buckets", batch.size()); }
    virtual Result<void> addGpuSamples(std::span<const GpuSample> batch) { return unsupported("GPU samples", batch.size()); }

protected:
    static Result<void> unsupported(const char* what, size_t)
    {
        return makeError(std::string("this destination does not accept ") + what);
    }
};

} // namespace il
