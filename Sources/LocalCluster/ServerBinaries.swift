import Foundation

/// The installed PostgreSQL server's programs, all from one bin folder so their versions match.
struct ServerBinaries: Sendable {
    /// The folder holding initdb, pg_ctl, postgres, psql and createdb.
    var directory: String

    var initdb: String { directory + "/initdb" }
    var pgCtl: String { directory + "/pg_ctl" }
    var psql: String { directory + "/psql" }
    var createdb: String { directory + "/createdb" }

    /// Finds the server's bin folder: `pg_ctl` on `PATH` with symlinks resolved (a link in
    /// `/usr/local/bin` leads to the folder that also holds initdb and postgres), then the highest
    /// `/usr/lib/postgresql/<version>/bin` (Debian keeps server programs off `PATH`).
    static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        debianRoot: String = "/usr/lib/postgresql"
    ) throws -> ServerBinaries {
        let fileManager = FileManager.default
        let required = ["initdb", "pg_ctl", "psql", "createdb"]
        func isComplete(_ directory: String) -> Bool {
            required.allSatisfy { fileManager.isExecutableFile(atPath: directory + "/" + $0) }
        }

        var candidates: [String] = []
        for entry in (environment["PATH"] ?? "").split(separator: ":") where !entry.isEmpty {
            let path = String(entry) + "/pg_ctl"
            if fileManager.isExecutableFile(atPath: path) {
                let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath()
                candidates.append(resolved.deletingLastPathComponent().path)
            }
        }
        let versions = (try? fileManager.contentsOfDirectory(atPath: debianRoot)) ?? []
        for version in versions.compactMap(Int.init).sorted(by: >) {
            candidates.append("\(debianRoot)/\(version)/bin")
        }

        if let directory = candidates.first(where: isComplete) {
            return ServerBinaries(directory: directory)
        }
        throw LocalClusterError(
            .serverNotInstalled,
            "the PostgreSQL server is not installed: no pg_ctl on PATH and no \(debianRoot)/<version>/bin "
                + "with \(required.joined(separator: ", "))",
            fix: "install the server, e.g. `apt-get install postgresql` (Debian/Ubuntu) "
                + "or `brew install postgresql` (macOS), or put its bin folder on PATH"
        )
    }
}
