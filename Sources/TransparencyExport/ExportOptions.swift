public import Ledger
import DocketJSON

/// What an export is made with besides the log: names, the signing key and the previous export.
public struct ExportOptions: Sendable {
    /// The default OCID prefix; it says plainly that it is not one registered with the Open Contracting
    /// Partnership. A publisher replaces it with its registered prefix (`--ocid-prefix`).
    public static let unregisteredOCIDPrefix = "ocds-unregistered-docket"
    public static let defaultPublisher = "Docket demonstration publisher (not an official publication)"

    public var ocidPrefix: String
    public var publisher: String
    /// The checkpoint's origin line; all checkpoints of one ledger share it.
    public var origin: String
    /// Signs the checkpoint and the manifest.
    public var key: SigningKey
    /// The export this one follows, if any.
    public var previous: PreviousExport?
    /// The version of the software, recorded in the manifest.
    public var softwareVersion: String

    public init(
        ocidPrefix: String = unregisteredOCIDPrefix, publisher: String = defaultPublisher, origin: String,
        key: SigningKey, previous: PreviousExport? = nil, softwareVersion: String = TransparencyExport.softwareVersion
    ) {
        self.ocidPrefix = ocidPrefix
        self.publisher = publisher
        self.origin = origin
        self.key = key
        self.previous = previous
        self.softwareVersion = softwareVersion
    }
}

/// The parts of a previous export that a new one continues from: its signed checkpoint, the release files
/// it published, which the new export carries over unchanged (read only when they are written, so that they
/// are never all held), and the checkpoint of the export it in turn continued from (its manifest's
/// `previous`), so that a run with no new events reproduces it exactly.
public struct PreviousExport: Sendable {
    public var checkpointNote: String
    /// The paths of the release files (`ocds/releases/…`).
    public var releasePaths: Set<String>
    /// A release file's bytes, by path.
    public var readRelease: @Sendable (String) throws -> [UInt8]
    public var earlierCheckpointNote: String?

    public init(
        checkpointNote: String, releasePaths: Set<String>, earlierCheckpointNote: String? = nil,
        readRelease: @escaping @Sendable (String) throws -> [UInt8]
    ) {
        self.checkpointNote = checkpointNote
        self.releasePaths = releasePaths
        self.readRelease = readRelease
        self.earlierCheckpointNote = earlierCheckpointNote
    }

    /// Release files held in memory.
    public init(checkpointNote: String, releaseFiles: [String: [UInt8]], earlierCheckpointNote: String? = nil) {
        self.init(checkpointNote: checkpointNote, releasePaths: Set(releaseFiles.keys), earlierCheckpointNote: earlierCheckpointNote) {
            releaseFiles[$0] ?? []
        }
    }

    /// Reads what is needed from a previous export's files: `ledger/checkpoint`, `manifest.json` and the
    /// paths under `ocds/releases/`, whose bytes `readRelease` reads when they are needed.
    public init(
        files: (String) throws -> [UInt8]?, releasePaths: Set<String>, readRelease: @escaping @Sendable (String) throws -> [UInt8]
    ) throws(ExportError) {
        guard let checkpoint = try? files("ledger/checkpoint") else {
            throw ExportError("the previous folder has no ledger/checkpoint: it is not a docket export")
        }
        var earlier: String?
        if let manifest = (try? files("manifest.json")).flatMap({ $0 }).flatMap({ try? JSON.parse($0) }) {
            earlier = manifest["previous"]?["checkpoint"]?.stringValue
        }
        self.init(
            checkpointNote: String(decoding: checkpoint, as: UTF8.self), releasePaths: releasePaths, earlierCheckpointNote: earlier,
            readRelease: readRelease)
    }

    /// Reads what is needed from a previous export held in memory.
    public init(folder: ExportFolder) throws(ExportError) {
        let releases = folder.files.filter { $0.key.hasPrefix("ocds/releases/") }
        try self.init(files: { folder.files[$0] }, releasePaths: Set(releases.keys)) { releases[$0] ?? [] }
    }
}

/// The files of an export: path (relative, `/`-separated) → bytes.
public struct ExportFolder: Sendable, Equatable {
    public var files: [String: [UInt8]]
    public init(files: [String: [UInt8]] = [:]) { self.files = files }
    /// Paths in byte order, the order the manifest lists them.
    public var paths: [String] { files.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
}

/// An export that cannot be made: what is wrong and what to do.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
