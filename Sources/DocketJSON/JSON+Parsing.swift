extension JSON {
    /// The deepest nesting of arrays and objects that parsing accepts.
    ///
    /// The parser recurses once per level, so a hostile document of a million `[` could otherwise
    /// exhaust the stack; no document Docket writes comes close to this depth.
    public static let maximumNestingDepth = 512

    /// Parses one JSON document from UTF-8 bytes, strictly as RFC 8259 defines it.
    ///
    /// The input must be exactly one value with optional whitespace around it, in valid UTF-8
    /// without a byte order mark. Rejected as well: duplicate object keys, leading zeros, NaN and
    /// Infinity, numbers beyond the range of a `Double`, unescaped control characters and unpaired
    /// surrogate escapes in strings, and nesting deeper than ``maximumNestingDepth``.
    /// Numbers too small for a `Double` round to zero or a subnormal, as in ECMAScript.
    ///
    /// Swift compares strings by canonical equivalence, so two keys of one object that differ only
    /// in Unicode normalisation (`"\u00e9"` and `"e\u0301"`) cannot both be kept; they are reported
    /// as duplicates.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSON {
        // One pass over contiguous memory is what makes the parser fast; only collections that
        // have no contiguous storage pay for a copy.
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parseContiguous(buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONParseError) in try parseContiguous(buffer) }
    }

    /// Parses one JSON document from text, with the same rules as ``parse(_:)``.
    public init(parsing text: String) throws(JSONParseError) {
        self = try JSON.parse(text.utf8)
    }

    private static func parseContiguous(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON {
        var parser = JSONParser(input: buffer, maximumDepth: maximumNestingDepth)
        return try parser.parseDocument()
    }
}
