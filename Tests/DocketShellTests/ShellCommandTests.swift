import DocketShell
import Testing

@Suite("Backslash commands")
struct ShellCommandTests {
    @Test(arguments: [
        ("\\?", ShellCommand.help), ("\\d", .describeSources), ("\\d decisions", .describe(source: "decisions")),
        ("\\x", .expanded(nil)), ("\\x auto", .expanded(.auto)), ("\\format csv", .format(.csv)),
        ("\\timing off", .timing(false)), ("\\sql", .sql), ("\\explain", .explain),
        ("\\as-of 2012-04-01", .asOf(.time("2012-04-01"))), ("\\as-of 2012-04-01T09:00:00Z", .asOf(.time("2012-04-01T09:00:00Z"))),
        ("\\as-of position 120", .asOf(.position(120))), ("\\as-of off", .asOf(nil)), ("\\stamp", .stamp),
        ("\\i queries/a b.dq", .include(path: "queries/a b.dq")), ("\\o out.txt", .output(path: "out.txt")),
        ("\\o", .output(path: nil)), ("\\q", .quit),
    ])
    func parses(line: String, command: ShellCommand) throws {
        #expect(try ShellCommand.parse(line) == command)
    }

    @Test(arguments: [
        ("\\format xml", "\\format takes table, csv, json or jsonl, not \"xml\""),
        ("\\x sideways", "\\x takes on, off or auto, not \"sideways\""),
        ("\\as-of yesterday", "\\as-of takes a date or time (2012-04-01, 2012-04-01T09:00:00Z), position N, or off, not \"yesterday\""),
        ("\\as-of position -3", "\\as-of position takes a whole number, not \"-3\""),
        ("\\stmap", "unknown command \\stmap (did you mean \\stamp?); \\? lists the commands"),
        ("\\zz", "unknown command \\zz; \\? lists the commands"),
        ("\\q now", "\\q takes no arguments (got \"now\")"),
    ])
    func mistakesSayWhatIsExpected(line: String, message: String) {
        #expect(throws: ShellError(.badCommand, message)) { try ShellCommand.parse(line) }
    }
}
