/// Why a document is not strict JSON, and where.
///
/// Rendered as `line 3, column 17: expected ',' or '}' after an object member`, the form editors
/// and terminals recognise, so a user can go straight to the spot.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the problem; lines end at a line feed, a carriage return, or both.
    public var line: Int
    /// The 1-based column of the problem, counted in Unicode scalars from the start of its line,
    /// so a column past non-ASCII text matches what an editor shows.
    public var column: Int
    /// What was wrong and, where it helps, what to do about it.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
