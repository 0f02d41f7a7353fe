/// One stream's projection rows folded from its events by the same code as the projector, for tests
/// that check the tables against a fresh fold. (`docket replay` reads for people through
/// `Commissioning.StreamHistory`.)
enum StreamReplay {
    /// The stream's rows as the projection tables would hold them after `events`.
    static func fold(_ events: [ProjectionEvent]) throws -> [RowKey: ProjectionRow] {
        let rows = RowSet()
        try StreamFold.refold(events, into: rows)
        return rows.rows
    }
}
