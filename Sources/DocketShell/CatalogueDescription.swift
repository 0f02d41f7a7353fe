/// `\d` and `\d SOURCE`: the catalogue as tables a person reads.
public enum CatalogueDescription {
    /// Every source with what it holds.
    public static func sources(_ sources: [SourceDescription]) -> String {
        let layout = TableLayout(
            columns: [.init(header: "source", canNarrow: false), .init(header: "fields", isRightAligned: true, canNarrow: false),
                      .init(header: "what it holds")],
            rows: sources.map { [$0.name, String($0.fields.count), $0.meaning] })
        return layout.render(width: nil) + "(\(sources.count) sources; \\d SOURCE shows one's fields)\n"
    }

    /// One source's fields: name, type, the source a reference leads to, and meaning.
    public static func fields(of source: SourceDescription) -> String {
        let layout = TableLayout(
            columns: [.init(header: "field", canNarrow: false), .init(header: "type", canNarrow: false),
                      .init(header: "refers to", canNarrow: false), .init(header: "meaning")],
            rows: source.fields.map { [$0.name, $0.type, $0.reference ?? "", $0.meaning] })
        var text = "\(source.name): \(source.meaning)\n\n" + layout.render(width: nil)
        if let kind = source.historyKind {
            text += "(every version: history of \(kind) ID)\n"
        }
        return text
    }
}
