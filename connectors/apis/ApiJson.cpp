// SPDX-License-Identifier: GPL-3.0-or-later
#include "apis/ApiJson.h"

#include "domain/Time.h"

#include <cmath>

namespace il::apijson {

std::string at(const std::string& path, const std::string& key)
{
    return path.empty() ? key : path + "." + key;
}

std::string at(const std::string& path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

Error shapeError(const std::string& source, const std::string& path, const std::string& what)
{
    Error e = makeError(what,
                        "The answer does not have the documented shape, so nothing from this batch was stored; "
                        "check that the base URL points at the provider's API, or report the answer");
    e.source = source;
    e.field = path;
    return e;
}

std::string preview(const nlohmann::json& value)
{
    std::string s = value.dump();
    constexpr size_t kMax = 60;
    if (s.size() > kMax)
        s = s.substr(0, kMax) + "…";
    return s;
}

Result<void> requireObject(const nlohmann::json& value, const std::string& path, const std::string& source)
{
    if (!value.is_object())
        return shapeError(source, path, "expected an object, got " + preview(value));
    return {};
}

Result<int64_t> count(const nlohmann::json& obj, const char* key, const std::string& path, const std::string& source)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return int64_t(0);
    if (it->is_number_integer())
        return it->get<int64_t>();
    if (it->is_number_unsigned()) {
        const uint64_t v = it->get<uint64_t>();
        if (v <= uint64_t(INT64_MAX))
            return int64_t(v);
    }
    if (it->is_number_float()) {
        const double d = it->get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return int64_t(d);
    }
    return shapeError(source, at(path, key), "expected a whole number, got " + preview(*it));
}

Result<std::string> text(const nlohmann::json& obj, const char* key, const std::string& path, const std::string& source)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return std::string();
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number() || it->is_boolean())
        return it->dump();
    return shapeError(source, at(path, key), "expected text, got " + preview(*it));
}

Result<const nlohmann::json*> array(const nlohmann::json& obj, const char* key, const std::string& path,
                                    const std::string& source)
{
    const auto it = obj.find(key);
    if (it == obj.end())
        return shapeError(source, at(path, key), "is missing");
    if (!it->is_array())
        return shapeError(source, at(path, key), "expected a list, got " + preview(*it));
    return &*it;
}

Result<int64_t> unixSecondsMs(const nlohmann::json& obj, const char* key, const std::string& path,
                              const std::string& source)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return shapeError(source, at(path, key), "is missing");
    auto v = count(obj, key, path, source);
    if (!v)
        return v.error();
    if (*v < 0 || *v > 32'503'680'000) // year 3000
        return shapeError(source, at(path, key), "is not a plausible Unix time: " + preview(*it));
    return *v * 1000;
}

Result<int64_t> timestampMs(const nlohmann::json& obj, const char* key, const std::string& path,
                            const std::string& source)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return shapeError(source, at(path, key), "is missing");
    if (!it->is_string())
        return shapeError(source, at(path, key), "expected an RFC 3339 time, got " + preview(*it));
    auto ms = parseTimestampMs(it->get_ref<const std::string&>());
    if (!ms)
        return shapeError(source, at(path, key), "is not an RFC 3339 time: " + preview(*it));
    return *ms;
}

} // namespace il::apijson
