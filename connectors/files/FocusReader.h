// SPDX-License-Identifier: GPL-3.0-or-later
// Reads FOCUS 1.0–1.2 billing exports (CSV) into BillingLine batches for an IngestSink. Columns are found by
// header name in any order (case-insensitive); the 21 columns that FOCUS 1.0, 1.1 and 1.2 all make mandatory must
// be present; provider columns (x_…) and unknown columns are ignored. The first bad value stops the read with an
// error naming file:line:column and the column, so the caller can roll the whole import back.
#pragma once

#include "domain/IngestSink.h"
#include "domain/Result.h"
#include "files/RecordFiles.h"

#include <string>
#include <string_view>
#include <vector>

namespace il {

struct FocusOptions {
    // Tag keys that name the feature, tried in order; the first one with a usable value wins.
    std::vector<std::string> featureTagKeys = { "feature" };
    ReadOptions read;
};

struct FocusReadStats {
    int64_t rows = 0;
    int64_t attributed = 0; // rows whose Tags named a feature
    std::string focusVersion; // "1.0", "1.1" or "1.2": the newest version whose columns appear in the header
};

class FocusReader {
public:
    explicit FocusReader(FocusOptions options = {})
        : m_options(std::move(options))
    {
    }

    Result<FocusReadStats> read(const std::string& path, IngestSink& sink) const;

    // The mandatory columns of FOCUS 1.0, 1.1 and 1.2 (the same 21 in all three).
    static const std::vector<std::string_view>& mandatoryColumns();
    // From the header's column names: the newest FOCUS version whose added columns are present ("1.0" when none).
    static std::string detectVersion(const std::vector<std::string>& header);
    // The feature named by a Tags JSON object under the first of `keys` with a string or number value
    // ("" when none: unattributed). A valueless tag (true), null, false or an empty string names nothing.
    // Returns false with `error` set when `tags` is not a JSON object.
    static bool featureFromTags(std::string_view tags, const std::vector<std::string>& keys, std::string& feature,
                                std::string& error);

private:
    FocusOptions m_options;
};

// For the import workflow: a FOCUS file into `sink`, attributing by `featureTagKeys` (empty: {"feature"}).
Result<ReadStats> readFocus(const std::string& path, IngestSink& sink, const ReadOptions& options,
                            const std::vector<std::string>& featureTagKeys);

} // namespace il
