// SPDX-License-Identifier: GPL-3.0-or-later
// Errors are values: a Result carries either a value or an Error a person can act on.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace il {

// What went wrong, where (source, line, column, field) and what to do about it.
struct Error {
    std::string message;
    std::string source; // file path, connector name or URL
    long long line = 0; // 1-based; 0 when not applicable
    int column = 0;     // 1-based; 0 when not applicable
    std::string field;  // column or JSON key
    std::string hint;   // what the user can do
    int httpStatus = 0; // the HTTP status of the answer that became this error; 0 when no answer did

    // "file.csv:12:5: field 'input_tokens': not a whole number ("abc"). Fix the value and import again."
    std::string toString() const
    {
        std::string out;
        if (!source.empty()) {
            out += source;
            if (line > 0) {
                out += ':' + std::to_string(line);
                if (column > 0)
                    out += ':' + std::to_string(column);
            }
            out += ": ";
        }
        if (!field.empty())
            out += "field '" + field + "': ";
        out += message;
        if (!hint.empty())
            out += ". " + hint;
        return out;
    }
};

inline Error makeError(std::string message, std::string hint = {})
{
    Error e;
    e.message = std::move(message);
    e.hint = std::move(hint);
    return e;
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(m_v); }
    const T& value() const { return std::get<0>(m_v); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace il
