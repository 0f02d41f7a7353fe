import DocketJSON
import Testing

@Suite("Canonical numbers (ECMAScript Number.prototype.toString)")
struct CanonicalNumberTests {
    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    static let appendixBCases: [(bits: String, text: String)] = [
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"),
        ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"),
        ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ]

    @Test("RFC 8785 Appendix B", arguments: appendixBCases)
    func appendixB(bits: String, text: String) {
        #expect(JSON.number(double(bits: bits)).canonicalString == text)
    }

    @Test(
        "Layout at the edges of ECMAScript's ranges",
        arguments: [
            (1e30, "1e+30"), (4.5, "4.5"), (0.002, "0.002"), (1e-7, "1e-7"), (1e21, "1e+21"),
            (1e20, "100000000000000000000"), (0.000001, "0.000001"), (1.5e-6, "0.0000015"),
            (123e-20, "1.23e-18"), (-0.0, "0"), (1, "1"), (-1, "-1"), (0.1, "0.1"), (100, "100"),
            (1e16, "10000000000000000"), (123456789012345683968, "123456789012345680000"),
            (1.5e300, "1.5e+300"), (2.5e-7, "2.5e-7"), (-1e-7, "-1e-7"), (12.5, "12.5"),
            (9007199254740994, "9007199254740994"), (1_152_921_504_606_846_976, "1152921504606847000"), (0.30000000000000004, "0.30000000000000004"),
        ] as [(Double, String)]
    )
    func layout(value: Double, text: String) {
        #expect(JSON.number(value).canonicalString == text)
    }

    /// 3,102 doubles with the text node gives them: random bit patterns, integers of every length,
    /// short decimals, and neighbours of every power of ten. Made by Fixtures/make-number-fixture.js.
    @Test("Matches ECMAScript on thousands of doubles, and parses each text back exactly")
    func ecmascriptFixture() throws {
        let fixture = try JSON.parse(TestData.fixture("ecmascript-numbers.json"))
        let cases = try #require(fixture["cases"]?.arrayValue)
        #expect(cases.count > 3000)
        var mismatches: [String] = []
        for entry in cases {
            let pair = try #require(entry.arrayValue)
            let bits = try #require(pair[0].stringValue)
            let text = try #require(pair[1].stringValue)
            let value = double(bits: bits)
            let written = JSON.number(value).canonicalString
            let read = try JSON(parsing: text).doubleValue
            if written != text || read?.bitPattern != value.bitPattern {
                mismatches.append("\(bits): wrote \(written), expected \(text); read \(read.map { "\($0)" } ?? "nil")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test("Parsing and writing agree on every power of ten a double can hold")
    func powersOfTen() throws {
        for exponent in -323 ... 308 {
            let text = "1e\(exponent)"
            let value = try #require(try JSON(parsing: text).doubleValue)
            #expect(value == Double(text), "\(text)")
            #expect(try JSON(parsing: JSON.number(value).canonicalString).doubleValue == value, "\(text)")
        }
    }

    @Test("Numbers without a canonical form stop the program")
    func nonFiniteNumbers() async {
        await #expect(processExitsWith: .failure) {
            _ = JSON.number(.infinity).canonicalBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = JSON.array([.number(.nan)]).canonicalBytes
        }
    }
}
