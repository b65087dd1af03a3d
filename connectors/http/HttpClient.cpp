// SPDX-License-Identifier: GPL-3.0-or-later
// libcurl behind HttpClient: retries with backoff, Retry-After, cancellation and errors a person can act on.
#include "http/HttpClient.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <mutex>
#include <thread>

#ifndef INFERLEDGER_VERSION
#define INFERLEDGER_VERSION "0.0.0"
#endif

namespace il {

namespace {

constexpr std::string_view kRedacted = "[redacted]";
// Shorter strings are not treated as secrets: redacting "a" would shred every message, and no real key is that short.
constexpr std::size_t kMinSecretLength = 4;

void ensureCurlGlobalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::string upper(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const char* reasonPhrase(long status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

std::string statusText(long status)
{
    std::string text = "HTTP " + std::to_string(status);
    if (const char* reason = reasonPhrase(status); *reason != '\0')
        text += std::string(" ") + reason;
    return text;
}

bool isRetryableStatus(long status, bool idempotent)
{
    if (status == 429 || status == 503)
        return true; // the server did not act on the request
    // 501 and 505 will not change on a second try.
    return idempotent && status >= 500 && status <= 599 && status != 501 && status != 505;
}

bool isRetryableTransport(CURLcode code, bool idempotent)
{
    switch (code) {
    case CURLE_COULDNT_CONNECT: return true; // nothing was sent
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return idempotent;
    default:
        // Not retried on purpose: a host that does not resolve is almost always a typo in the base URL,
        // and TLS failures do not fix themselves; retrying would only make the user wait.
        return false;
    }
}

bool defaultIdempotent(const std::string& method)
{
    const std::string m = upper(method);
    return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "OPTIONS";
}

// The "error" text of a JSON error body, as the common APIs shape it.
std::string serverDetail(const HttpResponse& response)
{
    const std::string contentType = response.headers.value("content-type").value_or("");
    std::string detail;
    if (contentType.find("json") != std::string::npos) {
        const auto json = nlohmann::json::parse(response.body, nullptr, false);
        if (json.is_object()) {
            const auto err = json.find("error");
            if (err != json.end() && err->is_object()) {
                const auto msg = err->find("message");
                if (msg != err->end() && msg->is_string())
                    detail = msg->get<std::string>();
            } else if (err != json.end() && err->is_string()) {
                detail = err->get<std::string>();
            }
            if (detail.empty()) {
                const auto msg = json.find("message");
                if (msg != json.end() && msg->is_string())
                    detail = msg->get<std::string>();
            }
        }
    } else if (contentType.find("text/plain") != std::string::npos) {
        detail = std::string(trim(response.body));
    }
    constexpr std::size_t kMaxDetail = 300;
    if (detail.size() > kMaxDetail)
        detail = detail.substr(0, kMaxDetail) + "…";
    return detail;
}

std::string formatBytes(std::size_t bytes)
{
    constexpr std::size_t kMiB = 1024 * 1024;
    if (bytes >= kMiB && bytes % kMiB == 0)
        return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

struct TransferContext {
    const HttpClient* client = nullptr;
    HttpResponse* response = nullptr;
    std::size_t maxBytes = 0;
    bool tooLarge = false;
};

size_t writeBody(char* data, size_t size, size_t count, void* user)
{
    auto* ctx = static_cast<TransferContext*>(user);
    const size_t n = size * count;
    if (ctx->response->body.size() + n > ctx->maxBytes) {
        ctx->tooLarge = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    ctx->response->body.append(data, n);
    return n;
}

size_t writeHeader(char* data, size_t size, size_t count, void* user)
{
    auto* ctx = static_cast<TransferContext*>(user);
    const size_t n = size * count;
    const std::string_view line = trim(std::string_view(data, n));
    if (line.substr(0, 5) == "HTTP/") {
        ctx->response->headers = {}; // a new response (after 100 Continue): only the final one counts
        return n;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0)
        ctx->response->headers.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* ctx = static_cast<TransferContext*>(user);
    return ctx->client->isCancelled() ? 1 : 0;
}

struct UrlParts {
    std::string scheme;
    std::string host;
    std::string display; // scheme://host[:port]/path: no credentials, no query
};

std::optional<UrlParts> parseUrl(const std::string& url)
{
    CURLU* h = curl_url();
    if (!h)
        return std::nullopt;
    std::optional<UrlParts> out;
    if (curl_url_set(h, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        auto part = [h](CURLUPart which) {
            char* value = nullptr;
            std::string s;
            if (curl_url_get(h, which, &value, 0) == CURLUE_OK && value)
                s = value;
            curl_free(value);
            return s;
        };
        UrlParts p;
        p.scheme = part(CURLUPART_SCHEME);
        p.host = part(CURLUPART_HOST);
        const std::string port = part(CURLUPART_PORT);
        const std::string path = part(CURLUPART_PATH);
        for (char& c : p.scheme)
            c = lower(c);
        if ((p.scheme == "http" || p.scheme == "https") && !p.host.empty()) {
            p.display = p.scheme + "://" + p.host + (port.empty() ? "" : ":" + port) + path;
            out = std::move(p);
        }
    }
    curl_url_cleanup(h);
    return out;
}

} // namespace

// ---- HttpHeaders ----------------------------------------------------------------------------------------------

void HttpHeaders::add(std::string name, std::string value, bool secret)
{
    m_entries.push_back({std::move(name), std::move(value), secret});
}

void HttpHeaders::set(std::string name, std::string value, bool secret)
{
    remove(name);
    add(std::move(name), std::move(value), secret);
}

void HttpHeaders::remove(std::string_view name)
{
    std::erase_if(m_entries, [name](const Entry& e) { return iequals(e.name, name); });
}

bool HttpHeaders::contains(std::string_view name) const
{
    return std::any_of(m_entries.begin(), m_entries.end(), [name](const Entry& e) { return iequals(e.name, name); });
}

std::optional<std::string> HttpHeaders::value(std::string_view name) const
{
    for (const Entry& e : m_entries) {
        if (iequals(e.name, name))
            return e.value;
    }
    return std::nullopt;
}

std::vector<std::string> HttpHeaders::values(std::string_view name) const
{
    std::vector<std::string> out;
    for (const Entry& e : m_entries) {
        if (iequals(e.name, name))
            out.push_back(e.value);
    }
    return out;
}

bool HttpHeaders::isSensitiveName(std::string_view name)
{
    static constexpr std::string_view kNames[] = {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie", "set-cookie"};
    return std::any_of(std::begin(kNames), std::end(kNames), [name](std::string_view n) { return iequals(n, name); });
}

// ---- redaction ------------------------------------------------------------------------------------------------

std::string redactSecrets(std::string_view text, const std::vector<std::string>& secrets)
{
    std::vector<std::string> encodedSecrets;
    encodedSecrets.reserve(secrets.size()); // needles point into it: no reallocation
    std::vector<std::string_view> needles;
    for (const std::string& s : secrets) {
        const std::string_view secret = trim(s);
        if (secret.size() >= kMinSecretLength)
            needles.push_back(secret);
        // A secret sent in a query string shows up percent-encoded in logged URLs.
        if (std::string encoded = HttpClient::urlEncode(secret); encoded != secret && secret.size() >= kMinSecretLength)
            encodedSecrets.push_back(std::move(encoded));
        // "Bearer sk-…": the token alone is as secret as the whole header value.
        if (const auto space = secret.find(' '); space != std::string_view::npos) {
            const std::string_view token = trim(secret.substr(space + 1));
            if (token.size() >= kMinSecretLength)
                needles.push_back(token);
        }
    }
    needles.insert(needles.end(), encodedSecrets.begin(), encodedSecrets.end());
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(needles.begin(), needles.end(),
              [](std::string_view a, std::string_view b) { return a.size() > b.size(); });

    std::string out(text);
    for (const std::string_view needle : needles) {
        for (auto pos = out.find(needle); pos != std::string::npos; pos = out.find(needle, pos + kRedacted.size()))
            out.replace(pos, needle.size(), kRedacted);
    }
    return out;
}

// ---- HttpClient -----------------------------------------------------------------------------------------------

struct HttpClient::Attempt {
    CURLcode code = CURLE_OK;
    std::string curlMessage;
    HttpResponse response;
    bool cancelled = false;
    bool tooLarge = false;
    bool connected = false;
    std::chrono::milliseconds elapsed{0};
    std::optional<Error> setupError;
};

HttpClient::HttpClient(HttpClientOptions options) : m_options(std::move(options)), m_rng(std::random_device{}())
{
    ensureCurlGlobalInit();
    m_curl = curl_easy_init();
}

HttpClient::~HttpClient()
{
    if (m_curl)
        curl_easy_cleanup(m_curl);
}

HttpClient::HttpClient(HttpClient&& other) noexcept
    : m_options(std::move(other.m_options)), m_defaultHeaders(std::move(other.m_defaultHeaders)),
      m_secrets(std::move(other.m_secrets)), m_cancelFlag(other.m_cancelFlag),
      m_stopToken(std::move(other.m_stopToken)), m_logger(std::move(other.m_logger)), m_rng(std::move(other.m_rng)),
      m_curl(std::exchange(other.m_curl, nullptr))
{
}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept
{
    if (this != &other) {
        if (m_curl)
            curl_easy_cleanup(m_curl);
        m_options = std::move(other.m_options);
        m_defaultHeaders = std::move(other.m_defaultHeaders);
        m_secrets = std::move(other.m_secrets);
        m_cancelFlag = other.m_cancelFlag;
        m_stopToken = std::move(other.m_stopToken);
        m_logger = std::move(other.m_logger);
        m_rng = std::move(other.m_rng);
        m_curl = std::exchange(other.m_curl, nullptr);
    }
    return *this;
}

void HttpClient::setDefaultHeader(std::string name, std::string value, bool secret)
{
    m_defaultHeaders.set(std::move(name), std::move(value), secret);
}

void HttpClient::addSecret(std::string secret)
{
    m_secrets.push_back(std::move(secret));
}

bool HttpClient::isCancelled() const
{
    return (m_cancelFlag && m_cancelFlag->load(std::memory_order_relaxed)) || m_stopToken.stop_requested();
}

std::vector<std::string> HttpClient::secretsOf(const HttpHeaders& headers) const
{
    std::vector<std::string> out;
    for (const HttpHeaders::Entry& e : headers.entries()) {
        if (e.secret || HttpHeaders::isSensitiveName(e.name))
            out.push_back(e.value);
    }
    return out;
}

std::string HttpClient::redact(std::string_view text) const
{
    std::vector<std::string> secrets = m_secrets;
    for (std::string& s : secretsOf(m_defaultHeaders))
        secrets.push_back(std::move(s));
    secrets.insert(secrets.end(), m_requestSecrets.begin(), m_requestSecrets.end());
    return redactSecrets(text, secrets);
}

void HttpClient::log(const std::string& line) const
{
    if (m_logger)
        m_logger(redact(line));
}

std::string HttpClient::userAgent()
{
    static const std::string ua = [] {
        ensureCurlGlobalInit();
        const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
        return std::string("InferLedger/") + INFERLEDGER_VERSION + " (+libcurl/" +
               (info && info->version ? info->version : LIBCURL_VERSION) + ")";
    }();
    return ua;
}

std::string HttpClient::urlEncode(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

std::string HttpClient::buildUrl(std::string_view url, const QueryParams& query)
{
    std::string base(url);
    std::string fragment;
    if (const auto hash = base.find('#'); hash != std::string::npos) {
        fragment = base.substr(hash);
        base.resize(hash);
    }
    if (query.empty())
        return base + fragment;
    const auto q = base.find('?');
    char sep = '?';
    if (q != std::string::npos)
        sep = (base.back() == '?' || base.back() == '&') ? '\0' : '&';
    for (const auto& [key, value] : query) {
        if (sep != '\0')
            base += sep;
        base += urlEncode(key);
        base += '=';
        base += urlEncode(value);
        sep = '&';
    }
    return base + fragment;
}

std::optional<std::chrono::milliseconds> HttpClient::parseRetryAfter(std::string_view value,
                                                                     std::chrono::system_clock::time_point now)
{
    const std::string_view v = trim(value);
    if (v.empty())
        return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 9)
            return std::chrono::milliseconds(std::chrono::hours(24 * 365)); // absurd, but a number: "very long"
        return std::chrono::seconds(std::stoll(std::string(v)));
    }
    const time_t when = curl_getdate(std::string(v).c_str(), nullptr);
    if (when == -1)
        return std::nullopt;
    const auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(delta));
}

std::chrono::milliseconds HttpClient::backoffDelay(int retry, const RetryPolicy& policy, std::mt19937_64& rng)
{
    const long long base = std::max<long long>(0, policy.baseDelay.count());
    const long long maxDelay = std::max<long long>(0, policy.maxDelay.count());
    long long cap = base;
    for (int i = 0; i < retry && cap < maxDelay; ++i)
        cap *= 2;
    cap = std::min(cap, maxDelay);
    std::uniform_int_distribution<long long> dist(0, cap);
    return std::chrono::milliseconds(dist(rng));
}

std::string HttpClient::formatSeconds(std::chrono::milliseconds duration)
{
    const long long ms = duration.count();
    std::string out = std::to_string(ms / 1000);
    if (long long frac = ms % 1000; frac != 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%03lld", frac < 0 ? -frac : frac);
        std::string f(buf);
        while (!f.empty() && f.back() == '0')
            f.pop_back();
        out += '.' + f;
    }
    return out + " s";
}

bool HttpClient::waitFor(std::chrono::milliseconds delay) const
{
    const auto deadline = std::chrono::steady_clock::now() + delay;
    constexpr auto kSlice = std::chrono::milliseconds(20);
    while (!isCancelled()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return true;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kSlice, deadline - now));
    }
    return false;
}

HttpClient::Attempt HttpClient::perform(const HttpRequest& request, const std::string& url, const HttpHeaders& headers)
{
    Attempt attempt;
    CURL* curl = m_curl;
    if (!curl) {
        attempt.setupError = makeError("libcurl could not be initialised", "This is a bug; please report it");
        return attempt;
    }
    curl_easy_reset(curl); // keeps the connection cache, drops every option of the last request

    curl_slist* headerList = nullptr;
    bool hasExpect = false;
    for (const HttpHeaders::Entry& e : headers.entries()) {
        if (e.name.find_first_of("\r\n:") != std::string::npos || e.value.find_first_of("\r\n") != std::string::npos) {
            curl_slist_free_all(headerList);
            attempt.setupError = makeError("the header '" + redact(e.name) + "' contains a line break or colon",
                                           "Remove line breaks from the header (or the key) and try again");
            return attempt;
        }
        hasExpect = hasExpect || iequals(e.name, "expect");
        // "Name;" is curl's way to send a header with an empty value.
        const std::string line = e.value.empty() ? e.name + ";" : e.name + ": " + e.value;
        headerList = curl_slist_append(headerList, line.c_str());
    }
    if (!hasExpect) // no "Expect: 100-continue" pause on larger bodies
        headerList = curl_slist_append(headerList, "Expect:");

    char errorBuffer[CURL_ERROR_SIZE] = {};
    TransferContext ctx;
    ctx.client = this;
    ctx.response = &attempt.response;
    ctx.maxBytes = m_options.maxResponseBytes;

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // required when used from several threads
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::max<long long>(1, m_options.connectTimeout.count())));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<long long>(1, m_options.totalTimeout.count())));
    // TLS verification is never switched off; 2 is the value that checks the host name (1 means the same since 7.66).
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.caBundlePath.empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caBundlePath.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, userAgent().c_str());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headerList);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &ctx);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &writeHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &ctx);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &ctx);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

    const std::string method = upper(request.method.empty() ? std::string("GET") : request.method);
    if (method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        if (method != "POST")
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    }

    const auto start = std::chrono::steady_clock::now();
    attempt.code = curl_easy_perform(curl);
    attempt.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    attempt.curlMessage = errorBuffer[0] != '\0' ? std::string(errorBuffer) : curl_easy_strerror(attempt.code);
    attempt.cancelled = attempt.code == CURLE_ABORTED_BY_CALLBACK;
    attempt.tooLarge = ctx.tooLarge;

    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    attempt.response.status = status;
    curl_off_t connectTime = 0;
    curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connectTime);
    attempt.connected = connectTime > 0 || status > 0;

    // The list holds secret header values; it must not outlive the transfer.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(headerList);
    return attempt;
}

Error HttpClient::cancelledError(const std::string& displayUrl) const
{
    Error e = makeError("the request was cancelled");
    e.source = redact(displayUrl);
    return e;
}

Error HttpClient::statusError(const HttpResponse& response, const std::string& displayUrl, const std::string& host,
                              int retries) const
{
    const long status = response.status;
    const std::string detail = serverDetail(response);
    const std::string after =
        retries > 0 ? " after " + std::to_string(retries) + (retries == 1 ? " retry" : " retries") : std::string();
    Error e;
    if (status == 401 || status == 403) {
        e.message = "the server refused the API key (" + statusText(status) + ")";
        e.hint = "Check that the key is complete and current, and use an admin key with read access to usage and "
                 "costs (OpenAI: an Admin key from the organization settings; Anthropic: an Admin API key, "
                 "sk-ant-admin…)";
    } else if (status == 404) {
        e.message = "nothing was found at this address (" + statusText(status) + ")";
        e.hint = "Check the base URL and the API version";
    } else if (status == 429) {
        e.message = "the server at " + host + " is refusing requests as too many (" + statusText(status) + ")" + after;
        e.hint = "Wait a few minutes and try again, or sync a shorter period";
    } else if (status >= 500) {
        e.message = "the server at " + host + " failed with " + statusText(status) + after;
        e.hint = "The provider may be having an outage; try again later";
    } else if (status >= 300 && status < 400) {
        e.message = "the server redirected the request to " + response.headers.value("location").value_or("elsewhere") +
                    " (" + statusText(status) + ")";
        e.hint = "Update the base URL to the new address";
    } else if (status >= 400) {
        e.message = "the server rejected the request (" + statusText(status) + ")";
        e.hint = "Check the connector settings and the period asked for; the server's reason is given above";
    } else {
        e.message = "unexpected answer from the server (" + statusText(status) + ")";
        e.hint = "Check the base URL";
    }
    if (!detail.empty())
        e.message += ": " + detail;
    e.message = redact(e.message);
    e.hint = redact(e.hint);
    e.source = redact(displayUrl);
    // As data, so that callers (the connectors' plain-words messages) never have to search the text for it.
    e.httpStatus = int(status);
    return e;
}

Error HttpClient::transportError(const Attempt& attempt, const std::string& displayUrl, const std::string& host) const
{
    Error e;
    switch (attempt.code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        e.message = "the address is not a valid http(s) URL";
        e.hint = "Check the base URL; it must start with https:// (or http:// for a local server)";
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        e.message = "could not resolve host " + host;
        e.hint = "Check the base URL and the network connection";
        break;
    case CURLE_COULDNT_RESOLVE_PROXY:
        e.message = "could not resolve the proxy host";
        e.hint = "Check the https_proxy / http_proxy environment variables";
        break;
    case CURLE_COULDNT_CONNECT:
        e.message = "could not connect to " + host;
        e.hint = "Check the base URL, that the server is up, and the network or proxy settings";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        // Localhost connects in microseconds, so "no connect time" alone could mislead; a connect timeout also
        // ends before the total timeout does.
        if (!attempt.connected && attempt.elapsed < m_options.totalTimeout * 95 / 100) {
            e.message = "could not connect to " + host + " within " + formatSeconds(m_options.connectTimeout);
            e.hint = "Check the network connection and proxy settings, or raise the connect timeout";
        } else {
            e.message = "no answer from " + host + " within " + formatSeconds(m_options.totalTimeout);
            e.hint = "The server is slow or the network is unreliable; try again, sync a shorter period, or raise "
                     "the timeout";
        }
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        e.message = "the TLS certificate of " + host + " could not be verified";
        e.hint = "Check the system clock; behind a TLS-inspecting proxy, set the CA bundle to the proxy's certificate";
        break;
    case CURLE_SSL_CONNECT_ERROR:
        e.message = "the TLS handshake with " + host + " failed";
        e.hint = "Check the base URL (https:// to a server that speaks TLS) and any proxy in between";
        break;
    case CURLE_SSL_CACERT_BADFILE:
        e.message = "the CA bundle '" + m_options.caBundlePath + "' could not be read";
        e.hint = "Fix the CA bundle path, or clear it to use the system certificates";
        break;
    case CURLE_GOT_NOTHING:
        e.message = host + " closed the connection without answering";
        e.hint = "Check the base URL and port (https:// vs http://); try again later";
        break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        e.message = "the connection to " + host + " broke";
        e.hint = "Check the network connection and try again";
        break;
    case CURLE_PARTIAL_FILE:
        e.message = "the answer from " + host + " was cut short";
        e.hint = "Check the network connection and try again";
        break;
    case CURLE_BAD_CONTENT_ENCODING:
        e.message = "the answer from " + host + " could not be decompressed";
        e.hint = "A proxy may be altering the traffic; try again without it";
        break;
    case CURLE_WRITE_ERROR:
        if (attempt.tooLarge) {
            e.message = "the answer from " + host + " is larger than " + formatBytes(m_options.maxResponseBytes);
            e.hint = "Sync a shorter period";
            break;
        }
        [[fallthrough]];
    default:
        e.message = "the request to " + host + " failed: " + attempt.curlMessage;
        e.hint = "Check the base URL and the network connection";
        break;
    }
    e.message = redact(e.message);
    e.hint = redact(e.hint);
    e.source = redact(displayUrl);
    return e;
}

Result<HttpResponse> HttpClient::get(std::string url, QueryParams query, HttpHeaders headers)
{
    HttpRequest r;
    r.url = std::move(url);
    r.query = std::move(query);
    r.headers = std::move(headers);
    return send(r);
}

Result<HttpResponse> HttpClient::post(std::string url, std::string body, std::string contentType, HttpHeaders headers)
{
    HttpRequest r;
    r.method = "POST";
    r.url = std::move(url);
    r.body = std::move(body);
    r.headers = std::move(headers);
    if (!contentType.empty() && !r.headers.contains("content-type"))
        r.headers.set("Content-Type", std::move(contentType));
    return send(r);
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request)
{
    // The request's headers override the defaults of the same name.
    HttpHeaders headers;
    for (const HttpHeaders::Entry& e : m_defaultHeaders.entries()) {
        if (!request.headers.contains(e.name))
            headers.add(e.name, e.value, e.secret);
    }
    for (const HttpHeaders::Entry& e : request.headers.entries())
        headers.add(e.name, e.value, e.secret);

    m_requestSecrets = secretsOf(headers);
    struct ClearSecrets {
        std::vector<std::string>& secrets;
        ~ClearSecrets() { secrets.clear(); }
    } clearSecrets{m_requestSecrets};

    const std::string url = buildUrl(request.url, request.query);
    const std::optional<UrlParts> parts = parseUrl(url);
    if (!parts) {
        Error e = makeError("'" + redact(request.url) + "' is not a valid http(s) URL",
                            "Check the base URL; it must start with https:// (or http:// for a local server)");
        return e;
    }
    // Logged as scheme://host[:port]/path?query: credentials in the URL's user-info part never reach a log.
    std::string logUrl = parts->display;
    if (const auto q = url.find('?'); q != std::string::npos)
        logUrl += url.substr(q, url.find('#', q) - q);
    const std::string method = upper(request.method.empty() ? std::string("GET") : request.method);
    const bool idempotent = request.idempotent.value_or(defaultIdempotent(method));
    const RetryPolicy& policy = m_options.retry;

    for (int retries = 0;; ++retries) {
        if (isCancelled())
            return cancelledError(parts->display);

        Attempt attempt = perform(request, url, headers);
        attempt.response.attempts = retries + 1;
        if (attempt.setupError) {
            attempt.setupError->source = redact(parts->display);
            return *attempt.setupError;
        }
        if (attempt.cancelled || (attempt.code != CURLE_OK && isCancelled()))
            return cancelledError(parts->display);

        std::optional<std::chrono::milliseconds> retryAfter;
        bool retryable = false;
        std::string what;
        if (attempt.code != CURLE_OK) {
            retryable = isRetryableTransport(attempt.code, idempotent);
            what = attempt.curlMessage;
        } else {
            const long status = attempt.response.status;
            log(method + " " + logUrl + " -> " + std::to_string(status) + " in " +
                std::to_string(attempt.elapsed.count()) + " ms (attempt " + std::to_string(retries + 1) + ")");
            if (status >= 200 && status < 300)
                return std::move(attempt.response);
            retryable = isRetryableStatus(status, idempotent);
            what = statusText(status);
            if (const auto value = attempt.response.headers.value("retry-after"))
                retryAfter = parseRetryAfter(*value, std::chrono::system_clock::now());
        }

        const auto finalError = [&](int madeRetries) -> Result<HttpResponse> {
            if (attempt.code != CURLE_OK) {
                Error e = transportError(attempt, parts->display, parts->host);
                if (madeRetries > 0)
                    e.message +=
                        " (after " + std::to_string(madeRetries) + (madeRetries == 1 ? " retry)" : " retries)");
                return e;
            }
            if (request.acceptAnyStatus)
                return std::move(attempt.response);
            return statusError(attempt.response, parts->display, parts->host, madeRetries);
        };

        if (attempt.code != CURLE_OK)
            log(method + " " + logUrl + " failed: " + what + " (attempt " + std::to_string(retries + 1) + ")");
        if (!retryable || retries >= policy.maxRetries)
            return finalError(retries);

        std::chrono::milliseconds delay = backoffDelay(retries, policy, m_rng);
        if (retryAfter) {
            if (*retryAfter > policy.maxDelay) {
                log("the server asked to wait " + formatSeconds(*retryAfter) + ", more than the " +
                    formatSeconds(policy.maxDelay) + " limit; giving up");
                auto result = finalError(retries);
                if (!result.ok()) {
                    Error e = result.error();
                    e.message += "; it asked to wait " + formatSeconds(*retryAfter) + " before trying again";
                    return e;
                }
                return result;
            }
            delay = *retryAfter;
        }
        log("retrying in " + formatSeconds(delay) + " after " + what);
        if (!waitFor(delay))
            return cancelledError(parts->display);
    }
}

} // namespace il
