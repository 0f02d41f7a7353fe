import DocketQuery
@testable import DocketShell
import Testing

/// Answers as a person reads them: golden tables for narrow and wide terminals, nulls, money, wrapped text.
@Suite("Answer rendering")
struct AnswerRenderingTests {
    static let stamp = Stamp(position: 175, root: "a0a2b6c6d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8", basis: .tables,
                             checkpoint: .init(treeSize: 160, root: "ffee", keyName: "demo", origin: "docket.example/demo"), logSize: 175)

    static let answer = Answer(
        columns: [
            QueryColumn(name: "id", type: .text), QueryColumn(name: "title", type: .text),
            QueryColumn(name: "taken_on", type: .date), QueryColumn(name: "approved_amount", type: .money),
            QueryColumn(name: "votes", type: .integer), QueryColumn(name: "evidence", type: .list(.text(reference: nil))),
        ],
        rows: [
            ["somerset-diabetes-remodel-2011", "Remodel diabetes care into a three-tier service, with a community tier run by a new provider",
             "2011-02-10", "240000000", "7", #"["needs assessment 2010","clinical audit"]"#],
            ["calderdale-dementia-priorities-2011", "Priorities for dementia care", "2011-09-15", nil, nil, "[]"],
            ["somerset-diabetes-continue-2013", "", "2013-06-13", "-1250", "12", nil],
        ],
        stamp: stamp)

    @Test(arguments: [("wide", 160), ("narrow", 60), ("very-narrow", 30)])
    func tableFitsTheTerminal(name: String, width: Int) throws {
        let text = AnswerRenderer(width: width).render(Self.answer)
        if let golden = try GoldenFile.check(text, named: "table-\(name).txt") { #expect(text == golden) }
        // Numbers, money and dates are never cut; only text narrows. Lines fit unless those alone do not.
        let layout = AnswerRenderer(width: width).tableLayout(Self.answer)
        if layout.fits(width: width) {
            for line in text.split(separator: "\n") where line.contains("|") { #expect(line.count <= width) }
        }
        #expect(text.contains("£2,400,000.00") && text.contains("-£12.50"))
    }

    @Test func nullIsDistinctFromEmptyText() {
        let text = AnswerRenderer().render(Self.answer)
        let rows = text.split(separator: "\n")
        #expect(rows.first { $0.contains("calderdale") }?.contains(ValueFormatting.nullMark) == true)
        // The empty title of the third row shows as nothing, the missing evidence as the null mark.
        let third = rows.first { $0.contains("continue-2013") }.map(String.init) ?? ""
        #expect(third.filter { $0 == Character(ValueFormatting.nullMark) }.count == 1)
    }

    @Test func expandedDisplay() throws {
        let text = AnswerRenderer(expanded: .on, width: 60).render(Self.answer)
        if let golden = try GoldenFile.check(text, named: "expanded.txt") { #expect(text == golden) }
    }

    @Test func autoExpandsOnlyWhenTheTableCannotFit() {
        #expect(!AnswerRenderer(expanded: .auto, width: 200).render(Self.answer).contains("-[ row 1 ]"))
        #expect(AnswerRenderer(expanded: .auto, width: 40).render(Self.answer).contains("-[ row 1 ]"))
    }

    @Test func csvAndJSONAreDocketQuerys() {
        #expect(AnswerRenderer(format: .csv).render(Self.answer) == AnswerFormat.csv.render(Self.answer))
        #expect(AnswerRenderer(format: .json).render(Self.answer) == AnswerFormat.json.render(Self.answer))
        #expect(AnswerRenderer(format: .jsonl).render(Self.answer) == AnswerFormat.jsonl.render(Self.answer))
    }

    @Test func theStampLine() {
        #expect(ValueFormatting.stampLine(Self.stamp, signedOn: "2026-12-05")
            == "as of position 175 · root a0a2b6c6… · checkpoint 2026-12-05 (size 160, key demo)")
        #expect(ValueFormatting.stampLine(Self.stamp) == "as of position 175 · root a0a2b6c6… · checkpoint (size 160, key demo)")
        var unsigned = Self.stamp
        unsigned.checkpoint = nil
        unsigned.logSize = 180
        #expect(ValueFormatting.stampLine(unsigned) == "as of position 175 of 180 in the log · root a0a2b6c6… · no signed checkpoint yet")
        unsigned.logSize = 175
        #expect(ValueFormatting.stampLine(unsigned) == "as of position 175 · root a0a2b6c6… · no signed checkpoint yet")
    }

    @Test func wrappingBreaksAtSpacesAndCutsWithAMark() {
        #expect(TableLayout.wrap("the quick brown fox", width: 9, maxLines: 3) == ["the quick", "brown fox"])
        #expect(TableLayout.wrap("abcdefghijkl", width: 5, maxLines: 3) == ["abcde", "fghij", "kl"])
        #expect(TableLayout.wrap("one two three four five six", width: 5, maxLines: 2) == ["one", "two…"])
    }
}
