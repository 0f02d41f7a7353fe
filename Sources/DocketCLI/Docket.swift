public import ArgumentParser

/// `docket`: an accountability ledger for the commissioning of public services.
public struct Docket: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: "An append-only, verifiable ledger of commissioning decisions, consultations and allocations.",
        discussion: """
            With no connection settings, docket starts (and reuses) a private PostgreSQL cluster in .docket/ \
            of the current directory (DOCKET_HOME overrides the folder) and migrates it. Give --database-url, \
            DOCKET_DATABASE_URL or the standard PG* variables to use another server.
            """,
        subcommands: [
            DemoCommand.self, RecordCommand.self, FindingsCommand.self, GenerateCommand.self,
            DatabaseCommand.self, MigrateCommand.self,
            AppendCommand.self, StreamCommand.self, LogCommand.self,
            KeygenCommand.self, CheckpointCommand.self, ProveCommand.self, VerifyCommand.self,
            ExportCommand.self, VerifyExportCommand.self,
            BenchCommand.self, WorkerCommand.self, ProjectionsCommand.self, ReplayCommand.self, QueryCommand.self, ReplCommand.self,
        ]
    )

    public init() {}
}
