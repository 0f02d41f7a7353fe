import DocketQuery
import DocketTestSupport
import Testing

/// No value from the query text reaches the SQL: the statement is the same whatever the literals are, and
/// every literal travels, intact, as a parameter.
@Suite("Literals never reach the SQL text")
struct LiteralPropertyTests {
    static func shape(_ literal: String) -> String {
        "from decisions | where title == \(literal) or programme.title ~ \(literal) or \(literal) in recusals | derive x = \(literal) | select id, x"
    }

    @Test func thousandsOfRandomTextLiteralsLeaveTheSQLUnchangedAndTravelAsParameters() throws {
        var generator = SeededGenerator(state: 19)
        let reference = try QueryCompiler.compile(Self.shape("\"plain\"")).get()
        for _ in 0..<3000 {
            let text = NastyText.random(using: &generator)
            let compiled = try QueryCompiler.compile(Self.shape(NastyText.quoted(text))).get()
            #expect(compiled.sql == reference.sql, "the SQL changed for \(text.debugDescription)")
            #expect(compiled.parameters.allSatisfy { $0 == .value(text, .text) }, "every parameter is the literal, intact")
            #expect(compiled.parameters.count == 4)
        }
    }

    @Test func randomNumbersMoneyDatesAndParametersLeaveTheSQLUnchanged() throws {
        var generator = SeededGenerator(state: 7)
        func shape(_ amount: String, _ date: String, _ n: String) -> String {
            "from decisions | where approved_amount >= \(amount) and taken_on < \(date) and $who == body | take \(n)"
        }
        let reference = try QueryCompiler.compile(shape("£1", "2011-01-01", "1"), parameters: ["who": "x"]).get()
        for _ in 0..<2000 {
            let pounds = Int64.random(in: 0...9_000_000_000, using: &generator)
            let pence = Int64.random(in: 0...99, using: &generator)
            let amount = "£\(pounds).\(pence < 10 ? "0" : "")\(pence)"
            let year = Int.random(in: 1...9999, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator)
            let date = String(repeating: "0", count: 4 - String(year).count) + "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            let n = String(Int64.random(in: 0...Int64.max, using: &generator))
            let who = NastyText.random(using: &generator)
            let compiled = try QueryCompiler.compile(shape(amount, date, n), parameters: ["who": who]).get()
            #expect(compiled.sql == reference.sql)
            #expect(compiled.parameters == [.value(String(pounds * 100 + pence), .money), .value(date, .date), .value(who, .text), .value(n, .integer)])
        }
    }

    @Test func moneyIsWrittenInPoundsAndReadInPence() throws {
        for (written, pence) in [("£2.4m", "240000000"), ("£1,250,000.00", "125000000"), ("£500k", "50000000"), ("£12.5", "1250"), ("£3bn", "300000000000")] {
            let compiled = try QueryCompiler.compile("from decisions | where approved_amount == \(written)").get()
            #expect(compiled.parameters == [.value(pence, .money)], "\(written)")
        }
        #expect(AnswerFormat.pounds("125000000") == "£1,250,000.00")
        #expect(AnswerFormat.pounds("-5") == "-£0.05")
    }
}
