// SPDX-License-Identifier: GPL-3.0-or-later
// Reading provider JSON answers tolerantly but precisely: absent or null optional fields are 0 / "", and a field of
// the wrong kind is an Error naming its JSON path ("data[0].results[2].input_tokens") and what was found.
#pragma once

#include "domain/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace il::apijson {

// "data[3].results[0]"
std::string at(const std::string& path, const std::string& key);
std::string at(const std::string& path, size_t index);

// An Error about the answer's shape: what was expected at path, and that nothing of this sync was kept.
Error shapeError(const std::string& source, const std::string& path, const std::string& what);

// The value's text as the API sent it, cut short for messages.
std::string preview(const nlohmann::json& value);

// A whole number at obj[key]: absent or null → 0; a number with a fraction or of another kind → Error.
Result<int64_t> count(const nlohmann::json& obj, const char* key, const std::string& path, const std::string& source);
// Text at obj[key]: absent or null → ""; a number or bool → its JSON text; an object or array → Error.
Result<std::string> text(const nlohmann::json& obj, const char* key, const std::string& path,
                         const std::string& source);
// A required array at obj[key] (an object must be given).
Result<const nlohmann::json*> array(const nlohmann::json& obj, const char* key, const std::string& path,
                                    const std::string& source);
// A JSON object, or Error.
Result<void> requireObject(const nlohmann::json& value, const std::string& path, const std::string& source);
// A required whole number of Unix seconds, returned in milliseconds.
Result<int64_t> unixSecondsMs(const nlohmann::json& obj, const char* key, const std::string& path,
                              const std::string& source);
// A required RFC 3339 timestamp, in milliseconds.
Result<int64_t> timestampMs(const nlohmann::json& obj, const char* key, const std::string& path,
                            const std::string& source);

} // namespace il::apijson
