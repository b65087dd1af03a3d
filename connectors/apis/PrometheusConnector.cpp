// SPDX-License-Identifier: GPL-3.0-or-later
#include "apis/PrometheusConnector.h"

#include "apis/ApiJson.h"
#include "apis/ConnectorOptions.h"
#include "domain/Time.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace il {

namespace {

    const std::vector<std::string> kDefaultMetrics
        = { "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_PROF_GR_ENGINE_ACTIVE" };

    // Prometheus takes times as Unix seconds with a fraction.
    std::string seconds(int64_t ms)
    {
        std::string s = std::to_string(floorTo(ms, 1000) / 1000);
        if (const int64_t frac = ms - floorTo(ms, 1000); frac != 0) {
            char buf[24];
            std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac));
            s += buf;
        }
        return s;
    }

    std::string label(const nlohmann::json& metric, std::initializer_list<const char*> names)
    {
        for (const char* n : names) {
            const auto it = metric.find(n);
            if (it != metric.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
                return it->get<std::string>();
        }
        return {};
    }

    // {status: "error"} → the Error Prometheus means.
    std::optional<Error> prometheusError(const nlohmann::json& answer, const std::string& source)
    {
        if (!answer.is_object())
            return apijson::shapeError(source, "", "expected a Prometheus API answer, got " + apijson::preview(answer));
        const auto status = answer.find("status");
        if (status != answer.end() && status->is_string() && status->get<std::string>() == "success")
            return std::nullopt;
        std::string type = answer.value("errorType", std::string());
        std::string message = answer.value("error", std::string());
        Error e
            = makeError("Prometheus answered with an error" + (type.empty() ? std::string() : " (" + type + ")")
                            + (message.empty() ? std::string() : ": " + message),
                        type == "bad_data" ? "Check the connector's metrics and selector options"
                            : type == "timeout" || type == "canceled"
                            ? "The query took too long; use a larger step or a shorter period (--option batch_days=1)"
                            : "Check the Prometheus server's health and the connector's options");
        e.source = source;
        return e;
    }

} // namespace

PrometheusConnector::PrometheusConnector(ConnectorConfig config, std::string key, std::string baseUrl)
    : Connector(std::move(config), std::move(key), std::move(baseUrl))
{
}

std::string PrometheusConnector::keyHint() const
{
    return "Check the bearer token (the environment variable named by --key-env holds it), or add the connector "
           "without --key-env if this Prometheus needs no authentication";
}

int64_t PrometheusConnector::stepMs() const
{
    return connectoropt::integer(m_config, "step", 60) * 1000;
}

int64_t PrometheusConnector::alignStart(int64_t ms) const
{
    return floorTo(ms, stepMs());
}

int64_t PrometheusConnector::batchSpanMs() const
{
    const int64_t byPoints = stepMs() * kMaxPointsPerQuery;
    return std::min(byPoints, Connector::batchSpanMs());
}

std::vector<std::string> PrometheusConnector::metrics() const
{
    std::vector<std::string> m = connectoropt::list(m_config.option("metrics"));
    return m.empty() ? kDefaultMetrics : m;
}

std::string PrometheusConnector::queryFor(const std::string& metric) const
{
    const std::string selector = m_config.option("selector");
    return selector.empty() ? metric : metric + "{" + selector + "}";
}

HttpRequest PrometheusConnector::request(const char* path, QueryParams query) const
{
    HttpRequest r;
    r.url = m_baseUrl + path;
    r.query = std::move(query);
    if (!m_key.empty())
        r.headers.set("Authorization", "Bearer " + m_key, true);
    return r;
}

Result<PrometheusConnector::ParsedRange>
PrometheusConnector::parseQueryRange(const nlohmann::json& answer, const std::string& metric, const std::string& source)
{
    using namespace apijson;
    if (auto e = prometheusError(answer, source))
        return *e;
    const auto data = answer.find("data");
    if (data == answer.end() || !data->is_object())
        return shapeError(source, "data", "expected an object");
    const std::string type = data->value("resultType", std::string());
    if (type != "matrix")
        return shapeError(source, "data.resultType", "expected \"matrix\" (a range query), got \"" + type + "\"");
    auto result = array(*data, "result", "data", source);
    if (!result)
        return result.error();
    ParsedRange out;
    for (size_t i = 0; i < (*result)->size(); ++i) {
        const nlohmann::json& series = (**result)[i];
        const std::string path = at("data.result", i);
        if (auto o = requireObject(series, path, source); !o)
            return o.error();
        const auto labels = series.find("metric");
        if (labels == series.end() || !labels->is_object())
            return shapeError(source, at(path, "metric"), "expected the series' labels");
        GpuSample proto;
        proto.metric = metric;
        proto.host = label(*labels, { "Hostname", "hostname", "instance" });
        proto.gpu = label(*labels, { "gpu" });
        proto.uuid = label(*labels, { "UUID" });
        proto.modelName = label(*labels, { "modelName" });
        // Native histograms come as "histograms"; DCGM gauges never are, so a series without "values" has none.
        const auto values = series.find("values");
        if (values == series.end())
            continue;
        if (!values->is_array())
            return shapeError(source, at(path, "values"), "expected a list of [time, \"value\"] pairs");
        out.samples.reserve(out.samples.size() + values->size());
        for (size_t j = 0; j < values->size(); ++j) {
            const nlohmann::json& point = (*values)[j];
            const std::string ppath = at(at(path, "values"), j);
            if (!point.is_array() || point.size() != 2 || !point[0].is_number() || !point[1].is_string())
                return shapeError(source, ppath, "expected [unix_seconds, \"value\"], got " + preview(point));
            const std::string& text = point[1].get_ref<const std::string&>();
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0')
                return shapeError(source, at(ppath, 1), "is not a number: " + preview(point[1]));
            if (!std::isfinite(v)) {
                ++out.skipped;
                continue;
            }
            GpuSample s = proto;
            s.timestampMs = std::llround(point[0].get<double>() * 1000.0);
            s.value = v;
            out.samples.push_back(std::move(s));
        }
    }
    return out;
}

Result<SyncOutcome> PrometheusConnector::sync(const SyncWindow& window, const SyncCursor&, IngestSink& sink,
                                              const SyncProgressFn& progress, const std::atomic<bool>* cancel)
{
    watchCancel(cancel);
    SyncOutcome out;
    out.watermarkMs = window.toMs;
    const int64_t step = stepMs();
    // Samples on the global step grid, so that a re-read of an overlapping period lands on the same timestamps and
    // replaces them; the end is exclusive (the next batch starts there).
    const int64_t start = floorTo(window.fromMs + step - 1, step);
    const int64_t end = window.toMs - 1;
    if (end < start)
        return out;
    const std::string source = m_baseUrl + kQueryRangePath;
    for (const std::string& metric : metrics()) {
        if (cancel && cancel->load()) {
            Error e = makeError("the sync was cancelled");
            return describe(e);
        }
        auto r = m_http.send(request(kQueryRangePath,
                                     { { "query", queryFor(metric) },
                                       { "start", seconds(start) },
                                       { "end", seconds(end) },
                                       { "step", seconds(step) } }));
        if (!r)
            return describe(r.error());
        const auto answer = nlohmann::json::parse(r->body, nullptr, false);
        if (answer.is_discarded())
            return describe(apijson::shapeError(source, "", "the answer is not valid JSON"));
        auto parsed = parseQueryRange(answer, metric, sourceFor(source));
        if (!parsed)
            return parsed.error();
        for (GpuSample& s : parsed->samples)
            s.connector = m_config.name;
        if (auto s = sink.addGpuSamples(parsed->samples); !s)
            return s.error();
        out.gpuSamples += int64_t(parsed->samples.size());
        out.skippedSamples += parsed->skipped;
        ++out.pages;
        if (progress)
            progress(SyncProgress { m_config.name, "gpu " + metric, window, window.toMs, 1,
                                    int64_t(parsed->samples.size()), 0, 0 });
    }
    return out;
}

Result<std::string> PrometheusConnector::test()
{
    const std::string metric = metrics().front();
    auto r = m_http.send(request(kQueryPath, { { "query", "count(" + queryFor(metric) + ")" } }));
    if (!r)
        return describe(r.error());
    const std::string source = sourceFor(m_baseUrl + kQueryPath);
    const auto answer = nlohmann::json::parse(r->body, nullptr, false);
    if (answer.is_discarded())
        return apijson::shapeError(source, "", "the answer is not JSON");
    if (auto e = prometheusError(answer, source))
        return *e;
    int64_t series = 0;
    const auto data = answer.find("data");
    if (data != answer.end() && data->is_object()) {
        const auto result = data->find("result");
        if (result != data->end() && result->is_array() && !result->empty()) {
            const auto& first = (*result)[0];
            if (first.is_object() && first.contains("value") && first["value"].is_array() && first["value"].size() == 2
                && first["value"][1].is_string())
                series = std::llround(std::strtod(first["value"][1].get<std::string>().c_str(), nullptr));
        }
    }
    if (series == 0)
        return "Prometheus at " + m_baseUrl + " answers, but no series is named " + metric
            + " now: check that the DCGM exporter is scraped (and the connector's selector option).";
    return "Prometheus at " + m_baseUrl + " answers: " + metric + " is reported by " + std::to_string(series)
        + (series == 1 ? " GPU series." : " GPU series (one per GPU).");
}

} // namespace il
