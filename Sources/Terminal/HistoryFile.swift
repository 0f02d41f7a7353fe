public import Foundation

/// The REPL's history, kept in a file (`$DOCKET_HOME/history`) so it survives restarts.
///
/// One entry a line, oldest first; a statement typed over several lines is kept as one line. Typing an
/// entry again moves it to the end instead of keeping a duplicate, and only the newest `limit` entries are
/// kept. The file is plain text a person can read or edit.
public struct HistoryFile: Sendable {
    public let url: URL
    public let limit: Int
    public private(set) var entries: [String]

    /// Reads the file; a missing file is an empty history.
    public init(url: URL, limit: Int = 1000) {
        self.url = url
        self.limit = limit
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        entries = Self.bounded(text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init), limit: limit)
    }

    /// The entry as it is stored: one line, with the line breaks of a multi-line statement turned into spaces
    /// and its `#` comments left out (joined onto one line, a comment would swallow the rest of the query).
    public static func entry(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let kept = lines.count > 1 ? lines.map(withoutComment) : lines
        return kept.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The line up to a `#` that is not inside a double-quoted string (the query language's comments).
    static func withoutComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "#" {
                return String(line[..<index])
            }
        }
        return line
    }

    /// Adds an entry (moving an identical earlier one to the end) and writes the file. Returns the entry
    /// as stored, or nil for a blank one.
    @discardableResult
    public mutating func add(_ text: String) throws -> String? {
        let entry = Self.entry(text)
        guard !entry.isEmpty, entry != ";" else { return nil }
        entries.removeAll { $0 == entry }
        entries.append(entry)
        entries = Self.bounded(entries, limit: limit)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((entries.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
        // Like psql's and the shells' history files: the owner's alone.
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return entry
    }

    /// Keeps the newest `limit` entries, each once (its newest occurrence).
    static func bounded(_ entries: [String], limit: Int) -> [String] {
        var seen = Set<String>()
        var kept: [String] = []
        for entry in entries.reversed() where seen.insert(entry).inserted {
            kept.append(entry)
            if kept.count == limit { break }
        }
        return kept.reversed()
    }
}
