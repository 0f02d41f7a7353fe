import DocketJSON
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import Testing
@testable import TransparencyExport

@Suite("docket export: redacted, deterministic, incremental, valid")
struct ExportPropertyTests {
    /// Every personal value the demo holds: the restricted fields' values and the respondents' names.
    static func personalValues(_ demo: DemoLedger) throws -> Set<String> {
        let connection = try Connection(demo.conninfo)
        var values = Set<String>()
        func collect(_ json: JSON) {
            switch json {
            case .string(let text): values.insert(text)
            case .array(let items): items.forEach(collect)
            case .object(let members): members.values.forEach(collect)
            default: break
            }
        }
        let restricted = try connection.query("SELECT fields::text FROM docket.event_restricted")
        for row in 0..<restricted.rowCount { collect(try JSON.parse(Array(restricted.string(row, 0)!.utf8))) }
        let names = try connection.query("SELECT respondent_name FROM projection.consultation_respondents WHERE respondent_name IS NOT NULL")
        for row in 0..<names.rowCount { values.insert(names.string(row, 0)!) }
        return values
    }

    @Test func noPersonalValueAppearsInAnyByteOfAnyFile() throws {
        let demo = try DemoLedger.shared.get()
        let values = try Self.personalValues(demo)
        #expect(!values.isEmpty, "the demo holds personal data to look for")
        let folder = try demo.export()
        func contains(_ bytes: [UInt8], _ value: String) -> Bool {
            let needle = Array(value.utf8)
            return bytes.count >= needle.count && (0...(bytes.count - needle.count)).contains { start in
                bytes[start] == needle[0] && Array(bytes[start..<start + needle.count]) == needle
            }
        }
        // The search finds what is there: a public value (a response's summary) in the CSV.
        let summary = try #require(try demo.events().first { $0.type == "ConsultationResponseReceived" }?.data["summary"]?.stringValue)
        #expect(contains(folder.files["csv/consultation-responses.csv"]!, summary))
        for (path, bytes) in folder.files {
            for value in values {
                #expect(!contains(bytes, value), "\(path) contains the personal value \"\(value)\"")
            }
        }
        // Where a name would be, the CSV says so; the public log keeps only the digest.
        let responses = CSVTables.parse(folder.text("csv/consultation-responses.csv"))
        let respondent = try #require(responses.first?.firstIndex(of: "Respondent"))
        let restrictedEvents = try demo.events().filter { $0.restrictedDigest != nil && $0.type == "ConsultationResponseReceived" }
        #expect(responses.dropFirst().filter { $0[respondent] == CSVTables.redacted }.count
            == restrictedEvents.filter { event in responses.contains { $0.first == event.id.uuidString.lowercased() } }.count)
        #expect(responses.dropFirst().contains { $0[respondent] == CSVTables.redacted })
    }

    @Test func theSameLogAndOptionsGiveByteIdenticalFiles() throws {
        let demo = try DemoLedger.shared.get()
        let first = try demo.export()
        let second = try demo.export()
        #expect(first.paths == second.paths)
        for path in first.paths { #expect(first.files[path] == second.files[path], "\(path) differs between two runs") }
    }

    @Test func theCommandWritesTheSameBytesTwiceAndRefusesToClobberAnotherFolder() throws {
        let demo = try DemoLedger(label: "export-cli")
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("docket-export-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let keyFile = base.appendingPathComponent("publisher.key").path
        try DemoLedger.runOffline(["keygen", keyFile])
        try demo.run(["export", "--out", base.appendingPathComponent("a").path, "--key", keyFile])
        try demo.run(["export", "--out", base.appendingPathComponent("b").path, "--key", keyFile])
        let a = try Self.read(base.appendingPathComponent("a"))
        let b = try Self.read(base.appendingPathComponent("b"))
        #expect(a == b)
        try DemoLedger.runOffline(["verify-export", base.appendingPathComponent("a").path, "--key", keyFile + ".pub"])
        // Continuing from itself with no new events, in place: the same folder.
        try demo.run(["export", "--out", base.appendingPathComponent("a").path, "--previous", base.appendingPathComponent("a").path, "--key", keyFile])
        #expect(try Self.read(base.appendingPathComponent("a")) == b)
        // A failed export leaves the folder as it was and nothing beside it.
        let otherKey = base.appendingPathComponent("other.key").path
        try DemoLedger.runOffline(["keygen", otherKey])
        #expect(throws: (any Error).self) {
            try demo.run(["export", "--out", base.appendingPathComponent("a").path, "--previous", base.appendingPathComponent("a").path, "--key", otherKey])
        }
        #expect(try Self.read(base.appendingPathComponent("a")) == b)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0.hasPrefix(".") }.isEmpty)
        let unrelated = base.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: unrelated.appendingPathComponent("todo.txt"))
        #expect(throws: (any Error).self) { try demo.run(["export", "--out", unrelated.path, "--key", keyFile]) }
        #expect(FileManager.default.contents(atPath: unrelated.appendingPathComponent("todo.txt").path) == Data("mine".utf8))
    }

    static func read(_ url: URL) throws -> [String: Data] {
        var files = [String: Data]()
        for case let relative as String in FileManager.default.enumerator(atPath: url.path)! {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[relative] = FileManager.default.contents(atPath: url.appendingPathComponent(relative).path) }
        }
        return files
    }

    @Test func aLaterExportKeepsPublishedReleasesAndProvesItExtendsThePreviousOne() throws {
        let demo = try DemoLedger(label: "export-incremental")
        let first = try demo.export()
        // A variation of the first contract the export published, appended after it.
        let contracts = CSVTables.parse(first.text("csv/contracts.csv"))
        let contract = try #require(contracts.dropFirst().first?.first)
        _ = try demo.store.append([NewEvent(
            stream: "contract-\(contract)", type: "ContractVaried",
            data: ["contract": .string(contract), "effectiveOn": "2013-04-01", "description": "Value raised for winter pressures", "valuePence": 123_456_789],
            context: EventContext(actor: "Contracts manager"), occurredAt: Date(timeIntervalSince1970: 1_364_774_400))])
        let second = try demo.export(previous: try PreviousExport(folder: first))
        let published = first.paths.filter { $0.hasPrefix("ocds/releases/") }
        #expect(!published.isEmpty)
        for path in published { #expect(second.files[path] == first.files[path], "\(path) was rewritten") }
        #expect(second.paths.filter { $0.hasPrefix("ocds/releases/") }.count == published.count + 1)
        #expect(second.text("csv/contracts.csv").contains("1234567.89"))
        let report = ExportVerifier(key: ExportFixtures.key.verifier).verify(second, previous: first)
        #expect(report.isValid, "\(report.problems)")
        #expect(second.files["ledger/consistency.json"] != nil)

        // No new events: the same folder again, byte for byte.
        let third = try demo.export(previous: try PreviousExport(folder: second))
        #expect(third == second)
    }

    @Test func aPreviousExportThisLogDoesNotExtendStopsTheExport() throws {
        let demo = try DemoLedger.shared.get()
        var events = try demo.events()
        let real = try TransparencyExport.export(events: events, options: ExportFixtures.options())
        // Another history: the first event's payload differs.
        events[0].data["name"] = .string("A different name")
        let other = try TransparencyExport.export(events: Array(events), options: ExportFixtures.options())
        let error = try #require(throws: ExportError.self) {
            _ = try demo.export(previous: try PreviousExport(folder: other))
        }
        #expect(error.description.contains("inconsistent with this log"))
        // And one signed by another key is refused as such.
        let foreign = try demo.export(key: ExportFixtures.otherKey)
        let keyError = try #require(throws: ExportError.self) { _ = try demo.export(previous: try PreviousExport(folder: foreign)) }
        #expect(keyError.description.contains("not signed by this key"))
        _ = real
    }

    @Test func everyOCDSFileValidatesAgainstTheOfficialSchemas() throws {
        let schemas = try #require(ExportFixtures.ocdsSchemas, "the OCDS 1.1.5 schemas are at ../shared/ocds-1.1.5 beside the clone")
        let demo = try DemoLedger.shared.get()
        let folder = try demo.export()
        #expect(folder.paths.contains { $0.hasPrefix("ocds/records/") })
        let written = try ExportFixtures.write(folder)
        defer { try? FileManager.default.removeItem(at: written) }
        let script = TestDatabase.packageRoot.appendingPathComponent("tools/validate_ocds.py").path
        let result = try ExportFixtures.run("python3", [script, written.path, schemas.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func releaseIdsDeriveFromEventsAndTheDefaultPrefixSaysItIsUnregistered() throws {
        let demo = try DemoLedger.shared.get()
        let folder = try demo.export()
        let package = try JSON.parse(folder.files["ocds/release-package.json"]!)
        let releases = try #require(package["releases"]?.arrayValue)
        let events = Dictionary(uniqueKeysWithValues: try demo.events().map { ($0.position, $0) })
        for release in releases {
            let cited = try #require(release["ledgerEvents"]?.arrayValue?.first)
            let event = try #require(events[cited["position"]!.int64Value!])
            #expect(release["id"]?.stringValue == event.id.uuidString.lowercased())
            #expect(release["ocid"]?.stringValue?.hasPrefix("ocds-unregistered-") == true)
        }
    }
}
