public import Foundation

/// Deterministic event identifiers, so that loading the same commands twice gives the same ids
/// (and the store's unique key on ids turns an accidental double load into an error).
///
/// The id is a version-8 (custom) UUID, RFC 9562. Derivation:
/// 1. A key: the command's `id` string when it has one, else the 16 bytes of the caller's namespace
///    UUID followed by the command's index in its batch as 8 little-endian bytes.
/// 2. Two 64-bit FNV-1a hashes of the key, with offset bases 0xcbf29ce484222325 and
///    0x84222325cbf29ce4.
/// 3. Each hash is XORed with the event's index within the command times 0x9e3779b97f4a7c15,
///    then passed through the SplitMix64 finaliser; the two results are the UUID's high and low halves.
/// 4. The version nibble is set to 8 and the variant bits to 10.
public enum EventID {
    /// The id of the `eventIndex`th event of the command whose `id` is `commandID`.
    public static func derive(commandID: String, eventIndex: Int) -> UUID {
        var a = Hash.fnvOffsetA
        var b = Hash.fnvOffsetB
        for byte in commandID.utf8 {
            a = (a ^ UInt64(byte)) &* Hash.fnvPrime
            b = (b ^ UInt64(byte)) &* Hash.fnvPrime
        }
        return finish(a, b, eventIndex)
    }

    /// The id of the `eventIndex`th event of the `commandIndex`th command of a batch in `namespace`,
    /// for commands without an `id`.
    public static func derive(namespace: UUID, commandIndex: Int, eventIndex: Int) -> UUID {
        var a = Hash.fnvOffsetA
        var b = Hash.fnvOffsetB
        withUnsafeBytes(of: namespace.uuid) { bytes in
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* Hash.fnvPrime
                b = (b ^ UInt64(byte)) &* Hash.fnvPrime
            }
        }
        var index = UInt64(truncatingIfNeeded: commandIndex)
        for _ in 0..<8 {
            let byte = index & 0xFF
            a = (a ^ byte) &* Hash.fnvPrime
            b = (b ^ byte) &* Hash.fnvPrime
            index >>= 8
        }
        return finish(a, b, eventIndex)
    }

    private static func finish(_ a: UInt64, _ b: UInt64, _ eventIndex: Int) -> UUID {
        let salt = UInt64(truncatingIfNeeded: eventIndex) &* 0x9E37_79B9_7F4A_7C15
        let high = Hash.splitMixFinalise(a ^ salt)
        let low = Hash.splitMixFinalise(b ^ salt)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}

/// The non-cryptographic hashes and mixers the module uses; small and documented so other
/// implementations can reproduce ids.
enum Hash {
    static let fnvOffsetA: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvOffsetB: UInt64 = 0x8422_2325_CBF2_9CE4
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    static func splitMixFinalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
