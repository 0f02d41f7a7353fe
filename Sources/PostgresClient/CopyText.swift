public import Foundation
import DocketJSON

/// Rows in the text format of `COPY … FROM STDIN`: tab-separated columns, `\N` for NULL, backslash
/// escapes. Built on one thread and sent on another (``Connection/copyIn(_:_:)``), or filled and sent
/// in chunks by ``Connection/copyIn(_:rows:)``.
public struct CopyData: Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var rowCount = 0
    private var isAtRowStart = true

    public init() {}

    public var isEmpty: Bool { rowCount == 0 }

    /// Appends one column's value (nil is NULL).
    public mutating func append(_ value: String?) {
        separate()
        guard var value else {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(UInt8(ascii: "N"))
            return
        }
        let isContiguous = value.utf8.withContiguousStorageIfAvailable { self.appendEscaped($0) } != nil
        if !isContiguous {
            value.makeContiguousUTF8()
            value.utf8.withContiguousStorageIfAvailable { self.appendEscaped($0) }
        }
    }

    /// Appends one column's value given as UTF-8 bytes.
    public mutating func append(utf8 value: [UInt8]) {
        separate()
        value.withUnsafeBufferPointer { appendEscaped($0) }
    }

    /// Appends a bytea column in its hex text form (`\\x` and two lowercase digits a byte; no other
    /// character needs escaping).
    public mutating func append(bytea value: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\\"))  // COPY's escape for the backslash that starts `\x`
        PostgresBytes.writeHex(value, to: &bytes)
    }

    /// Appends a uuid column, lowercase.
    public mutating func append(uuid value: UUID) {
        separate()
        value.writeLowercased(to: &bytes)
    }

    /// Appends an integer column.
    public mutating func append(integer value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        rowCount += 1
        isAtRowStart = true
    }

    /// Appends a whole row.
    public mutating func append(row: [String?]) {
        for value in row { append(value) }
        endRow()
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rowCount = 0
        isAtRowStart = true
    }

    private mutating func separate() {
        if !isAtRowStart { bytes.append(UInt8(ascii: "\t")) }
        isAtRowStart = false
    }

    /// Copies runs of plain bytes whole; only `\`, tab, newline and carriage return are escaped.
    private mutating func appendEscaped(_ value: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for (index, byte) in value.enumerated() where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart..<index]))
            bytes.append(0x5C)
            switch byte {
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default: bytes.append(0x5C)
            }
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart...]))
    }
}

