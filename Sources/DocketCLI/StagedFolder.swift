import Foundation
import TransparencyExport
#if canImport(Glibc)
import Glibc
#endif

/// An export folder being written: files go into a folder beside the target, which replaces the target only
/// when every file is written (`commit`), so a failure leaves the target as it was. Refuses a target that
/// is neither new, empty, nor an earlier export.
final class StagedFolder: ExportSink {
    let target: URL
    let staging: URL
    private let isReplacing: Bool
    private var folders = Set<String>()
    /// Files being written in pieces: path → descriptor.
    private var open = [String: Int32]()
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

    /// Writes a whole file.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        try append(relative, bytes)
        try finish(relative)
    }

    /// Writes with plain POSIX calls: Foundation's `Data.write` syncs every file to disk, which made
    /// writing a few thousand small files take most of an export's time.
    func append(_ relative: String, _ bytes: [UInt8]) throws {
        let file = staging.appendingPathComponent(relative)
        let descriptor: Int32
        if let known = open[relative] {
            descriptor = known
        } else {
            let parent = file.deletingLastPathComponent().path
            if folders.insert(parent).inserted {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            descriptor = Glibc.open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CLIError("cannot create \(file.path): \(String(cString: strerror(errno)))") }
            open[relative] = descriptor
        }
        try FileScratch.write(descriptor, bytes, at: nil, path: file.path)
    }

    func finish(_ relative: String) throws {
        if open[relative] == nil { try append(relative, []) }
        if let descriptor = open.removeValue(forKey: relative) { close(descriptor) }
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
        for descriptor in open.values { close(descriptor) }
        open.removeAll()
        try? FileManager.default.removeItem(at: staging)
    }
}

/// The export's scratch space (`ExportScratch`): a temporary file beside the staged folder, removed from the
/// folder as soon as it is opened, so that it disappears when the export ends however it ends.
final class FileScratch: ExportScratch {
    private let descriptor: Int32
    private let path: String
    private var end = 0
    /// Bytes stored but not yet written to the file.
    private var pending = [UInt8]()

    init(beside folder: URL) throws {
        path = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).scratch").path
        descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))") }
        unlink(path)
    }

    deinit { close(descriptor) }

    func store(_ bytes: [UInt8]) throws -> Range<Int> {
        let start = end + pending.count
        pending += bytes
        if pending.count >= 1 << 20 { try flush() }
        return start..<(start + bytes.count)
    }

    func load(_ range: Range<Int>) throws -> [UInt8] {
        if range.upperBound > end { try flush() }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { throw CLIError("cannot read back the export's scratch file \(path): \(String(cString: strerror(errno)))") }
            done += read
        }
        return bytes
    }

    private func flush() throws {
        try Self.write(descriptor, pending, at: end, path: path)
        end += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` (at `offset`, or at the file's position).
    static func write(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int?, path: String) throws {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                offset.map { pwrite(descriptor, buffer.baseAddress! + done, bytes.count - done, off_t($0 + done)) }
                    ?? Glibc.write(descriptor, buffer.baseAddress! + done, bytes.count - done)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            done += written
        }
    }
}
