import DocketJSON
import DocketTestSupport
import Foundation
import Ledger
import Testing
@testable import TransparencyExport

/// The export of a small fixed ledger, file by file, against golden copies in Golden/ (reviewed in diffs).
/// Re-record with: DOCKET_RECORD_GOLDEN=1 swift test --filter ExportGoldenTests
@Suite("docket export: golden files of a small ledger")
struct ExportGoldenTests {
    static let golden = TestDatabase.packageRoot.appendingPathComponent("Tests/TransparencyExportTests/Golden")

    /// Eight events: two organisations, a programme, a decision, an allocation, a contract and its variation,
    /// and a consultation response whose respondent's name is restricted.
    static var events: [PublicEvent] {
        let day: Int64 = 86_400_000_000
        let start: Int64 = 1_333_238_400_000_000  // 2012-04-01
        let types: [(String, String, [String: JSON], Digest?)] = [
            ("organisation-test-pct", "OrganisationRegistered", [
                "organisation": "test-pct", "name": "Test PCT", "kind": "primary-care-trust", "sector": "commissioner",
                "isFoundationTrust": false,
            ], nil),
            ("organisation-test-trust", "OrganisationRegistered", [
                "organisation": "test-trust", "name": "Test Community Trust", "kind": "community-trust", "sector": "provider",
                "isFoundationTrust": false,
            ], nil),
            ("programme-test-diabetes", "ProgrammeLaunched", [
                "programme": "test-diabetes", "commissioner": "test-pct", "title": "Diabetes care closer to home",
                "serviceArea": "diabetes", "geography": "Testshire", "trigger": "strategic-plan",
                "description": "Move routine diabetes care into community clinics.",
            ], nil),
            ("consultation-test-diabetes", "ConsultationResponseReceived", [
                "consultation": "test-diabetes-engagement", "respondentCategory": "patient", "stance": "support",
                "summary": "Clinics nearer home would help.",
            ], Digest(hex: String(repeating: "ab", count: 32))),
            ("decision-test-diabetes", "DecisionTaken", [
                "decision": "test-diabetes-2012", "programme": "test-diabetes", "body": "test-pct-board",
                "title": "Commission community diabetes clinics", "outcome": "approved", "serviceChange": "new",
                "membersPresent": ["test-chair"], "rationale": "Cheaper and nearer to patients.",
                "approvedAmountPence": 6_000_000, "financialYear": "2012/13",
            ], nil),
            ("allocation-test-diabetes-2012-13", "AllocationMade", [
                "allocation": "test-diabetes-2012-13", "payer": "test-pct", "payee": "test-trust", "programme": "test-diabetes",
                "decision": "test-diabetes-2012", "amountPence": 5_000_000, "financialYear": "2012/13", "controlType": "real",
                "paymentMechanism": "block-contract", "purpose": "Community diabetes clinics, first year",
            ], nil),
            ("contract-test-diabetes-clinics", "ContractAwarded", [
                "contract": "test-diabetes-clinics", "programme": "test-diabetes", "commissioner": "test-pct",
                "provider": "test-trust", "route": "competitive-tender", "startOn": "2012-07-01", "endOn": "2015-06-30",
                "valuePence": 15_000_000, "paymentMechanism": "block-contract", "service": "Community diabetes clinics",
            ], nil),
            ("contract-test-diabetes-clinics", "ContractVaried", [
                "contract": "test-diabetes-clinics", "effectiveOn": "2013-04-01", "description": "A fourth clinic added.",
                "valuePence": 16_500_000,
            ], nil),
        ]
        var versions = [String: Int64]()
        return types.enumerated().map { index, entry in
            let (stream, type, data, restricted) = entry
            versions[stream, default: 0] += 1
            return PublicEvent(
                position: Int64(index + 1), id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))!,
                stream: stream, version: versions[stream]!, type: type, schemaVersion: 1,
                occurredAtMicroseconds: start + Int64(index) * 30 * day, recordedAtMicroseconds: start + Int64(index) * 30 * day + 3_600_000_000,
                actor: "Board secretary, Test PCT", authority: nil, reason: nil, correlationID: nil, causationID: nil,
                metadata: [:], data: data, restrictedDigest: restricted)
        }
    }

    @Test func everyFileMatchesItsGoldenCopy() throws {
        let folder = try TransparencyExport.export(events: Self.events, options: ExportOptions(
            publisher: "Testshire Clinical Commissioning Group", origin: "docket/golden", key: ExportFixtures.key))
        #expect(ExportVerifier(key: ExportFixtures.key.verifier).verify(folder).isValid)
        let recording = ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDEN"] == "1"
        if recording { try? FileManager.default.removeItem(at: Self.golden) }
        for path in folder.paths {
            let file = Self.golden.appendingPathComponent(path)
            if recording {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(folder.files[path]!).write(to: file)
                continue
            }
            let stored = FileManager.default.contents(atPath: file.path).map { Array($0) }
            #expect(stored == folder.files[path], "\(path) differs from Golden/\(path); if the change is intended, re-record with DOCKET_RECORD_GOLDEN=1")
        }
        let goldenPaths = FileManager.default.enumerator(atPath: Self.golden.path)?.compactMap { $0 as? String }
            .filter { !FileManager.default.fileExists(atPath: Self.golden.appendingPathComponent($0).path + "/.") } ?? []
        for path in goldenPaths where folder.files[path] == nil {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Self.golden.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { Issue.record("Golden/\(path) is no longer exported; re-record with DOCKET_RECORD_GOLDEN=1") }
        }
    }
}
