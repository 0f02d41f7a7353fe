import Foundation

/// Golden files under Tests/DocketQueryTests/Goldens: compared, or written when DOCKET_RECORD_GOLDENS=1.
enum GoldenFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The stored text to compare with; nil after recording. A missing golden is written and reported as a
    /// mismatch, so a new one is always looked at.
    static func expected(_ actual: String, name: String) throws -> String? {
        let url = folder.appendingPathComponent(name)
        let isRecording = ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDENS"] == "1"
        let isMissing = !FileManager.default.fileExists(atPath: url.path)
        if isRecording || isMissing {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return isRecording ? nil : "(no golden file yet: recorded \(name); review it and run again)"
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
