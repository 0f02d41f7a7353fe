import DocketJSON
import DocketTestSupport
import Testing

@Suite("Canonical writer (RFC 8785)")
struct CanonicalWriterTests {
    @Test("RFC 8785 section 3.2.2: whitespace, numbers, literals and escapes")
    func rfcSection322() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try JSON(parsing: input).canonicalString == expected)
    }

    @Test("RFC 8785 section 3.2.3: keys sort by UTF-16 code units, so U+1F600 precedes U+FB33")
    func rfcSection323() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = [
            (#"\r"#, "Carriage Return"), ("1", "One"), ("\u{80}", "Control"),
            ("ö", "Latin Small Letter O With Diaeresis"), ("€", "Euro Sign"), ("😀", "Emoji: Grinning Face"),
            ("\u{FB33}", "Hebrew Letter Dalet With Dagesh"),
        ]
        let text = "{" + expected.map { #""\#($0)":"\#($1)""# }.joined(separator: ",") + "}"
        #expect(try JSON(parsing: input).canonicalString == text)
    }

    @Test("Keys sort by UTF-16 units, not by scalar or by Swift's String order")
    func keyOrder() {
        let value: JSON = [
            "b": 1, "a": 2, "aa": 3, "A": 4, "": 5, "\u{FFFF}": 6, "\u{10000}": 7, "\u{E000}": 8,
            "é": 9, "z": 10,
        ]
        // U+10000 is D800 DC00 in UTF-16, so it sorts below U+E000; by scalar it would come last.
        #expect(value.canonicalString == """
            {"":5,"A":4,"a":2,"aa":3,"b":1,"z":10,"é":9,"\u{10000}":7,"\u{E000}":8,"\u{FFFF}":6}
            """)
    }

    @Test("Key order matches sorting by the standard library's UTF-16 view, for random keys")
    func keyOrderAgainstUTF16View() {
        var generator = SeededGenerator(state: 16)
        let pool: [Unicode.Scalar] = ["a", "b", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}"]
        for _ in 0 ..< 200 {
            var members: [String: JSON] = [:]
            for _ in 0 ..< 6 {
                var key = String.UnicodeScalarView()
                for _ in 0 ..< Int.random(in: 0 ... 3, using: &generator) { key.append(pool.randomElement(using: &generator)!) }
                members[String(key)] = .null
            }
            let expected = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
                .map { JSON.string($0).canonicalString + ":null" }
            #expect(JSON.object(members).canonicalString == "{" + expected.joined(separator: ",") + "}")
        }
    }

    @Test(
        "Strings escape exactly what JCS escapes",
        arguments: [
            ("plain", #""plain""#),
            ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
            ("\u{8}\u{C}\n\r\t", #""\b\f\n\r\t""#),
            ("\u{0}\u{1}\u{1F}\u{B}", #""\u0000\u0001\u001f\u000b""#),
            ("\u{7F}\u{80}\u{2028}\u{2029}", "\"\u{7F}\u{80}\u{2028}\u{2029}\""),
            ("é€😀 </script>", "\"é€😀 </script>\""),
        ]
    )
    func escaping(text: String, expected: String) throws {
        #expect(JSON.string(text).canonicalString == expected)
        #expect(try JSON(parsing: expected) == .string(text))
    }

    @Test("Nested values, no whitespace")
    func nested() {
        let value: JSON = ["list": [1, [], [:], ["k": nil]], "flag": false, "empty": ""]
        #expect(value.canonicalString == #"{"empty":"","flag":false,"list":[1,[],{},{"k":null}]}"#)
    }

    @Test("write(canonicalTo:) appends to what the buffer holds")
    func appends() {
        var buffer = Array("prefix:".utf8)
        JSON.array([true, "x"]).write(canonicalTo: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:[true,"x"]"#)
        #expect(JSON.array([true, "x"]).canonicalBytes == Array(#"[true,"x"]"#.utf8))
    }
}
