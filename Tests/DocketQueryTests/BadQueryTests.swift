import DocketQuery
import Testing

/// Mistakes a user makes, each found before any SQL runs and rendered with its line, a caret under the
/// span, one sentence and a hint. The renderings are in Goldens/bad-queries.txt.
@Suite("Bad queries: located errors with hints")
struct BadQueryTests {
    static let queries: [(String, [String: String])] = [
        ("", [:]),
        ("form decisions", [:]),
        ("from decision", [:]),
        ("from decisons | take 3", [:]),
        ("from consultation_respondents", [:]),
        ("from decisions | select titel", [:]),
        ("from decisions | where approved_amount == \"big\"", [:]),
        ("from decisions | where taken_on >= \"2011-01-01\"", [:]),
        ("from decisions | where taken_on > 2011-02-30", [:]),
        ("from decisions | where status = \"taken\"", [:]),
        ("from decisions | where status == 'taken'", [:]),
        ("from decisions | where title ~ \"Somerset", [:]),
        ("from decisions | filter status == \"taken\"", [:]),
        ("from decisions | sort taken_on decs", [:]),
        ("from decisions | select title | where taken_on > 2011-01-01", [:]),
        ("from decisions | where programme.titel ~ \"diabetes\"", [:]),
        ("from decisions | where title.name == \"x\"", [:]),
        ("from decisions | select n = count()", [:]),
        ("from decisions | group by status aggregate n = cont()", [:]),
        ("from decisions | group by status aggregate title", [:]),
        ("from decisions | where approved_amount > £2.4x", [:]),
        ("from decisions | where approved_amount > £1.234", [:]),
        ("from decisions | where status", [:]),
        ("from decisions | where \"x\" in title", [:]),
        ("from decisions | expand title", [:]),
        ("from decisions | where taken_on > $since", [:]),
        ("from decisions | where taken_on > $since", ["since": "last year"]),
        ("from findings as of position 10", [:]),
        ("history of decisions somerset-diabetes-remodel-2011", [:]),
        ("history of decision", [:]),
        ("from decisions as of yesterday", [:]),
        ("from decisions | take ten", [:]),
        ("from decisions | where taken_on - opened_on > 3", [:]),
        ("from decisions | derive x = approved_amount + 3", [:]),
        ("from decisions | where status == null", [:]),
        ("from decisions | select title, title", [:]),
        ("from decisions\n| where status == \"taken\"\n| select title, approved_amount * \"2\"", [:]),
        ("from decisions | where votes.member == \"x\"", [:]),
        ("from decisions | take 5; drop table decisions", [:]),
        ("from decisions | where taken_on > 2011-01-01T25:00:00Z", [:]),
    ]

    @Test func everyBadQueryIsALocatedErrorAndTheRenderingsMatchTheGolden() throws {
        var rendered = ""
        for (text, parameters) in Self.queries {
            switch QueryCompiler.compile(text, parameters: parameters) {
            case .success(let compiled):
                Issue.record("\(text) compiled to \(compiled.sql)")
            case .failure(let error):
                #expect(error.span.start <= text.unicodeScalars.count, "\(text): the span is inside the text")
                #expect(!error.hints.isEmpty || error.code == QueryError.Code.unexpectedToken.rawValue, "\(text): has a hint")
                rendered += "$ docket query \(CompiledParameter.value(text, .text).description.dropFirst(5))"
                rendered += parameters.sorted { $0.key < $1.key }.map { " --param \($0.key)=\($0.value)" }.joined() + "\n"
                rendered += error.rendered(source: text) + "\n"
            }
        }
        #expect(Self.queries.count >= 25)
        if let golden = try GoldenFile.expected(rendered, name: "bad-queries.txt") {
            #expect(rendered == golden)
        }
    }
}
