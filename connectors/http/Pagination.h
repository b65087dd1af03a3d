// SPDX-License-Identifier: GPL-3.0-or-later
// Cursor pagination over JSON APIs ("has_more" + "next_page" and the like), kept generic.
#pragma once

#include "http/HttpClient.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string>

namespace il {

// From one parsed page: the query parameters for the next request, nullopt when this was the last page,
// or an Error when the page makes no sense (has_more without a cursor). The returned parameters
// replace those of the same key in the previous request; all other parameters are kept.
using NextPageFn = std::function<Result<std::optional<QueryParams>>(const nlohmann::json& page)>;
// Consumes one page; an Error stops the loop and is returned.
using PageFn = std::function<Result<void>(const nlohmann::json& page)>;

// Sends first, then each next request, until nextPage says done, the client is cancelled, a request
// fails or maxPages is reached (an Error: a server that never stops paging is a bug, not data).
// Returns the number of pages consumed.
Result<int> fetchPages(HttpClient& client, HttpRequest first, const NextPageFn& nextPage, const PageFn& onPage,
                       int maxPages = 10000);

// The common shape: {"has_more": true, "next_page": "<cursor>"} → ?page=<cursor>.
NextPageFn cursorPaging(std::string hasMoreKey = "has_more", std::string cursorKey = "next_page",
                        std::string queryParam = "page");

// Replaces every entry of each key in update (or appends it) and keeps the other entries in order.
QueryParams mergeQuery(QueryParams base, const QueryParams& update);

} // namespace il
