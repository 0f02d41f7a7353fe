/// Collects typed lines into statements.
///
/// A query may span lines and ends at `;` (outside a string or a `#` comment); a blank line does not end
/// it (an analyst often leaves one while thinking), it is kept as part of the query. Several queries may
/// share a line (`from a; from b;`). A line starting with `\` when no query is pending is a backslash
/// command, complete at the end of its line.
public struct StatementBuffer: Sendable {
    /// One complete piece of input.
    public enum Statement: Equatable, Sendable {
        /// A query, without its `;`.
        case query(String)
        /// A backslash command line, with its `\`.
        case command(String)
    }

    /// The text of the query being typed, not yet ended by `;`.
    public private(set) var pending = ""

    public init() {}

    /// Whether a query has been started and not ended: the prompt then says more is expected.
    public var isContinuing: Bool { !pending.allSatisfy(\.isWhitespace) }

    /// Forgets the query being typed (Ctrl-C).
    public mutating func clear() { pending = "" }

    /// Adds a line; returns the statements it completed.
    public mutating func add(line: String) -> [Statement] {
        if !isContinuing {
            pending = ""
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("\\") { return [.command(String(trimmed).trimmingTrailingSpaces())] }
        }
        var statements: [Statement] = []
        var inString = false
        var inComment = false
        var escaped = false
        var current = pending.isEmpty ? "" : pending + "\n"
        for character in line {
            if inComment {
                current.append(character)
                continue
            }
            if inString {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true; current.append(character)
            case "#": inComment = true; current.append(character)
            case ";":
                if !current.allSatisfy(\.isWhitespace) {
                    statements.append(.query(current.trimmingCharacters()))
                }
                current = ""
            default: current.append(character)
            }
        }
        pending = current.allSatisfy(\.isWhitespace) ? "" : current
        return statements
    }
}

extension String {
    func trimmingCharacters() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
