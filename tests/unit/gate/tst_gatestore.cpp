// SPDX-License-Identifier: GPL-3.0-or-later
// Recorded decisions on a real SQLite file: the content hash is stable (pinned) and recomputable, a stored
// row refuses UPDATE and DELETE, a change is version N+1 superseding N, a bad decision stores nothing;
// and the tracking of actual cost per unit after launch against the gate's estimate and threshold.
#include "GateTestCatalogue.h"

#include "analytics/GateLiveData.h"
#include "analytics/GateTracking.h"
#include "domain/Time.h"
#include "ingest/Ingestor.h"
#include "store/GateStore.h"
#include "store/Store.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace il;
using nlohmann::json;

namespace {

int64_t scalar(Store& s, const char* sql)
{
    Statement st(s.handle(), sql);
    return st.step() ? st.int64(0) : -1;
}

struct Evaluated {
    GateSpec spec;
    GateResult result;
};

Evaluated evaluated(const json& j)
{
    static const PriceCatalogue cat = gatetest::catalogue();
    Evaluated e { gatetest::spec(j), {} };
    auto r = evaluateGate(e.spec, cat);
    if (!r)
        qFatal("%s", r.error().toString().c_str());
    e.result = *r;
    return e;
}

GateDecision approval()
{
    GateDecision d;
    d.kind = GateDecisionKind::Approve;
    d.approvers = { "Dana Ruiz", " Sam Okafor " };
    d.notes = "Launch to 10 % first.";
    return d;
}

} // namespace

class TestGateStore final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    const int64_t m_recordedAt = *parseTimestampMs("2026-07-24T09:30:00Z");

    std::unique_ptr<Store> open(const char* name)
    {
        auto s = Store::open(m_dir.filePath(QString::fromUtf8(name)).toStdString());
        if (!s)
            qFatal("%s", s.error().toString().c_str());
        return std::move(*s);
    }

private slots:
    void recordsAndReadsBack()
    {
        auto store = open("a.db");
        const Evaluated e = evaluated(gatetest::exampleSpec());
        GateStore gates(*store);
        auto r = gates.record(e.spec, e.result, approval(), m_recordedAt);
        QVERIFY2(r, r ? "" : r.error().toString().c_str());
        QCOMPARE(r->version, 1);
        QVERIFY(!r->supersedesId);
        QCOMPARE(int(r->contentHash.size()), 64);
        QVERIFY(r->contentHash.find_first_not_of("0123456789abcdef") == std::string::npos);
        QCOMPARE(*r->decision.chosenCandidate, 0); // the recommended one
        QCOMPARE(r->decision.approvers, (std::vector<std::string> { "Dana Ruiz", "Sam Okafor" }));
        QCOMPARE(*r->decision.decidedAtMs, m_recordedAt);

        // Read back from a new connection: the same content, and the hash recomputes.
        store.reset();
        auto again = open("a.db");
        auto back = GateStore(*again).byId(r->id);
        QVERIFY(back && *back);
        const GateRecord& g = **back;
        QCOMPARE(g.feature, std::string("claims-triage"));
        QCOMPARE(g.spec.dump(), gateSpecToJson(e.spec).dump());
        QCOMPARE(g.result.dump(), gateResultToJson(e.result).dump());
        QCOMPARE(g.contentHash, r->contentHash);
        QCOMPARE(g.verdict, std::string("pass"));
        QCOMPARE(g.catalogueVersion, std::string("gate-test 2026-01-01"));
        QVERIFY(GateStore::verify(g));
    }

    void hashIsStableAndDocumented()
    {
        // The hash is SHA-256 over hashedContent().dump(): compact JSON, keys sorted, UTF-8. Recomputing it by
        // hand from the record's parts must give the same digest …
        auto store = open("hash.db");
        const Evaluated e = evaluated(gatetest::exampleSpec());
        auto r = GateStore(*store).record(e.spec, e.result, approval(), m_recordedAt);
        QVERIFY(r);
        json content;
        content["schema"] = "inferledger.gate.record/1";
        content["feature"] = "claims-triage";
        content["version"] = 1;
        content["supersedes"] = nullptr;
        content["recorded_at"] = "2026-07-24T09:30:00Z";
        content["spec"] = gateSpecToJson(e.spec);
        content["result"] = gateResultToJson(e.result);
        content["decision"] = { { "decision", "approve" }, { "approvers", { "Dana Ruiz", "Sam Okafor" } },
                                { "conditions", "" },      { "notes", "Launch to 10 % first." },
                                { "chosen_candidate", 0 }, { "decided_at", "2026-07-24T09:30:00Z" } };
        const std::string text = content.dump();
        QCOMPARE(text.substr(0, 22), std::string("{\"decision\":{\"approver")); // sorted keys, no whitespace
        const QByteArray digest
            = QCryptographicHash::hash(QByteArray(text.data(), qsizetype(text.size())), QCryptographicHash::Sha256)
                  .toHex();
        QCOMPARE(r->contentHash, digest.toStdString());
        // … and the same inputs give the same hash in every run and on every platform (pinned).
        QCOMPARE(QString::fromStdString(r->contentHash),
                 QStringLiteral("ba0bbf24939e56737e009936cbce823e636c7505606b7342b3d0a9defc81cd37"));
    }

    void immutableAndVersioned()
    {
        auto store = open("v.db");
        const Evaluated e = evaluated(gatetest::exampleSpec());
        GateStore gates(*store);
        auto v1 = gates.record(e.spec, e.result, GateDecision {}, m_recordedAt); // pending
        QVERIFY(v1);
        // Stored rows refuse change.
        QVERIFY(!store->exec("UPDATE gate SET notes = 'edited' WHERE id = 1"));
        QVERIFY(!store->exec("UPDATE gate SET decision = 'approve'"));
        QVERIFY(!store->exec("DELETE FROM gate"));
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM gate"), 1);
        auto still = gates.byId(v1->id);
        QVERIFY(still && *still && (**still).decision.notes.empty());

        // The same evaluation recorded again (now with the approval) is version 2, superseding version 1.
        auto v2 = gates.record(e.spec, e.result, approval(), m_recordedAt + 60'000);
        QVERIFY(v2);
        QCOMPARE(v2->version, 2);
        QCOMPARE(*v2->supersedesId, v1->id);
        QCOMPARE(v2->supersedesHash, v1->contentHash);
        QVERIFY(v2->contentHash != v1->contentHash);
        // A third, identical in content to the second, still makes a new version with its own hash.
        auto v3 = gates.record(e.spec, e.result, approval(), m_recordedAt + 60'000);
        QVERIFY(v3);
        QCOMPARE(v3->version, 3);
        QVERIFY(v3->contentHash != v2->contentHash);
        auto all = gates.list("claims-triage");
        QVERIFY(all);
        QCOMPARE(int(all->size()), 3);
        auto latest = gates.latestPerFeature();
        QVERIFY(latest);
        QCOMPARE(int(latest->size()), 1);
        QCOMPARE(latest->front().version, 3);
        for (const GateRecord& g : *all)
            QVERIFY(GateStore::verify(g));
        // Another feature numbers its own versions.
        json other = gatetest::exampleSpec();
        other["feature"] = "doc-summariser";
        const Evaluated o = evaluated(other);
        auto o1 = gates.record(o.spec, o.result, approval(), m_recordedAt);
        QVERIFY(o1);
        QCOMPARE(o1->version, 1);
    }

    void tamperingIsDetected()
    {
        auto store = open("t.db");
        const Evaluated e = evaluated(gatetest::exampleSpec());
        auto v1 = GateStore(*store).record(e.spec, e.result, approval(), m_recordedAt);
        QVERIFY(v1);
        // Someone with the SQLite shell drops the guard and edits the notes: verify() notices.
        QVERIFY(store->exec("DROP TRIGGER gate_no_update"));
        QVERIFY(store->exec("UPDATE gate SET notes = 'approved by everyone'"));
        auto back = GateStore(*store).byId(v1->id);
        QVERIFY(back && *back);
        auto check = GateStore::verify(**back);
        QVERIFY(!check);
        QVERIFY2(check.error().message.find("does not match") != std::string::npos, check.error().message.c_str());
    }

    void badDecisionsStoreNothing_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("approvers");
        QTest::addColumn<QString>("conditions");
        QTest::addColumn<int>("candidate");
        QTest::addColumn<QString>("field");
        const int approve = int(GateDecisionKind::Approve),
                  withConditions = int(GateDecisionKind::ApproveWithConditions);
        QTest::newRow("no approver") << QByteArray("{}") << approve << QString() << QString() << -1 << "approvers";
        QTest::newRow("blank approver") << QByteArray("{}") << approve << QStringLiteral("  ") << QString() << -1
                                        << "approvers";
        // claude-sonnet-4 (index 1) is flagged: it needs conditions.
        QTest::newRow("approve a flagged candidate")
            << QByteArray("{}") << approve << QStringLiteral("Dana") << QString() << 1 << "decision";
        QTest::newRow("conditions missing")
            << QByteArray("{}") << withConditions << QStringLiteral("Dana") << QString() << 1 << "conditions";
        QTest::newRow("approve a rejected candidate")
            << QByteArray(R"({"thresholds": {"max_cost_per_unit": "0.001"}})") << withConditions
            << QStringLiteral("Dana") << QStringLiteral("Trim") << 1 << "chosen_candidate";
        QTest::newRow("nothing to approve")
            << QByteArray(R"({"thresholds": {"max_cost_per_unit": "0.0001"}})") << approve << QStringLiteral("Dana")
            << QString() << -1 << "chosen_candidate";
        QTest::newRow("no such candidate")
            << QByteArray("{}") << approve << QStringLiteral("Dana") << QString() << 7 << "chosen_candidate";
    }

    void badDecisionsStoreNothing()
    {
        QFETCH(QByteArray, patch);
        QFETCH(int, kind);
        QFETCH(QString, approvers);
        QFETCH(QString, conditions);
        QFETCH(int, candidate);
        json j = gatetest::exampleSpec();
        j.merge_patch(json::parse(patch.constData()));
        const Evaluated e = evaluated(j);
        GateDecision d;
        d.kind = GateDecisionKind(kind);
        if (!approvers.isEmpty())
            d.approvers.push_back(approvers.toStdString());
        d.conditions = conditions.toStdString();
        if (candidate >= 0)
            d.chosenCandidate = candidate;
        auto store = open("bad.db");
        const int64_t before = scalar(*store, "SELECT COUNT(*) FROM gate");
        auto r = GateStore(*store).record(e.spec, e.result, d, m_recordedAt);
        QVERIFY(!r);
        QTEST(QString::fromStdString(r.error().field), "field");
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM gate"), before);
    }

    void recordsInsideACallersTransaction()
    {
        auto store = open("tx.db");
        const Evaluated e = evaluated(gatetest::exampleSpec());
        QVERIFY(store->exec("BEGIN IMMEDIATE"));
        auto r = GateStore(*store).record(e.spec, e.result, approval(), m_recordedAt);
        QVERIFY(r);
        QVERIFY(store->exec("ROLLBACK")); // the caller's rollback takes the record with it
        QCOMPARE(scalar(*store, "SELECT COUNT(*) FROM gate"), 0);
    }

    void liveLatencyLeavesBatchOut()
    {
        // 20 interactive calls at 500 ms and 20 Batch API jobs at an hour each, on the snapshot name: the live
        // p95 is the interactive one, the accuracy every scored call's, and both land on the catalogue model.
        auto store = open("live.db");
        std::vector<RequestRecord> reqs;
        for (int i = 0; i < 40; ++i) {
            RequestRecord r;
            r.timestampMs = *parseTimestampMs("2026-07-10T10:00:00Z") + i * 60'000;
            r.requestId = "l" + std::to_string(i);
            r.feature = "support";
            r.provider = "openai";
            r.model = "gpt-4o-mini-2024-07-18";
            r.inputTokens = 100;
            r.outputTokens = 10;
            r.batch = i >= 20;
            r.latencyMs = r.batch ? 3'600'000 : 500;
            r.evalScore = r.batch ? 0.5 : 1.0;
            reqs.push_back(r);
        }
        PriceCatalogue cat = gatetest::catalogue();
        Ingestor ingest(*store, cat);
        QVERIFY(ingest.begin("tst_gatestore", "requests"));
        QVERIFY(ingest.addRequests(reqs));
        QVERIFY(ingest.commit());
        auto live = loadGateLiveData(*store, cat, *parseDateMs("2026-07-01"), *parseDateMs("2026-08-01"));
        QVERIFY2(live, live ? "" : live.error().toString().c_str());
        const GateLiveModel* m = live->find("openai", "gpt-4o-mini");
        QVERIFY(m);
        QCOMPARE(m->requests, int64_t(40));
        QCOMPARE(m->latencyCount, int64_t(20));
        QVERIFY2(*m->p95LatencyMs > 495 && *m->p95LatencyMs < 505, std::to_string(*m->p95LatencyMs).c_str());
        QCOMPARE(*m->accuracy, 0.75);
        QCOMPARE(m->evalCount, int64_t(40));
        QVERIFY(!live->find("anthropic", "claude-sonnet-4"));
    }

    void tracksActualsAfterLaunch()
    {
        // A gate launched on 2026-05-01 with threshold 0.02 and estimate 0.00058149 (gpt-4o-mini, p50).
        auto store = open("track.db");
        json j = gatetest::exampleSpec();
        j["launch_date"] = "2026-05-01";
        const Evaluated e = evaluated(j);
        auto g = GateStore(*store).record(e.spec, e.result, approval(), m_recordedAt);
        QVERIFY(g);
        // May: 10 requests at a reported 0.01 $ each and 10 units → 0.01 a unit (under);
        // June: 10 requests at 0.05 $ and 10 units → 0.05 a unit (over 0.02: a breach). July: requests, no units.
        std::vector<RequestRecord> reqs;
        std::vector<OutcomeEvent> outs;
        auto add = [&](const char* day, int64_t costNanos, bool outcome, int i) {
            RequestRecord r;
            r.timestampMs = *parseTimestampMs(std::string(day) + "T10:00:00Z") + i * 60'000;
            r.requestId = std::string(day) + "-" + std::to_string(i);
            r.feature = "claims-triage";
            r.provider = "openai";
            r.model = "gpt-4o-mini";
            r.inputTokens = 100;
            r.outputTokens = 10;
            r.latencyMs = 500;
            r.reportedCostNanos = costNanos;
            reqs.push_back(r);
            if (outcome) {
                OutcomeEvent o;
                o.timestampMs = r.timestampMs + 1000;
                o.feature = "claims-triage";
                o.unit = "claim_triaged";
                o.outcomeId = r.requestId;
                outs.push_back(o);
            }
        };
        for (int i = 0; i < 10; ++i) {
            add("2026-05-10", 10'000'000, true, i);
            add("2026-06-10", 50'000'000, true, i);
            add("2026-07-10", 10'000'000, false, i);
        }
        add("2026-04-20", 999'000'000, true, 0); // before launch: not tracked
        PriceCatalogue cat = gatetest::catalogue();
        Ingestor ingest(*store, cat);
        QVERIFY(ingest.begin("tst_gatestore", "requests"));
        QVERIFY(ingest.addRequests(reqs));
        QVERIFY(ingest.addOutcomes(outs));
        QVERIFY(ingest.commit());

        auto rows = gateTracking(*store, "claims-triage", *parseTimestampMs("2026-07-20T00:00:00Z"));
        QVERIFY2(rows, rows ? "" : rows.error().toString().c_str());
        QCOMPARE(int(rows->size()), 1);
        const GateTrackingRow& t = rows->front();
        QCOMPARE(t.gateId, g->id);
        QCOMPARE(*t.estimateP50, int64_t(581'490));
        QCOMPARE(t.threshold, int64_t(20'000'000));
        QCOMPARE(t.launchMs, *parseDateMs("2026-05-01"));
        QCOMPARE(int(t.periods.size()), 3); // May, June, July (to date)
        QCOMPARE(*t.periods[0].actualCostPerUnit, int64_t(10'000'000));
        QVERIFY(!t.periods[0].breach);
        QCOMPARE(*t.periods[0].vsEstimate, int64_t(10'000'000 - 581'490));
        QCOMPARE(*t.periods[1].actualCostPerUnit, int64_t(50'000'000));
        QVERIFY(t.periods[1].breach);
        QVERIFY(!t.periods[2].actualCostPerUnit); // no units: unknowable, not 0
        QCOMPARE(t.periods[2].cost, int64_t(100'000'000));
        QVERIFY(t.periods[2].partial);
        QVERIFY(t.periods[0].calibration && t.periods[2].calibration);
        QVERIFY(t.breach); // the latest period with units (June) is over
        QVERIFY(t.everBreached);
        QCOMPARE(*t.latestActual, int64_t(50'000'000));
        const json tj = gateTrackingToJson(*rows);
        QCOMPARE(tj[0]["periods"][1]["actual_per_unit"].get<std::string>(), std::string("0.05"));
        QVERIFY(tj[0]["periods"][2]["actual_per_unit"].is_null());
        // All gates: the same row.
        auto all = gateTracking(*store, {}, *parseTimestampMs("2026-07-20T00:00:00Z"));
        QVERIFY(all);
        QCOMPARE(int(all->size()), 1);
    }
};

QTEST_GUILESS_MAIN(TestGateStore)
#include "tst_gatestore.moc"
