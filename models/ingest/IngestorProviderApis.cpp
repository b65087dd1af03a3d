// SPDX-License-Identifier: GPL-3.0-or-later
// Provider usage and cost API buckets into usage_bucket / cost_bucket.
//
// Buckets are a different grain from per-request telemetry: they are stored apart and never enter
// rollup_hourly (reconciliation compares the two). Each has a natural key (connector, bucket start, grouping
// fields). A bucket read again by a later sync REPLACES the stored values, so a provider's late correction is
// taken and an overlapping re-sync adds nothing twice. Within one import the same key is ADDED to, because a
// provider may split one bucket's results over two pages; an import never reads a period twice.
#include "ingest/Ingestor.h"

#include "domain/Time.h"

namespace il {

namespace {

    struct UsageEstimate {
        std::optional<int64_t> cost;
        std::string currency;
        std::optional<int64_t> priceId;
    };

    // A bucket sums many requests, so a long-context tier (which applies per request above a threshold) cannot be
    // told from it: the estimate uses the entry's other rates, a floor when some requests were long.
    UsageEstimate estimateUsage(const PriceCatalogue& prices, const UsageBucket& b, const RequestRecord& totals)
    {
        UsageEstimate out;
        const PriceEntry* entry = prices.resolve(b.provider, b.model, b.startMs);
        if (!entry || b.model.empty())
            return out;
        if (entry->longContext.empty()) {
            out.cost = priceRequest(*entry, totals).total();
        } else {
            PriceEntry flat = *entry;
            flat.longContext.clear();
            out.cost = priceRequest(flat, totals).total();
        }
        out.currency = entry->currency.str();
        if (entry->id > 0)
            out.priceId = entry->id;
        return out;
    }

    void bindOpt(Statement& st, int i, const std::optional<int64_t>& v)
    {
        if (v)
            st.bind(i, *v);
        else
            st.bindNull(i);
    }

} // namespace

Result<void> Ingestor::addUsageBuckets(std::span<const UsageBucket> batch)
{
    if (!m_active)
        return makeError("addUsageBuckets outside an import");
    sqlite3* db = m_store.handle();
    Statement sel(db,
                  "SELECT id, import_id, requests, input_tokens, cached_input_tokens, cache_write_5m_tokens,"
                  " cache_write_1h_tokens, output_tokens FROM usage_bucket"
                  " WHERE connector=?1 AND start_ms=?2 AND model=?3 AND project=?4 AND service_tier=?5 AND batch=?6");
    Statement ins(db,
                  "INSERT INTO usage_bucket(connector, provider, start_ms, end_ms, model, project, service_tier, batch,"
                  " feature_id, requests, input_tokens, cached_input_tokens, cache_write_5m_tokens,"
                  " cache_write_1h_tokens, output_tokens, est_cost, currency, price_id, import_id, updated_at)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)");
    Statement upd(db,
                  "UPDATE usage_bucket SET provider=?2, end_ms=?3, feature_id=?4, requests=?5, input_tokens=?6,"
                  " cached_input_tokens=?7, cache_write_5m_tokens=?8, cache_write_1h_tokens=?9, output_tokens=?10,"
                  " est_cost=?11, currency=?12, price_id=?13, import_id=?14, updated_at=?15 WHERE id=?1");
    if (!sel.valid() || !ins.valid() || !upd.valid())
        return fail("cannot prepare the usage bucket statements");
    const int64_t now = nowMs();
    for (const UsageBucket& b : batch) {
        if (b.connector.empty() || b.endMs < b.startMs)
            return makeError("a usage bucket without a connector or with its end before its start",
                             "This is a bug in the connector; please report it");
        ++m_stats.usageBucketsRead;
        auto featureId = featureIdFor(b.feature);
        if (!featureId)
            return featureId.error();
        const std::string provider = PriceCatalogue::canonicalProvider(b.provider);
        const int64_t batchFlag = b.batch ? 1 : 0;

        RequestRecord totals;
        totals.provider = provider;
        totals.model = b.model;
        totals.timestampMs = b.startMs;
        totals.inputTokens = b.inputTokens;
        totals.cachedInputTokens = b.cachedInputTokens;
        totals.cacheWriteTokens = b.cacheWrite5mTokens;
        totals.cacheWrite1hTokens = b.cacheWrite1hTokens;
        totals.outputTokens = b.outputTokens;
        totals.batch = b.batch;
        totals.serviceTier = b.serviceTier;
        std::optional<int64_t> requests;
        if (b.requests >= 0) // a negative count: the API does not report requests (Anthropic)
            requests = b.requests;

        sel.reset();
        sel.bind(1, std::string_view(b.connector)).bind(2, b.startMs).bind(3, std::string_view(b.model));
        sel.bind(4, std::string_view(b.project)).bind(5, std::string_view(b.serviceTier)).bind(6, batchFlag);
        std::optional<int64_t> existingId;
        bool changed = true; // counted as a correction only when a previous sync stored other figures
        if (sel.step()) {
            existingId = sel.int64(0);
            const std::optional<int64_t> oldRequests = sel.isNull(2) ? std::nullopt : std::optional(sel.int64(2));
            if (sel.int64(1) == m_stats.importId) {
                // The same bucket again within this import: the rest of its results.
                if (oldRequests)
                    requests = requests.value_or(0) + *oldRequests;
                totals.inputTokens += sel.int64(3);
                totals.cachedInputTokens += sel.int64(4);
                totals.cacheWriteTokens += sel.int64(5);
                totals.cacheWrite1hTokens += sel.int64(6);
                totals.outputTokens += sel.int64(7);
                changed = false;
            } else {
                changed = oldRequests != requests || sel.int64(3) != totals.inputTokens
                    || sel.int64(4) != totals.cachedInputTokens || sel.int64(5) != totals.cacheWriteTokens
                    || sel.int64(6) != totals.cacheWrite1hTokens || sel.int64(7) != totals.outputTokens;
            }
        }
        if (sel.failed())
            return fail("cannot read a usage bucket");
        const UsageEstimate est = estimateUsage(m_prices, b, totals);

        if (existingId) {
            upd.reset();
            upd.bind(1, *existingId).bind(2, std::string_view(provider)).bind(3, b.endMs).bind(4, *featureId);
            bindOpt(upd, 5, requests);
            upd.bind(6, totals.inputTokens).bind(7, totals.cachedInputTokens).bind(8, totals.cacheWriteTokens);
            upd.bind(9, totals.cacheWrite1hTokens).bind(10, totals.outputTokens);
            bindOpt(upd, 11, est.cost);
            if (est.currency.empty())
                upd.bindNull(12);
            else
                upd.bind(12, std::string_view(est.currency));
            bindOpt(upd, 13, est.priceId);
            upd.bind(14, m_stats.importId).bind(15, now);
            upd.step();
            if (upd.failed())
                return fail("cannot update a usage bucket");
            if (changed)
                ++m_stats.usageBucketsUpdated;
            else
                ++m_stats.usageBucketsDuplicate;
        } else {
            ins.reset();
            ins.bind(1, std::string_view(b.connector)).bind(2, std::string_view(provider)).bind(3, b.startMs);
            ins.bind(4, b.endMs).bind(5, std::string_view(b.model)).bind(6, std::string_view(b.project));
            ins.bind(7, std::string_view(b.serviceTier)).bind(8, batchFlag).bind(9, *featureId);
            bindOpt(ins, 10, requests);
            ins.bind(11, totals.inputTokens).bind(12, totals.cachedInputTokens).bind(13, totals.cacheWriteTokens);
            ins.bind(14, totals.cacheWrite1hTokens).bind(15, totals.outputTokens);
            bindOpt(ins, 16, est.cost);
            if (est.currency.empty())
                ins.bindNull(17);
            else
                ins.bind(17, std::string_view(est.currency));
            bindOpt(ins, 18, est.priceId);
            ins.bind(19, m_stats.importId).bind(20, now);
            ins.step();
            if (ins.failed())
                return fail("cannot store a usage bucket");
            ++m_stats.usageBucketsAdded;
        }
    }
    return {};
}

Result<void> Ingestor::addCostBuckets(std::span<const CostBucket> batch)
{
    if (!m_active)
        return makeError("addCostBuckets outside an import");
    sqlite3* db = m_store.handle();
    Statement sel(db,
                  "SELECT id, import_id, amount FROM cost_bucket WHERE connector=?1 AND start_ms=?2 AND line_item=?3"
                  " AND project=?4 AND model=?5 AND currency=?6");
    Statement ins(
        db,
        "INSERT INTO cost_bucket(connector, provider, start_ms, end_ms, line_item, project, model, feature_id,"
        " amount, currency, import_id, updated_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
    Statement upd(db,
                  "UPDATE cost_bucket SET provider=?2, end_ms=?3, feature_id=?4, amount=?5, import_id=?6,"
                  " updated_at=?7 WHERE id=?1");
    if (!sel.valid() || !ins.valid() || !upd.valid())
        return fail("cannot prepare the cost bucket statements");
    const int64_t now = nowMs();
    for (const CostBucket& b : batch) {
        if (b.connector.empty() || b.endMs < b.startMs)
            return makeError("a cost bucket without a connector or with its end before its start",
                             "This is a bug in the connector; please report it");
        ++m_stats.costBucketsRead;
        auto featureId = featureIdFor(b.feature);
        if (!featureId)
            return featureId.error();
        const std::string provider = PriceCatalogue::canonicalProvider(b.provider);
        const std::string currency = b.currency.str();
        int64_t amount = b.amountNanos;

        sel.reset();
        sel.bind(1, std::string_view(b.connector)).bind(2, b.startMs).bind(3, std::string_view(b.lineItem));
        sel.bind(4, std::string_view(b.project)).bind(5, std::string_view(b.model)).bind(6, std::string_view(currency));
        std::optional<int64_t> existingId;
        bool changed = true;
        if (sel.step()) {
            existingId = sel.int64(0);
            if (sel.int64(1) == m_stats.importId) {
                changed = false;
                if (__builtin_add_overflow(amount, sel.int64(2), &amount))
                    return makeError("the costs of one bucket add up to more than the store can hold",
                                     "Check the provider's figures for " + formatIsoDate(b.startMs));
            } else {
                changed = sel.int64(2) != amount;
            }
        }
        if (sel.failed())
            return fail("cannot read a cost bucket");
        if (existingId) {
            upd.reset();
            upd.bind(1, *existingId).bind(2, std::string_view(provider)).bind(3, b.endMs).bind(4, *featureId);
            upd.bind(5, amount).bind(6, m_stats.importId).bind(7, now);
            upd.step();
            if (upd.failed())
                return fail("cannot update a cost bucket");
            if (changed)
                ++m_stats.costBucketsUpdated;
            else
                ++m_stats.costBucketsDuplicate;
        } else {
            ins.reset();
            ins.bind(1, std::string_view(b.connector)).bind(2, std::string_view(provider)).bind(3, b.startMs);
            ins.bind(4, b.endMs).bind(5, std::string_view(b.lineItem)).bind(6, std::string_view(b.project));
            ins.bind(7, std::string_view(b.model)).bind(8, *featureId).bind(9, amount);
            ins.bind(10, std::string_view(currency)).bind(11, m_stats.importId).bind(12, now);
            ins.step();
            if (ins.failed())
                return fail("cannot store a cost bucket");
            ++m_stats.costBucketsAdded;
        }
    }
    return {};
}

} // namespace il
