import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

@Suite("Migrations")
struct MigrationTests {
    func copyOfSQL() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-sql-\(UUID())")
        try FileManager.default.copyItem(at: TestDatabase.sqlDirectory, to: folder)
        return folder
    }

    @Test func migrationsApplyOnceAndRecordTheirChecksums() throws {
        let connection = try Connection(try TestDatabase.create("migrate", migrated: false))
        let migrator = try Migrator(directory: TestDatabase.sqlDirectory)
        #expect(try migrator.migrate(connection).count == migrator.migrations.count)
        #expect(try migrator.migrate(connection).isEmpty)
        let recorded = try connection.query("SELECT checksum FROM docket.schema_migrations ORDER BY version")
        #expect((0..<recorded.rowCount).map { recorded.string($0, 0) } == migrator.migrations.map(\.checksum))
    }

    /// JIT compilation of the statements that lock the log's heads once made a new database's single
    /// appends seven times slower (sql/0004_append.sql): no appending function may use it, and the heads start
    /// out analyzed, so their estimates never reach the JIT threshold.
    @Test func appendingFunctionsNeverCompileWithJIT() throws {
        let connection = try Connection(try TestDatabase.create("nojit"))
        let functions = try connection.query("""
            SELECT p.proname, coalesce('jit=off' = ANY(p.proconfig), false)
            FROM pg_proc p WHERE p.pronamespace = 'docket'::regnamespace AND p.proname LIKE 'append%' AND p.prosecdef
            ORDER BY p.proname
            """)
        let names = (0..<functions.rowCount).map { functions.string($0, 0) ?? "" }
        #expect(names == ["append", "append_event", "append_staged"])
        for row in 0..<functions.rowCount {
            #expect(try functions.bool(row, 1) == true, "docket.\(names[row])() may JIT-compile")
        }
        let analyzed = try connection.query("""
            SELECT count(*) FROM pg_class WHERE oid IN ('docket.log_head'::regclass, 'docket.ledger_head'::regclass) AND reltuples >= 0
            """)
        #expect(try analyzed.int64(0, 0) == 2)
    }

    @Test func anEditedAppliedMigrationIsRefused() throws {
        let folder = try copyOfSQL()
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try Connection(try TestDatabase.create("edited", migrated: false))
        try Migrator(directory: folder).migrate(connection)

        let file = folder.appendingPathComponent("0001_event_store.sql")
        try (String(contentsOf: file, encoding: .utf8) + "\n-- an innocent-looking edit\n").write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: MigrationError.self) { try Migrator(directory: folder).migrate(connection) }
        #expect(error.description.contains("0001_event_store.sql"))
        #expect(error.description.contains("must not change"))
    }

    /// The baseline replaced migrations 0001–0013, which no deployed database ran. A database they made
    /// is refused with the way to recreate it, not "upgraded" into a schema it does not have.
    @Test func aDatabaseMadeBeforeTheBaselineIsRefused() throws {
        let connection = try Connection(try TestDatabase.create("prebaseline", migrated: false))
        try connection.executeScript("""
            CREATE SCHEMA docket;
            CREATE TABLE docket.schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
                checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp());
            INSERT INTO docket.schema_migrations (version, name, checksum) VALUES
                (5, 'leaner_append', '89ec22faede21b01aa1607f7620ec0a84a9ea51a497fc8cb9fc7c1cf502f47e3');
            """)
        let error = try #require(throws: MigrationError.self) { try Migrator(directory: TestDatabase.sqlDirectory).migrate(connection) }
        #expect(error.description.contains("before its baseline"))
        #expect(error.description.contains("docket db stop"))
        let tables = try connection.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'docket'")
        #expect(try tables.int64(0, 0) == 1, "nothing may be created in a database that is refused")
    }

    @Test func aBadlyNamedMigrationFileIsRefused() throws {
        let folder = try copyOfSQL()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("add_index.sql"), atomically: true, encoding: .utf8)
        let error = try #require(throws: MigrationError.self) { try Migrator(directory: folder) }
        #expect(error.description.contains("NNNN_name.sql"))
    }
}
