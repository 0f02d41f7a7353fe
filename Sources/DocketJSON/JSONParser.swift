/// A strict RFC 8259 recursive-descent parser over one contiguous buffer of UTF-8 bytes.
///
/// It reads bytes rather than `Character`s: every structural character of JSON is ASCII, and
/// grapheme breaking would cost more than the whole parse. Only string contents become `String`s.
/// Positions are byte offsets; line and column are worked out only when an error is reported.
struct JSONParser {
    let input: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(input: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.input = input
        self.maximumDepth = maximumDepth
    }

    /// Parses the whole input as exactly one value with optional whitespace around it.
    mutating func parseDocument() throws(JSONParseError) -> JSON {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            throw error(
                "the input starts with a byte order mark (U+FEFF), which JSON does not allow; "
                    + "save the file as UTF-8 without a BOM",
                at: 0
            )
        }
        skipWhitespace()
        guard index < input.count else {
            throw error(
                input.isEmpty ? "the input is empty; expected a JSON value" : "the input holds only whitespace; expected a JSON value",
                at: index
            )
        }
        let value = try parseValue()
        skipWhitespace()
        if index < input.count {
            throw unexpected(
                "the end of the input after the JSON value",
                hint: "a document holds exactly one value, so wrap several values in an array"
            )
        }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSON {
        guard index < input.count else { throw error("the input ends where a value was expected", at: index) }
        switch input[index] {
        case .openBrace: return try parseObject()
        case .openBracket: return try parseArray()
        case .quote: return .string(try parseString())
        case .minus, .zero ... .nine: return .number(try parseNumber())
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"): return try parseWord()
        default: throw unexpectedValue()
        }
    }

    // MARK: Containers

    /// Which container a byte position is inside, for messages about unclosed ones.
    enum Container {
        case array, object

        var name: String { self == .array ? "array" : "object" }
        var closer: Character { self == .array ? "]" : "}" }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        let openedAt = index
        try enter(at: openedAt)
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if try byte(inside: .object, openedAt: openedAt) == .closeBrace {
            index += 1
            return .object([:])
        }
        // Growing from empty rehashes every key at 1, 2, 4 members…; starting with room for a
        // typical record's members made parsing about half again as fast.
        var members = [String: JSON](minimumCapacity: 8)
        while true {
            let keyStart = index
            guard input[index] == .quote else { throw unexpectedKey() }
            let key = try parseString()
            skipWhitespace()
            guard try byte(inside: .object, openedAt: openedAt) == .colon else {
                throw unexpected("':' after the object key \(quoted(key))")
            }
            index += 1
            skipWhitespace()
            _ = try byte(inside: .object, openedAt: openedAt)
            let value = try parseValue()
            if members.updateValue(value, forKey: key) != nil {
                throw duplicateKeyError(key, in: members, at: keyStart)
            }
            skipWhitespace()
            switch try byte(inside: .object, openedAt: openedAt) {
            case .comma:
                let comma = index
                index += 1
                skipWhitespace()
                if try byte(inside: .object, openedAt: openedAt) == .closeBrace {
                    throw error("trailing comma after the last object member; remove it, JSON does not allow one", at: comma)
                }
            case .closeBrace:
                index += 1
                return .object(members)
            default:
                let hint = input[index] == .quote ? "is a ',' missing between two members?" : nil
                throw unexpected("',' or '}' after an object member", hint: hint)
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        let openedAt = index
        try enter(at: openedAt)
        defer { depth -= 1 }
        index += 1
        var elements: [JSON] = []
        skipWhitespace()
        if try byte(inside: .array, openedAt: openedAt) == .closeBracket {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            switch try byte(inside: .array, openedAt: openedAt) {
            case .comma:
                let comma = index
                index += 1
                skipWhitespace()
                if try byte(inside: .array, openedAt: openedAt) == .closeBracket {
                    throw error("trailing comma after the last array element; remove it, JSON does not allow one", at: comma)
                }
            case .closeBracket:
                index += 1
                return .array(elements)
            default:
                let hint = startsValue(input[index]) ? "is a ',' missing between two elements?" : nil
                throw unexpected("',' or ']' after an array element", hint: hint)
            }
        }
    }

    private mutating func enter(at offset: Int) throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth {
            throw error(
                "arrays and objects are nested more than \(maximumDepth) deep; "
                    + "this parser refuses deeper documents, so flatten the structure",
                at: offset
            )
        }
    }

    /// The byte at the current position, or an error naming the unclosed container at the end.
    @inline(__always)
    private func byte(inside container: Container, openedAt: Int) throws(JSONParseError) -> UInt8 {
        guard index < input.count else { throw unclosed(container, openedAt: openedAt) }
        return input[index]
    }

    // Kept out of line so the check above stays small enough to inline in every loop.
    @inline(never)
    private func unclosed(_ container: Container, openedAt: Int) -> JSONParseError {
        let (line, column) = location(of: openedAt)
        return error(
            "the input ends inside the \(container.name) opened at line \(line), column \(column), "
                + "which needs a closing '\(container.closer)'; was the file cut short?",
            at: index
        )
    }

    private func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case .openBrace, .openBracket, .quote, .minus, .zero ... .nine,
             UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"):
            true
        default:
            false
        }
    }

    // MARK: Literals

    /// Reads a run of letters and digits: `true`, `false` or `null`, or an error that names the
    /// whole word, since `True`, `None` and `NaN` are common mistakes with clear fixes.
    private mutating func parseWord() throws(JSONParseError) -> JSON {
        let start = index
        var end = index
        while end < input.count, input[end].isWordByte { end += 1 }
        if bytes(from: start, to: end, equal: "true") {
            index = end
            return .bool(true)
        }
        if bytes(from: start, to: end, equal: "false") {
            index = end
            return .bool(false)
        }
        if bytes(from: start, to: end, equal: "null") {
            index = end
            return .null
        }
        throw wordError(String(decoding: UnsafeBufferPointer(rebasing: input[start ..< end]), as: UTF8.self), at: start)
    }

    private func bytes(from start: Int, to end: Int, equal literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for offset in 0 ..< end - start where input[start + offset] != expected[offset] {
            return false
        }
        return true
    }

    // MARK: Numbers

    /// `Double`s that are exact powers of ten; with an exact significand, one multiplication or
    /// division by these is correctly rounded (Clinger's fast path).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        let isNegative = input[index] == .minus
        if isNegative {
            index += 1
            guard index < input.count, input[index].isDigit else {
                // "-Infinity" and "-NaN" deserve the same advice as their unsigned forms.
                var end = index
                while end < input.count, input[end].isWordByte { end += 1 }
                if bytes(from: index, to: end, equal: "Infinity") || bytes(from: index, to: end, equal: "NaN") {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: input[start ..< end]), as: UTF8.self)
                    throw wordError(word, at: start)
                }
                throw unexpected("a digit after '-'")
            }
        }

        // The digits as an integer while they fit, and the power of ten that scales them.
        var significand: UInt64 = 0
        var digitCount = 0
        var decimalExponent = 0

        if input[index] == .zero {
            index += 1
            if index < input.count, input[index].isDigit {
                throw error(
                    "a number may not have a leading zero; remove it, "
                        + "or write the value as a string if the zeros matter",
                    at: start
                )
            }
        } else {
            while index < input.count, input[index].isDigit {
                accumulate(input[index], into: &significand, count: &digitCount)
                index += 1
            }
        }
        if index < input.count, input[index] == .dot {
            index += 1
            guard index < input.count, input[index].isDigit else {
                throw unexpected("a digit after the decimal point", hint: "write 1.0 or 1, not 1.")
            }
            while index < input.count, input[index].isDigit {
                accumulate(input[index], into: &significand, count: &digitCount)
                decimalExponent -= 1
                index += 1
            }
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentIsNegative = false
            if index < input.count, input[index] == .plus || input[index] == .minus {
                exponentIsNegative = input[index] == .minus
                index += 1
            }
            guard index < input.count, input[index].isDigit else {
                throw unexpected("a digit in the exponent", hint: "write 1e5 or 1e-5")
            }
            var exponent = 0
            while index < input.count, input[index].isDigit {
                // Saturate: any exponent this large already means infinity or zero.
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(input[index] &- .zero) }
                index += 1
            }
            decimalExponent += exponentIsNegative ? -exponent : exponent
        }

        let value: Double
        if digitCount <= 19, significand <= 1 << 53, abs(decimalExponent) <= 22 {
            let exact = Double(significand)
            let scale = Self.exactPowersOfTen[abs(decimalExponent)]
            let magnitude = decimalExponent < 0 ? exact / scale : exact * scale
            value = isNegative ? -magnitude : magnitude
        } else {
            // Long or extreme numbers are rare; the standard library's conversion rounds them
            // correctly, and the grammar above is a subset of what it accepts.
            let text = String(decoding: UnsafeBufferPointer(rebasing: input[start ..< index]), as: UTF8.self)
            value = Double(text) ?? .nan
        }
        guard value.isFinite else {
            throw error(
                "the number is too large for a 64-bit double (the largest is about 1.8e308); "
                    + "write it as a string if it must be kept",
                at: start
            )
        }
        return value
    }

    private func accumulate(_ digit: UInt8, into significand: inout UInt64, count: inout Int) {
        // Leading zeros carry no precision, so they do not push a number off the fast path.
        if count == 0, digit == .zero { return }
        count += 1
        if count <= 19 { significand = significand &* 10 &+ UInt64(digit &- .zero) }
    }

    // MARK: Whitespace

    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case .space, .lineFeed, .carriageReturn, .tab: index += 1
            default: return
            }
        }
    }
}

extension UInt8 {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let plus = UInt8(ascii: "+")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    var isDigit: Bool { self &- .zero < 10 }

    /// Letters, digits and `_`: the bytes of a bare word such as `true` or `NaN`.
    var isWordByte: Bool {
        switch self {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), .zero ... .nine,
             UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
