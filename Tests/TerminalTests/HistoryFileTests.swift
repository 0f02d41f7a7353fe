import Foundation
import Terminal
import Testing

@Suite("The REPL's history file")
struct HistoryFileTests {
    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("docket-history-\(UUID().uuidString)/history")
    }

    @Test func aRepeatedEntryMovesToTheEndAndTheFileKeepsTheNewestOnly() throws {
        let url = temporaryFile()
        var history = HistoryFile(url: url, limit: 3)
        for entry in ["from decisions;", "\\d", "from decisions;", "from programmes\n| take 3;", "\\x on"] {
            try history.add(entry)
        }
        #expect(history.entries == ["from decisions;", "from programmes | take 3;", "\\x on"])
        #expect(HistoryFile(url: url, limit: 3).entries == history.entries)
        #expect(try String(contentsOf: url, encoding: .utf8) == "from decisions;\nfrom programmes | take 3;\n\\x on\n")
    }

    @Test func blankEntriesAreNotKept() throws {
        var history = HistoryFile(url: temporaryFile())
        #expect(try history.add("  \n ") == nil)
        #expect(history.entries.isEmpty)
    }

    @Test func aMultiLineQueryIsOneLineWithoutItsComments() {
        let typed = "from decisions   # every one\n| where title ~ \"#1 \\\" # not a comment\"\n| take 3;"
        #expect(HistoryFile.entry(typed) == "from decisions | where title ~ \"#1 \\\" # not a comment\" | take 3;")
        #expect(HistoryFile.entry("\\d decisions") == "\\d decisions")
    }
}
