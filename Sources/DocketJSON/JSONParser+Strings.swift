/// Strings: escapes, surrogate pairs and UTF-8 validation.
extension JSONParser {
    /// Parses a string whose opening quote is at the current position.
    mutating func parseString() throws(JSONParseError) -> String {
        let openingQuote = index
        index += 1
        let start = index
        // Most strings have no escapes: validate them in place and copy once into the `String`.
        while index < input.count {
            let byte = input[index]
            if byte == .quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: input[start ..< index]), as: UTF8.self)
                index += 1
                return text
            } else if byte >= 0x80 {
                index += try validatedScalarLength(at: index)
            } else if byte == .backslash || byte < 0x20 {
                break
            } else {
                index += 1
            }
        }
        return try parseEscapedString(from: start, openingQuote: openingQuote)
    }

    private mutating func parseEscapedString(from start: Int, openingQuote: Int) throws(JSONParseError) -> String {
        var bytes = Array(UnsafeBufferPointer(rebasing: input[start ..< index]))
        while index < input.count {
            let byte = input[index]
            switch byte {
            case .quote:
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            case .backslash:
                try appendEscape(to: &bytes, openingQuote: openingQuote)
            case 0 ..< 0x20:
                throw controlCharacterError(byte)
            case 0x80...:
                let length = try validatedScalarLength(at: index)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index ..< index + length]))
                index += length
            default:
                bytes.append(byte)
                index += 1
            }
        }
        throw error("this string is never closed; add the missing '\"'", at: openingQuote)
    }

    private mutating func appendEscape(to bytes: inout [UInt8], openingQuote: Int) throws(JSONParseError) {
        let escapeStart = index
        guard index + 1 < input.count else {
            throw error("this string is never closed; add the missing '\"'", at: openingQuote)
        }
        let code = input[index + 1]
        index += 2
        switch code {
        case .quote, .backslash, .slash: bytes.append(code)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(.lineFeed)
        case UInt8(ascii: "r"): bytes.append(.carriageReturn)
        case UInt8(ascii: "t"): bytes.append(.tab)
        case UInt8(ascii: "u"):
            let unit = try hexQuad(escapeStart: escapeStart)
            let scalar: UInt32
            switch unit {
            case 0xD800 ... 0xDBFF:
                // Characters beyond U+FFFF arrive as a UTF-16 pair of escapes; a half alone
                // is not a character and cannot become a Swift String.
                guard index + 1 < input.count, input[index] == .backslash, input[index + 1] == UInt8(ascii: "u") else {
                    throw error(
                        "\\u\(hex(unit, width: 4)) is a lone high surrogate; it must be followed by a low surrogate "
                            + "escape (\\uDC00 to \\uDFFF) that completes the character",
                        at: escapeStart
                    )
                }
                let lowStart = index
                index += 2
                let low = try hexQuad(escapeStart: lowStart)
                guard (0xDC00 ... 0xDFFF).contains(low) else {
                    throw error(
                        "\\u\(hex(unit, width: 4)) is a high surrogate, so the escape after it must be a low surrogate "
                            + "(\\uDC00 to \\uDFFF), not \\u\(hex(low, width: 4))",
                        at: escapeStart
                    )
                }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00 ... 0xDFFF:
                throw error(
                    "\\u\(hex(unit, width: 4)) is a lone low surrogate; it may only follow a high surrogate escape "
                        + "(\\uD800 to \\uDBFF)",
                    at: escapeStart
                )
            default:
                scalar = unit
            }
            appendUTF8(scalar, to: &bytes)
        default:
            index -= 1
            throw unexpected(
                "an escape after '\\'",
                hint: "JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write \\\\ for a backslash"
            )
        }
    }

    /// Four hex digits after `\u`, as a UTF-16 code unit.
    private mutating func hexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0 ..< 4 {
            guard index < input.count, let digit = hexDigitValue(input[index]) else {
                throw error("\\u must be followed by four hexadecimal digits, as in \\u00E9", at: escapeStart)
            }
            unit = unit << 4 | digit
            index += 1
        }
        return unit
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case .zero ... .nine: UInt32(byte - .zero)
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0 ..< 0x80:
            bytes.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            bytes.append(0xC0 | UInt8(scalar >> 6))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800 ..< 0x10000:
            bytes.append(0xE0 | UInt8(scalar >> 12))
            bytes.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        default:
            bytes.append(0xF0 | UInt8(scalar >> 18))
            bytes.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            bytes.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        if byte == .lineFeed || byte == .carriageReturn {
            return error(
                "a string may not contain a line break; close the string with '\"' on this line, "
                    + "or write \\n for a line break inside it",
                at: index
            )
        }
        let escape = switch byte {
        case .tab: "\\t"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        default: "\\u\(hex(byte, width: 4))"
        }
        return error("control character U+\(hex(byte, width: 4)) must be escaped in a string; write \(escape)", at: index)
    }

    // MARK: UTF-8

    /// The length of the well-formed UTF-8 sequence whose lead byte (at least 0x80) is at `offset`.
    ///
    /// Follows Unicode's table of well-formed byte sequences, so overlong forms, encoded surrogates
    /// and code points above U+10FFFF are errors, each named, since they usually mean the file is
    /// in another encoding or was cut short.
    func validatedScalarLength(at offset: Int) throws(JSONParseError) -> Int {
        let lead = input[offset]
        let length: Int
        // The second byte's range is narrower than a plain continuation byte's for some leads.
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0x80 ... 0xBF:
            throw utf8Error("0x\(hex(lead)) is a continuation byte with no lead byte before it", at: offset)
        case 0xC0, 0xC1:
            throw utf8Error("0x\(hex(lead)) starts an overlong encoding of an ASCII character", at: offset)
        case 0xC2 ... 0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xE1 ... 0xEF: length = 3
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1 ... 0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default:
            throw utf8Error("0x\(hex(lead)) never occurs in UTF-8", at: offset)
        }
        for position in 1 ..< length {
            guard offset + position < input.count else {
                throw utf8Error("the input ends inside the \(length)-byte sequence that 0x\(hex(lead)) starts", at: offset)
            }
            let byte = input[offset + position]
            let (low, high) = position == 1 ? (secondLow, secondHigh) : (0x80, 0xBF)
            if byte >= low, byte <= high { continue }
            guard position == 1, byte >= 0x80, byte <= 0xBF else {
                throw utf8Error(
                    "0x\(hex(lead)) starts a \(length)-byte sequence, but byte \(position + 1) of it, "
                        + "0x\(hex(byte)), is not a continuation byte",
                    at: offset
                )
            }
            let pair = "0x\(hex(lead)) 0x\(hex(byte))"
            switch lead {
            case 0xED: throw utf8Error("\(pair) encodes a UTF-16 surrogate, which UTF-8 may not contain", at: offset)
            case 0xF4: throw utf8Error("\(pair) encodes a code point above U+10FFFF", at: offset)
            default: throw utf8Error("\(pair) starts an overlong encoding", at: offset)
            }
        }
        return length
    }

    private func utf8Error(_ detail: String, at offset: Int) -> JSONParseError {
        error(
            "invalid UTF-8 at byte offset \(offset): \(detail); "
                + "JSON must be UTF-8, so if the file uses another encoding, save it as UTF-8",
            at: offset
        )
    }
}

/// Uppercase hex padded to `width` digits: two for a byte, four for a UTF-16 unit or code point.
func hex(_ value: some BinaryInteger, width: Int = 2) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
