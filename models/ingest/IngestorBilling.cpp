// SPDX-License-Identifier: GPL-3.0-or-later
// FOCUS billing lines into billing_line. (Placeholder until the FOCUS connector lands.)
#include "ingest/Ingestor.h"

namespace il {

Result<void> Ingestor::addBillingLines(std::span<const BillingLine> batch)
{
    return IngestSink::addBillingLines(batch);
}

} // namespace il
