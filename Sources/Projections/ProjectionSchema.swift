/// The projection tables as the projector writes them: names and value columns, in the order of
/// sql/0004_projections.sql. Every table also has the four history columns (``historyColumns``).
///
/// SQL is built only from these constants and a schema name from ``ProjectionSchema/live`` or
/// ``ProjectionSchema/rebuild``.
public struct ProjectionTable: Sendable, Hashable {
    public enum ColumnType: Sendable, Hashable {
        /// text, date, bigint and boolean travel as their PostgreSQL text form.
        case scalar
        case json
    }

    public let name: String
    /// The column the projector loads current rows by: `id` for an aggregate's own table, the
    /// aggregate's id column for its child rows.
    public let parentColumn: String
    public let columns: [(name: String, type: ColumnType)]
    /// Whether docket_reader may read it (false for personal data).
    public let isPublic: Bool

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public var columnNames: [String] { columns.map(\.name) }

    /// The index of a value column.
    func index(of column: String) -> Int? { columns.firstIndex { $0.name == column } }
}

public enum ProjectionSchema {
    /// The schema readers use.
    public static let live = "projection"
    /// Where `docket projections rebuild` builds the replacement.
    public static let rebuild = "projection_rebuild"

    public static let historyColumns = ["valid_from_position", "valid_to_position", "valid_from", "valid_to"]

    static func table(
        _ name: String, parent: String = "id", isPublic: Bool = true, _ columns: [(String, ProjectionTable.ColumnType)]
    ) -> ProjectionTable {
        ProjectionTable(name: name, parentColumn: parent, columns: [("id", .scalar)] + columns.map { ($0.0, $0.1) }, isPublic: isPublic)
    }

    public static let organisations = table("organisations", [
        ("name", .scalar), ("kind", .scalar), ("sector", .scalar), ("is_foundation_trust", .scalar),
        ("population", .scalar), ("population_source", .scalar), ("geography", .scalar), ("registered_on", .scalar),
        ("successors", .json), ("succeeded_on", .scalar), ("succession_functions", .scalar), ("is_retracted", .scalar),
    ])
    public static let programmes = table("programmes", [
        ("commissioner", .scalar), ("title", .scalar), ("service_area", .scalar), ("geography", .scalar),
        ("trigger", .scalar), ("trigger_note", .scalar), ("description", .scalar), ("launched_on", .scalar),
        ("is_retracted", .scalar),
    ])
    public static let programmeStages = table("programme_stages", parent: "programme_id", [
        ("programme_id", .scalar), ("stage", .scalar), ("note", .scalar), ("entered_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let programmeServices = table("programme_services", parent: "programme_id", [
        ("programme_id", .scalar), ("provider", .scalar), ("contract", .scalar), ("service", .scalar),
        ("commenced_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let decisions = table("decisions", [
        ("programme", .scalar), ("body", .scalar), ("title", .scalar), ("status", .scalar), ("proposal", .scalar),
        ("proposed_amount_pence", .scalar), ("proposed_on", .scalar), ("outcome", .scalar), ("service_change", .scalar),
        ("taken_on", .scalar), ("rationale", .scalar), ("options_considered", .json), ("evidence", .json),
        ("consultations", .json), ("objectives", .json), ("members_present", .json), ("recusals", .json),
        ("votes", .json), ("affected_organisations", .json), ("approved_amount_pence", .scalar),
        ("financial_year", .scalar), ("revisions", .json), ("rescinded_on", .scalar), ("rescission_grounds", .scalar),
        ("is_retracted", .scalar),
    ])
    public static let consultations = table("consultations", [
        ("programme", .scalar), ("title", .scalar), ("is_statutory", .scalar), ("audience", .scalar),
        ("planned_close_on", .scalar), ("conducted_by", .scalar), ("opened_on", .scalar),
        ("closed_on", .scalar), ("closed_by", .scalar), ("outcome", .scalar), ("grounds", .scalar), ("is_retracted", .scalar),
    ])
    public static let consultationResponses = table("consultation_responses", parent: "consultation_id", [
        ("consultation_id", .scalar), ("respondent_category", .scalar), ("stance", .scalar), ("summary", .scalar),
        ("received_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let consultationRespondents = table("consultation_respondents", parent: "consultation_id", isPublic: false, [
        ("consultation_id", .scalar), ("respondent_name", .scalar),
    ])
    public static let allocations = table("allocations", [
        ("payer", .scalar), ("payee", .scalar), ("programme", .scalar), ("decision", .scalar), ("amount_pence", .scalar),
        ("original_amount_pence", .scalar), ("financial_year", .scalar), ("control_type", .scalar),
        ("payment_mechanism", .scalar), ("purpose", .scalar), ("made_on", .scalar), ("adjustments", .json),
        ("status", .scalar), ("withdrawn_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let contracts = table("contracts", [
        ("programme", .scalar), ("commissioner", .scalar), ("provider", .scalar), ("decision", .scalar), ("route", .scalar),
        ("start_on", .scalar), ("end_on", .scalar), ("value_pence", .scalar), ("payment_mechanism", .scalar),
        ("service", .scalar), ("awarded_on", .scalar), ("variations", .json), ("status", .scalar), ("ended_on", .scalar),
        ("is_retracted", .scalar),
    ])
    public static let contractNotices = table("contract_notices", parent: "contract_id", [
        ("contract_id", .scalar), ("intent", .scalar), ("effective_on", .scalar), ("terms", .scalar), ("given_on", .scalar),
        ("is_retracted", .scalar),
    ])
    public static let contractReviews = table("contract_reviews", parent: "contract_id", [
        ("contract_id", .scalar), ("period_from", .scalar), ("period_to", .scalar), ("activity", .scalar),
        ("spend_pence", .scalar), ("quality", .scalar), ("results", .json), ("conclusion", .scalar),
        ("reviewed_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let interests = table("interests", parent: "member_id", [
        ("member_id", .scalar), ("interest_id", .scalar), ("kind", .scalar), ("organisation", .scalar),
        ("description", .scalar), ("from_on", .scalar), ("to_on", .scalar), ("ended_on", .scalar),
        ("declared_on", .scalar), ("is_retracted", .scalar),
    ])
    public static let decisionBodies = table("decision_bodies", [
        ("name", .scalar), ("kind", .scalar), ("organisation", .scalar), ("established_on", .scalar), ("is_retracted", .scalar),
    ])
    /// Memberships of decision bodies; id is "<body>/<member>".
    public static let bodyMembers = table("body_members", parent: "body_id", [
        ("body_id", .scalar), ("member_id", .scalar), ("role", .scalar), ("appointed_on", .scalar), ("ended_on", .scalar),
        ("is_retracted", .scalar),
    ])
    public static let members = table("members", [
        ("role", .scalar), ("registered_on", .scalar), ("is_retracted", .scalar),
    ])

    /// Every versioned table, in a fixed order.
    public static let tables: [ProjectionTable] = [
        organisations, programmes, decisions, consultations, consultationResponses, consultationRespondents,
        allocations, contracts, interests, programmeStages, programmeServices, contractNotices, contractReviews,
        decisionBodies, bodyMembers, members,
    ]

    /// The tables whose rows belong to streams of `kind` (the stream kind's name, e.g. "consultation").
    static func tables(forStreamKind kind: String) -> [ProjectionTable] {
        switch kind {
        case "organisation": [organisations]
        case "programme": [programmes, programmeStages, programmeServices]
        case "decision": [decisions]
        case "consultation": [consultations, consultationResponses, consultationRespondents]
        case "allocation": [allocations]
        case "contract": [contracts, contractNotices, contractReviews]
        case "member": [members, interests]
        case "body": [decisionBodies, bodyMembers]
        default: []
        }
    }

    /// Every table of the schema, versioned or not, for copying and comparing.
    public static let allTableNames = tables.map(\.name) + ["findings", "finding_groups", "finding_links", "finding_dirty"]

    /// The views over `schema`'s tables.
    static func viewsSQL(schema: String) -> String {
        let s = quote(schema)
        return """
            CREATE VIEW \(s).commissioners AS SELECT * FROM \(s).organisations WHERE sector = 'commissioner';
            CREATE VIEW \(s).providers AS SELECT * FROM \(s).organisations WHERE sector = 'provider';
            """
    }

    /// `COPY schema.table (value columns, history columns) FROM STDIN`.
    static func copyStatement(_ table: ProjectionTable, schema: String) -> String {
        let columns = (table.columnNames + historyColumns).map(quote).joined(separator: ", ")
        return "COPY \(quote(schema)).\(quote(table.name)) (\(columns)) FROM STDIN"
    }

    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
