/// A `--param name=value` read as the type its use gives it, to PostgreSQL's text form of that type.
enum ParameterValue {
    static func parse(_ text: String, as type: QueryType) -> String? {
        switch type {
        case .text, .document, .list: return text
        case .integer: return Int64(text).map(String.init)
        case .number:
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }),
                  parts[0].drop(while: { $0 == "-" }).allSatisfy(\.isASCIIDigitCharacter),
                  parts.dropFirst().allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }) else { return nil }
            return text
        case .money:
            let written = text.hasPrefix("£") ? text : "£" + text
            guard let tokens = try? Lexer.tokens(written), tokens.count == 2, case .money(let pence) = tokens[0].kind else { return nil }
            return String(pence)
        case .date:
            guard let tokens = try? Lexer.tokens(text), tokens.count == 2, case .date(let d) = tokens[0].kind else { return nil }
            return d
        case .time:
            guard let tokens = try? Lexer.tokens(text), tokens.count == 2 else { return nil }
            if case .time(let t) = tokens[0].kind { return t }
            if case .date(let d) = tokens[0].kind { return d + "T00:00:00Z" }
            return nil
        case .boolean:
            return text == "true" || text == "false" ? text : nil
        }
    }

    static func example(_ type: QueryType) -> String {
        switch type {
        case .integer: "give a whole number, e.g. 20"
        case .number: "give a number, e.g. 2.5"
        case .money: "give pounds, e.g. 1250000, 1,250,000.00 or 2.4m"
        case .date: "give a date, e.g. 2012-04-01"
        case .time: "give a time, e.g. 2012-04-01T09:00:00Z"
        case .boolean: "give true or false"
        default: "give any text"
        }
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
