import Foundation

/// Reads a whole input: a file path, or standard input for `-` or no argument.
enum InputSource {
    static func read(_ path: String?) throws -> (bytes: [UInt8], name: String) {
        guard let path, path != "-" else {
            return (Array(FileHandle.standardInput.readDataToEndOfFile()), "<stdin>")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw CLIError(isDirectory.boolValue ? "\(path) is a folder; give a JSON Lines file" : "cannot read \(path): permission denied")
            }
            throw CLIError("\(path): no such file; give a JSON Lines file, or - for standard input")
        }
        return (Array(data), path)
    }

    /// Splits bytes into lines (LF or CRLF), keeping 1-based line numbers.
    static func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var lines = [(number: Int, bytes: ArraySlice<UInt8>)]()
        var start = 0
        var number = 1
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            var end = index
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append((number, bytes[start..<end]))
            start = index + 1
            number += 1
        }
        if start < bytes.count { lines.append((number, bytes[start...])) }
        return lines
    }
}
