/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, well-mixed generator. The synthetic ledger
/// uses it, with its own helpers for ranges, so that a seed gives the same ledger on every platform and
/// Swift version (the standard library's `random(in:using:)` algorithms are not promised to be stable).
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Hash.splitMixFinalise(state)
    }

    /// Uniform in 0..<bound (bound > 0), by Lemire's multiply-shift (bias below 2^-64 × bound, negligible).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1.0p-53 < p }

    mutating func pick<Element>(_ items: [Element]) -> Element { items[below(items.count)] }

    /// A three-significant-figure amount of pounds, spread roughly evenly on a log scale from
    /// `10^lowExponent × 100` to `10^highExponent × 999` pounds, in pence. Integer arithmetic only, so it is
    /// the same everywhere.
    mutating func pounds(exponents: ClosedRange<Int>) -> Int64 {
        let mantissa = Int64(int(in: 100...999))
        var scale: Int64 = 1
        for _ in 0..<int(in: exponents) { scale *= 10 }
        return mantissa * scale * 100
    }

    /// `k` distinct items (or all of them when there are fewer).
    mutating func sample<Element>(_ items: [Element], _ k: Int) -> [Element] {
        var pool = items
        var result: [Element] = []
        for _ in 0..<min(k, pool.count) {
            result.append(pool.remove(at: below(pool.count)))
        }
        return result
    }
}
