// SPDX-License-Identifier: GPL-3.0-or-later
// The connector base (HTTP set-up, errors in the connector's terms), option checks and the factory.
#include "apis/Connector.h"

#include "apis/AnthropicConnector.h"
#include "apis/BucketMerge.h"
#include "apis/ConnectorOptions.h"
#include "apis/OpenAiConnector.h"
#include "apis/PrometheusConnector.h"
#include "domain/Time.h"
#include "http/Pagination.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace il {

Connector::Connector(ConnectorConfig config, std::string key, std::string baseUrl)
    : m_config(std::move(config))
    , m_key(std::move(key))
    , m_baseUrl(std::move(baseUrl))
{
    HttpClientOptions o;
    o.totalTimeout = std::chrono::seconds(connectoropt::integer(m_config, "timeout", 60));
    o.connectTimeout = std::chrono::seconds(connectoropt::integer(m_config, "connect_timeout", 10));
    o.retry.maxRetries = int(connectoropt::integer(m_config, "retries", 4));
    m_http = HttpClient(o);
    if (!m_key.empty())
        m_http.addSecret(m_key);
}

Connector::~Connector() = default;

int64_t Connector::batchSpanMs() const
{
    return connectoropt::integer(m_config, "batch_days", 7) * kMsPerDay;
}

std::string Connector::sourceFor(const std::string& url) const
{
    return "connector '" + m_config.name + "'" + (url.empty() ? std::string() : " at " + url);
}

void Connector::watchCancel(const std::atomic<bool>* cancel)
{
    m_http.setCancelFlag(cancel);
}

namespace {

    // The status and what follows it in HttpClient's words — " (HTTP 429 Too Many Requests) after 2 retries: the
    // server's reason" or " with HTTP 503 Service Unavailable after 1 retry: …" — kept so that the provider's own
    // reason reaches the user; empty when the message has none. The status itself is known from Error::httpStatus.
    std::string statusPart(const std::string& message, int status)
    {
        const auto at = message.find("HTTP " + std::to_string(status));
        if (at == std::string::npos)
            return {};
        std::string part
            = at > 0 && message[at - 1] == '(' ? " " + message.substr(at - 1) : " with " + message.substr(at);
        while (!part.empty() && (part.back() == '.' || part.back() == ' ')) // toString adds ". " itself
            part.pop_back();
        return part;
    }

    std::string statusPageOf(const std::string& type)
    {
        if (type == "openai")
            return "https://status.openai.com";
        if (type == "anthropic")
            return "https://status.anthropic.com";
        return {};
    }

} // namespace

Error Connector::describe(Error e) const
{
    // Keyed on the status HttpClient carries as data (0: no HTTP answer became this error).
    const int status = e.httpStatus;
    const std::string server = m_config.type == "prometheus" ? "the Prometheus server" : "the provider's server";
    if (status == 401 || status == 403) {
        // Keep the status and the provider's own reason, which HttpClient put in parentheses.
        e.message
            = "the provider refused the key for connector '" + m_config.name + "'" + statusPart(e.message, status);
        e.hint = keyHint();
        if (m_config.keyStorage == KeyStorage::Env && !m_config.keyEnv.empty())
            e.hint += ". The key was read from the environment variable " + m_config.keyEnv;
        else if (m_config.keyStorage == KeyStorage::Keychain)
            e.hint += ". The key was read from the OS keychain; `inferledger connector add` with --key-env can "
                      "use another";
        return e;
    }
    if (status == 404) {
        e.message
            = "nothing was found at this address, so the base URL is probably wrong" + statusPart(e.message, status);
        const std::string fallback = defaultBaseUrl(m_config.type);
        e.hint = "The connector uses " + m_baseUrl
            + (fallback.empty() || fallback == m_baseUrl ? std::string() : " (the default is " + fallback + ")")
            + (m_config.type == "prometheus"
                   ? ". Give the Prometheus server's root address, e.g. http://prometheus.internal:9090, without "
                     "/api/v1"
                   : ". Give the API's root address, e.g. " + fallback + ", without the /v1/organization/… path")
            + ". Change it with Edit on the Connectors page, or remove the connector and add it again with "
              "--base-url URL";
    } else if (status == 429) {
        e.message = server + " kept refusing the requests as too many" + statusPart(e.message, status);
        e.hint = "Wait a few minutes and sync again: it resumes from the last batch it stored. A shorter period "
                 "(--from/--to) asks for less at once, and --option retries=N lets it wait and retry longer";
    } else if (status >= 500 && status <= 599) {
        const std::string page = statusPageOf(m_config.type);
        e.message = server + " failed" + statusPart(e.message, status);
        e.hint = m_config.type == "prometheus"
            ? "Check that the Prometheus server is up and not overloaded; a shorter period or a larger step "
              "(--option step=SECONDS) asks it for less. Sync again later: it resumes from the last batch it stored"
            : "The provider is probably having an outage" + (page.empty() ? std::string() : " (see " + page + ")")
                + "; nothing is wrong with your settings. Sync again later: it resumes from the last batch it "
                  "stored";
    }
    if (!e.source.starts_with("connector '")) // parsers name the connector (and page) themselves
        e.source = sourceFor(e.source);
    return e;
}

Result<SyncOutcome> Connector::readBucketStages(const SyncWindow& window, std::vector<BucketStage> stages,
                                                IngestSink& sink, const SyncProgressFn& progress)
{
    SyncOutcome out;
    out.watermarkMs = window.toMs;
    for (BucketStage& stage : stages) {
        if (window.toMs <= stage.fromMs)
            continue;
        const std::string source = sourceFor(stage.request.url);
        SyncProgress p { m_config.name, stage.name, window, stage.fromMs, 0, 0 };
        std::vector<UsageBucket> usage;
        std::vector<CostBucket> costs;
        auto pages = fetchPages(m_http, stage.request, cursorPaging(), [&](const nlohmann::json& page) -> Result<void> {
            const size_t before = usage.size() + costs.size();
            auto reach = stage.parse(page, source + ", page " + std::to_string(p.pages + 1), usage, costs);
            if (!reach)
                return reach.error();
            p.doneToMs = std::max(p.doneToMs, *reach);
            ++p.pages;
            p.records += int64_t(usage.size() + costs.size() - before);
            if (progress)
                progress(p);
            return {};
        });
        if (!pages)
            return describe(pages.error());
        if (stage.table == BucketTable::Usage) {
            mergeSameKey(usage);
            if (auto r = sink.addUsageBuckets(usage); !r)
                return r.error();
            out.usageBuckets += int64_t(usage.size());
        } else {
            mergeSameKey(costs);
            if (auto r = sink.addCostBuckets(costs); !r)
                return r.error();
            out.costBuckets += int64_t(costs.size());
        }
        out.pages += *pages;
        out.covered.push_back({ stage.table, stage.fromMs, window.toMs });
    }
    return out;
}

// ---- types, options, factory ----------------------------------------------------------------------------------

const std::vector<std::string>& connectorTypes()
{
    static const std::vector<std::string> k = { "openai", "anthropic", "prometheus" };
    return k;
}

const std::vector<std::string>& allConnectorTypes()
{
    static const std::vector<std::string> k = { "openai", "anthropic", "prometheus", "focus", "otlp" };
    return k;
}

bool isFileImportType(const std::string& type)
{
    return readsFiles(type);
}

bool connectorNeedsKey(const std::string& type)
{
    return type == "openai" || type == "anthropic";
}

std::string defaultBaseUrl(const std::string& type)
{
    if (type == "openai")
        return "https://api.openai.com";
    if (type == "anthropic")
        return "https://api.anthropic.com";
    return {};
}

std::vector<std::string> connectorOptionKeys(const std::string& type)
{
    std::vector<std::string> keys
        = { "timeout", "connect_timeout", "retries", "lookback_days", "initial_days", "batch_days" };
    if (isFileImportType(type)) {
        // A folder (or one file) of exports: no HTTP, no time window.
        if (type == "focus")
            return { "path", "tag_key" };
        return { "path", "feature_key", "eval_key", "cache_key" };
    }
    if (type == "openai")
        keys.insert(keys.end(), { "bucket_width", "project." });
    else if (type == "anthropic")
        keys.insert(keys.end(), { "bucket_width", "workspace." });
    else if (type == "prometheus")
        keys.insert(keys.end(), { "metrics", "step", "selector" });
    return keys;
}

namespace {

    Error configError(const ConnectorConfig& c, std::string message, std::string hint)
    {
        Error e = makeError(std::move(message), std::move(hint));
        e.source = "connector '" + c.name + "'";
        return e;
    }

    // The base URL as the connector will use it: trailing slashes gone, and an API version path that the user pasted
    // ("https://api.openai.com/v1") dropped, because every request path below starts with it.
    std::string effectiveBaseUrl(const ConnectorConfig& c)
    {
        std::string url = c.baseUrl.empty() ? defaultBaseUrl(c.type) : c.baseUrl;
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        if ((c.type == "openai" || c.type == "anthropic") && url.size() > 3 && url.ends_with("/v1"))
            url.resize(url.size() - 3);
        if (c.type == "prometheus" && url.ends_with("/api/v1"))
            url.resize(url.size() - 7);
        return url;
    }

} // namespace

Result<void> validateConnectorConfig(const ConnectorConfig& c)
{
    if (c.name.empty() || c.name.find_first_of(" \t\r\n/\\'\"") != std::string::npos)
        return configError(c, "a connector name must be one word without quotes or slashes",
                           "Choose a name like openai-prod");
    const auto& types = allConnectorTypes();
    if (std::find(types.begin(), types.end(), c.type) == types.end())
        return configError(c, "unknown connector type '" + c.type + "'",
                           "Use openai, anthropic, prometheus, focus or otlp");
    if (isFileImportType(c.type)) {
        if (c.option("path").empty())
            return configError(c, "a " + c.type + " connector needs the folder (or file) it reads",
                               "Pass --option path=/where/the/exports/are");
        if (!c.baseUrl.empty())
            return configError(c, "a " + c.type + " connector reads files and takes no --base-url",
                               "Pass --option path=FOLDER instead");
        const std::vector<std::string> known = connectorOptionKeys(c.type);
        for (const auto& [key, value] : c.options) {
            if (std::find(known.begin(), known.end(), key) == known.end())
                return configError(c, "unknown option '" + key + "' for a " + c.type + " connector",
                                   c.type == "focus" ? "Known options: path, tag_key"
                                                     : "Known options: path, feature_key, eval_key, cache_key");
            if (value.empty())
                return configError(c, "option '" + key + "' has no value", "Pass --option " + key + "=VALUE");
        }
        return {};
    }
    const std::string url = effectiveBaseUrl(c);
    if (url.empty())
        return configError(c, "a " + c.type + " connector needs --base-url",
                           "Pass the server's address, e.g. --base-url http://prometheus.internal:9090");
    if (!url.starts_with("https://") && !url.starts_with("http://"))
        return configError(c, "the base URL '" + url + "' is not an http(s) address",
                           "Pass a URL that starts with https:// (or http:// for a server on your network)");
    if (c.keyStorage == KeyStorage::Env && c.keyEnv.empty() && connectorNeedsKey(c.type))
        return configError(c, "no environment variable is named for the API key",
                           "Pass --key-env VAR, where the environment variable VAR holds the admin key");
    if (c.keyStorage == KeyStorage::None && connectorNeedsKey(c.type))
        return configError(c, "a " + c.type + " connector needs an admin API key",
                           "Pass --key-env VAR, where the environment variable VAR holds the admin key");

    const std::vector<std::string> keys = connectorOptionKeys(c.type);
    for (const auto& [key, value] : c.options) {
        const bool known = std::any_of(keys.begin(), keys.end(), [&key](const std::string& k) {
            return k.back() == '.' ? key.size() > k.size() && key.starts_with(k) : key == k;
        });
        if (!known) {
            std::string list;
            for (const std::string& k : keys)
                list += (list.empty() ? "" : ", ") + (k.back() == '.' ? k + "<id>" : k);
            return configError(c, "unknown option '" + key + "' for a " + c.type + " connector",
                               "Known options: " + list);
        }
        if (value.empty())
            return configError(c, "option '" + key + "' has no value", "Pass --option " + key + "=VALUE");
    }
    struct Range {
        const char* key;
        int64_t min, max;
    };
    for (const Range& r :
         { Range { "timeout", 1, 3600 }, Range { "connect_timeout", 1, 600 }, Range { "retries", 0, 20 },
           Range { "lookback_days", 0, 400 }, Range { "initial_days", 1, 3660 }, Range { "batch_days", 1, 366 },
           Range { "step", 1, 86400 } }) {
        if (!c.options.count(r.key))
            continue;
        if (auto v = connectoropt::parseInteger(c.option(r.key)); !v || *v < r.min || *v > r.max)
            return configError(c,
                               "option '" + std::string(r.key) + "' must be a whole number from "
                                   + std::to_string(r.min) + " to " + std::to_string(r.max),
                               std::string("Got '") + c.option(r.key) + "'");
    }
    if (c.options.count("bucket_width")) {
        const std::string w = c.option("bucket_width");
        if (w != "1h" && w != "1d")
            return configError(c, "option 'bucket_width' must be 1h or 1d", "Got '" + w + "'");
    }
    if (c.type == "prometheus") {
        for (const std::string& m : connectoropt::list(c.option("metrics"))) {
            const bool ok = !m.empty() && std::all_of(m.begin(), m.end(), [](char ch) {
                return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'
                    || ch == ':';
            });
            if (!ok)
                return configError(c, "'" + m + "' is not a Prometheus metric name",
                                   "List metric names separated by commas, e.g. "
                                   "--option metrics=DCGM_FI_DEV_GPU_UTIL,DCGM_FI_DEV_FB_USED");
        }
    }
    return {};
}

Result<std::unique_ptr<Connector>> makeConnector(const ConnectorConfig& config, std::string key)
{
    if (auto v = validateConnectorConfig(config); !v)
        return v.error();
    if (connectorNeedsKey(config.type) && key.empty())
        return configError(config, "no API key was given", "Pass --key-env VAR, where VAR holds the admin key");
    const std::string url = effectiveBaseUrl(config);
    std::unique_ptr<Connector> c;
    if (config.type == "openai")
        c = std::make_unique<OpenAiConnector>(config, std::move(key), url);
    else if (config.type == "anthropic")
        c = std::make_unique<AnthropicConnector>(config, std::move(key), url);
    else
        c = std::make_unique<PrometheusConnector>(config, std::move(key), url);
    return c;
}

} // namespace il
