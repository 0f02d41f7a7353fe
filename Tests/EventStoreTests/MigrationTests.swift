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

    @Test func aBadlyNamedMigrationFileIsRefused() throws {
        let folder = try copyOfSQL()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("add_index.sql"), atomically: true, encoding: .utf8)
        let error = try #require(throws: MigrationError.self) { try Migrator(directory: folder) }
        #expect(error.description.contains("NNNN_name.sql"))
    }
}
