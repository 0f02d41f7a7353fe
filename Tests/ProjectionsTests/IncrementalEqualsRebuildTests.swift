import Commissioning
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
@testable import Projections
import Testing

@Suite("Projections: incremental projection equals a rebuild")
struct IncrementalEqualsRebuildTests {
    @Test func afterTheDemo() throws {
        let db = try ProjectionDatabase("projdemo")
        try db.runDocket(["demo"])
        try db.runWorkerOnce(batchSize: 7)
        #expect(try db.checkpoint() == db.head)
        #expect(try db.checkpoint("findings") == db.head)
        #expect(try db.count("decisions", current: true) > 0)
        #expect(try db.count("consultation_responses") > 0)
        let findings = try FindingsCommand.findings(in: EventStore(connection: db.connection))
        #expect(try db.count("findings") == Int64(findings.count))
        let incremental = try db.contents()
        try db.rebuild(batchSize: 50)
        #expect(try db.contents() == incremental)
    }

    @Test func afterASyntheticLedger() throws {
        let db = try ProjectionDatabase("projsynth")
        try db.recordSynthetic(ProjectionDatabase.syntheticSize(20_000))
        try db.runWorkerOnce(batchSize: 997)
        #expect(try db.checkpoint() == db.head)
        let incremental = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == incremental)
        #expect(try db.count("allocations", current: true) > 0)
        #expect(try db.count("interests") > 0)
    }

    /// A rebuild that may keep only a few hundred rows in memory evicts streams, refolds them from the log
    /// when they come back, and closes versions it had written open: the tables must come out the same.
    @Test func aRebuildWithLittleMemoryEqualsTheIncrementalProjection() throws {
        let db = try ProjectionDatabase("projevict")
        try db.recordSynthetic(ProjectionDatabase.syntheticSize(20_000), seed: 11)
        try db.runWorkerOnce(batchSize: 997)
        let incremental = try db.contents()
        let summary = try db.rebuild(batchSize: 500, cachedRows: 300)
        #expect(try db.contents() == incremental)
        #expect(summary.refoldedStreams > 0)
        #expect(summary.reopenedVersions > 0)
    }

    /// The worker keeps no detector: it recomputes only the findings of anchors that new events may have
    /// changed, from their events. The demo's events are copied into a second ledger a few at a time, with
    /// the worker run after each slice, so later events change findings written earlier (a consultation
    /// closed after the decision that relied on it, a contract awarded after its service began,
    /// allocations made after their decision). After every run the table must hold exactly the findings of
    /// a detector fed the whole log.
    @Test func theWorkersFindingsEqualAWholeLogDetectorAfterEveryRun() throws {
        let source = try ProjectionDatabase("projfinda")
        try source.runDocket(["demo"])
        let events = try EventStore(connection: source.connection).readLog(after: 0, limit: 10_000)
        let db = try ProjectionDatabase("projfindb")
        let store = EventStore(connection: db.connection)
        var written: [String: [String]] = [:]
        var rewritten = Set<String>()
        // Slices of five, and a new slice at each event that changes a finding written before it.
        let changers: Set<String> = ["consultation-calderdale-dementia-review-2011 ConsultationClosed", "contract-somerset-stroke-esd ContractAwarded"]
        var slices: [Range<Int>] = []
        var sliceStart = 0
        for index in events.indices where index > sliceStart {
            if index - sliceStart == 5 || changers.contains(events[index].stream + " " + events[index].type) {
                slices.append(sliceStart..<index)
                sliceStart = index
            }
        }
        slices.append(sliceStart..<events.count)
        for slice in slices {
            try store.append(events[slice].map { event in
                NewEvent(id: event.id, stream: event.stream, type: event.type, schemaVersion: event.schemaVersion,
                         data: event.data, metadata: event.metadata, context: event.context, occurredAt: event.occurredAt)
            })
            try db.runWorkerOnce(batchSize: 3)
            #expect(try db.checkpoint("findings") == db.head)
            #expect(try db.count("finding_dirty") == 0)
            let expected = try FindingsCommand.findings(in: store)
            let stored = try db.connection.query("SELECT anchor, rule, summary FROM projection.findings").rows.map {
                row throws(PostgresError) in (anchor: try row.string("anchor")!, line: try row.string("rule")! + " " + row.string("summary")!)
            }
            #expect(stored.map(\.line).sorted() == expected.map { $0.rule.id + " " + $0.summary }.sorted())
            let byAnchor = Dictionary(grouping: stored, by: \.anchor).mapValues { $0.map(\.line).sorted() }
            for (anchor, lines) in byAnchor {
                if let earlier = written[anchor], earlier != lines { rewritten.insert(anchor) }
                written[anchor] = lines
            }
        }
        #expect(try db.count("findings") == Int64(try FindingsCommand.findings(in: store).count))
        // The consultation closed a day after the decision, and the contract awarded after the service began.
        #expect(rewritten.contains("decision:calderdale-dementia-priorities-2011"))
        #expect(rewritten.contains { $0.hasPrefix("commencement:") })
    }

    /// The same on a synthetic ledger, where every rule fires and links cross programmes, contracts and
    /// decisions: fed in slices, the worker's table equals a whole-log detector after every run.
    @Test func theWorkersFindingsEqualAWholeLogDetectorOnASyntheticLedger() throws {
        let source = try ProjectionDatabase("projfinds")
        try source.recordSynthetic(ProjectionDatabase.syntheticSize(12_000), seed: 42)
        let events = try EventStore(connection: source.connection).readLog(after: 0, limit: 1_000_000)
        let db = try ProjectionDatabase("projfindt")
        let store = EventStore(connection: db.connection)
        var rules = Set<String>()
        for start in stride(from: 0, to: events.count, by: 1_500) {
            try store.append(events[start..<min(start + 1_500, events.count)].map { event in
                NewEvent(id: event.id, stream: event.stream, type: event.type, schemaVersion: event.schemaVersion,
                         data: event.data, metadata: event.metadata, context: event.context, occurredAt: event.occurredAt)
            })
            try db.runWorkerOnce(batchSize: 500)
            let expected = try FindingsCommand.findings(in: store)
            let stored = try db.connection.query("SELECT rule, summary FROM projection.findings").rows.map {
                row throws(PostgresError) in try row.string("rule")! + " " + row.string("summary")!
            }
            #expect(stored.sorted() == expected.map { $0.rule.id + " " + $0.summary }.sorted())
            rules.formUnion(expected.map(\.rule.id))
        }
        #expect(rules.count >= FindingRule.all.count - 2, "only \(rules.sorted()) fired")
    }

    /// Raw `docket append` can write what the domain commands never do: a retraction in another stream
    /// than the event it names. The projections ignore it, and so does the detector, so the worker (which
    /// reads only the groups an anchor reaches) agrees with it. An interest whose payload names another
    /// member than its stream, once possible too, is refused.
    @Test func rawEventsOutsideTheDomainsRulesGiveTheWorkerAndTheDetectorTheSameFindings() throws {
        let db = try ProjectionDatabase("projfindraw")
        try db.runDocket(["demo"])
        try db.runWorkerOnce()
        let store = EventStore(connection: db.connection)
        let log = try store.readLog(after: 0, limit: 10_000)
        let taking = try #require(log.first { $0.stream == "decision-somerset-stroke-esd-2011" && $0.type == "DecisionTaken" })
        let interest = try #require(log.first { $0.stream == "member-somerset-gp-member-a" && $0.type == "InterestDeclared" })
        func retraction(of event: RecordedEvent, in stream: String) -> NewEvent {
            NewEvent(stream: stream, type: "EventRetracted", data: [
                "event": .string(event.id.uuidString.lowercased()), "eventType": .string(event.type),
                "reason": .string("test"), "authority": .string("test"),
            ])
        }
        var moved = interest.data
        moved["member"] = .string("somerset-gp-member-b")
        moved["interest"] = .string("moved-interest")
        try store.append([
            retraction(of: taking, in: "organisation-somerset-pct"),
            retraction(of: taking, in: "decision-wirral-mas-2011"),
        ])
        // An interest whose payload names another member than its stream is refused outright.
        let misfiled = try #require(throws: EventStoreError.self) {
            try store.append([NewEvent(stream: "member-somerset-gp-member-a", type: "InterestDeclared", data: moved, occurredAt: interest.occurredAt)])
        }
        #expect(misfiled.kind == .domainRefused)
        #expect(misfiled.message.contains("data.member"))
        try db.runWorkerOnce()
        let expected = try FindingsCommand.findings(in: store)
        #expect(expected.contains { $0.rule.id == "service-without-measurable-objectives" })
        let stored = try db.connection.query("SELECT rule, summary FROM projection.findings").rows.map {
            row throws(PostgresError) in try row.string("rule")! + " " + row.string("summary")!
        }
        #expect(stored.sorted() == expected.map { $0.rule.id + " " + $0.summary }.sorted())
        let incremental = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == incremental)
    }

    /// The rebuild writes the findings of the replayed log while the server builds indexes; events that
    /// arrive after the replay are projected at the swap, and the findings written again with them.
    @Test func eventsAppendedAfterTheReplayReachTheRebuiltFindings() throws {
        let db = try ProjectionDatabase("projfindlate")
        try db.runDocket(["demo"])
        let store = EventStore(connection: db.connection)
        let before = try FindingsCommand.findings(in: store)
        let involved = try #require(before.first?.events.first)
        var rebuild = ProjectionRebuild(connection: try Connection(db.conninfo), logger: ProjectionDatabase.logger)
        rebuild.afterReplay = {
            // Retracting an event a finding rests on changes the findings.
            try store.append([NewEvent(stream: involved.stream, type: "EventRetracted", data: [
                "event": .string(involved.eventId.uuidString.lowercased()), "eventType": .string(involved.type),
                "reason": .string("test"), "authority": .string("test"),
            ])])
        }
        let summary = try rebuild.run()
        #expect(summary.events == (try db.head))
        let expected = try FindingsCommand.findings(in: store)
        #expect(expected != before)
        let stored = try db.connection.query("SELECT rule, summary FROM projection.findings").rows.map {
            row throws(PostgresError) in try row.string("rule")! + " " + row.string("summary")!
        }
        #expect(stored.sorted() == expected.map { $0.rule.id + " " + $0.summary }.sorted())
        #expect(try db.checkpoint("findings") == db.head)
        let rebuilt = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == rebuilt)
    }

    /// A live worker's batch can end exactly at the head without knowing it, leaving the findings behind
    /// the tables; the next time the worker finds nothing to read, it brings them up to date.
    @Test func findingsLeftBehindTheTablesAreRefreshedWhenTheWorkerFindsNothingToRead() throws {
        let db = try ProjectionDatabase("projfindlag")
        try db.runDocket(["demo"])
        try db.runWorkerOnce()
        let expected = try db.contents()
        let dropped = try db.connection.query("DELETE FROM projection.findings WHERE rule = 'interested-member-voted' RETURNING anchor")
        #expect(dropped.rowCount == 1)
        try db.connection.query("INSERT INTO projection.finding_dirty (anchor) VALUES ($1)", [dropped.string(0, 0)!])
        try db.connection.query("UPDATE projection.checkpoints SET position = 0 WHERE name = 'findings'")
        try db.runWorkerOnce()
        #expect(try db.contents() == expected)
    }

    /// Raw appends cannot put into a domain stream what the read models could not apply (an unknown
    /// type, a second creating event), and streams the domain does not own are kept, verifiable, and
    /// passed over by the worker and the rebuild alike.
    @Test func theDomainsStreamsTakeOnlyWhatCanBeAppliedAndOtherStreamsAreLeftAlone() throws {
        let db = try ProjectionDatabase("projowned")
        try db.runDocket(["demo"])
        let store = EventStore(connection: db.connection)
        let head = try db.head
        let bogus = try #require(throws: EventStoreError.self) {
            try store.append([NewEvent(stream: "organisation-zz", type: "Bogus", data: [:])])
        }
        #expect(bogus.kind == .domainRefused)
        let registration = try #require(try store.readStreams(try db.connection.query(
            "SELECT stream_id FROM docket.events WHERE event_type = 'OrganisationRegistered' ORDER BY position LIMIT 1").string(0, 0).map { [$0] } ?? []).first)
        let duplicate = try #require(throws: EventStoreError.self) {
            try store.append([NewEvent(stream: registration.stream, type: registration.type, data: registration.data)])
        }
        #expect(duplicate.kind == .domainRefused)
        #expect(duplicate.message.contains("can only begin a stream"))
        #expect(try db.head == head)

        try db.runWorkerOnce()
        let before = try db.contents()
        try store.append([NewEvent(stream: "nul", type: "Bogus", data: ["x": 1]),
                          NewEvent(stream: "audit-note-1", type: "Noted", data: [:])])
        try db.runWorkerOnce()
        #expect(try db.checkpoint() == head + 2)
        func tables(_ contents: [String: String]) -> [String: String] { contents.filter { !$0.key.hasPrefix("checkpoint") } }
        #expect(tables(try db.contents()) == tables(before))
        try db.rebuild()
        #expect(tables(try db.contents()) == tables(before))
    }

    /// What can still fail to apply (here a raw correction to a value the read models cannot hold) stops
    /// the worker with the remedy in its message; once the event is retracted, the worker and the rebuild
    /// go on past it.
    @Test func anEventThatCannotBeAppliedStopsTheWorkerUntilItIsRetracted() throws {
        let db = try ProjectionDatabase("projbad")
        try db.runDocket(["demo"])
        try db.runWorkerOnce()
        let store = EventStore(connection: db.connection)
        let stream = try #require(try db.connection.query(
            "SELECT stream_id, event_id FROM docket.events WHERE event_type = 'OrganisationRegistered' ORDER BY position LIMIT 1"))
        let target = try #require(try stream.uuid(0, 1))
        let bad = try store.append([NewEvent(
            stream: stream.string(0, 0)!, type: "EventCorrected",
            data: ["event": .string(target.uuidString.lowercased()), "eventType": "OrganisationRegistered",
                   "changes": ["name": 5], "reason": "a slip", "authority": "Board secretary"],
            context: EventContext(actor: "Board secretary"))])[0]

        let error = try #require(throws: ProjectionError.self) { try db.runWorkerOnce(batchSize: 100) }
        #expect(error.position == bad.position)
        #expect(error.eventID == bad.id)
        #expect(error.description.contains("retract-event"))
        #expect(try db.checkpoint() == bad.position - 1)
        let status = try #require(try ProjectionStatus.all(db.connection).first { $0.name == "tables" })
        #expect(status.errorPosition == bad.position)
        #expect(status.error?.contains("retract-event") == true)

        let retraction = """
            {"command": "retract-event", "stream": "\(stream.string(0, 0)!)", "event": "\(bad.id.uuidString.lowercased())", \
            "occurredAt": "2013-05-01", "actor": "Board secretary", "authority": "Audit committee", "reason": "entered by mistake"}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("retract-\(UUID()).jsonl")
        try (retraction + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try db.runDocket(["record", file.path])
        try db.runWorkerOnce()
        #expect(try db.checkpoint() == (try db.head))
        let incremental = try db.contents()
        try db.rebuild()
        #expect(try db.contents() == incremental)
    }

    /// A raw correction naming no event of its stream amends nothing, and the stream can still take
    /// commands: here the retraction of that correction.
    @Test func aCorrectionNamingNoEventLeavesTheStreamUsable() throws {
        let db = try ProjectionDatabase("projorphan")
        try db.runDocket(["demo"])
        let stream = try #require(try db.connection.query(
            "SELECT stream_id FROM docket.events WHERE event_type = 'OrganisationRegistered' ORDER BY position LIMIT 1").string(0, 0))
        let orphan = try EventStore(connection: db.connection).append([NewEvent(
            stream: stream, type: "EventCorrected",
            data: ["event": .string(UUID().uuidString.lowercased()), "eventType": "OrganisationRegistered", "changes": [:],
                   "reason": "a slip", "authority": "Board secretary"],
            context: EventContext(actor: "Board secretary"))])[0]
        try db.runWorkerOnce()
        let retraction = """
            {"command": "retract-event", "stream": "\(stream)", "event": "\(orphan.id.uuidString.lowercased())", \
            "occurredAt": "2013-05-01", "actor": "Board secretary", "authority": "Audit committee", "reason": "names no event"}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("orphan-\(UUID()).jsonl")
        try (retraction + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try db.runDocket(["record", file.path])
        try db.runWorkerOnce()
        #expect(try db.checkpoint() == (try db.head))
    }

    @Test func theReaderRoleCannotSeeRespondentsNames() throws {
        let db = try ProjectionDatabase("projpriv")
        try db.runDocket(["demo"])
        try db.runWorkerOnce()
        try db.rebuild()
        try db.connection.executeScript("SET ROLE docket_reader")
        _ = try db.connection.query("SELECT count(*) FROM projection.consultation_responses")
        let error = try #require(throws: PostgresError.self) {
            try db.connection.query("SELECT respondent_name FROM projection.consultation_respondents")
        }
        #expect(error.sqlState == PostgresError.State.insufficientPrivilege)
    }
}
