import DocketJSON
import DocketTestSupport
import Testing

@Suite("Parsing valid JSON")
struct ParserTests {
    @Test(
        "Values of every kind",
        arguments: [
            ("null", JSON.null), ("true", true), ("false", false), ("0", 0), ("-0", 0), ("42", 42),
            ("-12.5e2", -1250), ("1E+2", 100), ("2.5E-1", 0.25), (#""""#, ""), (#""a""#, "a"),
            ("[]", []), ("{}", [:]), (" \t\r\n[ 1 , \"x\" , null ]\n", [1, "x", nil]),
            (#"{"a":{"b":[true,{"c":null}]}}"#, ["a": ["b": [true, ["c": nil]]]]),
            (#"{"":0}"#, ["": 0]),
        ] as [(String, JSON)]
    )
    func values(text: String, expected: JSON) throws {
        #expect(try JSON(parsing: text) == expected)
    }

    @Test(
        "Escapes and surrogate pairs decode to the characters they name",
        arguments: [
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
            (#""\u0041\u00e9\u00E9\u20AC""#, "Aéé€"),
            (#""\ud83d\ude00""#, "😀"), (#""\uD834\uDD1E x""#, "𝄞 x"),
            (#""\u0000""#, "\u{0}"), (#""\uffff""#, "\u{FFFF}"), (#""\udbff\udfff""#, "\u{10FFFF}"),
            ("\"é€😀 raw UTF-8\"", "é€😀 raw UTF-8"), ("\"mixed é \\n 😀\"", "mixed é \n 😀"),
        ]
    )
    func strings(text: String, expected: String) throws {
        #expect(try JSON(parsing: text) == .string(expected))
    }

    @Test(
        "Numbers read to the nearest double, as the standard library's correctly rounded conversion does",
        arguments: [
            "0.1", "-0.1", "123456789012345678901234567890", "0.000000000000000000000000000001",
            "1.7976931348623157e308", "4.9406564584124654e-324", "2.2250738585072011e-308", "1e-400", "-1e-400",
            "9007199254740993", "9007199254740995", "0.1e1", "0e0", "-0.0e-5000", "1e22", "1e23", "1e-22",
            "123.456e-7", "0.30000000000000004", "17976931348623157e292", "1" + String(repeating: "0", count: 300),
            "0." + String(repeating: "0", count: 320) + "5", "1.00000000000000011102230246251565404236316680908203125",
        ]
    )
    func numbers(text: String) throws {
        let value = try #require(try JSON(parsing: text).doubleValue)
        #expect(value.bitPattern == Double(text)!.bitPattern)
    }

    @Test("The extremes of the double range")
    func extremes() throws {
        #expect(try JSON(parsing: "1.7976931348623157e308") == .number(.greatestFiniteMagnitude))
        #expect(try JSON(parsing: "5e-324") == .number(.leastNonzeroMagnitude))
        #expect(try JSON(parsing: "-0").doubleValue?.sign == .minus)
    }

    @Test("Arrays and objects nest up to the depth limit")
    func depthLimit() throws {
        let depth = JSON.maximumNestingDepth
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSON(parsing: arrays) }
        let objects = String(repeating: #"{"k":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: Never.self) { try JSON(parsing: objects) }
    }

    @Test("Any collection of bytes parses, contiguous or not")
    func collections() throws {
        let text = #"{"a":[1,"é"]}"#
        let expected: JSON = ["a": [1, "é"]]
        #expect(try JSON.parse(Array(text.utf8)) == expected)
        #expect(try JSON.parse(text.utf8) == expected)
        #expect(try JSON.parse(Array(text.utf8)[...]) == expected)
        #expect(try JSON.parse(text.utf8.lazy.map { $0 }) == expected)
    }

    @Test("parse → canonical → parse gives back the same value, and canonical form is stable")
    func roundTrip() throws {
        var generator = SeededGenerator(state: 8785)
        for _ in 0 ..< 300 {
            let value = randomValue(depth: 0, using: &generator)
            let canonical = value.canonicalBytes
            let reparsed = try JSON.parse(canonical)
            #expect(reparsed == value)
            #expect(reparsed.canonicalBytes == canonical)
        }
    }

    @Test("Whitespace and layout do not change the canonical form")
    func layoutIndependence() throws {
        let compact = try JSON(parsing: #"{"b":[1,2,{"d":"x","c":null}],"a":1.50}"#)
        let spread = try JSON(parsing: "\r\n{ \"a\" : 15e-1 ,\n\t\"b\" : [ 1 , 2.0 , { \"c\" : null , \"d\" : \"\\u0078\" } ] }\n")
        #expect(compact.canonicalString == spread.canonicalString)
        #expect(compact.canonicalString == #"{"a":1.5,"b":[1,2,{"c":null,"d":"x"}]}"#)
    }

    private func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSON {
        switch Int.random(in: 0 ..< (depth < 4 ? 8 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let bits = UInt64.random(in: .min ... .max, using: &generator)
            let value = Double(bitPattern: bits)
            return .number(value.isFinite ? value : 0)
        case 3: return .number(Double(Int.random(in: -1_000_000 ... 1_000_000, using: &generator)) / 100)
        case 4, 5: return .string(randomString(using: &generator))
        case 6: return .array((0 ..< Int.random(in: 0 ..< 5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: JSON] = [:]
            for _ in 0 ..< Int.random(in: 0 ..< 5, using: &generator) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    /// Text drawn to hit every escaping and sorting rule: controls, quotes, the edges of the BMP,
    /// and characters beyond it.
    private func randomString(using generator: inout SeededGenerator) -> String {
        let pool: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{8}", "\n", "\u{1F}", "\u{7F}", "\u{80}", "é",
            "\u{2028}", "€", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}",
        ]
        var text = String.UnicodeScalarView()
        for _ in 0 ..< Int.random(in: 0 ..< 8, using: &generator) {
            text.append(pool.randomElement(using: &generator)!)
        }
        return String(text)
    }
}
