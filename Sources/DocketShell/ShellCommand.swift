/// A backslash command, parsed.
public enum ShellCommand: Equatable, Sendable {
    case help
    case describeSources
    case describe(source: String)
    case expanded(ExpandedMode?)
    case format(OutputFormat)
    case timing(Bool?)
    case sql
    case explain
    case asOf(AsOf?)
    case stamp
    case include(path: String)
    case output(path: String?)
    case quit

    /// Every command with its arguments and what it does, for `\?` and for completion.
    public static let reference: [(name: String, arguments: String, meaning: String)] = [
        ("\\?", "", "this list"),
        ("\\d", "[SOURCE]", "the sources; with a name, its fields, types, references and meaning"),
        ("\\x", "[on|off|auto]", "one line per field (expanded display); auto when a table is too wide"),
        ("\\format", "table|csv|json|jsonl", "how answers are shown (as docket query --format shows them)"),
        ("\\timing", "[on|off]", "show how long each query took"),
        ("\\sql", "", "the SQL the last query compiled to, and its parameters"),
        ("\\explain", "", "PostgreSQL's plan for the last query"),
        ("\\as-of", "TIME|position N|off", "ask every query about the ledger as recorded then (unless it says otherwise)"),
        ("\\stamp", "", "the log position, Merkle root and checkpoint of the last answer"),
        ("\\i", "FILE", "run the queries and commands in FILE"),
        ("\\o", "[FILE]", "send answers to FILE (appending); with no FILE, back to the screen"),
        ("\\q", "", "quit (Ctrl-D too)"),
    ]

    /// The help text for `\?`.
    public static var helpText: String {
        let width = reference.map { $0.name.count + ($0.arguments.isEmpty ? 0 : 1 + $0.arguments.count) }.max() ?? 0
        var text = "Queries end with ; and may span lines. Tab completes; Ctrl-C cancels a query or clears the line.\n\n"
        for command in reference {
            let head = command.arguments.isEmpty ? command.name : command.name + " " + command.arguments
            text += "  " + head + String(repeating: " ", count: width - head.count) + "  " + command.meaning + "\n"
        }
        return text
    }

    /// Parses a command line (with its `\`). Errors say what was wrong and what is expected.
    public static func parse(_ line: String) throws(ShellError) -> ShellCommand {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else { throw ShellError(.badCommand, "empty command") }
        let arguments = Array(words.dropFirst())
        let rest = arguments.joined(separator: " ")
        func none(_ command: ShellCommand) throws(ShellError) -> ShellCommand {
            guard arguments.isEmpty else {
                throw ShellError(.badCommand, "\(name) takes no arguments (got \"\(rest)\")")
            }
            return command
        }
        func onOff(_ word: String?) throws(ShellError) -> Bool? {
            switch word {
            case nil: nil
            case "on": true
            case "off": false
            default: throw ShellError(.badCommand, "\(name) takes on or off, not \"\(word!)\"")
            }
        }
        switch name {
        case "\\?", "\\h", "\\help": return try none(.help)
        case "\\d":
            switch arguments.count {
            case 0: return .describeSources
            case 1: return .describe(source: arguments[0])
            default: throw ShellError(.badCommand, "\\d takes one source name, e.g. \\d decisions")
            }
        case "\\x":
            guard arguments.count <= 1 else { throw ShellError(.badCommand, "\\x takes on, off or auto") }
            guard let word = arguments.first else { return .expanded(nil) }
            guard let mode = ExpandedMode(rawValue: word) else {
                throw ShellError(.badCommand, "\\x takes on, off or auto, not \"\(word)\"")
            }
            return .expanded(mode)
        case "\\format":
            guard arguments.count == 1, let format = OutputFormat(rawValue: arguments[0]) else {
                throw ShellError(.badCommand, "\\format takes table, csv, json or jsonl" + (rest.isEmpty ? "" : ", not \"\(rest)\""))
            }
            return .format(format)
        case "\\timing":
            guard arguments.count <= 1 else { throw ShellError(.badCommand, "\\timing takes on or off") }
            return .timing(try onOff(arguments.first))
        case "\\sql": return try none(.sql)
        case "\\explain": return try none(.explain)
        case "\\as-of", "\\asof":
            return .asOf(try AsOf.parse(arguments))
        case "\\stamp": return try none(.stamp)
        case "\\i", "\\include":
            guard !rest.isEmpty else { throw ShellError(.badCommand, "\\i needs a file name, e.g. \\i queries/spend.dq") }
            return .include(path: rest)
        case "\\o", "\\out":
            return .output(path: rest.isEmpty ? nil : rest)
        case "\\q", "\\quit": return try none(.quit)
        default:
            let hint = suggestion(for: name, among: reference.map(\.name).filter { $0.count > 2 }).map { " (did you mean \($0)?)" } ?? ""
            throw ShellError(.badCommand, "unknown command \(name)\(hint); \\? lists the commands")
        }
    }
}

/// The closest candidate within a third of the word's length (at least 2 edits), for did-you-mean hints.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    return candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
