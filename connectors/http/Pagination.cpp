// SPDX-License-Identifier: GPL-3.0-or-later
// The page loop shared by the API connectors.
#include "http/Pagination.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace il {

QueryParams mergeQuery(QueryParams base, const QueryParams& update)
{
    std::set<std::string> keys;
    for (const auto& entry : update)
        keys.insert(entry.first);
    std::erase_if(base, [&keys](const auto& entry) { return keys.count(entry.first) > 0; });
    base.insert(base.end(), update.begin(), update.end());
    return base;
}

Result<int> fetchPages(HttpClient& client, HttpRequest first, const NextPageFn& nextPage, const PageFn& onPage,
                       int maxPages)
{
    HttpRequest request = std::move(first);
    std::set<QueryParams> seen; // a cursor that comes back would loop for ever
    for (int pages = 0;;) {
        if (client.isCancelled()) {
            Error e = makeError("the request was cancelled");
            e.source = client.redact(HttpClient::buildUrl(request.url, {}));
            return e;
        }
        auto response = client.send(request);
        if (!response)
            return response.error();

        auto page = nlohmann::json::parse(response->body, nullptr, false);
        if (page.is_discarded()) {
            Error e = makeError("page " + std::to_string(pages + 1) + " of the answer is not valid JSON",
                                "The server or a proxy sent something other than the API's answer; try again later");
            e.source = client.redact(HttpClient::buildUrl(request.url, {}));
            return e;
        }
        if (auto consumed = onPage(page); !consumed)
            return consumed.error();
        ++pages;

        auto next = nextPage(page);
        if (!next)
            return next.error();
        if (!next->has_value())
            return pages;
        if (pages >= maxPages) {
            Error e = makeError("the server kept sending more pages (" + std::to_string(pages) + " so far)",
                                "Sync a shorter period");
            e.source = client.redact(HttpClient::buildUrl(request.url, {}));
            return e;
        }
        request.query = mergeQuery(std::move(request.query), **next);
        if (!seen.insert(request.query).second) {
            Error e = makeError("the server sent the same page cursor twice", "This is a server bug; try again later");
            e.source = client.redact(HttpClient::buildUrl(request.url, {}));
            return e;
        }
    }
}

NextPageFn cursorPaging(std::string hasMoreKey, std::string cursorKey, std::string queryParam)
{
    return [hasMoreKey = std::move(hasMoreKey), cursorKey = std::move(cursorKey),
            queryParam = std::move(queryParam)](const nlohmann::json& page) -> Result<std::optional<QueryParams>> {
        if (!page.is_object())
            return std::optional<QueryParams>();
        const auto more = page.find(hasMoreKey);
        const bool hasMore = more != page.end() && more->is_boolean() && more->get<bool>();
        if (!hasMore)
            return std::optional<QueryParams>();
        const auto cursor = page.find(cursorKey);
        std::string value;
        if (cursor != page.end() && cursor->is_string())
            value = cursor->get<std::string>();
        else if (cursor != page.end() && cursor->is_number_integer())
            value = std::to_string(cursor->get<long long>());
        if (value.empty()) {
            Error e = makeError("the page says there is more but gives no '" + cursorKey + "'",
                                "This is a server bug; try again later");
            e.field = hasMoreKey;
            return e;
        }
        return std::optional<QueryParams>(QueryParams{{queryParam, value}});
    };
}

} // namespace il
