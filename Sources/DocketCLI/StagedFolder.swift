import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An export folder being written: files go into a folder beside the target, which replaces the target only
/// when every file is written (`commit`), so a failure leaves the target as it was. Refuses a target that
/// is neither new, empty, nor an earlier export.
final class StagedFolder {
    let target: URL
    let staging: URL
    private let isReplacing: Bool
    private var folders = Set<String>()
    private(set) var count = 0

    init(_ path: String) throws {
        let manager = FileManager.default
        target = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        isReplacing = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if isReplacing {
            let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            guard isDirectory.boolValue, contents.isEmpty || contents.contains("manifest.json") else {
                throw CLIError("\(path) exists and is not an earlier docket export; choose an empty or new folder")
            }
        }
        staging = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).writing-\(UUID().uuidString.lowercased())")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(staging.path): \(error.localizedDescription); check that the folder above \(path) exists and is writable")
        }
    }

    /// Writes with plain POSIX calls: Foundation's `Data.write` syncs every file to disk, which made
    /// writing a few thousand small files take most of an export's time.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let file = staging.appendingPathComponent(relative)
        let parent = file.deletingLastPathComponent().path
        if folders.insert(parent).inserted {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CLIError("cannot create \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw CLIError("cannot write \(file.path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        count += 1
    }

    func commit() throws {
        let manager = FileManager.default
        if isReplacing {
            let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString.lowercased())")
            try manager.moveItem(at: target, to: old)
            do {
                try manager.moveItem(at: staging, to: target)
            } catch {
                try? manager.moveItem(at: old, to: target)
                throw error
            }
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: staging, to: target)
        }
    }

    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }
}
