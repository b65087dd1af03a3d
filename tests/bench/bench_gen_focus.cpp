// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a deterministic FOCUS 1.2 billing export of N rows (48 columns as AWS, Azure, Google Cloud and Oracle
// write them: 11-decimal amounts, Tags JSON, provider x_ columns, NULLs, credits, taxes, commitment purchases and
// Used/Unused amortisation) for the import benchmark. Prints the rows and the exact BilledCost total in nano-units,
// computed while writing, so that the import can be checked against it.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace {
uint64_t g_state = 0x2545f4914f6cdd1dULL;
uint64_t next()
{
    uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// "2024-09-18T22:00:00Z", or the space-separated form some exports write.
void isoTime(int64_t sec, bool space, char* out)
{
    int64_t days = sec / 86400, rem = sec % 86400;
    int64_t z = days + 719468, era = z / 146097;
    unsigned doe = unsigned(z - era * 146097), yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = int64_t(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    std::snprintf(out, 32, space ? "%04" PRId64 "-%02u-%02u %02d:%02d:%02d" : "%04" PRId64 "-%02u-%02uT%02d:%02d:%02dZ",
                  y, m, d, int(rem / 3600), int(rem / 60 % 60), int(rem % 60));
}

// Amounts are generated in units of 1e-11 (as AWS writes them) and summed after rounding to nano-units half to
// even, exactly as a reader keeping nano-units must.
int64_t toNanos(int64_t e11)
{
    int64_t q = e11 / 100, r = e11 % 100;
    if (r < 0) {
        r += 100;
        --q;
    }
    if (r > 50 || (r == 50 && (q & 1)))
        ++q;
    return q;
}
void money(int64_t e11, char* out)
{
    const bool neg = e11 < 0;
    const unsigned long long a
        = neg ? 0ULL - static_cast<unsigned long long>(e11) : static_cast<unsigned long long>(e11);
    std::snprintf(out, 40, "%s%llu.%011llu", neg ? "-" : "", a / 100000000000ULL, a % 100000000000ULL);
}

struct Provider {
    const char* name;
    const char* issuer;
    const char* account;
    const char* services[3];
    const char* regions[2];
};
const Provider kProviders[] = {
    { "AWS",
      "Amazon Web Services, Inc.",
      "123456789012",
      { "Amazon Bedrock", "Amazon Elastic Compute Cloud", "Amazon SageMaker" },
      { "us-east-1", "eu-west-1" } },
    { "Microsoft",
      "Microsoft",
      "/providers/Microsoft.Billing/billingAccounts/8611537",
      { "Azure OpenAI", "Virtual Machines", "Azure Machine Learning" },
      { "eastus", "westeurope" } },
    { "Google Cloud",
      "Google",
      "01A2B3-C4D5E6-F7G8H9",
      { "Vertex AI", "Compute Engine", "Cloud Storage" },
      { "us-central1", "europe-west4" } },
    { "Oracle",
      "Oracle",
      "ocid1.tenancy.oc1..aaaa",
      { "OCI Generative AI", "Compute", "Object Storage" },
      { "us-ashburn-1", "eu-frankfurt-1" } },
};
const char* kFeatures[] = { "support-assistant", "doc-summarizer",     "semantic-search",
                            "code-review-bot",   "invoice-extraction", "gpu-inference" };
} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ROWS OUT.csv\n", argv[0]);
        return 64;
    }
    const long long rows = std::atoll(argv[1]);
    FILE* f = std::fopen(argv[2], "w");
    if (!f)
        return 1;
    static char buf[1 << 20];
    std::setvbuf(f, buf, _IOFBF, sizeof buf);
    std::fputs("AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,"
               "BillingPeriodEnd,BillingPeriodStart,CapacityReservationId,CapacityReservationStatus,ChargeCategory,"
               "ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,"
               "CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,"
               "CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,EffectiveCost,"
               "InvoiceId,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,PricingUnit,"
               "ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,"
               "ServiceName,ServiceSubcategory,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags,x_ExportTime,"
               "x_Discounts\n",
               f);
    const int64_t start = 1725148800; // 2024-09-01T00:00:00Z
    const int64_t hours = 30 * 24;
    char cps[32], cpe[32], bps[32], bpe[32], billed[40], effective[40], list[40], contracted[40];
    isoTime(start, false, bps);
    isoTime(start + hours * 3600, false, bpe);
    int64_t totalBilled = 0;
    for (long long i = 0; i < rows; ++i) {
        const uint64_t r = next();
        const Provider& p = kProviders[r % 4];
        const int svc = int((r >> 4) % 3);
        const int64_t hour = int64_t(double(i) / double(rows) * double(hours));
        const bool space = (r >> 8) % 4 == 0;
        isoTime(start + hour * 3600, space, cps);
        isoTime(start + hour * 3600 + 3600, space, cpe);
        const unsigned kind = unsigned((r >> 12) % 100); // 0–89 usage, 90–93 committed used/unused, 94–96 credit, …
        int64_t listE11 = int64_t((r >> 20) % 5'000'000'000ULL) + 1; // up to $0.05 per row
        int64_t billedE11 = listE11, effectiveE11 = listE11;
        const char *category = "Usage", *pricing = "Standard", *status = "", *cdId = "", *frequency = "Usage-Based";
        if (kind >= 90 && kind < 94) {
            pricing = "Committed";
            status = kind < 93 ? "Used" : "Unused";
            cdId = "arn:aws:savingsplans::123456789012:savingsplan/sp-1";
            billedE11 = 0;
            effectiveE11 = listE11 * 6 / 10;
        } else if (kind >= 94 && kind < 97) {
            category = "Credit";
            pricing = "";
            frequency = "One-Time";
            billedE11 = effectiveE11 = -listE11;
            listE11 = 0;
        } else if (kind == 97) {
            category = "Tax";
            pricing = "";
            frequency = "Recurring";
        } else if (kind == 98) {
            category = "Purchase";
            frequency = "One-Time";
            cdId = "arn:aws:savingsplans::123456789012:savingsplan/sp-1";
            effectiveE11 = 0;
        } else if (kind == 99) {
            pricing = "Dynamic";
        }
        totalBilled += toNanos(billedE11);
        money(billedE11, billed);
        money(effectiveE11, effective);
        money(listE11, list);
        money(billedE11, contracted);
        const bool tagged = (r >> 40) % 5 != 0;
        const bool tax = kind == 97;
        std::fprintf(
            f,
            "%s,%s,%s,Acme,Enterprise,USD,%s,%s,NULL,NULL,%s,NULL,\"%s %s usage, row %lld\",%s,%s,%s,%s,%s,NULL,%s,%s,"
            "%s,%s,%s,NULL,%s,INV-2024-09-%d,\"%s\",%s,0.0000004,%s,%s,%s,%s,\"%s\",%s,NULL,%s/r-%" PRIu64
            ",NULL,%s,AI and Machine Learning,%s,Generative AI,SKU-%d,SKU-%d-P,%" PRIu64 ",Team %d,%s%s%s%s,"
            "2024-10-02T01:00:00Z,\"{\"\"discount\"\": %d}\"\n",
            (r >> 44) % 3 ? "NULL" : "us-east-1a", billed, p.account, bpe, bps, category, p.services[svc], category, i,
            frequency, cpe, cps, *cdId ? "Spend" : "", cdId, status, *cdId ? "Savings Plan" : "", tax ? "" : "1.5E1",
            tax ? "" : "Hours", contracted, effective, int(r % 7), p.issuer, list, pricing, tax ? "NULL" : "15",
            tax ? "NULL" : "Hours", p.name, p.issuer, p.regions[(r >> 6) % 2], p.name, (r >> 24) % 100000,
            (r >> 30) % 2 ? "instance" : "endpoint", p.services[svc], int((r >> 5) % 500), int((r >> 5) % 500),
            (r >> 50) % 100, int((r >> 50) % 100), tagged ? "\"{\"\"feature\"\": \"\"" : "",
            tagged ? kFeatures[(r >> 33) % 6] : "", tagged ? "\"\", \"\"env\"\": \"\"prod\"\"}" : "",
            tagged ? "\"" : "", int((r >> 36) % 10));
    }
    std::fclose(f);
    std::printf("rows %lld billed_nanos %" PRId64 "\n", rows, totalBilled);
    return 0;
}
