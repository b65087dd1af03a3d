// SPDX-License-Identifier: GPL-3.0-or-later
// The demo scenario: deterministic by seed, shaped like real traffic, linear in scale, fully priced
// but for a deliberate handful of calls.
#include "demo/DemoScenario.h"
#include "domain/Hash.h"
#include "domain/Time.h"
#include "pricing/PriceCatalogue.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unordered_set>

using namespace il;

namespace {

const int64_t kEnd = daysFromCivil(2026, 11, 30) * kMsPerDay;

int64_t bitsOf(double v)
{
    int64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

// Keeps what the checks need and a hash of every field of every record, in stream order.
class CountingSink final : public IngestSink {
public:
    bool keepDetail = true;
    KeyHasher hash;
    int64_t requests = 0, outcomeEvents = 0, units = 0;
    int64_t minTs = INT64_MAX, maxTs = INT64_MIN, lastTs = INT64_MIN, lastOutcomeTs = INT64_MIN;
    bool ordered = true, outcomesOrdered = true, tokensConsistent = true;
    int64_t errors = 0, cacheHits = 0, cacheLookups = 0, evals = 0, batch = 0, flex = 0;
    int64_t cacheWrites = 0, reasoning = 0, longContext = 0;
    double evalMin = 2, evalMax = -1;
    std::unordered_set<std::string> ids, outcomeIds;
    bool idsUnique = true, outcomeIdsUnique = true;
    std::set<std::string> features, providers;
    std::map<std::string, std::set<std::string>> modelsByFeature;
    std::map<std::string, int64_t> requestsByFeature, unitsByFeature, inputByFeature, cachedByFeature;
    std::set<std::pair<std::string, std::string>> providerModels;
    std::map<int64_t, int64_t> requestsByDay;
    std::map<std::string, int64_t> firstByFeature;
    // support-assistant on gpt-4.1-mini, in the first and the last 30 days
    int64_t supportEarly = 0, supportEarlyMini = 0, supportLate = 0, supportLateMini = 0;

    Result<void> addRequests(std::span<const RequestRecord> batchSpan) override
    {
        for (const RequestRecord& r : batchSpan) {
            ++requests;
            hash.add(r.timestampMs).add(r.requestId).add(r.feature).add(r.provider).add(r.model);
            hash.add(r.inputTokens).add(r.cachedInputTokens).add(r.cacheWriteTokens).add(r.cacheWrite1hTokens);
            hash.add(r.outputTokens).add(r.reasoningTokens).add(int64_t(r.latencyMs)).add(int64_t(r.error));
            hash.add(int64_t(r.cache)).add(bitsOf(r.evalScore)).add(int64_t(r.batch)).add(r.serviceTier);
            hash.add(r.promptHash).add(r.reportedCostNanos.value_or(-1)).add(int64_t(r.currency.code));
            ordered = ordered && r.timestampMs >= lastTs;
            lastTs = r.timestampMs;
            if (!keepDetail)
                continue;
            minTs = std::min(minTs, r.timestampMs);
            maxTs = std::max(maxTs, r.timestampMs);
            idsUnique = ids.insert(r.requestId).second && idsUnique;
            features.insert(r.feature);
            providers.insert(r.provider);
            modelsByFeature[r.feature].insert(r.model);
            providerModels.emplace(r.provider, r.model);
            ++requestsByFeature[r.feature];
            firstByFeature.try_emplace(r.feature, r.timestampMs);
            ++requestsByDay[floorTo(r.timestampMs, kMsPerDay)];
            inputByFeature[r.feature] += r.inputTokens;
            cachedByFeature[r.feature] += r.cachedInputTokens;
            errors += r.error ? 1 : 0;
            if (r.cache != CacheOutcome::None) {
                ++cacheLookups;
                cacheHits += r.cache == CacheOutcome::Hit ? 1 : 0;
            }
            if (!std::isnan(r.evalScore)) {
                ++evals;
                evalMin = std::min(evalMin, r.evalScore);
                evalMax = std::max(evalMax, r.evalScore);
            }
            batch += r.batch ? 1 : 0;
            flex += r.serviceTier == "flex" ? 1 : 0;
            cacheWrites += r.cacheWriteTokens + r.cacheWrite1hTokens > 0 ? 1 : 0;
            reasoning += r.reasoningTokens > 0 ? 1 : 0;
            longContext += r.inputTokens > 200'000 ? 1 : 0;
            const bool consistent = r.cachedInputTokens + r.cacheWriteTokens + r.cacheWrite1hTokens <= r.inputTokens
                && r.reasoningTokens <= r.outputTokens && r.latencyMs >= 0 && (!r.error || r.outputTokens == 0)
                && (r.cache != CacheOutcome::Hit || (r.inputTokens == 0 && r.outputTokens == 0)) && !r.provider.empty()
                && !r.model.empty() && !r.feature.empty();
            tokensConsistent = tokensConsistent && consistent;
            if (r.feature == "support-assistant") {
                const bool mini = r.model == "gpt-4.1-mini";
                if (r.timestampMs < kEnd - 60 * kMsPerDay) {
                    ++supportEarly;
                    supportEarlyMini += mini;
                } else if (r.timestampMs >= kEnd - 30 * kMsPerDay) {
                    ++supportLate;
                    supportLateMini += mini;
                }
            }
        }
        return {};
    }

    Result<void> addOutcomes(std::span<const OutcomeEvent> batchSpan) override
    {
        for (const OutcomeEvent& o : batchSpan) {
            ++outcomeEvents;
            units += o.count;
            hash.add(o.timestampMs).add(o.feature).add(o.unit).add(o.count).add(o.outcomeId);
            outcomesOrdered = outcomesOrdered && o.timestampMs >= lastOutcomeTs && o.count > 0;
            lastOutcomeTs = o.timestampMs;
            if (!keepDetail)
                continue;
            outcomeIdsUnique = outcomeIds.insert(o.feature + '\x1f' + o.outcomeId).second && outcomeIdsUnique;
            unitsByFeature[o.feature] += o.count;
        }
        return {};
    }
};

class FailingSink final : public IngestSink {
public:
    int calls = 0;
    Result<void> addRequests(std::span<const RequestRecord>) override
    {
        ++calls;
        Error e = makeError("disk full", "Free some space");
        e.source = "test.db";
        return e;
    }
    Result<void> addOutcomes(std::span<const OutcomeEvent>) override { return {}; }
};

DemoOptions options(uint64_t seed, double scale)
{
    DemoOptions o;
    o.seed = seed;
    o.scale = scale;
    o.endMs = kEnd;
    return o;
}

int64_t runCount(uint64_t seed, double scale, CountingSink& sink)
{
    auto r = generateDemo(sink, options(seed, scale));
    return r.ok() ? sink.requests : -1;
}

} // namespace

class TestDemoScenario final : public QObject {
    Q_OBJECT
private slots:
    void deterministicBySeed()
    {
        CountingSink a, b, c;
        a.keepDetail = b.keepDetail = c.keepDetail = false;
        QVERIFY(runCount(42, 0.01, a) > 0);
        QVERIFY(runCount(42, 0.01, b) > 0);
        QVERIFY(runCount(43, 0.01, c) > 0);
        QCOMPARE(a.requests, b.requests);
        QCOMPARE(a.units, b.units);
        QCOMPARE(a.hash.rowKey(), b.hash.rowKey());
        QVERIFY(a.hash.rowKey() != c.hash.rowKey());
        QVERIFY(a.ordered && a.outcomesOrdered);
    }

    void shapeOfTheScenario()
    {
        CountingSink s;
        QVERIFY(runCount(7, 0.02, s) > 0);
        QVERIFY(s.ordered);
        QVERIFY(s.outcomesOrdered);
        QVERIFY(s.tokensConsistent);
        QVERIFY(s.idsUnique);
        QVERIFY(s.outcomeIdsUnique);
        QVERIFY(s.minTs >= kEnd - 90 * kMsPerDay);
        QVERIFY(s.maxTs < kEnd);
        QCOMPARE(int(s.requestsByDay.size()), 90);

        QVERIFY(s.features.size() >= 6);
        QVERIFY(s.providers.size() >= 3);
        QVERIFY(s.providers.count("self-hosted"));
        QVERIFY(s.providers.count("openai") && s.providers.count("anthropic") && s.providers.count("google"));
        int multiModel = 0;
        for (const auto& [feature, models] : s.modelsByFeature)
            multiModel += models.size() >= 2 ? 1 : 0;
        QVERIFY2(multiModel >= 6, qPrintable(QString::number(multiModel)));

        // Weekdays carry 2-3× the traffic of weekends.
        double weekday = 0, weekend = 0;
        int weekdays = 0, weekends = 0;
        for (const auto& [day, n] : s.requestsByDay) {
            const int dow = int(((day / kMsPerDay + 3) % 7 + 7) % 7);
            if (dow >= 5) {
                weekend += double(n);
                ++weekends;
            } else {
                weekday += double(n);
                ++weekdays;
            }
        }
        const double ratio = (weekday / weekdays) / (weekend / weekends);
        QVERIFY2(ratio > 1.5 && ratio < 4.0, qPrintable(QString::number(ratio)));

        const double errorRate = double(s.errors) / double(s.requests);
        QVERIFY2(errorRate >= 0.01 && errorRate <= 0.05, qPrintable(QString::number(errorRate)));
        QVERIFY(s.cacheLookups > 0);
        const double hitRate = double(s.cacheHits) / double(s.cacheLookups);
        QVERIFY2(hitRate > 0.1 && hitRate < 0.5, qPrintable(QString::number(hitRate)));
        const double evalShare = double(s.evals) / double(s.requests);
        QVERIFY2(evalShare >= 0.3 && evalShare <= 0.6, qPrintable(QString::number(evalShare)));
        QVERIFY(s.evalMin >= 0.0 && s.evalMax <= 1.0 && s.evalMax > s.evalMin);
        QVERIFY(s.batch > 0);
        QVERIFY(s.flex > 0);
        QVERIFY(s.cacheWrites > 0);
        QVERIFY(s.reasoning > 0);

        // Prompt-cache reads are a realistic share of input for every feature, and each unit of
        // work takes between 1.2 and 4 requests or so.
        for (const auto& [feature, n] : s.requestsByFeature) {
            const double cached = double(s.cachedByFeature[feature]) / double(s.inputByFeature[feature]);
            QVERIFY2(cached >= 0.15 && cached <= 0.75,
                     qPrintable(QString::fromStdString(feature) + u' ' + QString::number(cached)));
            QVERIFY(s.unitsByFeature[feature] > 0);
            const double perUnit = double(n) / double(s.unitsByFeature[feature]);
            QVERIFY2(perUnit >= 1.1 && perUnit <= 4.6,
                     qPrintable(QString::fromStdString(feature) + u' ' + QString::number(perUnit)));
        }

        // claims-triage launches around day 50; support-assistant moves to gpt-4.1-mini around day 40.
        QVERIFY(s.firstByFeature.count("claims-triage"));
        const int64_t launch = s.firstByFeature["claims-triage"];
        QVERIFY(launch >= kEnd - 42 * kMsPerDay && launch < kEnd - 38 * kMsPerDay);
        QVERIFY(s.supportEarly > 0 && s.supportLate > 0);
        QVERIFY(double(s.supportEarlyMini) / double(s.supportEarly) < 0.05);
        QVERIFY(double(s.supportLateMini) / double(s.supportLate) > 0.4);
    }

    void fullyPricedButForTheTrial()
    {
        auto bundled = bundledCatalogue();
        QVERIFY(bundled.ok());
        PriceCatalogue catalogue;
        catalogue.addAll(*bundled);
        CountingSink s;
        QVERIFY(runCount(42, 0.01, s) > 0);
        const int64_t start = kEnd - 90 * kMsPerDay;
        for (const auto& [provider, model] : s.providerModels) {
            const bool priced = catalogue.resolve(provider, model, start) != nullptr;
            QVERIFY2(priced == (provider != "mistral"), qPrintable(QString::fromStdString(provider + '/' + model)));
        }
    }

    void linearInScale()
    {
        CountingSink big, small;
        big.keepDetail = small.keepDetail = false;
        const int64_t n05 = runCount(42, 0.05, big);
        const int64_t n01 = runCount(42, 0.01, small);
        const double full = 20.0 * double(n05);
        QVERIFY2(full >= 1.0e6 && full <= 3.0e6, qPrintable(QString::number(full)));
        const double rel = std::abs(double(n01) - full / 100.0) / (full / 100.0);
        QVERIFY2(rel < 0.03, qPrintable(QString::number(rel)));
        const double unitRel = std::abs(double(small.units) - double(big.units) / 5.0) / (double(big.units) / 5.0);
        QVERIFY2(unitRel < 0.03, qPrintable(QString::number(unitRel)));
    }

    void gpuContractChangesMidPeriod()
    {
        const DemoOptions o = options(42, 1.0);
        const std::vector<PriceEntry> entries = demoPriceEntries(o);
        QCOMPARE(int(entries.size()), 1);
        const PriceEntry& e = entries.front();
        QCOMPARE(QString::fromStdString(e.provider), QStringLiteral("self-hosted"));
        QCOMPARE(QString::fromStdString(e.model), QStringLiteral("llama-3.3-70b-instruct"));
        QCOMPARE(QString::fromStdString(e.catalogue), QStringLiteral("demo"));
        QCOMPARE(QString::fromStdString(e.version), QStringLiteral("demo-42"));
        QCOMPARE(e.effectiveFromMs, kEnd - 45 * kMsPerDay);
        QVERIFY(e.perGpuHour());
        QCOMPARE(e.gpuHourNanos, int64_t(2'400'000'000));
        QCOMPARE(e.tokensPerGpuHour, int64_t(9'000'000));
        QCOMPARE(QString::fromStdString(e.currency.str()), QStringLiteral("USD"));

        // It survives the store's JSON round trip and takes over from the bundled contract.
        auto back = priceEntryFromJson(priceEntryToJson(e), "test");
        QVERIFY(back.ok());
        QCOMPARE(back->effectiveFromMs, e.effectiveFromMs);
        QCOMPARE(back->gpuHourNanos, e.gpuHourNanos);
        auto bundled = bundledCatalogue();
        QVERIFY(bundled.ok());
        PriceCatalogue catalogue;
        catalogue.addAll(*bundled);
        catalogue.add(*back);
        const PriceEntry* before = catalogue.resolve("self-hosted", "llama-3.3-70b-instruct", e.effectiveFromMs - 1);
        const PriceEntry* after = catalogue.resolve("self-hosted", "llama-3.3-70b-instruct", e.effectiveFromMs);
        QVERIFY(before && after);
        QCOMPARE(before->gpuHourNanos, int64_t(3'200'000'000));
        QCOMPARE(after->gpuHourNanos, int64_t(2'400'000'000));
    }

    void progressReachesOne()
    {
        CountingSink s;
        s.keepDetail = false;
        DemoOptions o = options(1, 0.001);
        std::vector<double> seen;
        o.progress = [&](double f) { seen.push_back(f); };
        QVERIFY(generateDemo(s, o).ok());
        QCOMPARE(int(seen.size()), 90);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
    }

    void sinkErrorIsReturnedUnchanged()
    {
        FailingSink s;
        auto r = generateDemo(s, options(42, 0.01));
        QVERIFY(!r.ok());
        QCOMPARE(s.calls, 1);
        QCOMPARE(QString::fromStdString(r.error().message), QStringLiteral("disk full"));
        QCOMPARE(QString::fromStdString(r.error().source), QStringLiteral("test.db"));
        QCOMPARE(QString::fromStdString(r.error().hint), QStringLiteral("Free some space"));
    }

    void rejectsNonsenseOptions()
    {
        CountingSink s;
        QVERIFY(!generateDemo(s, options(42, 0.0)).ok());
        QVERIFY(!generateDemo(s, options(42, -1.0)).ok());
        QVERIFY(!generateDemo(s, options(42, NAN)).ok());
        DemoOptions o = options(42, 0.01);
        o.days = 0;
        QVERIFY(!generateDemo(s, o).ok());
        QCOMPARE(s.requests, int64_t(0));
    }
};

QTEST_APPLESS_MAIN(TestDemoScenario)
#include "tst_demoscenario.moc"
