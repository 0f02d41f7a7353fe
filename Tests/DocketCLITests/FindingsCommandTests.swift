import Commissioning
@testable import DocketCLI
import Foundation
import Testing

@Suite("docket findings")
struct FindingsCommandTests {
    static func findings(_ docket: DocketRunner, _ arguments: [String]) throws -> String {
        let command = try #require(try Docket.parseAsRoot(["findings"] + arguments + ["--database-url", docket.conninfo]) as? FindingsCommand)
        return try command.output(store: try docket.store)
    }

    static func count(_ text: String) -> Int {
        let line = text.split(separator: "\n").last { $0.hasSuffix(" findings") || $0.hasSuffix(" finding") }!
        return Int(line.split(separator: " ").first!)!
    }

    @Test func namesPeopleByRoleCitesTheSourceAndFilters() throws {
        let docket = try DocketRunner("findings")
        try docket.run(["demo"])
        let all = try Self.findings(docket, [])
        #expect(all.contains("GP board member A, Somerset PCT (GP member, Somerset PCT Board)"))
        #expect(all.contains("Why it matters:"))
        #expect(all.contains("Source: 004 (Nuffield Trust and The King's Fund, Where next for commissioning in the English NHS?, 2010) §4.4"))
        #expect(!all.contains("'somerset-gp-member-a'"))
        let total = Self.count(all)
        #expect(total == (try FindingsCommand.findings(in: docket.store)).count)

        // A PCT's findings appear under its successor CCG; another site's do not.
        let somerset = try Self.findings(docket, ["--commissioner", "somerset-ccg"])
        #expect(somerset.contains("Somerset PCT"))
        #expect(!somerset.contains("Commissioner: Wirral PCT"))
        #expect(Self.count(somerset) > 0 && Self.count(somerset) < total)
        #expect(Self.count(try Self.findings(docket, ["--commissioner", "somerset-pct"])) == Self.count(somerset))

        let notice = try Self.findings(docket, ["--rule", "less-than-six-months-notice"])
        #expect(Self.count(notice) == (try FindingsCommand.findings(in: docket.store)).filter { $0.rule.id == "less-than-six-months-notice" }.count)

        // Nothing had been recorded on 1 January 2012: the demo was loaded today.
        let early = try Self.findings(docket, ["--as-of", "2012-01-01"])
        #expect(early.hasPrefix("0 findings\nNothing had been recorded by 2012-01-01"))
        let json = try Self.findings(docket, ["--json", "--rule", "interested-member-voted"])
        #expect(json.contains(#""why_it_matters""#) && json.contains(#""name":"GP board member A, Somerset PCT (GP member, Somerset PCT Board)""#))
    }

    @Test func unknownRuleOrCommissionerIsRefusedWithWhatIsKnown() throws {
        let docket = try DocketRunner("findingserr")
        try docket.run(["demo"])
        #expect(throws: (any Error).self) { try Self.findings(docket, ["--rule", "no-such-rule"]) }
        let error = try #require(throws: CLIError.self) { try Self.findings(docket, ["--commissioner", "atlantis-pct"]) }
        #expect(error.description.contains("no organisation 'atlantis-pct'"))
    }
}
