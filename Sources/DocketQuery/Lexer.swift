/// Query text → tokens. Comments run from `#` to the end of the line.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    public static func tokens(_ text: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(text)
        var tokens = [Token]()
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private static func isDigit(_ s: Unicode.Scalar?) -> Bool { s.map { ("0"..."9").contains($0) } ?? false }
    private static func isIdentifierStart(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_"
    }
    private static func isIdentifierPart(_ s: Unicode.Scalar?) -> Bool { isIdentifierStart(s) || isDigit(s) }

    mutating func next() throws(QueryError) -> Token {
        skipSpaceAndComments()
        let start = index
        guard let c = peek() else { return Token(kind: .end, span: SourceSpan(index, index)) }
        func token(_ kind: Token.Kind) -> Token { Token(kind: kind, span: SourceSpan(start, index)) }

        if Self.isIdentifierStart(c) {
            while Self.isIdentifierPart(peek()) { index += 1 }
            return token(.identifier(text(start, index)))
        }
        if Self.isDigit(c) { return try number(start: start) }
        switch c {
        case "\"": return try string(start: start)
        case "£": return try money(start: start)
        case "$":
            index += 1
            guard Self.isIdentifierStart(peek()) else {
                throw QueryError(.unexpectedCharacter, "a parameter needs a name after `$`", at: SourceSpan(start, index),
                                 hints: ["write parameters as `$name` and give them with `--param name=value`"])
            }
            while Self.isIdentifierPart(peek()) { index += 1 }
            return token(.parameter(text(start + 1, index)))
        case "'":
            throw QueryError(.unexpectedCharacter, "strings are written in double quotes", at: SourceSpan(start, start + 1),
                             hints: ["write \"text\" instead of 'text'"])
        default: break
        }
        let two: [String: Token.Symbol] = ["==": .equal, "!=": .notEqual, "<=": .lessOrEqual, ">=": .greaterOrEqual]
        if let next = peek(1), let symbol = two[String(Character(c)) + String(Character(next))] {
            index += 2
            return token(.symbol(symbol))
        }
        if let symbol = Token.Symbol(rawValue: String(Character(c))) {
            index += 1
            return token(.symbol(symbol))
        }
        index += 1
        var hints = [String]()
        if c == "!" { hints.append("write `not` for negation, or `!=` for not equal") }
        if c == "&" { hints.append("write `and`") }
        if c == ";" { hints.append("a query is one pipeline; join stages with `|`") }
        throw QueryError(.unexpectedCharacter, "unexpected character `\(Character(c))`", at: SourceSpan(start, index), hints: hints)
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                index += 1
            } else if c == "#" {
                while let c = peek(), c != "\n" { index += 1 }
            } else {
                return
            }
        }
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(String.UnicodeScalarView(scalars[from..<to]))
    }

    private mutating func digits() -> String {
        let start = index
        while Self.isDigit(peek()) { index += 1 }
        return text(start, index)
    }

    private mutating func number(start: Int) throws(QueryError) -> Token {
        // A date: four digits, "-", two digits, "-", two digits.
        if (0..<4).allSatisfy({ Self.isDigit(peek($0)) }), peek(4) == "-", Self.isDigit(peek(5)), Self.isDigit(peek(6)),
           peek(7) == "-", Self.isDigit(peek(8)), Self.isDigit(peek(9)), !Self.isDigit(peek(10)) {
            index += 10
            let date = text(start, index)
            guard Self.isValidDate(date) else {
                throw QueryError(.badDate, "\(date) is not a date", at: SourceSpan(start, index),
                                 hints: ["write dates as YYYY-MM-DD with a real month and day"])
            }
            if peek() == "T" { return try time(start: start) }
            return Token(kind: .date(date), span: SourceSpan(start, index))
        }
        let whole = digits()
        if peek() == ".", Self.isDigit(peek(1)) {
            index += 1
            let fraction = digits()
            return Token(kind: .decimal(whole + "." + fraction), span: SourceSpan(start, index))
        }
        if Self.isIdentifierStart(peek()) {
            while Self.isIdentifierPart(peek()) { index += 1 }
            throw QueryError(.badNumber, "`\(text(start, index))` is not a number or a name", at: SourceSpan(start, index),
                             hints: ["names start with a letter; quote text values: \"\(text(start, index))\""])
        }
        guard let value = Int64(whole) else {
            throw QueryError(.badNumber, "\(whole) is too large", at: SourceSpan(start, index), hints: ["integers go up to 9223372036854775807"])
        }
        return Token(kind: .integer(value), span: SourceSpan(start, index))
    }

    private mutating func time(start: Int) throws(QueryError) -> Token {
        index += 1  // T
        func two() -> Bool {
            guard Self.isDigit(peek()), Self.isDigit(peek(1)) else { return false }
            index += 2
            return true
        }
        let scalars = self.scalars
        let fail = { (index: Int) in
            QueryError(.badDate, "\(String(String.UnicodeScalarView(scalars[start..<index]))) is not a time", at: SourceSpan(start, index),
                       hints: ["write times as 2012-04-01T09:00:00Z (UTC) or with an offset, 2012-04-01T10:00:00+01:00"])
        }
        guard two(), peek() == ":" else { throw fail(index) }
        index += 1
        guard two() else { throw fail(index) }
        if peek() == ":" {
            index += 1
            guard two() else { throw fail(index) }
            if peek() == ".", Self.isDigit(peek(1)) {
                index += 1
                _ = digits()
            }
        }
        if peek() == "Z" {
            index += 1
        } else if peek() == "+" || peek() == "-" {
            index += 1
            guard two(), peek() == ":" else { throw fail(index) }
            index += 1
            guard two() else { throw fail(index) }
        } else {
            throw fail(index)
        }
        let value = text(start, index)
        let clock = value.dropFirst(11).prefix(8).split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, clock[0] < 24, clock[1] < 60, clock.count < 3 || clock[2] < 60 else { throw fail(index) }
        return Token(kind: .time(value), span: SourceSpan(start, index))
    }

    static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[0] >= 1, (1...12).contains(parts[1]) else { return false }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    private mutating func string(start: Int) throws(QueryError) -> Token {
        index += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                throw QueryError(.unterminatedString, "this string has no closing quote", at: SourceSpan(start, index),
                                 hints: ["end it with `\"` on the same line; write a quote inside it as \\\""])
            }
            index += 1
            if c == "\"" { return Token(kind: .string(String(value)), span: SourceSpan(start, index)) }
            if c == "\u{0}" {
                throw QueryError(.unexpectedCharacter, "text cannot hold the NUL character", at: SourceSpan(index - 1, index), hints: ["remove it"])
            }
            if c != "\\" {
                value.append(c)
                continue
            }
            let escapeStart = index - 1
            guard let e = peek() else { continue }
            index += 1
            switch e {
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "u":
                guard peek() == "{" else { throw badEscape(escapeStart) }
                index += 1
                let hexStart = index
                while let h = peek(), h.properties.isASCIIHexDigit { index += 1 }
                guard peek() == "}", let code = UInt32(text(hexStart, index), radix: 16), let scalar = Unicode.Scalar(code), code != 0 else {
                    throw badEscape(escapeStart)
                }
                index += 1
                value.append(scalar)
            default: throw badEscape(escapeStart)
            }
        }
    }

    private func badEscape(_ start: Int) -> QueryError {
        QueryError(.badEscape, "unknown escape in a string", at: SourceSpan(start, min(index, scalars.count)),
                   hints: ["the escapes are \\\" \\\\ \\n \\t and \\u{hex} (not \\u{0})"])
    }

    /// `£` digits with optional thousands commas, optional pence, optional `k`, `m` or `bn`.
    private mutating func money(start: Int) throws(QueryError) -> Token {
        index += 1
        let fail = { (index: Int, reason: String) in
            QueryError(.badMoney, reason, at: SourceSpan(start, index),
                       hints: ["write money in pounds: £1,250,000.00, £2.4m, £500k or £12.50"])
        }
        guard Self.isDigit(peek()) else { throw fail(index, "`£` must be followed by an amount") }
        var whole = ""
        while Self.isDigit(peek()) || (peek() == "," && Self.isDigit(peek(1))) {
            if peek() != "," { whole.append(Character(peek()!)) }
            index += 1
        }
        var fraction = ""
        if peek() == ".", Self.isDigit(peek(1)) {
            index += 1
            fraction = digits()
        }
        var scale = 0
        if peek() == "k" { scale = 3; index += 1 }
        else if peek() == "m" { scale = 6; index += 1 }
        else if peek() == "b", peek(1) == "n" { scale = 9; index += 2 }
        if Self.isIdentifierPart(peek()) {
            while Self.isIdentifierPart(peek()) { index += 1 }
            throw fail(index, "\(text(start, index)) is not an amount of money")
        }
        // pence = whole.fraction × 10^(scale + 2)
        let exponent = scale + 2 - fraction.count
        guard exponent >= 0 else { throw fail(index, "\(text(start, index)) has a fraction of a penny") }
        var pence: Int64 = 0
        for digit in (whole + fraction).unicodeScalars {
            let (times, o1) = pence.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit.value - 48))
            guard !o1, !o2 else { throw fail(index, "\(text(start, index)) is too large") }
            pence = plus
        }
        for _ in 0..<exponent {
            let (times, overflow) = pence.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw fail(index, "\(text(start, index)) is too large") }
            pence = times
        }
        return Token(kind: .money(pence), span: SourceSpan(start, index))
    }
}
