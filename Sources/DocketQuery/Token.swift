/// One token of query text with its span.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case identifier(String)
        case string(String)
        case integer(Int64)
        /// A number with a fractional part, as written (e.g. `2.5`).
        case decimal(String)
        /// A money literal in pence (`£2.4m`, `£1,250,000.00`).
        case money(Int64)
        /// `YYYY-MM-DD`.
        case date(String)
        /// `YYYY-MM-DDThh:mm[:ss[.ffffff]](Z|±hh:mm)`.
        case time(String)
        /// `$name`.
        case parameter(String)
        case symbol(Symbol)
        case end
    }

    public enum Symbol: String, Hashable, Sendable {
        case pipe = "|", comma = ",", dot = ".", leftParen = "(", rightParen = ")"
        case assign = "=", equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case plus = "+", minus = "-", star = "*", slash = "/", tilde = "~"
    }

    public var kind: Kind
    public var span: SourceSpan

    /// How the token is named in an error message.
    var description: String {
        switch kind {
        case .identifier(let name): "`\(name)`"
        case .string: "a string"
        case .integer, .decimal: "a number"
        case .money: "an amount of money"
        case .date: "a date"
        case .time: "a time"
        case .parameter(let name): "`$\(name)`"
        case .symbol(let symbol): "`\(symbol.rawValue)`"
        case .end: "the end of the query"
        }
    }

    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = kind { return name == word }
        return false
    }
}
