import DocketJSON
import Testing

/// Each malformed document must fail at the right line and column with a message that tells a
/// user what is wrong and, where there is one, the fix. The full rendering is compared, since it
/// is what a user reads.
@Suite("Parse errors")
struct ParseErrorTests {
    static let valueKinds = "a value (an object, array, string, number, true, false or null)"
    static let encodingAdvice = "JSON must be UTF-8, so if the file uses another encoding, save it as UTF-8"

    static let structureCases: [Rejection] = [
        Rejection("", "line 1, column 1: the input is empty; expected a JSON value"),
        Rejection(" \n ", "line 2, column 2: the input holds only whitespace; expected a JSON value"),
        Rejection(
            "{\n  \"id\": 1,\n  \"name\": \"é😀\",\n  \"ok\": true\n  \"why\": 2\n}",
            #"line 5, column 3: expected ',' or '}' after an object member, found '"'; is a ',' missing between two members?"#
        ),
        Rejection(
            "{\"a\":1,\"b\":{\"c\":[1,2}}",
            "line 1, column 21: expected ',' or ']' after an array element, found '}'"
        ),
        Rejection(
            "[1 2]",
            "line 1, column 4: expected ',' or ']' after an array element, found '2'; is a ',' missing between two elements?"
        ),
        Rejection(
            "{\"a\":1,}",
            "line 1, column 7: trailing comma after the last object member; remove it, JSON does not allow one"
        ),
        Rejection(
            "[1,\n 2,\n]",
            "line 2, column 3: trailing comma after the last array element; remove it, JSON does not allow one"
        ),
        Rejection("[,1]", "line 1, column 2: expected \(valueKinds), found ','"),
        Rejection("{\"a\":}", "line 1, column 6: expected \(valueKinds), found '}'; a value is missing here"),
        Rejection(#"{"a" 1}"#, #"line 1, column 6: expected ':' after the object key "a", found '1'"#),
        Rejection(
            "{a:1}",
            "line 1, column 2: expected a string key in double quotes, found 'a'; object keys must be strings in double quotes"
        ),
        Rejection(
            "{'a':1}",
            "line 1, column 2: expected a string key in double quotes, found '''; strings must be in double quotes, not single quotes"
        ),
        Rejection(
            "[1]\n[2]",
            "line 2, column 1: expected the end of the input after the JSON value, found '['; "
                + "a document holds exactly one value, so wrap several values in an array"
        ),
        Rejection(
            "[1 // one\n]",
            "line 1, column 4: expected ',' or ']' after an array element, found '/'; JSON does not allow comments"
        ),
        Rejection(
            "{\"a\": [1,\r\n",
            "line 2, column 1: the input ends inside the array opened at line 1, column 7, which needs a closing ']'; "
                + "was the file cut short?"
        ),
        Rejection(
            "[1,\r2 x]",
            "line 2, column 3: expected ',' or ']' after an array element, found 'x'; is a ',' missing between two elements?"
        ),
        Rejection(
            "{\"a\":",
            "line 1, column 6: the input ends inside the object opened at line 1, column 1, which needs a closing '}'; "
                + "was the file cut short?"
        ),
        Rejection(
            "[\u{201C}x\u{201D}]",
            "line 1, column 2: expected \(valueKinds), found '\u{201C}' (U+201C); "
                + "JSON strings need straight double quotes (\"), not typographic ones"
        ),
        Rejection(
            "[1,\u{A0}2]",
            "line 1, column 4: expected \(valueKinds), found U+00A0 (NO-BREAK SPACE); "
                + "only space, tab, line feed and carriage return may separate JSON tokens"
        ),
        Rejection(
            "\u{FEFF}{}",
            "line 1, column 1: the input starts with a byte order mark (U+FEFF), which JSON does not allow; "
                + "save the file as UTF-8 without a BOM"
        ),
    ]

    static let literalsAndNumbersCases: [Rejection] = [
        Rejection("[True]", #"line 1, column 2: "True" is not a JSON literal; JSON is case-sensitive, so write true"#),
        Rejection(
            "nul",
            #"line 1, column 1: unexpected word "nul"; a value must be an object, array, string, number, true, false or null, and text must be in double quotes"#
        ),
        Rejection(
            "[1, NaN]",
            #"line 1, column 5: "NaN" is not a JSON number; JSON has no NaN or Infinity, so write null or a string instead"#
        ),
        Rejection(
            "-Infinity",
            #"line 1, column 1: "-Infinity" is not a JSON number; JSON has no NaN or Infinity, so write null or a string instead"#
        ),
        Rejection(
            "[007]",
            "line 1, column 2: a number may not have a leading zero; remove it, or write the value as a string if the zeros matter"
        ),
        Rejection(
            "-01.5",
            "line 1, column 1: a number may not have a leading zero; remove it, or write the value as a string if the zeros matter"
        ),
        Rejection("1.", "line 1, column 3: expected a digit after the decimal point, found the end of the input; write 1.0 or 1, not 1."),
        Rejection(".5", "line 1, column 1: expected \(valueKinds), found '.'; a number needs a digit before the decimal point; write 0.5, not .5"),
        Rejection("+1", "line 1, column 1: expected \(valueKinds), found '+'; a number may not start with '+'; remove it"),
        Rejection("1e+]", "line 1, column 4: expected a digit in the exponent, found ']'; write 1e5 or 1e-5"),
        Rejection("-x", "line 1, column 2: expected a digit after '-', found 'x'"),
        Rejection(
            "{\"big\": 1e309}",
            "line 1, column 9: the number is too large for a 64-bit double (the largest is about 1.8e308); "
                + "write it as a string if it must be kept"
        ),
        Rejection(
            "-" + String(repeating: "9", count: 400),
            "line 1, column 1: the number is too large for a 64-bit double (the largest is about 1.8e308); "
                + "write it as a string if it must be kept"
        ),
    ]

    static let stringsCases: [Rejection] = [
        Rejection("[\"abc", #"line 1, column 2: this string is never closed; add the missing '"'"#),
        Rejection(
            "{\"note\": \"first line\nsecond\"}",
            #"line 1, column 21: a string may not contain a line break; close the string with '"' on this line, or write \n for a line break inside it"#
        ),
        Rejection("\"a\tb\"", #"line 1, column 3: control character U+0009 must be escaped in a string; write \t"#),
        Rejection("\"é\u{1}\"", #"line 1, column 3: control character U+0001 must be escaped in a string; write \u0001"#),
        Rejection(
            #""C:\dir""#,
            #"line 1, column 5: expected an escape after '\', found 'd'; JSON allows only \" \\ \/ \b \f \n \r \t and \uXXXX; write \\ for a backslash"#
        ),
        Rejection(#""\u00G1""#, #"line 1, column 2: \u must be followed by four hexadecimal digits, as in \u00E9"#),
        Rejection(
            #"["ok", "\uD83D"]"#,
            #"line 1, column 9: \uD83D is a lone high surrogate; it must be followed by a low surrogate escape (\uDC00 to \uDFFF) that completes the character"#
        ),
        Rejection(
            #""\uD83D\u0041""#,
            #"line 1, column 2: \uD83D is a high surrogate, so the escape after it must be a low surrogate (\uDC00 to \uDFFF), not \u0041"#
        ),
        Rejection(
            #""x\uDE00""#,
            #"line 1, column 3: \uDE00 is a lone low surrogate; it may only follow a high surrogate escape (\uD800 to \uDBFF)"#
        ),
    ]

    static let duplicateKeysCases: [Rejection] = [
        Rejection(#"{"a":1,"b":2,"a":3}"#, #"line 1, column 14: duplicate key "a"; a key may appear only once in an object"#),
        Rejection(
            "{\"list\": [{\"id\": 1,\n  \"id\": 1}]}",
            #"line 2, column 3: duplicate key "id"; a key may appear only once in an object"#
        ),
        // The same key spelt with an escape is the same key.
        Rejection(#"{"é":1,"\u00e9":2}"#, #"line 1, column 8: duplicate key "é"; a key may appear only once in an object"#),
        Rejection(
            "{\"\u{E9}\":1,\"e\u{301}\":2}",
            "line 1, column 8: the key \"e\u{301}\" is the same text as the earlier key \"\u{E9}\" in another Unicode "
                + "normalisation form, and keys are compared by canonical equivalence; keep only one of them"
        ),
    ]

    @Test("Structure", arguments: structureCases)
    func structure(_ rejection: Rejection) {
        #expect(parseError(rejection.input)?.description == rejection.expected)
    }

    @Test("Literals and numbers", arguments: literalsAndNumbersCases)
    func literalsAndNumbers(_ rejection: Rejection) {
        #expect(parseError(rejection.input)?.description == rejection.expected)
    }

    @Test("Strings", arguments: stringsCases)
    func strings(_ rejection: Rejection) {
        #expect(parseError(rejection.input)?.description == rejection.expected)
    }

    @Test("Duplicate keys", arguments: duplicateKeysCases)
    func duplicateKeys(_ rejection: Rejection) {
        #expect(parseError(rejection.input)?.description == rejection.expected)
    }

    /// Well-formed UTF-8 is defined by Unicode's Table 3-7; everything outside it is refused
    /// with the byte offset, since a column means little inside a broken encoding.
    static let invalidUTF8Cases: [Rejection] = [
        Rejection(bytes: [0x22, 0xC0, 0xAF, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xC0 starts an overlong encoding of an ASCII character; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xE0 0x80 starts an overlong encoding; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xF0 0x8F starts an overlong encoding; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xED 0xA0 encodes a UTF-16 surrogate, which UTF-8 may not contain; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xF4 0x90 encodes a code point above U+10FFFF; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xF5 never occurs in UTF-8; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0x80, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0x80 is a continuation byte with no lead byte before it; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xE2, 0x82, 0x22], "line 1, column 2: invalid UTF-8 at byte offset 1: 0xE2 starts a 3-byte sequence, but byte 3 of it, 0x22, is not a continuation byte; \(encodingAdvice)"),
        Rejection(bytes: [0x22, 0xF0, 0x9F, 0x98], "line 1, column 2: invalid UTF-8 at byte offset 1: the input ends inside the 4-byte sequence that 0xF0 starts; \(encodingAdvice)"),
        // Latin-1 "café" on the second line, after a line with multi-byte characters.
        Rejection(
            bytes: Array("[\"é😀\",\n \"caf".utf8) + [0xE9, 0x22, 0x5D],
            "line 2, column 6: invalid UTF-8 at byte offset 16: 0xE9 starts a 3-byte sequence, but byte 2 of it, 0x22, is not a continuation byte; \(encodingAdvice)"
        ),
        // Outside a string too: the encoding error is reported, not an "unexpected character".
        Rejection(bytes: Array("{\"é\": [1 ".utf8) + [0xFE], "line 1, column 10: invalid UTF-8 at byte offset 10: 0xFE never occurs in UTF-8; \(encodingAdvice)"),
    ]

    @Test("Invalid UTF-8", arguments: invalidUTF8Cases)
    func invalidUTF8(_ rejection: Rejection) {
        #expect(parseError(rejection.input)?.description == rejection.expected)
    }

    @Test("Nesting deeper than the limit is refused at the first level too deep")
    func depthLimit() {
        let depth = JSON.maximumNestingDepth + 1
        let expected = JSONParseError(
            line: 1, column: depth,
            message: "arrays and objects are nested more than 512 deep; this parser refuses deeper documents, so flatten the structure"
        )
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: expected) { try JSON(parsing: arrays) }
        // A hostile document far deeper than the stack could take fails the same way.
        #expect(throws: expected) { try JSON(parsing: String(repeating: "[", count: 1_000_000)) }
        let mixed = String(repeating: #"{"a":["#, count: depth / 2 + 1)
        #expect(parseError(Array(mixed.utf8))?.message == expected.message)
    }

    @Test("Errors render as line, column, message")
    func rendering() {
        let error = JSONParseError(line: 3, column: 17, message: "expected ',' or '}' after an object member")
        #expect(error.description == "line 3, column 17: expected ',' or '}' after an object member")
    }
}
