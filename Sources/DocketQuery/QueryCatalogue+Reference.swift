extension QueryCatalogue {
    /// The reference section of docs/query-language.md: every source and field with its type and meaning,
    /// the functions, and the error codes. A test fails when the document drifts from this.
    public func referenceMarkdown() -> String {
        var text = "### Sources\n\n| source | `history of` kind | what it holds |\n|---|---|---|\n"
        for source in sources {
            text += "| `\(source.name)` | \(source.hasHistory ? "`\(source.singular)`" : "—") | \(source.meaning) |\n"
        }
        for source in sources {
            text += "\n### `\(source.name)`\n\n\(source.meaning.prefix(1).uppercased() + source.meaning.dropFirst())."
            text += source.hasHistory ? " Has history: `as of`, `changes between` and `history of \(source.singular)` apply.\n"
                : source.basis == .log ? " The log: `as of` and `changes between` select events by position.\n" : " No history.\n"
            text += "\n| field | type | meaning |\n|---|---|---|\n"
            for field in source.fields {
                var type = field.type.description
                if let reference = field.reference { type += " → `\(reference)`" }
                if case .list(.text(let reference?)) = field.type { type = "list of text → `\(reference)`" }
                text += "| `\(field.name)` | \(type) | \(field.meaning) |\n"
                if case .list(.record(let fields)) = field.type {
                    for sub in fields {
                        var subType = sub.type.description
                        if let reference = sub.reference { subType += " → `\(reference)`" }
                        text += "| `\(field.name)[].\(sub.name)` | \(subType) | \(sub.meaning) |\n"
                        for relation in sub.relations {
                            text += "| `\(field.name)[].\(sub.name)` ⇒ `\(relation.name)` | rows of `\(relation.target)` | \(relation.meaning) (with `expand`) |\n"
                        }
                    }
                }
            }
            for relation in source.relations {
                text += "| `\(relation.name)` | rows of `\(relation.target)` | \(relation.meaning) (with `expand`) |\n"
            }
        }
        text += "\n### Functions\n\n| function | meaning |\n|---|---|\n"
        for function in Self.functions {
            text += "| `\(function.signature)` | \(function.meaning) |\n"
        }
        text += "\n### Error codes\n\n| code | name |\n|---|---|\n"
        for code in QueryError.Code.allCases {
            text += "| `\(code.rawValue)` | \(code) |\n"
        }
        return text
    }
}
