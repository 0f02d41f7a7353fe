import ArgumentParser
import EventStore
import Foundation
import Ledger
import TransparencyExport

/// `docket export --out DIR --key KEYFILE`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Publish the log as open data: OCDS releases, CSV, the public log with proofs, a web page and a signed manifest.",
        discussion: """
            Writes a static folder (docs/export.md): ocds/ (Open Contracting Data Standard 1.1.5), csv/ (spend over \
            £25,000 with HM Treasury's columns; decisions, contracts, allocations, consultation responses, \
            findings), ledger/ (every event in its public form, the signed checkpoint, inclusion proofs), \
            index.html and manifest.json with its signature manifest.sig. Personal data are never written. The \
            same log and options give byte-identical files. With --previous, releases already published are \
            carried over unchanged and ledger/consistency.json proves that this log extends the previous \
            export's; a previous export this log does not extend stops the export. The folder is written \
            beside DIR and moved into place only when complete. Check it with: docket verify-export DIR --key KEYFILE.pub
            """
    )

    @Option(help: "The folder to write (created, or replaced if it holds an earlier export).")
    var out: String

    @Option(help: "The private key file (docket keygen) that signs the checkpoint and the manifest (required).")
    var key: String?

    @Option(help: "A previous export folder of this ledger, to continue from.")
    var previous: String?

    @Option(name: .customLong("ocid-prefix"), help: "Your registered OCDS prefix (default: \(ExportOptions.unregisteredOCIDPrefix), which says it is not registered).")
    var ocidPrefix = ExportOptions.unregisteredOCIDPrefix

    @Option(help: "The publisher's name, shown on the page and in the OCDS packages.")
    var publisher = ExportOptions.defaultPublisher

    @Option(help: "The log's origin line (default: that of the ledger's checkpoints, else docket/<database name>).")
    var origin: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard key != nil else {
            throw ValidationError("an export is signed: give --key KEYFILE (create one with: docket keygen KEYFILE, and publish KEYFILE.pub)")
        }
        guard ocidPrefix.range(of: "^[A-Za-z0-9-]+$", options: .regularExpression) != nil else {
            throw ValidationError("--ocid-prefix may hold only letters, digits and '-', e.g. ocds-213czf")
        }
    }

    func run() throws {
        let key = self.key!
        let signingKey = try KeyFiles.signingKey(key)
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        let origin = try self.origin ?? Self.defaultOrigin(store)
        let log = try Self.log(store)
        let previousExport = try previous.map(Self.readPrevious)
        var staged = try StagedFolder(out)
        do {
            let scratch = try FileScratch(beside: staged.staging)
            try TransparencyExport.export(log: log, options: ExportOptions(
                ocidPrefix: ocidPrefix, publisher: publisher, origin: origin, key: signingKey, previous: previousExport),
                scratch: scratch, to: &staged)
            try staged.commit()
        } catch {
            staged.abandon()
            throw CLIError("export stopped, nothing was written to \(out): \(error)")
        }
        print("exported \(log.size) events to \(out): \(staged.count) files; check with: \(Invocation.hint("docket verify-export")) \(out) --key \(key).pub")
    }

    /// The log up to its head when the export starts, read from the database in batches.
    static func log(_ store: EventStore) throws -> ExportLog {
        let head = try store.headPosition()
        return ExportLog(
            size: Int(head),
            read: { types, body in
                var after: Int64 = 0
                while after < head {
                    let batch = try store.readPublicLog(after: after, limit: 2_000, through: head, types: types)
                    guard let last = batch.last else { break }
                    try body(batch)
                    after = last.position
                }
            },
            events: { positions in try store.readPublicEvents(at: positions) })
    }

    static func defaultOrigin(_ store: EventStore) throws -> String {
        if let origin = try LedgerStore(connection: store.connection).checkpoints().last?.origin { return origin }
        return "docket/" + (try store.connection.query("SELECT current_database()").string(0, 0) ?? "ledger")
    }

    static func readPrevious(_ path: String) throws -> PreviousExport {
        guard FileManager.default.fileExists(atPath: path + "/ledger/checkpoint") else {
            throw CLIError("\(path) is not a docket export: it has no ledger/checkpoint; pass the folder an earlier docket export wrote")
        }
        // Only what a later export continues from: the checkpoint, the manifest and the release files, which
        // are read when the export carries them over.
        let base = URL(fileURLWithPath: path).standardizedFileURL.path
        let releases = (try? FileManager.default.contentsOfDirectory(atPath: base + "/ocds/releases")) ?? []
        let readRelease: @Sendable (String) throws -> [UInt8] = { release in
            guard let data = FileManager.default.contents(atPath: base + "/" + release) else {
                throw CLIError("cannot read \(base)/\(release) of the previous export")
            }
            return Array(data)
        }
        let readFile: (String) throws -> [UInt8]? = { FileManager.default.contents(atPath: base + "/" + $0).map(Array.init) }
        let previous: PreviousExport
        do {
            previous = try PreviousExport(files: readFile, releasePaths: Set(releases.map { "ocds/releases/" + $0 }), readRelease: readRelease)
        } catch {
            throw CLIError("\(path): \(error)")
        }
        return previous
    }
}

/// `docket verify-export DIR --key KEY.pub`.
struct VerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Check an export folder offline: signatures, hashes, every leaf and proof, and every release and CSV row against its events.",
        discussion: "Needs no database. Lists every problem with the file and the item (line, row, release) it is in, and exits with status 1 if there is any."
    )

    @Argument(help: "The export folder.")
    var folder: String

    @Option(help: "The publisher's public key file (KEYFILE.pub).")
    var key: String

    @Option(help: "The previous export folder, to check that this one extends it and left its releases unchanged.")
    var previous: String?

    func run() throws {
        let verifier = ExportVerifier(key: try KeyFiles.verifier(key))
        let report = verifier.verify(try ExportFolderFiles.read(folder), previous: try previous.map { try ExportFolderFiles.read($0) })
        if !report.isValid {
            var text = "export INVALID: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")\n"
            for problem in report.problems.prefix(50) { text += "  \(problem)\n" }
            if report.problems.count > 50 { text += "  … and \(report.problems.count - 50) more\n" }
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(1)
        }
        print("""
            valid: \(report.events) events rebuilt to root \(report.root?.hex ?? "?"), signed by \(verifier.key.name); \
            \(report.filesChecked) files, \(report.proofsChecked) inclusion proofs, \(report.releasesChecked) releases and \
            \(report.rowsChecked) CSV rows checked\(previous == nil ? "" : "; extends the previous export")
            """)
    }
}

/// Reading export folders: the edge of the pure export (StagedFolder writes them).
enum ExportFolderFiles {
    static func read(_ path: String, only isWanted: (String) -> Bool = { _ in true }) throws -> ExportFolder {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(path) is not a folder")
        }
        var folder = ExportFolder()
        let base = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { throw CLIError("cannot read \(path)") }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory)
            if isDirectory.boolValue || !isWanted(relative) { continue }
            guard let data = FileManager.default.contents(atPath: base + "/" + relative) else { throw CLIError("cannot read \(base)/\(relative)") }
            folder.files[relative] = Array(data)
        }
        return folder
    }
}
