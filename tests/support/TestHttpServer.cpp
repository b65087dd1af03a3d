// SPDX-License-Identifier: GPL-3.0-or-later
// POSIX sockets, one thread to accept and one per connection; small on purpose, strict enough for libcurl.
#include "support/TestHttpServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef INFERLEDGER_TESTSUPPORT_HAVE_ZLIB
#include <zlib.h>
#endif

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>

namespace il::test {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr auto kIdleLimit = std::chrono::seconds(30); // a connection silent that long is dropped
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

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
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string percentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

NameValues parseQuery(std::string_view raw)
{
    NameValues out;
    while (!raw.empty()) {
        const auto amp = raw.find('&');
        const std::string_view pair = raw.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos)
                out.emplace_back(percentDecode(pair), std::string());
            else
                out.emplace_back(percentDecode(pair.substr(0, eq)), percentDecode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        raw.remove_prefix(amp + 1);
    }
    return out;
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

bool sendAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

#ifdef INFERLEDGER_TESTSUPPORT_HAVE_ZLIB
std::optional<std::string> gzipCompress(const std::string& input)
{
    z_stream zs{};
    // 15 + 16: a gzip wrapper rather than zlib's. deflateInit2_ directly: the macro hides an old-style cast.
    if (deflateInit2_(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                      static_cast<int>(sizeof(z_stream))) != Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&zs, static_cast<uLong>(input.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto written = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return std::nullopt;
    out.resize(written);
    return out;
}
#endif

void closeSocket(int fd)
{
    if (fd >= 0) {
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
    }
}

} // namespace

// ---- TestRequest ----------------------------------------------------------------------------------------------

std::string TestRequest::header(std::string_view name) const
{
    for (const auto& [n, v] : headers) {
        if (iequals(n, name))
            return v;
    }
    return {};
}

bool TestRequest::hasHeader(std::string_view name) const
{
    return std::any_of(headers.begin(), headers.end(), [name](const auto& h) { return iequals(h.first, name); });
}

std::string TestRequest::queryValue(std::string_view key) const
{
    for (const auto& [k, v] : query) {
        if (k == key)
            return v;
    }
    return {};
}

std::vector<std::string> TestRequest::queryValues(std::string_view key) const
{
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
        if (k == key)
            out.push_back(v);
    }
    return out;
}

bool TestRequest::hasQuery(std::string_view key) const
{
    return std::any_of(query.begin(), query.end(), [key](const auto& q) { return q.first == key; });
}

// ---- TestResponse ---------------------------------------------------------------------------------------------

TestResponse TestResponse::json(std::string body, int status)
{
    TestResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", "application/json");
    return r;
}

TestResponse TestResponse::text(std::string body, int status)
{
    TestResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    return r;
}

TestResponse TestResponse::empty(int status)
{
    TestResponse r;
    r.status = status;
    return r;
}

TestResponse TestResponse::dropConnection()
{
    TestResponse r;
    r.closeWithoutAnswer = true;
    return r;
}

TestResponse& TestResponse::withHeader(std::string name, std::string value)
{
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

TestResponse& TestResponse::withDelay(std::chrono::milliseconds wait)
{
    delay = wait;
    return *this;
}

TestResponse& TestResponse::gzipped()
{
    gzip = true;
    return *this;
}

// ---- TestHttpServer -------------------------------------------------------------------------------------------

TestHttpServer::TestHttpServer() = default;

TestHttpServer::~TestHttpServer()
{
    stop();
}

bool TestHttpServer::start()
{
    if (m_listenFd >= 0)
        return true;
    m_stopping = false;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        m_error = std::string("bind/listen on 127.0.0.1: ") + std::strerror(errno);
        ::close(fd);
        return false;
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_listenFd = fd;
    m_acceptThread = std::thread([this] { acceptLoop(); });
    return true;
}

void TestHttpServer::stop()
{
    if (m_listenFd < 0)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stopCv.notify_all();
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        threads.swap(m_connectionThreads);
    }
    for (std::thread& t : threads)
        t.join();
    ::close(m_listenFd);
    m_listenFd = -1;
}

std::string TestHttpServer::errorString() const
{
    return m_error;
}

std::string TestHttpServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::string TestHttpServer::url(std::string_view pathAndQuery) const
{
    std::string out = baseUrl();
    if (pathAndQuery.empty() || pathAndQuery.front() != '/')
        out += '/';
    out += pathAndQuery;
    return out;
}

void TestHttpServer::route(const std::string& method, const std::string& path, Handler handler)
{
    std::string m = method;
    std::transform(m.begin(), m.end(), m.begin(),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    std::lock_guard lock(m_mutex);
    m_routes[m + ' ' + path] = std::move(handler);
}

void TestHttpServer::route(const std::string& method, const std::string& path, TestResponse response)
{
    route(method, path, [response = std::move(response)](const TestRequest&) { return response; });
}

void TestHttpServer::routeSequence(const std::string& method, const std::string& path,
                                   std::vector<TestResponse> responses)
{
    struct Script {
        std::mutex mutex;
        std::vector<TestResponse> responses;
        std::size_t next = 0;
    };
    auto script = std::make_shared<Script>();
    script->responses = std::move(responses);
    if (script->responses.empty())
        script->responses.push_back(TestResponse::empty(204));
    route(method, path, [script](const TestRequest&) {
        std::lock_guard lock(script->mutex);
        const std::size_t i = std::min(script->next, script->responses.size() - 1);
        ++script->next;
        return script->responses[i];
    });
}

void TestHttpServer::clearRoutes()
{
    std::lock_guard lock(m_mutex);
    m_routes.clear();
}

std::vector<TestRequest> TestHttpServer::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::vector<TestRequest> TestHttpServer::requests(std::string_view path) const
{
    std::lock_guard lock(m_mutex);
    std::vector<TestRequest> out;
    std::copy_if(m_requests.begin(), m_requests.end(), std::back_inserter(out),
                 [path](const TestRequest& r) { return r.path == path; });
    return out;
}

int TestHttpServer::requestCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_requests.size());
}

int TestHttpServer::requestCount(std::string_view path) const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(
        std::count_if(m_requests.begin(), m_requests.end(), [path](const TestRequest& r) { return r.path == path; }));
}

std::optional<TestRequest> TestHttpServer::lastRequest() const
{
    std::lock_guard lock(m_mutex);
    if (m_requests.empty())
        return std::nullopt;
    return m_requests.back();
}

void TestHttpServer::clearRequests()
{
    std::lock_guard lock(m_mutex);
    m_requests.clear();
    m_problems.clear();
}

std::vector<std::string> TestHttpServer::problems() const
{
    std::lock_guard lock(m_mutex);
    return m_problems;
}

bool TestHttpServer::gzipSupported()
{
#ifdef INFERLEDGER_TESTSUPPORT_HAVE_ZLIB
    return true;
#else
    return false;
#endif
}

uint16_t TestHttpServer::unusedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd); // never listened on: connecting is refused
    return port;
}

void TestHttpServer::addProblem(std::string problem)
{
    std::lock_guard lock(m_mutex);
    m_problems.push_back(std::move(problem));
}

bool TestHttpServer::sleepUnlessStopping(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    return !m_stopCv.wait_for(lock, wait, [this] { return m_stopping.load(); });
}

void TestHttpServer::acceptLoop()
{
    while (!m_stopping) {
        pollfd p{m_listenFd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
        if (ready <= 0)
            continue;
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        std::lock_guard lock(m_mutex);
        m_connectionThreads.emplace_back([this, fd] {
            serveConnection(fd);
            closeSocket(fd);
        });
    }
}

TestResponse TestHttpServer::dispatch(const TestRequest& request)
{
    Handler handler;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_routes.find(request.method + ' ' + request.path);
        if (it == m_routes.end())
            it = m_routes.find("* " + request.path);
        if (it != m_routes.end())
            handler = it->second;
    }
    if (!handler)
        return TestResponse::text("no route for " + request.method + " " + request.path, 404);
    try {
        return handler(request);
    } catch (const std::exception& e) {
        addProblem(std::string("handler threw: ") + e.what());
    } catch (...) {
        addProblem("handler threw");
    }
    return TestResponse::text("handler threw", 500);
}

// Reads one request from fd; buffer keeps bytes of a pipelined next request. nullopt: connection over.
std::optional<TestRequest> TestHttpServer::readRequest(int fd, std::string& buffer, bool& clientWantsClose)
{
    auto lastData = std::chrono::steady_clock::now();
    // More bytes into buffer; false on EOF, error, stop or idle timeout.
    const auto fill = [&]() -> bool {
        for (;;) {
            if (m_stopping || std::chrono::steady_clock::now() - lastData > kIdleLimit)
                return false;
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
            if (ready < 0 && errno != EINTR)
                return false;
            if (ready <= 0)
                continue;
            char chunk[16 * 1024];
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
            lastData = std::chrono::steady_clock::now();
            return true;
        }
    };

    std::size_t headerEnd;
    while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > kMaxHeaderBytes) {
            addProblem("request headers larger than 64 KiB");
            return std::nullopt;
        }
        if (!fill())
            return std::nullopt;
    }

    TestRequest request;
    request.receivedAt = std::chrono::steady_clock::now();
    const std::string head = buffer.substr(0, headerEnd);
    buffer.erase(0, headerEnd + 4);

    std::string_view rest(head);
    const auto lineEnd = rest.find("\r\n");
    const std::string_view requestLine = rest.substr(0, lineEnd);
    rest = lineEnd == std::string_view::npos ? std::string_view() : rest.substr(lineEnd + 2);
    const auto sp1 = requestLine.find(' ');
    const auto sp2 = requestLine.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) {
        addProblem("malformed request line: " + std::string(requestLine));
        return std::nullopt;
    }
    request.method = std::string(requestLine.substr(0, sp1));
    request.target = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
    const std::string version(requestLine.substr(sp2 + 1));
    const auto qmark = request.target.find('?');
    request.path = request.target.substr(0, qmark);
    if (qmark != std::string::npos) {
        request.rawQuery = request.target.substr(qmark + 1);
        request.query = parseQuery(request.rawQuery);
    }
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            addProblem("malformed header line: " + std::string(line));
            continue;
        }
        request.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                     std::string(trim(line.substr(colon + 1))));
    }

    const std::string connection = request.header("connection");
    clientWantsClose = iequals(connection, "close") || (version == "HTTP/1.0" && !iequals(connection, "keep-alive"));

    if (iequals(request.header("expect"), "100-continue"))
        sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");

    if (iequals(request.header("transfer-encoding"), "chunked")) {
        for (;;) {
            std::size_t eol;
            while ((eol = buffer.find("\r\n")) == std::string::npos) {
                if (!fill())
                    return std::nullopt;
            }
            const std::size_t size = std::stoul(buffer.substr(0, eol), nullptr, 16);
            buffer.erase(0, eol + 2);
            while (buffer.size() < size + 2) {
                if (!fill())
                    return std::nullopt;
            }
            request.body.append(buffer, 0, size);
            buffer.erase(0, size + 2);
            if (size == 0)
                break; // no trailers from libcurl; the final CRLF was consumed above
        }
    } else if (const std::string length = request.header("content-length"); !length.empty()) {
        const std::size_t size = std::stoul(length);
        while (buffer.size() < size) {
            if (!fill())
                return std::nullopt;
        }
        request.body = buffer.substr(0, size);
        buffer.erase(0, size);
    }
    return request;
}

void TestHttpServer::serveConnection(int fd)
{
    std::string buffer;
    for (;;) {
        bool clientWantsClose = false;
        std::optional<TestRequest> request = readRequest(fd, buffer, clientWantsClose);
        if (!request)
            return;
        {
            std::lock_guard lock(m_mutex);
            m_requests.push_back(*request);
        }
        TestResponse response = dispatch(*request);
        if (response.delay.count() > 0 && !sleepUnlessStopping(response.delay))
            return;
        if (response.closeWithoutAnswer)
            return;

        std::string body = response.body;
        NameValues headers = response.headers;
        const auto has = [&headers](std::string_view name) {
            return std::any_of(headers.begin(), headers.end(),
                               [name](const auto& h) { return iequals(h.first, name); });
        };
        if (response.gzip && request->header("accept-encoding").find("gzip") != std::string::npos) {
#ifdef INFERLEDGER_TESTSUPPORT_HAVE_ZLIB
            if (auto compressed = gzipCompress(body)) {
                body = std::move(*compressed);
                headers.emplace_back("Content-Encoding", "gzip");
            } else {
                addProblem("gzip compression failed");
            }
#else
            addProblem("gzip asked for, but the test support library was built without zlib");
#endif
        }
        const bool close = !m_keepAlive || clientWantsClose;
        std::string out = "HTTP/1.1 " + std::to_string(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
        for (const auto& [name, value] : headers)
            out += name + ": " + value + "\r\n";
        const bool bodyless = response.status == 204 || response.status == 304 || request->method == "HEAD";
        if (!has("content-length") && !bodyless)
            out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        if (!has("connection"))
            out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
        out += "\r\n";
        if (!bodyless)
            out += body;
        if (!sendAll(fd, out) || close)
            return;
    }
}

} // namespace il::test
