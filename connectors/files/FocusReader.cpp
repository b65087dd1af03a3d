// SPDX-License-Identifier: GPL-3.0-or-later
#include "files/FocusReader.h"

#include "domain/BillingKey.h"
#include "domain/Time.h"
#include "files/BatchPipeline.h"
#include "files/CsvReader.h"
#include "files/FieldParsers.h"
#include "files/InputFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace il {

using fields::trim;

namespace {

    // The columns read. The first 21 are the ones FOCUS 1.0, 1.1 and 1.2 all make mandatory.
    enum class FC : uint8_t {
        BilledCost,
        EffectiveCost,
        ListCost,
        ContractedCost,
        BillingAccountId,
        BillingAccountName,
        BillingCurrency,
        BillingPeriodStart,
        BillingPeriodEnd,
        ChargePeriodStart,
        ChargePeriodEnd,
        ChargeCategory,
        ChargeClass,
        ChargeDescription,
        ProviderName,
        PublisherName,
        InvoiceIssuerName,
        ServiceCategory,
        ServiceName,
        PricingQuantity,
        PricingUnit,
        // Conditional / recommended columns kept when present.
        ChargeFrequency,
        PricingCategory,
        CommitmentDiscountId,
        CommitmentDiscountStatus,
        CommitmentDiscountCategory,
        CommitmentDiscountType,
        CapacityReservationId,
        CapacityReservationStatus,
        ConsumedQuantity,
        ConsumedUnit,
        RegionId,
        ResourceId,
        ResourceName,
        ResourceType,
        SkuId,
        SkuPriceId,
        SubAccountId,
        SubAccountName,
        Tags,
        InvoiceId,
        ServiceSubcategory,
        Unknown
    };
    constexpr size_t kColumnCount = size_t(FC::Unknown);
    constexpr size_t kMandatoryCount = size_t(FC::PricingUnit) + 1;

    constexpr std::array<std::string_view, kColumnCount> kNames = { "BilledCost",
                                                                    "EffectiveCost",
                                                                    "ListCost",
                                                                    "ContractedCost",
                                                                    "BillingAccountId",
                                                                    "BillingAccountName",
                                                                    "BillingCurrency",
                                                                    "BillingPeriodStart",
                                                                    "BillingPeriodEnd",
                                                                    "ChargePeriodStart",
                                                                    "ChargePeriodEnd",
                                                                    "ChargeCategory",
                                                                    "ChargeClass",
                                                                    "ChargeDescription",
                                                                    "ProviderName",
                                                                    "PublisherName",
                                                                    "InvoiceIssuerName",
                                                                    "ServiceCategory",
                                                                    "ServiceName",
                                                                    "PricingQuantity",
                                                                    "PricingUnit",
                                                                    "ChargeFrequency",
                                                                    "PricingCategory",
                                                                    "CommitmentDiscountId",
                                                                    "CommitmentDiscountStatus",
                                                                    "CommitmentDiscountCategory",
                                                                    "CommitmentDiscountType",
                                                                    "CapacityReservationId",
                                                                    "CapacityReservationStatus",
                                                                    "ConsumedQuantity",
                                                                    "ConsumedUnit",
                                                                    "RegionId",
                                                                    "ResourceId",
                                                                    "ResourceName",
                                                                    "ResourceType",
                                                                    "SkuId",
                                                                    "SkuPriceId",
                                                                    "SubAccountId",
                                                                    "SubAccountName",
                                                                    "Tags",
                                                                    "InvoiceId",
                                                                    "ServiceSubcategory" };
    // Every FC has its name, in the same order (a short list would leave trailing names empty).
    static_assert(kNames[kColumnCount - 1] == "ServiceSubcategory" && kNames[kMandatoryCount - 1] == "PricingUnit");

    // Values the reader cannot do without: money, currency, periods and the charge category. FOCUS also forbids nulls
    // in some dimension columns (ProviderName, ServiceName, …), but real exports leave them empty and an empty
    // dimension does not falsify a sum, so those are stored as null instead of failing the file.
    constexpr std::array<FC, 9> kNeedValue = { FC::BilledCost,        FC::EffectiveCost,      FC::ListCost,
                                               FC::BillingCurrency,   FC::BillingPeriodStart, FC::BillingPeriodEnd,
                                               FC::ChargePeriodStart, FC::ChargePeriodEnd,    FC::ChargeCategory };

    // Columns each version added (FOCUS 1.1 and 1.2 release notes); their presence dates the export.
    constexpr std::string_view kAddedIn11[]
        = { "CapacityReservationId",  "CapacityReservationStatus", "CommitmentDiscountQuantity",
            "CommitmentDiscountUnit", "ServiceSubcategory",        "SkuMeter",
            "SkuPriceDetails" };
    constexpr std::string_view kAddedIn12[] = { "BillingAccountType",
                                                "SubAccountType",
                                                "InvoiceId",
                                                "PricingCurrency",
                                                "PricingCurrencyContractedUnitPrice",
                                                "PricingCurrencyEffectiveCost",
                                                "PricingCurrencyListUnitPrice" };

    bool iequals(std::string_view a, std::string_view b)
    {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i) {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z')
                x = char(x + 32);
            if (y >= 'A' && y <= 'Z')
                y = char(y + 32);
            if (x != y)
                return false;
        }
        return true;
    }

    FC columnOf(std::string_view name)
    {
        for (size_t i = 0; i < kColumnCount; ++i)
            if (iequals(name, kNames[i]))
                return FC(i);
        return FC::Unknown;
    }

    const char* nameOf(FC f)
    {
        return f == FC::Unknown ? "?" : kNames[size_t(f)].data();
    }

    bool isFocusNull(std::string_view v)
    {
        return v.empty() || iequals(v, "null");
    }

    // The canonical spelling of an allowed value, matched without regard to case.
    const char* canonical(std::string_view v, std::initializer_list<const char*> allowed)
    {
        for (const char* a : allowed)
            if (iequals(v, a))
                return a;
        return nullptr;
    }

    std::string quoted(std::string_view v)
    {
        std::string s(v.substr(0, 60));
        return "\"" + s + (v.size() > 60 ? "…\"" : "\"");
    }

    std::string parseMoney(int64_t& dst, std::string_view v)
    {
        auto n = parseDecimalNanos(v);
        if (!n)
            return "expected a decimal amount such as 12.5, -0.25 or 1.2E-5 (no currency symbol, no thousands "
                   "separator, "
                   "at most 9,223,372,036 in one row), got "
                + quoted(v);
        dst = *n;
        return {};
    }

    std::string parseTime(int64_t& dst, std::string_view v)
    {
        // ISO 8601 only: a bare number in a FOCUS date column is a mistake, not Unix time.
        std::optional<int64_t> t;
        if (v.size() >= 10 && v[4] == '-')
            t = parseTimestampMs(v);
        if (!t)
            return "expected an ISO 8601 UTC date-time such as 2024-09-18T22:00:00Z or 2024-09-18 22:00:00, got "
                + quoted(v);
        dst = *t;
        return {};
    }

    std::string parseQuantity(double& dst, std::string_view v)
    {
        auto d = fields::toDouble(v);
        if (!d || !std::isfinite(*d))
            return "expected a decimal quantity such as 2.5 or 1.2E-5, got " + quoted(v);
        dst = *d;
        return {};
    }

    std::string parseEnum(std::string& dst, std::string_view v, std::initializer_list<const char*> allowed,
                          const char* allowedText)
    {
        const char* c = canonical(v, allowed);
        if (!c)
            return std::string("expected one of ") + allowedText + ", got " + quoted(v);
        dst = c;
        return {};
    }

    // Known spellings normalised, anything else kept as given (these columns are not grouped on).
    void assignLoose(std::string& dst, std::string_view v, std::initializer_list<const char*> known)
    {
        const char* c = canonical(v, known);
        if (c)
            dst = c;
        else
            dst.assign(v);
    }

    std::string apply(BillingLine& l, FC f, std::string_view v)
    {
        switch (f) {
        case FC::BilledCost:
            return parseMoney(l.billedCost, v);
        case FC::EffectiveCost:
            return parseMoney(l.effectiveCost, v);
        case FC::ListCost:
            return parseMoney(l.listCost, v);
        case FC::ContractedCost: {
            int64_t n = 0;
            std::string e = parseMoney(n, v);
            if (e.empty())
                l.contractedCost = n;
            return e;
        }
        case FC::BillingAccountId:
            l.billingAccountId.assign(v);
            return {};
        case FC::BillingAccountName:
            l.billingAccountName.assign(v);
            return {};
        case FC::BillingCurrency: {
            auto c = Currency::parse(v);
            if (!c)
                return "expected an ISO 4217 currency code such as USD or EUR, got " + quoted(v);
            l.currency = *c;
            return {};
        }
        case FC::BillingPeriodStart:
            return parseTime(l.billingPeriodStartMs, v);
        case FC::BillingPeriodEnd:
            return parseTime(l.billingPeriodEndMs, v);
        case FC::ChargePeriodStart:
            return parseTime(l.chargePeriodStartMs, v);
        case FC::ChargePeriodEnd:
            return parseTime(l.chargePeriodEndMs, v);
        case FC::ChargeCategory:
            return parseEnum(l.chargeCategory, v, { "Usage", "Purchase", "Tax", "Credit", "Adjustment" },
                             "Usage, Purchase, Tax, Credit or Adjustment");
        case FC::ChargeClass:
            return parseEnum(l.chargeClass, v, { "Correction" }, "Correction or null");
        case FC::ChargeDescription:
            l.chargeDescription.assign(v);
            return {};
        case FC::ProviderName:
            l.provider.assign(v);
            return {};
        case FC::PublisherName:
            l.publisher.assign(v);
            return {};
        case FC::InvoiceIssuerName:
            l.invoiceIssuer.assign(v);
            return {};
        case FC::ServiceCategory:
            l.serviceCategory.assign(v);
            return {};
        case FC::ServiceName:
            l.serviceName.assign(v);
            return {};
        case FC::PricingQuantity:
            return parseQuantity(l.pricingQuantity, v);
        case FC::PricingUnit:
            l.pricingUnit.assign(v);
            return {};
        case FC::ChargeFrequency:
            assignLoose(l.chargeFrequency, v, { "One-Time", "Recurring", "Usage-Based" });
            return {};
        case FC::PricingCategory: {
            // FOCUS 1.0-preview spellings map onto the 1.0 values.
            if (iequals(v, "On-Demand")) {
                l.pricingCategory = "Standard";
                return {};
            }
            if (iequals(v, "Commitment-Based")) {
                l.pricingCategory = "Committed";
                return {};
            }
            return parseEnum(l.pricingCategory, v, { "Standard", "Committed", "Dynamic", "Other" },
                             "Standard, Committed, Dynamic, Other or null");
        }
        case FC::CommitmentDiscountId:
            l.commitmentDiscountId.assign(v);
            return {};
        case FC::CommitmentDiscountStatus:
            return parseEnum(l.commitmentDiscountStatus, v, { "Used", "Unused" }, "Used, Unused or null");
        case FC::CommitmentDiscountCategory:
            assignLoose(l.commitmentDiscountCategory, v, { "Spend", "Usage" });
            return {};
        case FC::CommitmentDiscountType:
            l.commitmentDiscountType.assign(v);
            return {};
        case FC::CapacityReservationId:
            l.capacityReservationId.assign(v);
            return {};
        case FC::CapacityReservationStatus:
            assignLoose(l.capacityReservationStatus, v, { "Used", "Unused" });
            return {};
        case FC::ConsumedQuantity:
            return parseQuantity(l.consumedQuantity, v);
        case FC::ConsumedUnit:
            l.consumedUnit.assign(v);
            return {};
        case FC::RegionId:
            l.regionId.assign(v);
            return {};
        case FC::ResourceId:
            l.resourceId.assign(v);
            return {};
        case FC::ResourceName:
            l.resourceName.assign(v);
            return {};
        case FC::ResourceType:
            l.resourceType.assign(v);
            return {};
        case FC::SkuId:
            l.skuId.assign(v);
            return {};
        case FC::SkuPriceId:
            l.skuPriceId.assign(v);
            return {};
        case FC::SubAccountId:
            l.subAccountId.assign(v);
            return {};
        case FC::SubAccountName:
            l.subAccountName.assign(v);
            return {};
        case FC::Tags:
            l.tags.assign(v);
            return {};
        case FC::InvoiceId:
            l.invoiceId.assign(v);
            return {};
        case FC::ServiceSubcategory:
            l.serviceSubcategory.assign(v);
            return {};
        case FC::Unknown:
            return {};
        }
        return {};
    }

    void reset(BillingLine& l)
    {
        for (std::string* s : BillingLine::columnTexts(l))
            s->clear();
        for (std::string* s : { &l.pricingUnit, &l.consumedUnit, &l.feature, &l.tags, &l.focusVersion, &l.naturalKey })
            s->clear();
        l.chargePeriodStartMs = l.chargePeriodEndMs = l.billingPeriodStartMs = l.billingPeriodEndMs = 0;
        l.billedCost = l.effectiveCost = l.listCost = 0;
        l.contractedCost.reset();
        l.currency = Currency {};
        l.pricingQuantity = l.consumedQuantity = NAN;
    }

    // Occurrences of each row digest within one file: 8 bytes per distinct row (open addressing), plus a map entry
    // for the rare digest seen more than once.
    class OccurrenceCounter {
    public:
        // 0 the first time a digest is seen, then 1, 2, …
        uint32_t next(uint64_t digest)
        {
            if (digest == 0)
                digest = 1; // 0 marks an empty slot
            if ((m_used + 1) * 2 > m_slots.size())
                grow();
            size_t mask = m_slots.size() - 1;
            for (size_t i = size_t(digest * 0x9e3779b97f4a7c15ULL >> 20) & mask;; i = (i + 1) & mask) {
                if (m_slots[i] == digest)
                    return ++m_repeats[digest];
                if (m_slots[i] == 0) {
                    m_slots[i] = digest;
                    ++m_used;
                    return 0;
                }
            }
        }

    private:
        void grow()
        {
            std::vector<uint64_t> old = std::move(m_slots);
            m_slots.assign(old.empty() ? 4096 : old.size() * 2, 0);
            const size_t mask = m_slots.size() - 1;
            for (uint64_t d : old) {
                if (!d)
                    continue;
                size_t i = size_t(d * 0x9e3779b97f4a7c15ULL >> 20) & mask;
                while (m_slots[i])
                    i = (i + 1) & mask;
                m_slots[i] = d;
            }
        }

        std::vector<uint64_t> m_slots;
        size_t m_used = 0;
        std::unordered_map<uint64_t, uint32_t> m_repeats;
    };

    Error makeFileError(const std::string& path, long long line, int column, std::string field, std::string message,
                        std::string hint
                        = "Fix the value (or export the data again) and import again; nothing was imported")
    {
        Error e;
        e.source = path;
        e.line = line;
        e.column = column;
        e.field = std::move(field);
        e.message = std::move(message);
        e.hint = std::move(hint);
        return e;
    }

} // namespace

const std::vector<std::string_view>& FocusReader::mandatoryColumns()
{
    static const std::vector<std::string_view> k(kNames.begin(), kNames.begin() + kMandatoryCount);
    return k;
}

std::string FocusReader::detectVersion(const std::vector<std::string>& header)
{
    auto any = [&](const auto& names) {
        for (const std::string& h : header)
            for (std::string_view n : names)
                if (iequals(trim(h), n))
                    return true;
        return false;
    };
    if (any(kAddedIn12))
        return "1.2";
    if (any(kAddedIn11))
        return "1.1";
    return "1.0";
}

bool FocusReader::featureFromTags(std::string_view tags, const std::vector<std::string>& keys, std::string& feature,
                                  std::string& error)
{
    feature.clear();
    const nlohmann::json j = nlohmann::json::parse(tags.begin(), tags.end(), nullptr, false);
    if (j.is_discarded()) {
        error = "Tags is not valid JSON; expected an object such as {\"feature\": \"support-assistant\"}, got "
            + quoted(tags);
        return false;
    }
    if (!j.is_object()) {
        error = "Tags must be a JSON object such as {\"feature\": \"support-assistant\"}, got " + quoted(tags);
        return false;
    }
    for (const std::string& key : keys) {
        auto it = j.find(key);
        if (it == j.end())
            continue;
        if (it->is_string()) {
            std::string_view v = trim(it->get_ref<const std::string&>());
            if (!v.empty()) {
                feature.assign(v);
                return true;
            }
        } else if (it->is_number()) {
            feature = it->dump();
            return true;
        }
        // true (a valueless tag), false, null or a nested value names no feature: try the next key.
    }
    return true;
}

Result<FocusReadStats> FocusReader::read(const std::string& path, IngestSink& sink) const
{
    const ReadOptions& opt = m_options.read;
    const std::vector<std::string> defaultKeys = { "feature" };
    const std::vector<std::string>& tagKeys = m_options.featureTagKeys.empty() ? defaultKeys : m_options.featureTagKeys;
    CsvReader csv(path);
    if (auto r = csv.open(); !r)
        return r.error();
    std::vector<CsvReader::Field> row;
    if (!csv.next(row)) {
        if (csv.error())
            return *csv.error();
        return makeFileError(path, 0, 0, "", "the file is empty",
                             "Export the billing data again: a FOCUS file needs a header row and at least one row");
    }

    // ---- header --------------------------------------------------------------------------------
    std::vector<FC> columns;
    std::vector<std::string> headerNames;
    std::array<int, kColumnCount> columnIndex;
    columnIndex.fill(-1);
    for (size_t i = 0; i < row.size(); ++i) {
        const std::string_view name = trim(row[i].text);
        headerNames.emplace_back(name);
        // Provider columns (x_…) never collide with FOCUS names; unknown names are kept out of the way.
        const FC f = columnOf(name);
        if (f != FC::Unknown && columnIndex[size_t(f)] >= 0)
            return makeFileError(path, 1, row[i].column, nameOf(f), "this column appears twice in the header",
                                 "Remove one of them; nothing was imported");
        if (f != FC::Unknown)
            columnIndex[size_t(f)] = int(i);
        columns.push_back(f);
    }
    std::string missing;
    size_t present = 0;
    for (size_t i = 0; i < kMandatoryCount; ++i) {
        if (columnIndex[i] < 0)
            missing += (missing.empty() ? "" : ", ") + std::string(kNames[i]);
        else
            ++present;
    }
    if (present == 0)
        return makeFileError(path, 1, 0, "",
                             "this is not a FOCUS billing export: none of FOCUS's mandatory columns (BilledCost, "
                             "ChargePeriodStart, BillingCurrency, …) is in the header",
                             "Import a FOCUS 1.0–1.2 CSV export, or pass the right --kind; nothing was imported");
    if (!missing.empty())
        return makeFileError(path, 1, 0, "",
                             "the header lacks mandatory FOCUS column(s): " + missing
                                 + " (FOCUS 1.0, 1.1 and 1.2 all require them)",
                             "Export with the provider's FOCUS 1.0 (or later) format, or add the columns; nothing was "
                             "imported");
    FocusReadStats stats;
    stats.focusVersion = detectVersion(headerNames);

    // ---- rows ----------------------------------------------------------------------------------
    // Parsing overlaps storing: the sink gets each full batch on a worker thread while the next one is read.
    // A FOCUS row is well over 100 bytes: small files get small buffers (two batches of lines are allocated).
    const size_t batchSize
        = std::clamp<size_t>(size_t(csv.fileSize() / 100) + 1, 1, std::max<size_t>(opt.batchSize, 1));
    BatchPipeline<BillingLine> pipe([&sink](std::span<const BillingLine> b) { return sink.addBillingLines(b); },
                                    batchSize);
    uint64_t lastProgress = 0;
    OccurrenceCounter occurrences;
    std::string error;
    while (csv.next(row)) {
        const long long line = csv.line();
        if (row.size() != columns.size())
            return makeFileError(path, line, row.empty() ? 1 : row.back().column, "",
                                 "this row has " + std::to_string(row.size()) + " fields but the header has "
                                     + std::to_string(columns.size()));
        BillingLine& l = pipe.slot();
        reset(l);
        uint64_t given = 0;
        for (size_t i = 0; i < row.size(); ++i) {
            const FC f = columns[i];
            if (f == FC::Unknown)
                continue;
            const std::string_view v = trim(row[i].text);
            if (isFocusNull(v))
                continue;
            given |= uint64_t(1) << unsigned(f);
            if (std::string err = apply(l, f, v); !err.empty())
                return makeFileError(path, line, row[i].column, nameOf(f), err);
        }
        for (FC f : kNeedValue)
            if (!(given & (uint64_t(1) << unsigned(f))))
                return makeFileError(path, line, row[size_t(columnIndex[size_t(f)])].column, nameOf(f),
                                     "FOCUS requires a value here; the field is empty or NULL");
        if (l.chargePeriodEndMs < l.chargePeriodStartMs)
            return makeFileError(path, line, row[size_t(columnIndex[size_t(FC::ChargePeriodEnd)])].column,
                                 "ChargePeriodEnd",
                                 "the charge period ends (" + formatIsoTimestamp(l.chargePeriodEndMs)
                                     + ") before it starts (" + formatIsoTimestamp(l.chargePeriodStartMs) + ")");
        if (l.billingPeriodEndMs < l.billingPeriodStartMs)
            return makeFileError(path, line, row[size_t(columnIndex[size_t(FC::BillingPeriodEnd)])].column,
                                 "BillingPeriodEnd",
                                 "the billing period ends (" + formatIsoTimestamp(l.billingPeriodEndMs)
                                     + ") before it starts (" + formatIsoTimestamp(l.billingPeriodStartMs) + ")");
        if (!l.tags.empty()) {
            if (!featureFromTags(l.tags, tagKeys, l.feature, error))
                return makeFileError(path, line, row[size_t(columnIndex[size_t(FC::Tags)])].column, "Tags", error);
            if (!l.feature.empty())
                ++stats.attributed;
        }
        l.focusVersion = stats.focusVersion;
        const BillingDigest digest = billingContentDigest(l);
        l.naturalKey = digest.naturalKey(occurrences.next(uint64_t(digest.a)));
        ++stats.rows;
        if (auto r = pipe.commitSlot(); !r)
            return r.error();
        if (stats.rows % int64_t(batchSize) == 0) {
            if (opt.cancel && opt.cancel->load())
                return makeFileError(path, 0, 0, "", "the import was cancelled", "Nothing was imported");
            if (opt.progress && csv.bytesRead() - lastProgress > (8u << 20)) {
                lastProgress = csv.bytesRead();
                opt.progress(csv.bytesRead(), csv.fileSize());
            }
        }
    }
    if (csv.error())
        return *csv.error();
    if (auto r = pipe.finish(); !r)
        return r.error();
    if (stats.rows == 0)
        return makeFileError(path, 0, 0, "", "the file has a FOCUS header but no rows", "Nothing was imported");
    if (opt.progress)
        opt.progress(csv.fileSize(), csv.fileSize());
    return stats;
}

Result<ReadStats> readFocus(const std::string& path, IngestSink& sink, const ReadOptions& options,
                            const std::vector<std::string>& featureTagKeys)
{
    FocusOptions o;
    if (!featureTagKeys.empty())
        o.featureTagKeys = featureTagKeys;
    o.read = options;
    auto r = FocusReader(std::move(o)).read(path, sink);
    if (!r)
        return gzipDamageOr(path, r.error());
    ReadStats s;
    s.rows = r->rows;
    return s;
}

} // namespace il
