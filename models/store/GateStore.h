// SPDX-License-Identifier: GPL-3.0-or-later
// Recorded gate decisions in the store's `gate` table. A record is immutable: its content hash is the
// SHA-256 of the canonical JSON of spec + result + decision (+ feature, version, the hash it supersedes
// and the time it was recorded), the table refuses UPDATE and DELETE, and a change is recorded as
// version N+1 that supersedes N. docs/GATE.md says how to recompute a hash by hand.
#pragma once

#include "analytics/GateEvaluation.h"
#include "domain/Result.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace il {

class Store;

enum class GateDecisionKind { Pending, Approve, ApproveWithConditions, Reject };
const char* gateDecisionName(GateDecisionKind k); // "pending", "approve", "approve_with_conditions", "reject"
std::optional<GateDecisionKind> parseGateDecision(std::string_view s);
const char* gateDecisionLabel(GateDecisionKind k); // "Approved with conditions" (for people)

struct GateDecision {
    GateDecisionKind kind = GateDecisionKind::Pending;
    std::vector<std::string> approvers;
    std::string conditions; // required for approve_with_conditions
    std::string notes;
    std::optional<int> chosenCandidate; // the candidate launched with (index in the spec); default: recommended
    std::optional<int64_t> decidedAtMs; // default: the time it is recorded (pending: none)
};

// The rules a decision keeps (docs/GATE.md): a plain approval needs a passing candidate, an approval with
// conditions a passing or flagged one and the conditions written down, a rejected candidate can only be
// rejected; every decision but pending names at least one approver.
std::optional<Error> validateGateDecision(const GateDecision& decision, const GateResult& result);

struct GateRecord {
    int64_t id = 0;
    std::string feature;
    int version = 0;
    nlohmann::json spec; // gateSpecToJson
    nlohmann::json result; // gateResultToJson
    std::string verdict; // the overall verdict of the result
    GateDecision decision;
    int64_t recordedAtMs = 0;
    std::string catalogueVersion; // "inferledger-bundled 2026-07-24" (joined with "; " when several)
    std::string contentHash; // 64 lowercase hex digits; empty on a draft that was not recorded
    std::optional<int64_t> supersedesId;
    std::string supersedesHash;

    bool recorded() const { return id > 0; }
    // The candidate the decision is about (chosen, else the recommended one), or -1.
    int chosenIndex() const;
};

nlohmann::json gateDecisionToJson(const GateDecision& d);
// The JSON `gate show` prints: the hashed content plus id, hash and supersedes id.
nlohmann::json gateRecordToJson(const GateRecord& r);
// A draft record (not stored, no hash) for rendering a sign-off of an evaluation that was not recorded.
GateRecord draftGateRecord(const GateSpec& spec, const GateResult& result, const GateDecision& decision);

class GateStore {
public:
    explicit GateStore(Store& store)
        : m_store(store)
    {
    }

    // Records the next version of the feature's gate in one transaction (nested in a caller's one with
    // a savepoint). `recordedAtMs` 0: il::nowMs().
    Result<GateRecord> record(const GateSpec& spec, const GateResult& result, GateDecision decision,
                              int64_t recordedAtMs = 0);
    // Every version, by feature then version (feature empty: all features).
    Result<std::vector<GateRecord>> list(const std::string& feature = {}) const;
    // The newest version of each feature's gate.
    Result<std::vector<GateRecord>> latestPerFeature() const;
    Result<std::optional<GateRecord>> latest(const std::string& feature) const;
    Result<std::optional<GateRecord>> byId(int64_t id) const;

    // What the hash covers, canonically ordered (nlohmann's dump(): keys sorted, no whitespace, UTF-8).
    static nlohmann::json hashedContent(const GateRecord& r);
    static std::string computeHash(const GateRecord& r);
    // Recomputes the hash of a stored record; an error says it does not match (the row was altered).
    static Result<void> verify(const GateRecord& r);

private:
    Result<std::vector<GateRecord>> query(const char* where, const std::string& arg, int64_t id) const;
    Store& m_store;
};

} // namespace il
