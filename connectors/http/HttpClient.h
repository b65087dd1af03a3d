// SPDX-License-Identifier: GPL-3.0-or-later
// The one HTTP client every API connector uses: libcurl, synchronous, one instance per worker thread.
#pragma once

#include "domain/Result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace il {

// Ordered header list with case-insensitive lookup. A header marked secret (and always Authorization,
// Proxy-Authorization, x-api-key, api-key, Cookie) has its value kept out of errors and log lines.
class HttpHeaders {
public:
    struct Entry {
        std::string name;
        std::string value;
        bool secret = false;
    };

    void add(std::string name, std::string value, bool secret = false);
    // Replaces every header with that name.
    void set(std::string name, std::string value, bool secret = false);
    void remove(std::string_view name);

    bool contains(std::string_view name) const;
    // First value, or nullopt.
    std::optional<std::string> value(std::string_view name) const;
    std::vector<std::string> values(std::string_view name) const;
    const std::vector<Entry>& entries() const { return m_entries; }
    bool empty() const { return m_entries.empty(); }

    static bool isSensitiveName(std::string_view name);

private:
    std::vector<Entry> m_entries;
};

// Query parameters in order; repeated keys ("group_by[]") are repeated entries.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url; // absolute http(s) URL, may already carry a query string
    QueryParams query;
    HttpHeaders headers;
    std::string body;
    // nullopt: GET/HEAD/PUT/DELETE/OPTIONS are idempotent, POST/PATCH are not. A request that is not
    // idempotent is only retried when the server cannot have acted on it (429, 503, connect failure).
    std::optional<bool> idempotent;
    // false: a non-2xx status (after retries) is an Error. true: it is returned as a response.
    bool acceptAnyStatus = false;
};

struct HttpResponse {
    long status = 0;
    HttpHeaders headers;
    std::string body;
    int attempts = 0; // 1 + retries made
};

struct RetryPolicy {
    int maxRetries = 4;
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{30000}; // a longer Retry-After gives up rather than waits
};

struct HttpClientOptions {
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds totalTimeout{60000}; // per attempt
    RetryPolicy retry;
    std::string caBundlePath; // empty: the system trust store
    std::size_t maxResponseBytes = 512u * 1024u * 1024u;
};

// Synchronous libcurl client. Not thread-safe: create one per worker thread (the easy handle and its
// connection cache are reused across requests). TLS verification is always on; proxies come from the
// usual environment variables (http_proxy, https_proxy, no_proxy), which libcurl reads itself.
// Redirects are not followed, so custom credential headers never travel to another host.
class HttpClient {
public:
    using Logger = std::function<void(std::string_view line)>;

    explicit HttpClient(HttpClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;
    HttpClient& operator=(HttpClient&& other) noexcept;

    void setConnectTimeout(std::chrono::milliseconds timeout) { m_options.connectTimeout = timeout; }
    void setTotalTimeout(std::chrono::milliseconds timeout) { m_options.totalTimeout = timeout; }
    void setRetryPolicy(RetryPolicy policy) { m_options.retry = policy; }
    void setCaBundlePath(std::string path) { m_options.caBundlePath = std::move(path); }
    void setMaxResponseBytes(std::size_t bytes) { m_options.maxResponseBytes = bytes; }
    const HttpClientOptions& options() const { return m_options; }

    // Headers sent with every request (e.g. the API key); a request's own header of the same name wins.
    void setDefaultHeader(std::string name, std::string value, bool secret = false);
    // Any other string that must never be shown (a key passed in a query parameter, say).
    void addSecret(std::string secret);

    // Checked during transfers and between retries; either may be set, both may be.
    void setCancelFlag(const std::atomic<bool>* flag) { m_cancelFlag = flag; }
    void setStopToken(std::stop_token token) { m_stopToken = std::move(token); }
    bool isCancelled() const;

    // One line per attempt and retry, already redacted.
    void setLogger(Logger logger) { m_logger = std::move(logger); }

    Result<HttpResponse> send(const HttpRequest& request);
    Result<HttpResponse> get(std::string url, QueryParams query = {}, HttpHeaders headers = {});
    Result<HttpResponse> post(std::string url, std::string body, std::string contentType, HttpHeaders headers = {});

    // Replaces every known secret in text with "[redacted]".
    std::string redact(std::string_view text) const;

    // "InferLedger/0.1.0 (+libcurl/7.88.1)"
    static std::string userAgent();
    // RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - . _ ~ is escaped.
    static std::string urlEncode(std::string_view text);
    static std::string buildUrl(std::string_view url, const QueryParams& query);
    // Retry-After as delta-seconds or HTTP-date; nullopt when unparseable. Past dates give 0.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                                    std::chrono::system_clock::time_point now);
    // Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^retry)].
    static std::chrono::milliseconds backoffDelay(int retry, const RetryPolicy& policy, std::mt19937_64& rng);
    // "1 s", "0.5 s", "2.25 s"
    static std::string formatSeconds(std::chrono::milliseconds duration);

private:
    struct Attempt;

    Attempt perform(const HttpRequest& request, const std::string& url, const HttpHeaders& headers);
    Error statusError(const HttpResponse& response, const std::string& displayUrl, const std::string& host,
                      int retries) const;
    Error transportError(const Attempt& attempt, const std::string& displayUrl, const std::string& host) const;
    Error cancelledError(const std::string& displayUrl) const;
    // Sleeps in short slices so that cancellation is noticed; false when cancelled.
    bool waitFor(std::chrono::milliseconds delay) const;
    void log(const std::string& line) const;
    std::vector<std::string> secretsOf(const HttpHeaders& headers) const;

    HttpClientOptions m_options;
    HttpHeaders m_defaultHeaders;
    std::vector<std::string> m_secrets;
    std::vector<std::string> m_requestSecrets; // the current request's, for redaction during send()
    const std::atomic<bool>* m_cancelFlag = nullptr;
    std::stop_token m_stopToken;
    Logger m_logger;
    std::mt19937_64 m_rng;
    void* m_curl = nullptr; // CURL*, kept out of this header so that users never see curl.h
};

// Redacts each of secrets (and the token after "Bearer "/"Basic " when a secret carries a scheme).
std::string redactSecrets(std::string_view text, const std::vector<std::string>& secrets);

} // namespace il
