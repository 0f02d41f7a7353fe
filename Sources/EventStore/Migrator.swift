public import Foundation
public import PostgresClient
import Ledger

/// One schema migration: a file `sql/NNNN_name.sql`.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file's bytes, in hex.
    public var checksum: String

    public var fileName: String { String(format: "%04d_%@.sql", version, name) }
}

/// An error found while loading or applying migrations.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Applies `sql/NNNN_name.sql` files in order, once each, recording a checksum of each.
///
/// An applied migration whose file has since changed is refused: the schema it built is already in the
/// database, so the change would silently never happen. Changes go in a new migration instead.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    public let directory: URL

    /// Loads every `NNNN_name.sql` file in `directory`.
    public init(directory: URL) throws {
        self.directory = directory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(description: "cannot read the migrations folder \(directory.path): \(error.localizedDescription)")
        }
        var migrations = [Migration]()
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]),
                  stem[..<underscore].count == 4 else {
                throw MigrationError(description:
                    "\(directory.path)/\(fileName): a migration file must be named NNNN_name.sql, e.g. 0004_add_index.sql")
            }
            let url = directory.appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: url.path), let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError(description: "\(url.path): cannot read the file as UTF-8")
            }
            if let previous = migrations.last, previous.version == version {
                throw MigrationError(description:
                    "\(directory.path): \(previous.fileName) and \(fileName) have the same number \(version); renumber one")
            }
            migrations.append(Migration(
                version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql,
                checksum: Digest.sha256(data).hex))
        }
        guard !migrations.isEmpty else {
            throw MigrationError(description: "no migrations (NNNN_name.sql) found in \(directory.path)")
        }
        self.migrations = migrations
    }

    /// Finds the project's `sql/` folder: `DOCKET_SQL_DIR`, else the nearest `sql/` beside a `Package.swift`
    /// above the running executable or the current directory.
    public static func locateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let explicit = environment["DOCKET_SQL_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
            executable.deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                let sql = folder.appendingPathComponent("sql")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                   FileManager.default.fileExists(atPath: sql.appendingPathComponent("0001_event_store.sql").path) {
                    return sql
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw MigrationError(description:
            "cannot find Docket's sql/ migrations folder; run docket from its source checkout or set DOCKET_SQL_DIR")
    }

    /// The checksums of the migrations 0001–0013 that the baseline (0001–0006) replaced. No database made
    /// by them was ever deployed, so none is upgraded: one that has any of them applied is refused with
    /// instructions to recreate it.
    static let retiredChecksums: Set<String> = [
        "dbc59e36b2b77b1168ce58ca211c9e2a96daa45217d1f682277fe6437efa6388", // 0001_event_store
        "d3bebe77b6b0cd38e4563ff28e106c6d7d546f04378ffc5b695dd016435c2dad", // 0002_ledger
        "cdfc40a8bc7a5b5de963668c7fdfbb842f50ea17dea95ee2418664dfb7c1ffe8", // 0003_append
        "6b8ddf97337f0d586a4885abcf72f7b0da612cec10f1beb8bbc05d1ced8ed82f", // 0004_projections
        "89ec22faede21b01aa1607f7620ec0a84a9ea51a497fc8cb9fc7c1cf502f47e3", // 0005_leaner_append
        "0982d5993e57f0c89ae23fd55d5b2100f87d8308a6b9a8029013fd86657572f4", // 0006_projection_items
        "2e6b76221734f462434a9a30eff9cd65e510bc3190694f320dcf16aa2a31ae07", // 0007_findings_partition
        "be1d90c9ec292e174d455dba4758d7cf763a5801bc25b52193ae20e8646b1372", // 0008_finding_link_indexes
        "09fc5b5530f4bfac6c61cb1a4b16eb1715f13257ca2434168fb9827fc951f36f", // 0009_staged_append
        "a5e44224e6117cee1417dc8c7e9dde1e984e800efbecc86a32397230dd95dfce", // 0010_append_event
        "c67227c0dc649f03c9e40a63fc991f6ccd1abf9ff8ee845ffd48ecc72b3a2994", // 0011_leaner_staged_append
        "6ae3c4fb5605ed6e54b6d4f670ef0cc125882e3c5c9e9972fb6526f256b90b93", // 0012_appends_without_jit
        "dfd35f0077d1ad1fbfcb318a8c6a9a4d562f69274e36b43e58ddad1f62d23f34", // 0013_as_of_through_positions
    ]

    /// Brings the database up to date; returns the migrations it applied (empty if none were needed).
    /// Safe to call from several processes at once: an advisory lock makes them take turns.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        // The usual case, every migration applied as it is, is decided without the lock: any login can
        // take an advisory lock, and one holding it would otherwise stall every docket command at start.
        if try isUpToDate(connection) { return [] }
        return try connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(7368656, 1)")
            try connection.executeScript("""
                CREATE SCHEMA IF NOT EXISTS docket;
                CREATE TABLE IF NOT EXISTS docket.schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
                );
                """)
            let rows = try connection.query("SELECT version, name, checksum, applied_at FROM docket.schema_migrations ORDER BY version")
            var applied = [Int: (name: String, checksum: String, at: String)]()
            for row in rows.rows {
                applied[Int(try row.int64("version")!)] =
                    (try row.string("name")!, try row.string("checksum")!, try row.string("applied_at")!)
            }
            if applied.values.contains(where: { Self.retiredChecksums.contains($0.checksum) }) {
                let name = try connection.query("SELECT current_database()").string(0, 0) ?? ""
                throw MigrationError(description: """
                    the database \(name) was made by Docket's schema from before its baseline (migrations \
                    0001–0013), which cannot be upgraded in place. Recreate it: for the embedded cluster, stop it \
                    (docket db stop) and delete its folder (.docket/, or DOCKET_HOME); on another server, drop and \
                    create the database (dropdb \(name) && createdb -E UTF8 \(name)). Then load the ledger again \
                    (docket demo, or docket append / docket record of your input)
                    """)
            }
            let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
            for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
                guard let migration = known[version] else {
                    throw MigrationError(description: """
                        the database has migration \(String(format: "%04d", version))_\(record.name) applied, \
                        but \(directory.path) has no such file; this docket is older than the database — use a newer one
                        """)
                }
                guard migration.checksum == record.checksum else {
                    throw MigrationError(description: """
                        migration \(migration.fileName) was applied at \(record.at) with checksum \(record.checksum.prefix(12))…, \
                        but \(directory.path)/\(migration.fileName) now has checksum \(migration.checksum.prefix(12))…. \
                        An applied migration must not change: restore the file (git checkout -- sql/\(migration.fileName)) \
                        and put the change in a new migration file
                        """)
                }
            }
            var newlyApplied = [Migration]()
            for migration in migrations where applied[migration.version] == nil {
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError(description: "migration \(migration.fileName) failed: \(error)")
                }
                try connection.query(
                    "INSERT INTO docket.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, migration.checksum])
                newlyApplied.append(migration)
            }
            return newlyApplied
        }
    }

    /// Whether the database has exactly these migrations applied, with these checksums.
    private func isUpToDate(_ connection: Connection) throws -> Bool {
        guard try connection.query("SELECT to_regclass('docket.schema_migrations') IS NOT NULL").bool(0, 0) == true else { return false }
        let rows = try connection.query("SELECT version, checksum FROM docket.schema_migrations ORDER BY version")
        var applied = [Int: String]()
        for row in rows.rows { applied[Int(try row.int64("version")!)] = try row.string("checksum")! }
        return applied == Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0.checksum) })
    }
}
