/// Building errors: positions, and messages that say what was found and what to do.
extension JSONParser {
    func error(_ message: String, at offset: Int) -> JSONParseError {
        let (line, column) = location(of: offset)
        return JSONParseError(line: line, column: column, message: message)
    }

    /// The 1-based line and column of a byte offset, the column counted in Unicode scalars.
    ///
    /// Worked out only on failure, so the parse itself tracks nothing but a byte offset. Bytes
    /// before `offset` have been validated, so counting lead bytes counts scalars.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var position = 0
        let end = min(offset, input.count)
        while position < end {
            let byte = input[position]
            if byte == .lineFeed {
                line += 1
                column = 1
            } else if byte == .carriageReturn {
                // CR LF is one line break, counted at its LF; a lone CR is a break of its own.
                if position + 1 < input.count, input[position + 1] == .lineFeed {
                } else {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            position += 1
        }
        return (line, column)
    }

    /// "expected X, found Y", at the current position, with an optional hint after it.
    ///
    /// An invalid UTF-8 sequence where a token should be is reported as such, since describing
    /// the "character" found there would be meaningless.
    func unexpected(_ expectation: String, hint: String? = nil) -> JSONParseError {
        do {
            let found = try describeCharacter(at: index)
            let hint = hint ?? genericHint()
            return error("expected \(expectation), found \(found)" + (hint.map { "; \($0)" } ?? ""), at: index)
        } catch {
            return error
        }
    }

    /// An error for a byte that cannot start a value, with advice for the usual culprits.
    func unexpectedValue() -> JSONParseError {
        let hint: String? = switch input[index] {
        case UInt8(ascii: "'"): "strings must be in double quotes, not single quotes"
        case .plus: "a number may not start with '+'; remove it"
        case .dot: "a number needs a digit before the decimal point; write 0.5, not .5"
        case .closeBracket, .closeBrace: "a value is missing here"
        default: nil
        }
        return unexpected("a value (an object, array, string, number, true, false or null)", hint: hint)
    }

    /// Advice for characters that are wrong wherever they appear.
    private func genericHint() -> String? {
        guard index < input.count else { return nil }
        switch input[index] {
        case .slash, UInt8(ascii: "#"): return "JSON does not allow comments"
        case 0x80...: return scalar(at: index).flatMap(nonASCIIHint)
        default: return nil
        }
    }

    private func nonASCIIHint(_ scalar: Unicode.Scalar) -> String? {
        if (0x2018 ... 0x201F).contains(scalar.value) {
            return "JSON strings need straight double quotes (\"), not typographic ones"
        }
        if scalar.properties.isWhitespace {
            return "only space, tab, line feed and carriage return may separate JSON tokens"
        }
        return nil
    }

    /// An error for an object member that does not start with a quoted key.
    func unexpectedKey() -> JSONParseError {
        let hint: String? = switch input[index] {
        case UInt8(ascii: "'"): "strings must be in double quotes, not single quotes"
        case let byte where byte.isWordByte: "object keys must be strings in double quotes"
        default: nil
        }
        return unexpected("a string key in double quotes", hint: hint)
    }

    /// An error for a bare word that is not `true`, `false` or `null`.
    func wordError(_ word: String, at offset: Int) -> JSONParseError {
        let shown = quoted(word)
        switch word {
        case "NaN", "-NaN", "Infinity", "-Infinity", "nan", "inf":
            return error("\(shown) is not a JSON number; JSON has no NaN or Infinity, so write null or a string instead", at: offset)
        default:
            break
        }
        let lowercased = word.lowercased()
        if ["true", "false", "null"].contains(lowercased) {
            return error("\(shown) is not a JSON literal; JSON is case-sensitive, so write \(lowercased)", at: offset)
        }
        return error(
            "unexpected word \(shown); a value must be an object, array, string, number, true, false or null, "
                + "and text must be in double quotes",
            at: offset
        )
    }

    /// The error for a key seen twice in one object.
    func duplicateKeyError(_ key: String, in members: [String: JSON], at offset: Int) -> JSONParseError {
        if let earlier = members.index(forKey: key).map({ members.keys[$0] }),
           !earlier.unicodeScalars.elementsEqual(key.unicodeScalars)
        {
            return error(
                "the key \(quoted(key)) is the same text as the earlier key \(quoted(earlier)) in another Unicode "
                    + "normalisation form, and keys are compared by canonical equivalence; keep only one of them",
                at: offset
            )
        }
        return error("duplicate key \(quoted(key)); a key may appear only once in an object", at: offset)
    }

    /// How a message shows the character at `offset`; throws if it is not valid UTF-8.
    private func describeCharacter(at offset: Int) throws(JSONParseError) -> String {
        guard offset < input.count else { return "the end of the input" }
        let byte = input[offset]
        switch byte {
        case 0x21 ..< 0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0 ..< 0x21, 0x7F: return "the control character U+\(hex(byte, width: 4))"
        default:
            _ = try validatedScalarLength(at: offset)
            let scalar = scalar(at: offset)!
            // Invisible characters are named rather than shown, or the message would look empty.
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator, .format, .control, .privateUse, .unassigned:
                return "U+\(hex(scalar.value, width: 4)) (\(scalar.properties.name ?? "an invisible character"))"
            default:
                return "'\(Character(scalar))' (U+\(hex(scalar.value, width: 4)))"
            }
        }
    }

    /// The scalar whose UTF-8 sequence starts at `offset`, if that sequence is well formed.
    private func scalar(at offset: Int) -> Unicode.Scalar? {
        guard let length = try? validatedScalarLength(at: offset) else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[offset ..< offset + length]), as: UTF8.self)
        return text.unicodeScalars.first
    }
}

/// A string as a message shows it: in double quotes, shortened, with control characters escaped
/// so they cannot break the line of output.
func quoted(_ text: String) -> String {
    var shown = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
        if count == 40 {
            shown += "…"
            break
        }
        shown += scalar.value < 0x20 ? "\\u\(hex(scalar.value, width: 4))" : String(scalar)
    }
    return "\"\(shown)\""
}
