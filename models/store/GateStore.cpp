// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/GateStore.h"

#include "domain/Time.h"
#include "store/Store.h"

#include <QCryptographicHash>

#include <algorithm>

namespace il {

using nlohmann::json;

const char* gateDecisionName(GateDecisionKind k)
{
    switch (k) {
    case GateDecisionKind::Pending:
        return "pending";
    case GateDecisionKind::Approve:
        return "approve";
    case GateDecisionKind::ApproveWithConditions:
        return "approve_with_conditions";
    case GateDecisionKind::Reject:
        return "reject";
    }
    return "pending";
}

const char* gateDecisionLabel(GateDecisionKind k)
{
    switch (k) {
    case GateDecisionKind::Pending:
        return "Pending (no decision yet)";
    case GateDecisionKind::Approve:
        return "Approved";
    case GateDecisionKind::ApproveWithConditions:
        return "Approved with conditions";
    case GateDecisionKind::Reject:
        return "Rejected";
    }
    return "Pending";
}

std::optional<GateDecisionKind> parseGateDecision(std::string_view s)
{
    for (GateDecisionKind k : { GateDecisionKind::Pending, GateDecisionKind::Approve,
                                GateDecisionKind::ApproveWithConditions, GateDecisionKind::Reject })
        if (s == gateDecisionName(k))
            return k;
    if (s == "approve-with-conditions")
        return GateDecisionKind::ApproveWithConditions;
    return std::nullopt;
}

std::optional<Error> validateGateDecision(const GateDecision& d, const GateResult& r)
{
    auto err = [](const char* field, std::string message, std::string hint) {
        Error e;
        e.field = field;
        e.message = std::move(message);
        e.hint = std::move(hint);
        return e;
    };
    int chosen = d.chosenCandidate ? *d.chosenCandidate : r.recommended ? int(*r.recommended) : -1;
    if (d.chosenCandidate && (*d.chosenCandidate < 0 || size_t(*d.chosenCandidate) >= r.candidates.size()))
        return err("chosen_candidate",
                   "is not one of the spec's candidates (0.." + std::to_string(r.candidates.size() - 1) + ")",
                   "Pick a candidate by its index");
    const bool anyApprover = std::any_of(d.approvers.begin(), d.approvers.end(), [](const std::string& a) {
        return a.find_first_not_of(" \t") != std::string::npos;
    });
    if (d.kind == GateDecisionKind::Pending)
        return std::nullopt;
    if (!anyApprover)
        return err("approvers", "a decision needs at least one approver", "Name who signed it off");
    if (d.kind == GateDecisionKind::Reject)
        return std::nullopt;
    if (chosen < 0)
        return err("chosen_candidate", "every candidate is rejected: there is nothing to approve",
                   "Reject, or change the spec (a lever, a cheaper model) and evaluate again");
    const GateVerdict v = r.candidates[size_t(chosen)].verdict;
    const std::string name = r.candidates[size_t(chosen)].spec.provider + "/" + r.candidates[size_t(chosen)].spec.model;
    if (v == GateVerdict::Rejected)
        return err("chosen_candidate",
                   name + " is rejected (its p50 cost per unit is over the maximum): it cannot be approved",
                   "Reject, pick another candidate, or apply a lever and evaluate again");
    if (d.kind == GateDecisionKind::Approve && v != GateVerdict::Pass)
        return err("decision", name + " is flagged: approve it with conditions, or reject",
                   "Write down the conditions (e.g. the lever to apply and by when)");
    if (d.kind == GateDecisionKind::ApproveWithConditions
        && d.conditions.find_first_not_of(" \t\n") == std::string::npos)
        return err("conditions", "an approval with conditions needs the conditions written down",
                   "Say what must happen and by when");
    return std::nullopt;
}

int GateRecord::chosenIndex() const
{
    if (decision.chosenCandidate)
        return *decision.chosenCandidate;
    const json& rec = result.contains("recommended") ? result["recommended"] : json();
    if (rec.is_object() && rec.contains("index") && rec["index"].is_number_integer())
        return rec["index"].get<int>();
    return -1;
}

json gateDecisionToJson(const GateDecision& d)
{
    json j;
    j["decision"] = gateDecisionName(d.kind);
    j["approvers"] = d.approvers;
    j["conditions"] = d.conditions;
    j["notes"] = d.notes;
    j["chosen_candidate"] = d.chosenCandidate ? json(*d.chosenCandidate) : json(nullptr);
    j["decided_at"] = d.decidedAtMs ? json(formatIsoTimestamp(*d.decidedAtMs)) : json(nullptr);
    return j;
}

json GateStore::hashedContent(const GateRecord& r)
{
    json j;
    j["schema"] = "inferledger.gate.record/1";
    j["feature"] = r.feature;
    j["version"] = r.version;
    j["supersedes"] = r.supersedesHash.empty() ? json(nullptr) : json(r.supersedesHash);
    j["recorded_at"] = formatIsoTimestamp(r.recordedAtMs);
    j["spec"] = r.spec;
    j["result"] = r.result;
    j["decision"] = gateDecisionToJson(r.decision);
    return j;
}

std::string GateStore::computeHash(const GateRecord& r)
{
    const std::string canonical = hashedContent(r).dump();
    const QByteArray digest = QCryptographicHash::hash(QByteArray(canonical.data(), qsizetype(canonical.size())),
                                                       QCryptographicHash::Sha256);
    return digest.toHex().toStdString();
}

Result<void> GateStore::verify(const GateRecord& r)
{
    const std::string h = computeHash(r);
    if (h == r.contentHash)
        return {};
    Error e;
    e.source = "gate " + std::to_string(r.id);
    e.field = "content_hash";
    e.message = "the stored content does not match its hash (stored " + r.contentHash + ", computed " + h + ")";
    e.hint = "The record was altered outside InferLedger; do not rely on it";
    return e;
}

json gateRecordToJson(const GateRecord& r)
{
    json j = GateStore::hashedContent(r);
    j["id"] = r.id;
    j["content_hash"] = r.contentHash;
    j["supersedes_id"] = r.supersedesId ? json(*r.supersedesId) : json(nullptr);
    j["verdict"] = r.verdict;
    j["catalogue_version"] = r.catalogueVersion;
    return j;
}

namespace {

    std::string joinedVersions(const GateResult& r)
    {
        std::string out;
        for (const std::string& v : r.catalogueVersions)
            out += (out.empty() ? "" : "; ") + v;
        return out;
    }

} // namespace

GateRecord draftGateRecord(const GateSpec& spec, const GateResult& result, const GateDecision& decision)
{
    GateRecord r;
    r.feature = spec.feature;
    r.spec = gateSpecToJson(spec);
    r.result = gateResultToJson(result);
    r.verdict = gateVerdictName(result.verdict);
    r.decision = decision;
    r.recordedAtMs = nowMs();
    r.catalogueVersion = joinedVersions(result);
    return r;
}

Result<GateRecord> GateStore::record(const GateSpec& spec, const GateResult& result, GateDecision decision,
                                     int64_t recordedAtMs)
{
    if (auto e = validateGateDecision(decision, result))
        return *e;
    GateRecord r;
    r.feature = spec.feature;
    r.spec = gateSpecToJson(spec);
    r.result = gateResultToJson(result);
    r.verdict = gateVerdictName(result.verdict);
    r.recordedAtMs = recordedAtMs ? recordedAtMs : nowMs();
    if (decision.kind != GateDecisionKind::Pending && !decision.decidedAtMs)
        decision.decidedAtMs = r.recordedAtMs;
    if (decision.kind != GateDecisionKind::Reject && !decision.chosenCandidate && result.recommended)
        decision.chosenCandidate = int(*result.recommended);
    for (std::string& a : decision.approvers) {
        a.erase(0, a.find_first_not_of(" \t"));
        a.erase(a.find_last_not_of(" \t") + 1);
    }
    decision.approvers.erase(std::remove(decision.approvers.begin(), decision.approvers.end(), std::string()),
                             decision.approvers.end());
    r.decision = decision;
    r.catalogueVersion = joinedVersions(result);

    sqlite3* db = m_store.handle();
    const bool outer = sqlite3_get_autocommit(db) != 0;
    if (auto e = m_store.exec(outer ? "BEGIN IMMEDIATE" : "SAVEPOINT gate_record"); !e)
        return e.error();
    auto rollback = [&] { (void)m_store.exec(outer ? "ROLLBACK" : "ROLLBACK TO gate_record; RELEASE gate_record"); };
    {
        Statement prev(db,
                       "SELECT id, version, content_hash FROM gate WHERE feature = ?1 ORDER BY version DESC LIMIT 1");
        prev.bind(1, std::string_view(r.feature));
        if (prev.step()) {
            r.supersedesId = prev.int64(0);
            r.version = int(prev.int64(1)) + 1;
            r.supersedesHash = prev.text(2);
        } else {
            r.version = 1;
        }
        if (prev.failed()) {
            Error e = m_store.sqlError("cannot read the gate's previous version");
            rollback();
            return e;
        }
    }
    r.contentHash = computeHash(r);
    const std::string specText = r.spec.dump(), resultText = r.result.dump(),
                      approvers = json(decision.approvers).dump();
    Statement ins(db,
                  "INSERT INTO gate (feature, version, spec, result, verdict, decision, approvers, conditions, notes,"
                  " chosen_candidate, decided_at, recorded_at, catalogue_version, content_hash, supersedes)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    const std::string decisionName = gateDecisionName(decision.kind);
    ins.bind(1, std::string_view(r.feature))
        .bind(2, int64_t(r.version))
        .bind(3, std::string_view(specText))
        .bind(4, std::string_view(resultText))
        .bind(5, std::string_view(r.verdict))
        .bind(6, std::string_view(decisionName))
        .bind(7, std::string_view(approvers))
        .bind(8, std::string_view(decision.conditions))
        .bind(9, std::string_view(decision.notes))
        .bindOptional(10, decision.chosenCandidate ? std::optional<int64_t>(*decision.chosenCandidate) : std::nullopt)
        .bindOptional(11, decision.decidedAtMs)
        .bind(12, r.recordedAtMs)
        .bind(13, std::string_view(r.catalogueVersion))
        .bind(14, std::string_view(r.contentHash))
        .bindOptional(15, r.supersedesId);
    ins.step();
    if (ins.failed()) {
        Error e = m_store.sqlError("cannot record the gate decision");
        rollback();
        return e;
    }
    r.id = sqlite3_last_insert_rowid(db);
    if (auto e = m_store.exec(outer ? "COMMIT" : "RELEASE gate_record"); !e) {
        rollback();
        return e.error();
    }
    return r;
}

Result<std::vector<GateRecord>> GateStore::query(const char* where, const std::string& arg, int64_t id) const
{
    std::string sql
        = "SELECT g.id, g.feature, g.version, g.spec, g.result, g.verdict, g.decision, g.approvers,"
          " g.conditions, g.notes, g.chosen_candidate, g.decided_at, g.recorded_at, g.catalogue_version,"
          " g.content_hash, g.supersedes, p.content_hash FROM gate g LEFT JOIN gate p ON p.id = g.supersedes ";
    sql += where;
    sql += " ORDER BY g.feature, g.version";
    Statement st(m_store.handle(), sql);
    if (!st.valid())
        return m_store.sqlError("cannot read gates");
    if (std::string_view(where).find("?1") != std::string_view::npos) {
        if (id)
            st.bind(1, id);
        else
            st.bind(1, std::string_view(arg));
    }
    std::vector<GateRecord> out;
    while (st.step()) {
        GateRecord r;
        r.id = st.int64(0);
        r.feature = st.text(1);
        r.version = int(st.int64(2));
        r.spec = json::parse(st.text(3), nullptr, false);
        r.result = json::parse(st.text(4), nullptr, false);
        if (r.spec.is_discarded() || r.result.is_discarded()) {
            Error e;
            e.source = m_store.path();
            e.message = "gate " + std::to_string(r.id) + " holds JSON that does not parse";
            e.hint = "The record was altered outside InferLedger";
            return e;
        }
        r.verdict = st.text(5);
        r.decision.kind = parseGateDecision(st.text(6)).value_or(GateDecisionKind::Pending);
        json approvers = json::parse(st.text(7), nullptr, false);
        if (approvers.is_array())
            for (const json& a : approvers)
                if (a.is_string())
                    r.decision.approvers.push_back(a.get<std::string>());
        r.decision.conditions = st.text(8);
        r.decision.notes = st.text(9);
        if (!st.isNull(10))
            r.decision.chosenCandidate = int(st.int64(10));
        if (!st.isNull(11))
            r.decision.decidedAtMs = st.int64(11);
        r.recordedAtMs = st.int64(12);
        r.catalogueVersion = st.text(13);
        r.contentHash = st.text(14);
        if (!st.isNull(15))
            r.supersedesId = st.int64(15);
        if (!st.isNull(16))
            r.supersedesHash = st.text(16);
        out.push_back(std::move(r));
    }
    if (st.failed())
        return m_store.sqlError("cannot read gates");
    return out;
}

Result<std::vector<GateRecord>> GateStore::list(const std::string& feature) const
{
    return feature.empty() ? query("", {}, 0) : query("WHERE g.feature = ?1", feature, 0);
}

Result<std::vector<GateRecord>> GateStore::latestPerFeature() const
{
    return query("WHERE g.version = (SELECT MAX(version) FROM gate x WHERE x.feature = g.feature)", {}, 0);
}

Result<std::optional<GateRecord>> GateStore::latest(const std::string& feature) const
{
    auto all = list(feature);
    if (!all)
        return all.error();
    if (all->empty())
        return std::optional<GateRecord>();
    return std::optional<GateRecord>(std::move(all->back()));
}

Result<std::optional<GateRecord>> GateStore::byId(int64_t id) const
{
    auto r = query("WHERE g.id = ?1", {}, id);
    if (!r)
        return r.error();
    if (r->empty())
        return std::optional<GateRecord>();
    return std::optional<GateRecord>(std::move(r->front()));
}

} // namespace il
