/// The RFC 8785 JSON Canonicalization Scheme (JCS): one exact byte sequence per value, so equal
/// values hash and sign identically whatever produced them.
extension JSON {
    /// The value in canonical form (RFC 8785) as UTF-8 bytes.
    ///
    /// Object members are sorted by the UTF-16 code units of their keys, there is no whitespace,
    /// strings escape only what they must, and numbers are written as ECMAScript's
    /// `Number.prototype.toString` writes them.
    ///
    /// - Precondition: No number is NaN or infinite. Parsing never produces one; a value built by
    ///   hand that holds one has no canonical form, and RFC 8785 requires refusing it rather than
    ///   silently writing something else (such as `null`) that would then be signed or hashed.
    public var canonicalBytes: [UInt8] {
        var buffer: [UInt8] = []
        write(canonicalTo: &buffer)
        return buffer
    }

    /// The value in canonical form (RFC 8785) as a string; see ``canonicalBytes``.
    public var canonicalString: String {
        String(decoding: canonicalBytes, as: UTF8.self)
    }

    /// Appends the value's canonical form (RFC 8785) to `buffer`; see ``canonicalBytes``.
    ///
    /// Appending lets a caller frame several values in one buffer without copying each.
    public func write(canonicalTo buffer: inout [UInt8]) {
        switch self {
        case .null:
            buffer.append(contentsOf: "null".utf8)
        case .bool(let value):
            buffer.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .number(let value):
            ECMAScriptNumber.write(value, to: &buffer)
        case .string(let value):
            Self.writeCanonical(value, to: &buffer)
        case .array(let elements):
            buffer.append(.openBracket)
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(.comma) }
                element.write(canonicalTo: &buffer)
            }
            buffer.append(.closeBracket)
        case .object(let members):
            buffer.append(.openBrace)
            let sorted = members.sorted { Self.precedesInUTF16Order($0.key, $1.key) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { buffer.append(.comma) }
                Self.writeCanonical(member.key, to: &buffer)
                buffer.append(.colon)
                member.value.write(canonicalTo: &buffer)
            }
            buffer.append(.closeBrace)
        }
    }

    /// Whether `a` sorts before `b` by UTF-16 code units, the order JCS uses for keys (it is how
    /// ECMAScript compares strings).
    ///
    /// Compares UTF-8 bytes, without transcoding: byte order is scalar order, and scalar order is
    /// UTF-16 order except for one pair of ranges. A scalar above U+FFFF becomes a surrogate pair
    /// (0xD800...) in UTF-16 and so sorts before U+E000...U+FFFF, though it is larger.
    static func precedesInUTF16Order(_ a: String, _ b: String) -> Bool {
        var aBytes = a.utf8.makeIterator()
        var bBytes = b.utf8.makeIterator()
        while true {
            guard let x = aBytes.next() else { return bBytes.next() != nil }
            guard let y = bBytes.next() else { return false }
            if x == y { continue }
            // Equal bytes so far end on the same scalar boundary, so x and y are at the same
            // place in their sequences. A lead of 0xF0 or more starts a scalar above U+FFFF;
            // 0xEE and 0xEF start the scalars U+E000...U+FFFF.
            if x >= 0xF0, y == 0xEE || y == 0xEF { return true }
            if y >= 0xF0, x == 0xEE || x == 0xEF { return false }
            return x < y
        }
    }

    /// Writes a string as JCS requires: the two-character escapes where JSON has them, `\u00xx`
    /// with lowercase hex for the other control characters, and every other character as itself.
    private static func writeCanonical(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(.quote)
        var text = text
        // Copies runs that need no escape in one go; native strings are contiguous UTF-8, so
        // `withUTF8` costs nothing for them.
        text.withUTF8 { bytes in
            var runStart = 0
            for (offset, byte) in bytes.enumerated() where byte < 0x20 || byte == .quote || byte == .backslash {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< offset]))
                runStart = offset + 1
                buffer.append(.backslash)
                switch byte {
                case .quote, .backslash: buffer.append(byte)
                case 0x08: buffer.append(UInt8(ascii: "b"))
                case 0x0C: buffer.append(UInt8(ascii: "f"))
                case .lineFeed: buffer.append(UInt8(ascii: "n"))
                case .carriageReturn: buffer.append(UInt8(ascii: "r"))
                case .tab: buffer.append(UInt8(ascii: "t"))
                default:
                    let digits: StaticString = "0123456789abcdef"
                    buffer.append(contentsOf: [UInt8(ascii: "u"), .zero, .zero])
                    buffer.append(digits.utf8Start[Int(byte >> 4)])
                    buffer.append(digits.utf8Start[Int(byte & 0xF)])
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        buffer.append(.quote)
    }
}
