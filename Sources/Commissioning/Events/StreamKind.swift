/// The aggregates of the domain. Each aggregate instance owns one stream, named
/// `<kind>-<slug>`: `organisation-somerset-pct`, `decision-wirral-mas-2011`.
///
/// The kind never contains '-', so the first '-' of a stream name separates kind from slug.
public enum StreamKind: String, Sendable, CaseIterable, Hashable {
    case organisation
    /// A decision-making body (board, committee) and its membership.
    case body
    /// A person, recorded as a role, and the interests they declare.
    case member
    case programme
    case consultation
    case decision
    case allocation
    case contract

    /// The stream of the aggregate `slug` of this kind.
    public func stream(_ slug: String) -> String { rawValue + "-" + slug }

    /// Splits a stream name into its kind and slug; nil for a name Docket does not make.
    public static func parse(stream: String) -> (kind: StreamKind, slug: String)? {
        guard let dash = stream.utf8.firstIndex(of: 0x2D),
              let kind = StreamKind(rawValue: String(stream[..<dash]))
        else { return nil }
        let slug = String(stream[stream.index(after: dash)...])
        guard Slug.isValid(slug) else { return nil }
        return (kind, slug)
    }

    /// The noun used in messages ("decision body" rather than "body").
    public var noun: String {
        switch self {
        case .body: "decision body"
        default: rawValue
        }
    }
}
