import Foundation

/// The server settings a cluster starts with, written to `docket.conf` in the data folder.
///
/// They go into a configuration file rather than onto pg_ctl's command line because pg_ctl passes
/// its `-o` options through `/bin/sh`; the file's quoting rules are simple and exact.
struct ServerSettings: Sendable, Equatable {
    /// Settings Docket always manages: no TCP listener, and the socket where clients look for it.
    static let reservedNames: Set<String> = ["listen_addresses", "unix_socket_directories", "port"]
    /// max_wal_size: a checkpoint writes every page it finds changed in full to the WAL the next time
    /// it changes, and at PostgreSQL's default (1GB) loading 1,000,000 events checkpointed twice on the
    /// way; at 4GB it does not, and `docket record` ran 12% faster (docs/performance.md). The WAL
    /// only grows that large under such loads, and is recycled after the next checkpoint.
    static let defaults = ["max_connections": "100", "max_wal_size": "4GB"]

    /// The caller's settings over the defaults.
    var values: [String: String]

    init(_ overrides: [String: String]) throws {
        for (name, value) in overrides {
            let isName = name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
            guard isName else {
                throw LocalClusterError(
                    .invalidServerSetting, "\"\(name)\" is not a PostgreSQL setting name",
                    fix: "use names like max_connections or fsync"
                )
            }
            guard !Self.reservedNames.contains(name.lowercased()) else {
                throw LocalClusterError(
                    .invalidServerSetting, "the server setting \(name) is managed by docket",
                    fix: "leave out \(name): the cluster listens only on its Unix socket"
                )
            }
            guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else {
                throw LocalClusterError(
                    .invalidServerSetting, "the value of the server setting \(name) contains a line break",
                    fix: "pass \(name) a single-line value"
                )
            }
        }
        values = Self.defaults.merging(overrides) { _, override in override }
    }

    /// Whether the caller gave up durability, so initdb need not sync either.
    var isDurable: Bool {
        values["fsync"].map { !["off", "false", "no", "0"].contains($0.lowercased()) } ?? true
    }

    /// The contents of `docket.conf`: the caller's settings, then the managed ones, which win
    /// because later lines override earlier ones.
    func configuration(socketDirectory: String, port: Int) -> String {
        var lines = ["# Written by docket at every start; edits here are lost."]
        for name in values.keys.sorted() {
            lines.append("\(name) = \(Self.quoted(values[name]!))")
        }
        lines.append("listen_addresses = ''")
        lines.append("unix_socket_directories = \(Self.quoted(socketDirectory))")
        lines.append("port = \(port)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A string literal in postgresql.conf syntax: single quotes, with `'` doubled and `\` escaped.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
