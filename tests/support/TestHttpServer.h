// SPDX-License-Identifier: GPL-3.0-or-later
// A real HTTP/1.1 server on 127.0.0.1 for connector tests: scripted answers per route, every request recorded.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace il::test {

using NameValues = std::vector<std::pair<std::string, std::string>>;

// One request as the server received it.
struct TestRequest {
    std::string method;
    std::string target;   // as sent: "/v1/costs?page=2"
    std::string path;     // "/v1/costs", not decoded
    std::string rawQuery; // "page=2", not decoded
    NameValues query;     // decoded ('+' and %XX), in order; repeated keys repeat
    NameValues headers;   // in order, names as sent
    std::string body;     // de-chunked
    std::chrono::steady_clock::time_point receivedAt;

    // Case-insensitive; "" when absent.
    std::string header(std::string_view name) const;
    bool hasHeader(std::string_view name) const;
    // First value; "" when absent.
    std::string queryValue(std::string_view key) const;
    std::vector<std::string> queryValues(std::string_view key) const;
    bool hasQuery(std::string_view key) const;
};

// One scripted answer.
struct TestResponse {
    int status = 200;
    NameValues headers;
    std::string body;
    std::chrono::milliseconds delay{0}; // wait before answering (cut short when the server stops)
    bool closeWithoutAnswer = false;    // read the request, then close the socket
    bool gzip = false;                  // gzip the body when the client accepts it (see gzipSupported())

    static TestResponse json(std::string body, int status = 200);
    static TestResponse text(std::string body, int status = 200);
    static TestResponse empty(int status);
    static TestResponse dropConnection();

    TestResponse& withHeader(std::string name, std::string value);
    TestResponse& withDelay(std::chrono::milliseconds wait);
    TestResponse& gzipped();
};

class TestHttpServer {
public:
    using Handler = std::function<TestResponse(const TestRequest&)>;

    TestHttpServer();
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    // Binds 127.0.0.1 on an ephemeral port and starts serving. False (see errorString()) on failure.
    bool start();
    void stop();
    std::string errorString() const;

    uint16_t port() const { return m_port; }
    std::string baseUrl() const; // "http://127.0.0.1:PORT"
    std::string url(std::string_view pathAndQuery) const;

    // Default off: every answer carries "Connection: close" and the socket is closed after it.
    void setKeepAlive(bool keepAlive) { m_keepAlive = keepAlive; }

    // method "*" matches any method. An unknown route answers 404 "no route". Later registrations replace earlier.
    void route(const std::string& method, const std::string& path, Handler handler);
    void route(const std::string& method, const std::string& path, TestResponse response);
    // Answers in order; the last one repeats.
    void routeSequence(const std::string& method, const std::string& path, std::vector<TestResponse> responses);
    void clearRoutes();

    std::vector<TestRequest> requests() const;
    std::vector<TestRequest> requests(std::string_view path) const;
    int requestCount() const;
    int requestCount(std::string_view path) const;
    std::optional<TestRequest> lastRequest() const;
    void clearRequests();
    // Problems the server met (bad requests, handler exceptions); empty when all went well.
    std::vector<std::string> problems() const;

    static bool gzipSupported();
    // A port on 127.0.0.1 where nothing listens (bound, then closed), for "connection refused".
    static uint16_t unusedPort();

private:
    void acceptLoop();
    void serveConnection(int fd);
    std::optional<TestRequest> readRequest(int fd, std::string& buffer, bool& clientWantsClose);
    TestResponse dispatch(const TestRequest& request);
    bool sleepUnlessStopping(std::chrono::milliseconds wait);
    void addProblem(std::string problem);

    int m_listenFd = -1;
    uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_keepAlive{false};
    std::thread m_acceptThread;
    std::string m_error;

    mutable std::mutex m_mutex;
    std::condition_variable m_stopCv;
    std::vector<std::thread> m_connectionThreads;
    std::map<std::string, Handler> m_routes; // "METHOD path"
    std::vector<TestRequest> m_requests;
    std::vector<std::string> m_problems;
};

} // namespace il::test
