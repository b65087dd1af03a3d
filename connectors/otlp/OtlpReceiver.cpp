// SPDX-License-Identifier: GPL-3.0-or-later
#include "otlp/OtlpReceiver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <nlohmann/json.hpp>

#ifdef INFERLEDGER_HAVE_ZLIB
#include <zlib.h>
#endif

#include <algorithm>
#include <charconv>
#include <memory>

namespace il {

namespace {

    constexpr size_t kMaxHeaderBytes = 64 * 1024;

    std::string lower(std::string_view s)
    {
        std::string o(s);
        std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return o;
    }

    std::string_view trimmed(std::string_view s)
    {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    }

    const char* reasonPhrase(int status)
    {
        switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 411:
            return "Length Required";
        case 413:
            return "Payload Too Large";
        case 415:
            return "Unsupported Media Type";
        case 431:
            return "Request Header Fields Too Large";
        case 503:
            return "Service Unavailable";
        default:
            return "Error";
        }
    }

    // The google.rpc.Status code that goes with an HTTP status (OTLP/HTTP error bodies are a Status).
    int rpcCode(int status)
    {
        switch (status) {
        case 404:
            return 5; // NOT_FOUND
        case 405:
            return 12; // UNIMPLEMENTED
        case 413:
            return 8; // RESOURCE_EXHAUSTED
        case 503:
            return 14; // UNAVAILABLE
        default:
            return 3; // INVALID_ARGUMENT
        }
    }

    enum class Gunzip { Ok, Invalid, TooLarge, Unsupported };

    Gunzip gunzip(const std::string& in, std::string& out, size_t limit)
    {
#ifdef INFERLEDGER_HAVE_ZLIB
        z_stream zs {};
        if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
            return Gunzip::Invalid;
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        zs.avail_in = uInt(in.size());
        out.clear();
        char chunk[1 << 16];
        int rc = Z_OK;
        while (rc != Z_STREAM_END) {
            zs.next_out = reinterpret_cast<Bytef*>(chunk);
            zs.avail_out = sizeof chunk;
            rc = inflate(&zs, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) {
                inflateEnd(&zs);
                return Gunzip::Invalid;
            }
            out.append(chunk, sizeof chunk - zs.avail_out);
            if (out.size() > limit) {
                inflateEnd(&zs);
                return Gunzip::TooLarge;
            }
            if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
                inflateEnd(&zs);
                return Gunzip::Invalid; // truncated
            }
        }
        inflateEnd(&zs);
        return Gunzip::Ok;
#else
        (void)in;
        (void)out;
        (void)limit;
        return Gunzip::Unsupported;
#endif
    }

} // namespace

// One client connection: bytes not yet used and the request being read.
struct OtlpReceiver::Connection {
    std::string buf;
    bool headersDone = false;
    std::string method, target, version;
    std::vector<std::pair<std::string, std::string>> headers; // names lower-cased
    bool chunked = false;
    size_t contentLength = 0;
    std::string body; // de-chunked so far
    bool keepAlive = true;

    std::string header(std::string_view name) const
    {
        for (const auto& [n, v] : headers)
            if (n == name)
                return v;
        return {};
    }
    void reset()
    {
        headersDone = false;
        method.clear();
        target.clear();
        version.clear();
        headers.clear();
        chunked = false;
        contentLength = 0;
        body.clear();
    }
};

OtlpReceiver::OtlpReceiver(Options options, BatchHandler handler, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_handler(std::move(handler))
{
    m_options.read.rejectInvalidSpans = true; // OTLP partial success: keep the good spans of a batch
    m_reader = std::make_unique<OtlpSpanReader>(m_options.read);
}

OtlpReceiver::~OtlpReceiver() = default;

Result<void> OtlpReceiver::listen()
{
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &OtlpReceiver::onNewConnection);
    }
    if (m_server->isListening())
        return {};
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), m_options.port)) {
        Error e;
        e.source = "OTLP receiver 127.0.0.1:" + std::to_string(m_options.port);
        e.message = "cannot listen: " + m_server->errorString().toStdString();
        e.hint = "Another program (an OpenTelemetry Collector?) may hold the port; choose another with --port";
        return e;
    }
    return {};
}

void OtlpReceiver::close()
{
    if (m_server)
        m_server->close();
}

bool OtlpReceiver::isListening() const
{
    return m_server && m_server->isListening();
}

QAbstractSocket::SocketError OtlpReceiver::listenError() const
{
    return m_server ? m_server->serverError() : QAbstractSocket::UnknownSocketError;
}

quint16 OtlpReceiver::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void OtlpReceiver::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto conn = std::make_shared<Connection>();
        // The lambdas own the connection state; both go away with the socket.
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, conn] {
            const QByteArray data = socket->readAll();
            if (socket->state() != QAbstractSocket::ConnectedState)
                return; // answered and closing: the rest is not read
            conn->buf.append(data.constData(), size_t(data.size()));
            process(socket, *conn);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void OtlpReceiver::process(QTcpSocket* socket, Connection& c)
{
    const size_t maxBody = size_t(std::max<qint64>(m_options.maxBodyBytes, 1));
    for (;;) {
        if (!c.headersDone) {
            const size_t end = c.buf.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (c.buf.size() > kMaxHeaderBytes)
                    send(socket, failure(431, "the request headers are larger than 64 KiB", true), false);
                return;
            }
            std::string_view head(c.buf.data(), end);
            size_t lineEnd = head.find("\r\n");
            std::string_view requestLine = head.substr(0, lineEnd);
            const size_t sp1 = requestLine.find(' '), sp2 = requestLine.rfind(' ');
            if (sp1 == std::string_view::npos || sp2 == sp1) {
                send(socket, failure(400, "malformed HTTP request line", true), false);
                return;
            }
            c.method = std::string(requestLine.substr(0, sp1));
            c.target = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
            c.version = std::string(requestLine.substr(sp2 + 1));
            while (lineEnd != std::string_view::npos && lineEnd < head.size()) {
                const size_t next = head.find("\r\n", lineEnd + 2);
                std::string_view line
                    = head.substr(lineEnd + 2, next == std::string_view::npos ? head.npos : next - lineEnd - 2);
                const size_t colon = line.find(':');
                if (colon != std::string_view::npos)
                    c.headers.emplace_back(lower(trimmed(line.substr(0, colon))),
                                           std::string(trimmed(line.substr(colon + 1))));
                lineEnd = next;
            }
            c.buf.erase(0, end + 4);
            c.headersDone = true;
            const std::string connection = lower(c.header("connection"));
            c.keepAlive = c.version == "HTTP/1.0" ? connection == "keep-alive" : connection != "close";
            c.chunked = lower(c.header("transfer-encoding")).find("chunked") != std::string::npos;
            if (!c.chunked) {
                const std::string cl = c.header("content-length");
                if (!cl.empty()) {
                    auto [p, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), c.contentLength);
                    if (ec != std::errc() || p != cl.data() + cl.size()) {
                        send(socket, failure(400, "malformed Content-Length", true), false);
                        return;
                    }
                } else if (c.method == "POST") {
                    send(socket, failure(411, "a POST needs Content-Length or chunked transfer encoding", true), false);
                    return;
                }
                if (c.contentLength > maxBody) {
                    // Answer before the body arrives and drop the connection rather than read it all.
                    send(socket,
                         failure(413,
                                 "the request body (" + std::to_string(c.contentLength) + " bytes) is larger than "
                                     + std::to_string(maxBody) + " bytes; lower the exporter's batch size",
                                 true),
                         false);
                    return;
                }
            }
            if (lower(c.header("expect")) == "100-continue")
                socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        // The body.
        if (c.chunked) {
            bool complete = false;
            for (;;) {
                const size_t lineEnd = c.buf.find("\r\n");
                if (lineEnd == std::string::npos)
                    break;
                size_t size = 0;
                const std::string_view sizeText
                    = trimmed(std::string_view(c.buf).substr(0, std::min(lineEnd, c.buf.find(';'))));
                auto [p, ec] = std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size, 16);
                if (ec != std::errc() || p != sizeText.data() + sizeText.size()) {
                    send(socket, failure(400, "malformed chunked encoding", true), false);
                    return;
                }
                if (size == 0) {
                    // The last chunk; trailers (rare) end with an empty line.
                    size_t consumed = std::string::npos;
                    if (c.buf.size() >= lineEnd + 4 && c.buf.compare(lineEnd + 2, 2, "\r\n") == 0)
                        consumed = lineEnd + 4;
                    else if (const size_t t = c.buf.find("\r\n\r\n", lineEnd); t != std::string::npos)
                        consumed = t + 4;
                    if (consumed == std::string::npos)
                        break;
                    c.buf.erase(0, consumed);
                    complete = true;
                    break;
                }
                if (c.body.size() + size > maxBody) {
                    send(socket,
                         failure(413, "the request body is larger than " + std::to_string(maxBody) + " bytes", true),
                         false);
                    return;
                }
                if (c.buf.size() < lineEnd + 2 + size + 2)
                    break;
                c.body.append(c.buf, lineEnd + 2, size);
                c.buf.erase(0, lineEnd + 2 + size + 2);
            }
            if (!complete)
                return;
        } else {
            if (c.buf.size() < c.contentLength)
                return;
            c.body.assign(c.buf, 0, c.contentLength);
            c.buf.erase(0, c.contentLength);
        }
        Reply reply = handle(c, std::move(c.body));
        const bool keepAlive = c.keepAlive && !reply.close;
        send(socket, reply, keepAlive);
        c.reset();
        if (!keepAlive)
            return;
    }
}

OtlpReceiver::Reply OtlpReceiver::failure(int status, const std::string& message, bool close)
{
    Reply r;
    r.status = status;
    r.body = nlohmann::json { { "code", rpcCode(status) }, { "message", message } }.dump();
    r.close = close;
    Q_EMIT requestFailed(status, QString::fromStdString(message));
    return r;
}

OtlpReceiver::Reply OtlpReceiver::handle(const Connection& c, std::string body)
{
    const std::string path = c.target.substr(0, c.target.find('?'));
    if (path != "/v1/traces")
        return failure(404, "only POST /v1/traces (OTLP/HTTP traces in JSON) is served here, not " + path);
    if (c.method != "POST") {
        Reply r = failure(405, "use POST for /v1/traces");
        r.headers.emplace_back("Allow", "POST");
        return r;
    }
    const std::string type = lower(trimmed(c.header("content-type").substr(0, c.header("content-type").find(';'))));
    if (type == "application/x-protobuf" || type == "application/protobuf")
        return failure(415,
                       "this receiver takes OTLP/HTTP JSON only: set the exporter's protocol to http/json "
                       "(OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json)");
    if (type != "application/json")
        return failure(415,
                       "expected Content-Type: application/json (OTLP/HTTP JSON), got '" + type
                           + "'; set the exporter's protocol to http/json");
    const std::string encoding = lower(trimmed(c.header("content-encoding")));
    if (encoding == "gzip") {
        std::string plain;
        switch (gunzip(body, plain, size_t(m_options.maxBodyBytes))) {
        case Gunzip::Ok:
            body = std::move(plain);
            break;
        case Gunzip::Invalid:
            return failure(400, "the body is not valid gzip");
        case Gunzip::TooLarge:
            return failure(413,
                           "the decompressed body is larger than " + std::to_string(m_options.maxBodyBytes)
                               + " bytes; lower the exporter's batch size");
        case Gunzip::Unsupported:
            return failure(415, "this build cannot read gzip bodies; set the exporter's compression to none");
        }
    } else if (!encoding.empty() && encoding != "identity") {
        return failure(415, "unsupported Content-Encoding '" + encoding + "' (gzip or none)");
    }
    std::vector<RequestRecord> records;
    OtlpReadStats stats;
    static const std::string source = "POST /v1/traces body";
    if (auto r = m_reader->parseRequest(body, records, stats, source); !r)
        return failure(400, r.error().toString());
    if (m_handler && !records.empty()) {
        if (auto r = m_handler(std::span<const RequestRecord>(records.data(), records.size()), stats); !r) {
            Reply reply = failure(503, "the spans could not be stored: " + r.error().toString());
            reply.headers.emplace_back("Retry-After", "5");
            return reply;
        }
    }
    m_totals += stats;
    Q_EMIT batchProcessed(stats.spans, stats.records, stats.skipped(), stats.rejected);
    Reply ok;
    if (stats.rejected > 0) {
        // int64 fields are strings in the proto3 JSON mapping.
        ok.body = nlohmann::json {
            { "partialSuccess",
              { { "rejectedSpans", std::to_string(stats.rejected) }, { "errorMessage", stats.firstRejection } } }
        }.dump();
    } else {
        ok.body = "{}";
    }
    return ok;
}

void OtlpReceiver::send(QTcpSocket* socket, const Reply& r, bool keepAlive)
{
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reasonPhrase(r.status) + "\r\n";
    out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n";
    for (const auto& [n, v] : r.headers)
        out += n + ": " + v + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += r.body;
    socket->write(out.data(), qint64(out.size()));
    if (!keepAlive)
        socket->disconnectFromHost(); // after the pending bytes are written
}

} // namespace il
