public import DocketQuery

/// `\d` and `\d SOURCE`: the query language's catalogue as tables a person reads.
public enum CatalogueDescription {
    /// Every source with what it holds.
    public static func sources(_ catalogue: QueryCatalogue, width: Int?) -> String {
        let layout = TableLayout(
            columns: [.init(header: "source", canNarrow: false), .init(header: "history of", canNarrow: false),
                      .init(header: "what it holds")],
            rows: catalogue.sources.map { [$0.name, $0.hasHistory ? $0.singular : "", $0.meaning] })
        return layout.render(width: width) + "(\(catalogue.sources.count) sources; \\d SOURCE shows one's fields)\n"
    }

    /// One source's fields (name, type, the source a reference leads to, meaning), then its relations.
    public static func fields(of source: QuerySource, width: Int?) -> String {
        var rows = source.fields.map { [$0.name, $0.type.description, $0.reference ?? "", $0.meaning] }
        for field in source.fields {
            if case .list(.record(let parts)) = field.type {
                rows += parts.map { ["\(field.name).\($0.name)", $0.type.description, $0.reference ?? "", $0.meaning] }
            }
        }
        let layout = TableLayout(
            columns: [.init(header: "field", canNarrow: false), .init(header: "type", canNarrow: false),
                      .init(header: "refers to", canNarrow: false), .init(header: "meaning")],
            rows: rows)
        var text = "\(source.name): \(source.meaning)\n\n" + layout.render(width: width)
        if !source.relations.isEmpty {
            let relations = TableLayout(
                columns: [.init(header: "expand", canNarrow: false), .init(header: "rows of", canNarrow: false),
                          .init(header: "meaning")],
                rows: source.relations.map { [$0.name, $0.target, $0.meaning] })
            text += "\n" + relations.render(width: width)
        }
        if source.hasHistory {
            text += "(as of TIME | position N; every version: history of \(source.singular) ID)\n"
        }
        return text
    }
}
