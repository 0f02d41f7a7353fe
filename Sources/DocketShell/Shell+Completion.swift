import DocketQuery

/// Tab completion: what may come next, from the catalogue and the query typed so far.
///
/// - at the start of a line: backslash commands (and `from`);
/// - after `from` or `\d`: sources;
/// - after a dot: the fields of the source the dotted path leads to (`decision.programme.` → programme's);
/// - after `history of`: aggregate kinds, then aggregate ids from the ledger;
/// - after `\format`, `\x`, `\timing`, `\as-of`: their arguments;
/// - elsewhere: the fields of the current source, keywords and functions.
extension Shell {
    /// The language's keywords and stage names (the parser's list; a test keeps the two equal).
    public static let keywords = [
        "from", "where", "select", "derive", "group", "by", "aggregate", "distinct", "sort", "take", "expand", "as",
        "history", "of", "position", "changes", "between", "and", "or", "not", "in", "is", "null", "true", "false",
        "desc", "asc",
    ]

    /// Whether the word being typed is a file name: the argument of `\\i` or `\\o`.
    public func completesFileName(before: String) -> Bool {
        guard !buffer.isContinuing else { return false }
        let words = Self.words(before)
        return words.count == 1 && ["\\i", "\\include", "\\o", "\\out"].contains(words[0])
    }

    public func completions(before: String, word: String) -> [String] {
        let lineWords = Self.words(before)
        let isFirstWord = !buffer.isContinuing && lineWords.isEmpty
        if isFirstWord, word.hasPrefix("\\") || word.isEmpty && before.isEmpty {
            let commands = ShellCommand.reference.map(\.name)
            return word.isEmpty ? [] : Self.matching(commands, word)
        }
        if !buffer.isContinuing, let command = lineWords.first, command.hasPrefix("\\") {
            return Self.matching(commandArguments(command, after: Array(lineWords.dropFirst())), word)
        }
        let text = buffer.pending + "\n" + before
        let words = Self.words(text)
        let sources = catalogue.sources
        if before.hasSuffix(".") {
            return Self.matching(fieldsAfterDot(text, sources: sources), word)
        }
        if words.last == "from" {
            return Self.matching(sources.map(\.name), word)
        }
        if words.count >= 2, words[words.count - 2] == "history", words.last == "of" {
            return Self.matching(sources.filter(\.hasHistory).map(\.singular), word)
        }
        if words.count >= 3, words[words.count - 3] == "history", words[words.count - 2] == "of" {
            return engine.ids(of: words[words.count - 1], startingWith: word)
        }
        if isFirstWord, word.isEmpty { return [] }
        var candidates = Self.keywords + QueryCatalogue.functions.map(\.name)
        if let source = currentSource(words, sources: sources) {
            if words.last == "expand" {
                return Self.matching(source.relations.map(\.name) + source.fields.filter { if case .list = $0.type { true } else { false } }.map(\.name), word)
            }
            candidates = source.fields.map(\.name) + candidates
        }
        return Self.matching(candidates, word)
    }

    private func commandArguments(_ command: String, after arguments: [String]) -> [String] {
        switch (command, arguments.count) {
        case ("\\d", 0): catalogue.sources.map(\.name)
        case ("\\format", 0): OutputFormat.allCases.map(\.rawValue)
        case ("\\x", 0): ExpandedMode.allCases.map(\.rawValue)
        case ("\\timing", 0): ["on", "off"]
        case ("\\as-of", 0): ["position", "off"]
        default: []
        }
    }

    /// The source the query reads: the name after its last `from`, or the kind after `history of`.
    private func currentSource(_ words: [String], sources: [QuerySource]) -> QuerySource? {
        if let index = words.lastIndex(of: "from"), index + 1 < words.count {
            return sources.first { $0.name == words[index + 1] }
        }
        if let index = words.lastIndex(of: "of"), index > 0, words[index - 1] == "history", index + 1 < words.count {
            return sources.first { $0.singular == words[index + 1] && $0.hasHistory }
        }
        return nil
    }

    /// The fields after `a.b.`: `a` is a field of the current source (or a source), each name a reference.
    private func fieldsAfterDot(_ text: String, sources: [QuerySource]) -> [String] {
        var path: [String] = []
        var index = text.endIndex
        // Walk back over `name.name.` to the start of the dotted path.
        while index > text.startIndex, text[text.index(before: index)] == "." {
            index = text.index(before: index)
            var start = index
            while start > text.startIndex, Self.isNameCharacter(text[text.index(before: start)]) {
                start = text.index(before: start)
            }
            guard start < index else { break }
            path.insert(String(text[start..<index]), at: 0)
            index = start
        }
        guard let first = path.first else { return [] }
        let words = Self.words(text)
        var source: QuerySource?
        if let current = currentSource(words, sources: sources), let field = current.fields.first(where: { $0.name == first }) {
            source = field.reference.flatMap { target in sources.first { $0.name == target } }
        } else {
            source = sources.first { $0.name == first }
        }
        for name in path.dropFirst() {
            source = source?.fields.first { $0.name == name }?.reference.flatMap { target in sources.first { $0.name == target } }
        }
        return source?.fields.map(\.name) ?? []
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// The words of the text, outside strings and comments, split at anything that is not part of a name.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inString = false
        var inComment = false
        for character in text {
            if inComment { if character == "\n" { inComment = false }; continue }
            if inString { if character == "\"" { inString = false }; continue }
            if character == "\"" { inString = true }
            if character == "#" { inComment = true }
            if isNameCharacter(character) || character == "\\" || character == "-" {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func matching(_ candidates: [String], _ prefix: String) -> [String] {
        var seen = Set<String>()
        return candidates.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }
}
