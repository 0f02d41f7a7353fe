import Commissioning
import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

/// The database enforces the same rules as the domain, from rows generated from the catalogue.
@Suite("Domain rules in the database")
struct DomainRulesInDatabaseTests {
    static let catalogueFile = TestDatabase.sqlDirectory.appendingPathComponent("0006_domain_catalogue.sql")

    static let header = """
        -- The domain's event rules as rows (0003_domain_rules.sql), generated from the event catalogue by
        -- DomainEventRules.sqlRows. When the catalogue changes, regenerate the rows into a new migration that
        -- first deletes these (DOCKET_RECORD_GOLDEN=1 swift test --filter DomainRulesInDatabase rewrites
        -- this file, which is right only while no database has applied it).


        """

    /// Fails when the catalogue changed without its rows; with DOCKET_RECORD_GOLDEN=1, writes them.
    @Test func theCatalogueMigrationHoldsTheCataloguesRules() throws {
        let expected = Self.header + DomainEventRules.sqlRows
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDEN"] == "1" {
            try expected.write(to: Self.catalogueFile, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: Self.catalogueFile, encoding: .utf8)
        #expect(actual == expected, "sql/0006_domain_catalogue.sql differs from the catalogue's rules; see its header")
    }

    /// Each refusal is made by the Swift rules and by the database alike, on the same field.
    @Test(arguments: DomainEventRulesCases.refusals)
    func refusal(_ case_: DomainEventRulesCases.Refusal) throws {
        let problem = try #require(DomainEventRules.problem(
            stream: case_.stream, type: case_.type, schemaVersion: 1, data: case_.data, version: case_.version))
        #expect(problem.field == case_.field, "\(problem)")
        #expect(problem.description.contains(case_.phrase), "\(problem)")
    }

    /// Each refusal the Swift rules make, the database makes too, on the same field.
    @Test func theDatabaseRefusesWhatTheRulesRefuse() throws {
        let connection = try Connection(try TestDatabase.create("domainrules"))
        for refusal in DomainEventRulesCases.refusals {
            let result = try connection.query(
                "SELECT docket.domain_event_problem($1, $2, 1, $3::jsonb, $4) ->> 'field'",
                [refusal.stream, refusal.type, JSON.object(refusal.data).canonicalString, refusal.version])
            #expect(result.string(0, 0) == refusal.field, "\(refusal.type) in \(refusal.stream)")
        }
        for stream in ["nul", "s-1", "bench-allocation-1", "Organisation-x"] {
            let result = try connection.query(
                "SELECT docket.domain_event_problem($1, 'Anything', 9, '{\"x\": 1}', 1)", [stream])
            #expect(result.string(0, 0) == nil, "\(stream) is not the domain's")
        }
    }

    /// The fast test every append makes (one SQL/JSON path per rule) agrees with the field-by-field check
    /// that says why, on the demo's events and on thousands of mutations of them.
    @Test func theFastTestAgreesWithTheDetailedOne() throws {
        let connection = try Connection(try TestDatabase.create("domainfits"))
        var state = CommissioningState(everyStreamLoaded: true)
        var versions = [String: Int64]()
        var samples = [(stream: String, type: String, data: [String: JSON], version: Int64)]()
        for (index, json) in DemoLedger.commands().enumerated() {
            for event in try Command.decode(json).handle(in: &state, context: CommandContext(namespace: UUID(), index: index)) {
                let version = (versions[event.stream] ?? 0) + 1
                versions[event.stream] = version
                samples.append((event.stream, event.type.rawValue, event.data.objectValue ?? [:], version))
            }
        }
        let replacements: [JSON] = [.null, "", "x", "2011-02-31", "2012-02-29", "2100-02-29", "2011/12", "2011/13", JSON(7), JSON(7.5),
                                    true, [], ["a"], [JSON(1)], [:], "00000000-0000-4000-8000-000000000001", "Not A Slug", "2011-05-12T14:30:00Z",
                                    [["a"]], [[]], JSON(1e19), JSON(-9_007_199_254_740_993.0), JSON(9_007_199_254_740_992.0), "2011-05-12T14:30:00.1234567Z",
                                    .string(String(repeating: "a", count: 65)), .string(String(repeating: "a", count: 64))]
        var generator = SystemRandomNumberGenerator()
        var cases = samples.map { ($0.stream, $0.type, $0.data, $0.version) }
        for _ in 0..<2_000 {
            var (stream, type, data, version) = samples.randomElement(using: &generator)!
            switch Int.random(in: 0..<5, using: &generator) {
            case 0, 1, 2:
                if let key = data.keys.randomElement(using: &generator) { data[key] = replacements.randomElement(using: &generator)! }
            case 3: data[["extra", "respondentName", data.keys.first ?? "x"].randomElement(using: &generator)!] = "v"
            default: version = [1, 2, 5].randomElement(using: &generator)!
            }
            cases.append((stream, type, data, version))
        }
        var disagreements = [String]()
        for (stream, type, data, version) in cases {
            let result = try connection.query("""
                SELECT k.kind IS NULL OR coalesce(docket.domain_event_fits(d, $1, 1, $3::jsonb, $4), false),
                       docket.domain_event_problem($1, $2, 1, $3::jsonb, $4) IS NULL
                FROM (SELECT) one
                LEFT JOIN docket.domain_stream_kinds k ON k.kind = split_part($1, '-', 1)
                LEFT JOIN docket.domain_event_rules d ON d.stream_kind = k.kind AND d.event_type = $2
                """, [stream, type, JSON.object(data).canonicalString, version])
            let fast = try result.bool(0, 0)
            let detailed = try result.bool(0, 1)
            let swift = DomainEventRules.problem(stream: stream, type: type, schemaVersion: 1, data: data, version: version) == nil
            if fast != detailed || detailed != swift {
                disagreements.append("\(type) v\(version) \(JSON.object(data).canonicalString.prefix(200)): fast \(fast.map(String.init) ?? "nil"), detailed \(detailed.map(String.init) ?? "nil"), swift \(swift)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
        #expect(cases.count > 2_000)
    }

    /// Every event of the demo passes the database's check, as it passes the Swift one.
    @Test func theDatabaseAcceptsTheDemo() throws {
        let connection = try Connection(try TestDatabase.create("domaindemo"))
        var state = CommissioningState(everyStreamLoaded: true)
        var versions = [String: Int64]()
        var refused = [String]()
        for (index, json) in DemoLedger.commands().enumerated() {
            let events = try Command.decode(json).handle(in: &state, context: CommandContext(namespace: UUID(), index: index))
            for event in events {
                let version = (versions[event.stream] ?? 0) + 1
                versions[event.stream] = version
                let result = try connection.query(
                    "SELECT docket.domain_event_problem($1, $2, 1, $3::jsonb, $4)::text",
                    [event.stream, event.type.rawValue, event.data.canonicalString, version])
                if let problem = result.string(0, 0) { refused.append("\(event.type) in \(event.stream): \(problem)") }
            }
        }
        #expect(refused == [])
    }
}

/// Events the rules refuse, with the field each concerns.
enum DomainEventRulesCases {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var stream: String
        var type: String
        var data: [String: JSON]
        var version: Int64
        /// The field refused, and a phrase of the reason.
        var field: String
        var phrase: String
        var testDescription: String { "\(type) in \(stream) → \(field)" }
    }

    static let organisation: [String: JSON] = [
        "organisation": "zz", "name": "Z", "kind": "primary-care-trust", "sector": "commissioner", "isFoundationTrust": false,
    ]

    static func with(_ base: [String: JSON], _ changes: [String: JSON?]) -> [String: JSON] {
        var data = base
        for (key, value) in changes { data[key] = value }
        return data
    }

    static let refusals: [Refusal] = [
        Refusal(stream: "organisation-zz", type: "Bogus", data: [:], version: 1, field: "type", phrase: "is not an event type of organisation streams"),
        Refusal(stream: "organisation-ZZ", type: "OrganisationRegistered", data: organisation, version: 1, field: "stream", phrase: "is not an id"),
        Refusal(stream: "organisation-zz", type: "OrganisationSucceeded", data: [:], version: 1, field: "type", phrase: "begin with OrganisationRegistered"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: organisation, version: 2, field: "type", phrase: "can only begin a stream"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["kind": "pct"]), version: 1, field: "data.kind", phrase: "expected one of"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["extra": 1]), version: 1, field: "data.extra", phrase: "has no field"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["name": nil]), version: 1, field: "data.name", phrase: "required"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["name": 7]), version: 1, field: "data.name", phrase: "expected a string"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["population": JSON(1e19)]), version: 1, field: "data.population", phrase: "2^53"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["organisation": .string(String(repeating: "z", count: 65))]), version: 1, field: "data.organisation", phrase: "is not an id"),
        Refusal(stream: "organisation-zz", type: "OrganisationRegistered", data: with(organisation, ["organisation": "yy"]), version: 1, field: "data.organisation", phrase: "but the event is in stream organisation-zz"),
        Refusal(stream: "consultation-c", type: "EventRetracted",
                data: ["event": "not-a-uuid", "eventType": "ConsultationOpened", "reason": "r", "authority": "a"],
                version: 2, field: "data.event", phrase: "is not an event id"),
    ]

}
