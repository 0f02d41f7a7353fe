import Foundation

/// How this docket was started, so that hints name the program the way the user can type it again.
enum Invocation {
    /// `swift run docket` when SwiftPM started this process, `docket` when it was found on the PATH, and
    /// otherwise the path it was started by (`.build/debug/docket`, `/usr/local/bin/docket`).
    static let program: String = program(
        arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    static func program(arguments: [String], environment: [String: String]) -> String {
        guard let first = arguments.first, !first.isEmpty else { return "docket" }
        guard first.contains("/") else { return first }
        // `swift run` executes the product by its path inside .build/<triple>/<configuration>/ (a path a
        // person does not type: they use the .build/debug link), from a shell whose `_` names swift.
        let isInBuildFolder = first.hasPrefix(".build/") || first.contains("/.build/")
        let startedBySwift = environment["_"].map { URL(fileURLWithPath: $0).lastPathComponent == "swift" } ?? false
        let isTriplePath = first.contains("-linux-gnu/") || first.contains("-apple-macosx/")
        if isInBuildFolder && (startedBySwift || isTriplePath) {
            return "swift run docket"
        }
        return first
    }

    /// `command` (which starts with "docket") as the user can type it: `docket log` → `swift run docket log`.
    static func hint(_ command: String) -> String {
        command.hasPrefix("docket") ? program + command.dropFirst("docket".count) : command
    }
}
