import DocketJSON
import DocketTestSupport
import Foundation
import Ledger
import Testing
@testable import TransparencyExport

@Suite("docket verify-export: every tampering is caught, naming the file and the item")
struct VerifyExportTests {
    static func export() throws -> ExportFolder { try DemoLedger.shared.get().export() }
    static let verifier = ExportVerifier(key: ExportFixtures.key.verifier)

    static func problems(_ folder: ExportFolder) -> [ExportVerifier.Problem] { verifier.verify(folder).problems }

    @Test func anUntouchedExportIsValid() throws {
        let report = Self.verifier.verify(try Self.export())
        #expect(report.isValid, "\(report.problems)")
        #expect(report.events > 0 && report.proofsChecked > 0 && report.releasesChecked > 0 && report.rowsChecked > 0)
    }

    @Test func aChangedAmountInAReleaseIsNamedWithTheRelease() throws {
        var folder = try Self.export()
        let path = try #require(folder.paths.first { $0.hasPrefix("ocds/releases/") && folder.text($0).contains("\"awards\"") })
        var package = try JSON.parse(folder.files[path]!)
        var releases = package["releases"]!.arrayValue!
        let index = try #require(releases.firstIndex { $0["awards"] != nil })
        var release = releases[index].objectValue!
        var award = release["awards"]!.arrayValue![0].objectValue!
        let amount = award["value"]!["amount"]!.doubleValue!
        award["value"] = .object(["amount": .number(amount + 1000), "currency": "GBP"])
        release["awards"] = .array([.object(award)])
        releases[index] = .object(release)
        package = .object(package.objectValue!.merging(["releases": .array(releases)]) { $1 })
        folder.files[path] = package.canonicalBytes + [0x0A]
        let problems = Self.problems(folder).filter { $0.file == path }
        #expect(problems.contains { $0.message.contains("SHA-256") })
        #expect(problems.contains { $0.message.contains("release \(release["id"]!.stringValue!)") && $0.message.contains("awards[0].value.amount") })
    }

    @Test func aDroppedEventIsNamedWithItsLine() throws {
        var folder = try Self.export()
        var lines = folder.text("ledger/log.jsonl").split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 9)
        folder.files["ledger/log.jsonl"] = Array(lines.joined(separator: "\n").utf8)
        let problems = Self.problems(folder)
        #expect(problems.contains { $0.file == "ledger/log.jsonl" && $0.message.contains("line 10 holds position 11") })
    }

    @Test func anEditedEventIsCaughtByTheRoot() throws {
        var folder = try Self.export()
        folder.files["ledger/log.jsonl"] = Array(folder.text("ledger/log.jsonl").replacingOccurrences(of: "Calderdale PCT", with: "Calderdale PCX").utf8)
        #expect(Self.problems(folder).contains { $0.file == "ledger/log.jsonl" && $0.message.contains("signed checkpoint says") })
    }

    @Test func anAlteredCSVRowIsNamedWithItsRowAndColumn() throws {
        var folder = try Self.export()
        let path = "csv/spend-over-25000.csv"
        var rows = CSVTables.parse(folder.text(path))
        try #require(rows.count > 1, "the demo has spend over £25,000")
        let amount = try #require(rows[0].firstIndex(of: "Amount"))
        rows[1][amount] = "999999.99"
        folder.files[path] = Array(rows.map(CSVTables.line).joined().utf8)
        let problems = Self.problems(folder).filter { $0.file == path }
        #expect(problems.contains { $0.message.contains("row 1 (\(rows[1][0]))") && $0.message.contains("column \"Amount\"") && $0.message.contains("999999.99") })
    }

    @Test func aCheckpointSignedByAnotherKeyIsRefused() throws {
        var folder = try Self.export()
        let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: folder.text("ledger/checkpoint")).body)
        folder.files["ledger/checkpoint"] = Array(try checkpoint.signed(with: [ExportFixtures.otherKey]).text.utf8)
        #expect(Self.problems(folder).contains { $0.file == "ledger/checkpoint" && $0.message.contains("not a checkpoint validly signed") })
    }

    @Test func aCheckpointOfAnotherTreeIsRefused() throws {
        var folder = try Self.export()
        let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: folder.text("ledger/checkpoint")).body)
        // Validly signed with the right key, but for fewer events (as an attacker holding an older one might).
        let older = try Checkpoint(origin: checkpoint.origin, size: checkpoint.size - 1, rootHash: MerkleHash.emptyRoot)
        folder.files["ledger/checkpoint"] = Array(try older.signed(with: [ExportFixtures.key]).text.utf8)
        let problems = Self.problems(folder)
        #expect(problems.contains { $0.file == "manifest.json" && $0.message.contains("does not match the signed checkpoint") })
        #expect(problems.contains { $0.file == "ledger/log.jsonl" })
    }

    @Test func aReplacedManifestIsCaughtByItsSignature() throws {
        var folder = try Self.export()
        folder.files["manifest.json"] = Array(folder.text("manifest.json").replacingOccurrences(of: "\"findings\":", with: "\"findings\":1").utf8)
        #expect(Self.problems(folder).contains { $0.file == "manifest.json" && $0.message.contains("changed or replaced after it was signed") })
        var unsigned = try Self.export()
        unsigned.files["manifest.sig"] = nil
        #expect(Self.problems(unsigned).contains { $0.file == "manifest.sig" && $0.message.contains("missing") })
    }

    @Test func aFileAddedAfterSigningIsNamed() throws {
        var folder = try Self.export()
        folder.files["ocds/releases/extra.json"] = Array("{}\n".utf8)
        let problems = Self.problems(folder)
        #expect(problems.contains { $0.file == "ocds/releases/extra.json" && $0.message.contains("not listed in the manifest") })
        #expect(problems.contains { $0.file == "ocds/releases/extra.json" && $0.message.contains("derives from no event") })
    }

    @Test func aConsistencyProofThatDoesNotProveTheExtensionIsCaught() throws {
        let events = try DemoLedger.shared.get().events()
        let earlier = try TransparencyExport.export(events: Array(events.prefix(events.count - 5)), options: ExportFixtures.options())
        var later = try TransparencyExport.export(events: events, options: ExportFixtures.options(previous: try PreviousExport(folder: earlier)))
        #expect(Self.verifier.verify(later).isValid)
        var proof = try JSON.parse(later.files["ledger/consistency.json"]!).objectValue!
        var path = proof["path"]!.arrayValue!
        path[0] = .string(String(repeating: "0", count: 64))
        proof["path"] = .array(path)
        later.files["ledger/consistency.json"] = Array(JSON.object(proof).canonicalString.utf8)
        #expect(Self.problems(later).contains { $0.file == "ledger/consistency.json" && $0.message.contains("does not prove") })
        let python = try IndependentVerifierTests.verify(later)
        #expect(python.status == 1)
        #expect(python.output.contains("ledger/consistency.json: does not prove"), "\(python.output)")
    }
}
