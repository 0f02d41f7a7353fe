/// A mistake in a query, found before any SQL runs: a stable code, one sentence of what is wrong,
/// where (a span of the query text), and what to do about it.
public struct QueryError: Error, Hashable, Sendable {
    /// Stable across releases, e.g. `Q201`; the list is in docs/query-language.md.
    public var code: String
    /// One sentence, lower case, no full stop.
    public var message: String
    public var span: SourceSpan
    /// What to do: a did-you-mean or the shape that is expected.
    public var hints: [String]

    public init(_ code: Code, _ message: String, at span: SourceSpan, hints: [String] = []) {
        self.code = code.rawValue
        self.message = message
        self.span = span
        self.hints = hints
    }

    /// The stable codes, grouped by the stage that raises them.
    public enum Code: String, Sendable, CaseIterable {
        // Lexer
        case unexpectedCharacter = "Q101"
        case unterminatedString = "Q102"
        case badEscape = "Q103"
        case badDate = "Q104"
        case badMoney = "Q105"
        case badNumber = "Q106"
        // Parser
        case unexpectedToken = "Q201"
        case unknownStage = "Q202"
        case missingSource = "Q203"
        case emptyQuery = "Q204"
        // Resolver and type checker
        case unknownSource = "Q301"
        case unknownField = "Q302"
        case unknownFunction = "Q303"
        case typeMismatch = "Q304"
        case wrongArgumentCount = "Q305"
        case notAList = "Q306"
        case noHistory = "Q307"
        case duplicateName = "Q308"
        case aggregateOutsideGroup = "Q309"
        case notAReference = "Q310"
        case unknownKind = "Q311"
        // Parameters
        case missingParameter = "Q401"
        case badParameter = "Q402"
        case untypedParameter = "Q403"
    }
}

extension QueryError {
    /// The error as Rust or Elm print theirs: the code and reason, `name:line:column`, the source line with
    /// a caret under the span, and the hints.
    public func rendered(source: String, name: String = "query") -> String {
        let scalars = Array(source.unicodeScalars)
        let start = min(span.start, scalars.count)
        var line = 1
        var lineStart = 0
        for index in 0..<start where scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        var lineEnd = lineStart
        while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
        let column = start - lineStart + 1
        var lineText = String(String.UnicodeScalarView(scalars[lineStart..<lineEnd]))
        lineText = lineText.replacingTabs()
        let width = max(1, min(span.end, lineEnd) - start)
        let gutter = String(repeating: " ", count: String(line).count)
        var text = "error[\(code)]: \(message)\n"
        text += "\(gutter)--> \(name):\(line):\(column)\n"
        text += "\(gutter) |\n"
        text += "\(line) | \(lineText)\n"
        text += "\(gutter) | \(String(repeating: " ", count: column - 1))\(String(repeating: "^", count: width))\n"
        for hint in hints {
            text += "\(gutter) = hint: \(hint)\n"
        }
        return text
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}
