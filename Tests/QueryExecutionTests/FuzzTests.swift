import DocketQuery
import DocketTestSupport
import Foundation
import QueryExecution
import Testing

/// Random and mutated query text never crashes the compiler, never reaches PostgreSQL as a statement it
/// refuses, and always ends in an answer or an error located inside the text.
@Suite("Fuzz: random and mutated queries")
struct FuzzTests {
    static let words = ["from", "decisions", "allocations", "events", "contracts", "findings", "|", "where", "select", "derive", "group", "by",
                        "aggregate", "sort", "desc", "take", "expand", "distinct", "as", "of", "position", "history", "changes", "between",
                        "and", "or", "not", "in", "is", "null", "==", "!=", "<", ">=", "~", "+", "-", "*", "/", "(", ")", ",", ".", "=",
                        "\"x\"", "3", "£2.4m", "2012-04-01", "2012-04-01T09:00:00Z", "$p", "count()", "sum(amount)", "length(votes)",
                        "id", "title", "status", "taken_on", "amount", "payer", "programme", "votes", "consultations", "payload", "type",
                        "closed_on", "value", "provider", "successors", "x", "ÿ", "#", "\n", "'", "\\", "%"]

    static func queries() throws -> [String] {
        var generator = SeededGenerator(state: 22)
        let folder = TestDatabase.packageRoot.appendingPathComponent("queries")
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dq") }.sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        var out = [String]()
        for _ in 0..<600 {
            // A saved query with a few tokens deleted, inserted or replaced.
            var tokens = saved.randomElement(using: &generator)!.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<tokens.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: tokens.remove(at: at)
                case 1: tokens.insert(words.randomElement(using: &generator)!, at: at)
                default: tokens[at] = words.randomElement(using: &generator)!
                }
                if tokens.isEmpty { tokens = ["from"] }
            }
            out.append(tokens.joined(separator: " "))
        }
        for _ in 0..<600 {
            // Word salad that starts like a query.
            let count = Int.random(in: 1...14, using: &generator)
            out.append((["from", "decisions", "|"] + (0..<count).map { _ in words.randomElement(using: &generator)! }).joined(separator: " "))
        }
        return out
    }

    @Test func everyQueryEndsInAnAnswerOrALocatedErrorNeverAPostgreSQLError() throws {
        let connection = try DemoLedger.connection()
        var answered = 0, refused = 0
        for text in try Self.queries() {
            switch QueryCompiler.compile(text, parameters: ["p": "1"]) {
            case .failure(let error):
                refused += 1
                #expect(error.span.start <= text.unicodeScalars.count && error.span.end <= text.unicodeScalars.count + 1, "\(text)")
                #expect(!error.rendered(source: text).isEmpty)
            case .success(let compiled):
                do {
                    _ = try QueryExecutor.run(compiled, on: connection)
                    answered += 1
                } catch {
                    Issue.record("PostgreSQL refused the compiled statement of \(text.debugDescription): \(error)\n\(compiled.sql)")
                }
            }
        }
        #expect(answered > 50, "the fuzz reaches the database (\(answered) answered, \(refused) refused)")
    }
}
