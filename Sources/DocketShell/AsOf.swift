/// The session's default for time travel (`\as-of`): queries that do not say `as of` themselves ask about
/// the ledger as it had been recorded at this time or position.
public enum AsOf: Equatable, Sendable {
    /// A date `YYYY-MM-DD` or an instant `YYYY-MM-DDThh:mm[:ss]Z`, as written.
    case time(String)
    case position(Int64)

    /// The clause the query language writes for it.
    public var clause: String {
        switch self {
        case .time(let time): "as of \(time)"
        case .position(let position): "as of position \(position)"
        }
    }

    static func parse(_ arguments: [String]) throws(ShellError) -> AsOf? {
        let usage = "\\as-of takes a date or time (2012-04-01, 2012-04-01T09:00:00Z), position N, or off"
        switch arguments.count {
        case 1 where arguments[0] == "off": return nil
        case 1:
            let text = arguments[0]
            let digits = text.prefix(10)
            let isDate = digits.count == 10 && digits.enumerated().allSatisfy { index, character in
                index == 4 || index == 7 ? character == "-" : character.isASCII && character.isNumber
            }
            guard isDate, text.count == 10 || text.dropFirst(10).first == "T" else {
                throw ShellError(.badCommand, usage + ", not \"\(text)\"")
            }
            return .time(text)
        case 2 where arguments[0] == "position":
            guard let position = Int64(arguments[1]), position >= 0 else {
                throw ShellError(.badCommand, "\\as-of position takes a whole number, not \"\(arguments[1])\"")
            }
            return .position(position)
        default:
            throw ShellError(.badCommand, usage)
        }
    }
}
