/// Writes a `Double` exactly as ECMAScript's `Number.prototype.toString` does, which RFC 8785
/// adopts for canonical JSON numbers (ECMA-262, Number::toString).
///
/// ECMAScript wants the shortest decimal digits that read back as the same double, and then a
/// layout of its own: no exponent from 1e-6 up to 1e21, `e+`/`e-` outside that, `-0` as `0`.
/// Swift's `description` already yields the shortest round-trip digits (choosing the closest
/// when several are equally short, as ECMAScript requires) but lays them out differently
/// (`1e-07`, `100.0`, `1e+16`), so the digits and exponent are taken from it and laid out again.
enum ECMAScriptNumber {
    static func write(_ value: Double, to buffer: inout [UInt8]) {
        precondition(value.isFinite, "\(value) has no JSON form; RFC 8785 canonical JSON holds only finite numbers")
        if value == 0 {
            // Both zeros: ECMAScript writes -0 as "0".
            buffer.append(.zero)
            return
        }
        if value < 0 { buffer.append(.minus) }
        let magnitude = value.magnitude

        // Below 2^53 every integer is exact and its neighbours are at most 1 apart, so its
        // shortest round-trip digits are the integer's own; this is the common case for amounts.
        // (Converting rather than calling `rounded()` keeps the module free of libm.)
        if magnitude < 9_007_199_254_740_992, Double(UInt64(magnitude)) == magnitude {
            buffer.append(contentsOf: String(UInt64(magnitude)).utf8)
            return
        }

        let (digits, pointPosition) = shortestDigits(of: magnitude)
        layOut(digits: digits, pointPosition: pointPosition, to: &buffer)
    }

    /// The shortest round-trip decimal digits of a positive finite `value`, without leading or
    /// trailing zeros, and `n` such that `value` = 0.d₁d₂…dₖ × 10ⁿ (ECMA-262's n).
    static func shortestDigits(of value: Double) -> (digits: [UInt8], pointPosition: Int) {
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var integerDigitCount: Int?
        var exponent = 0
        var isExponentNegative = false
        var isInExponent = false
        for byte in value.description.utf8 {
            switch byte {
            case .zero ... .nine where isInExponent:
                exponent = exponent * 10 + Int(byte - .zero)
            case .zero ... .nine:
                digits.append(byte)
            case .dot:
                integerDigitCount = digits.count
            case UInt8(ascii: "e"):
                isInExponent = true
            case .minus:
                isExponentNegative = true
            default:
                break // "+" of the exponent
            }
        }
        var pointPosition = (integerDigitCount ?? digits.count) + (isExponentNegative ? -exponent : exponent)
        let leadingZeros = digits.prefix { $0 == .zero }.count
        pointPosition -= leadingZeros
        digits.removeFirst(leadingZeros)
        while digits.last == .zero { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// ECMA-262 Number::toString steps 6 to 10, for digits s of length k and point position n.
    private static func layOut(digits: [UInt8], pointPosition n: Int, to buffer: inout [UInt8]) {
        let k = digits.count
        if k <= n, n <= 21 {
            // An integer: its digits, then n - k zeros.
            buffer.append(contentsOf: digits)
            buffer.append(contentsOf: repeatElement(.zero, count: n - k))
        } else if 0 < n, n <= 21 {
            buffer.append(contentsOf: digits[..<n])
            buffer.append(.dot)
            buffer.append(contentsOf: digits[n...])
        } else if -6 < n, n <= 0 {
            buffer.append(contentsOf: [.zero, .dot])
            buffer.append(contentsOf: repeatElement(.zero, count: -n))
            buffer.append(contentsOf: digits)
        } else {
            buffer.append(digits[0])
            if k > 1 {
                buffer.append(.dot)
                buffer.append(contentsOf: digits[1...])
            }
            buffer.append(UInt8(ascii: "e"))
            buffer.append(n - 1 < 0 ? .minus : .plus)
            buffer.append(contentsOf: String(abs(n - 1)).utf8)
        }
    }
}
