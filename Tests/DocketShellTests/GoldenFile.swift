import Foundation

/// Golden files beside the tests: compared, or written when DOCKET_RECORD_GOLDENS=1 (a missing one is
/// written and fails, so a new one is always looked at).
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, named name: String) throws -> String? {
        let url = directory.appendingPathComponent(name)
        let isRecording = ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDENS"] == "1"
        let isMissing = !FileManager.default.fileExists(atPath: url.path)
        if isRecording || isMissing {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return isRecording ? nil : "(no golden file yet: recorded \(name); review it and run again)"
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
