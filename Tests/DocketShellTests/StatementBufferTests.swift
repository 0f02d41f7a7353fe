import DocketShell
import Testing

@Suite("Statements: queries end at ;, commands at the end of their line")
struct StatementBufferTests {
    @Test func aQuerySpansLinesAndEndsAtTheSemicolon() {
        var buffer = StatementBuffer()
        #expect(buffer.add(line: "from decisions").isEmpty)
        #expect(buffer.isContinuing)
        #expect(buffer.add(line: "").isEmpty, "a blank line does not end a query")
        #expect(buffer.add(line: "| take 3;") == [.query("from decisions\n\n| take 3")])
        #expect(!buffer.isContinuing)
    }

    @Test func semicolonsInStringsAndCommentsDoNotEndAQuery() {
        var buffer = StatementBuffer()
        #expect(buffer.add(line: #"from decisions | where title ~ "a;b\";c" # why; not"#).isEmpty)
        #expect(buffer.add(line: ";") == [.query(#"from decisions | where title ~ "a;b\";c" # why; not"#)])
    }

    @Test func severalQueriesOnALine() {
        var buffer = StatementBuffer()
        #expect(buffer.add(line: "from a; from b ;from c") == [.query("from a"), .query("from b")])
        #expect(buffer.pending == "from c")
    }

    @Test func backslashCommandsOnlyStartALine() {
        var buffer = StatementBuffer()
        #expect(buffer.add(line: "  \\x on  ") == [.command("\\x on")])
        #expect(buffer.add(line: "from decisions").isEmpty)
        #expect(buffer.add(line: "\\d;") == [.query("from decisions\n\\d")], "inside a query, \\ is part of it")
    }
}
