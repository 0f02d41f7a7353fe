import Foundation

/// Standard (RFC 4648 §4, padded) base64, decoded strictly.
enum Base64 {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Rejects anything that would not re-encode to the same text (missing
    /// padding, whitespace, non-zero trailing bits), so every value has one
    /// spelling and signed text cannot be varied without changing meaning.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard let data = Data(base64Encoded: String(text)), data.base64EncodedString() == text else {
            return nil
        }
        return Array(data)
    }
}

/// Text checks shared by key names, notes and checkpoints.
enum TextRules {
    /// A C2SP signed-note key name: non-empty, no whitespace, no "+" (the
    /// verifier-key field separator) and no control characters.
    static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            !$0.properties.isWhitespace && $0 != "+" && !isControl($0)
        }
    }

    /// C0 controls and DEL; signed notes allow none of them except newline.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7f
    }
}
