import Foundation
import Testing

@testable import LocalCluster

@Suite("LocalCluster configuration")
struct ConfigurationTests {
    let projects = URL(fileURLWithPath: "/work/projects/app", isDirectory: true)

    @Test("the default home is .docket in the current folder, or DOCKET_HOME relative to it")
    func defaultHome() {
        #expect(
            LocalCluster.defaultHome(environment: [:], currentDirectory: projects).path == "/work/projects/app/.docket"
        )
        #expect(
            LocalCluster.defaultHome(environment: ["DOCKET_HOME": ""], currentDirectory: projects).path
                == "/work/projects/app/.docket"
        )
        #expect(
            LocalCluster.defaultHome(environment: ["DOCKET_HOME": "../shared/db"], currentDirectory: projects).path
                == "/work/projects/shared/db"
        )
        #expect(
            LocalCluster.defaultHome(environment: ["DOCKET_HOME": "/srv/docket"], currentDirectory: projects).path
                == "/srv/docket"
        )
    }

    @Test("server settings are written with postgresql.conf quoting, and docket's own settings last")
    func settingsFile() throws {
        let settings = try ServerSettings(["cluster_name": #"it's \ here"#, "max_connections": "200"])
        #expect(
            settings.configuration(socketDirectory: "/tmp/docket-abc", port: 5432) == """
                # Written by docket at every start; edits here are lost.
                cluster_name = 'it''s \\\\ here'
                max_connections = '200'
                max_wal_size = '4GB'
                listen_addresses = ''
                unix_socket_directories = '/tmp/docket-abc'
                port = 5432

                """
        )
        #expect(try ServerSettings([:]).values == ["max_connections": "100", "max_wal_size": "4GB"])
        #expect(try ServerSettings(["fsync": "off"]).isDurable == false)
        #expect(try ServerSettings([:]).isDurable)
    }

    @Test("settings docket manages, and malformed names, are refused with a reason", arguments: [
        ("listen_addresses", "*", "managed by docket"),
        ("port", "5433", "managed by docket"),
        ("max connections", "10", "is not a PostgreSQL setting name"),
        ("work_mem", "4MB\nfsync = off", "line break"),
    ])
    func refusedSettings(name: String, value: String, reason: String) {
        #expect {
            try ServerSettings([name: value])
        } throws: { error in
            let error = error as? LocalClusterError
            return error?.kind == .invalidServerSetting && error?.description.contains(reason) == true
        }
    }

    @Test("without the server installed, the error says how to install it")
    func serverNotInstalled() {
        #expect {
            try ServerBinaries.locate(environment: ["PATH": "/nonexistent"], debianRoot: "/nonexistent")
        } throws: { error in
            let error = error as? LocalClusterError
            return error?.kind == .serverNotInstalled
                && error?.description.contains("apt-get install postgresql") == true
        }
    }

    /// A changed hash would strand clusters made by an earlier docket in folders it no longer finds.
    @Test("the fallback and socket folder names are stable hashes of the path")
    func stableHash() {
        #expect(ClusterLocation.shortHash("/root/work/app/.docket") == "92c6e9834041")
        #expect(ClusterLocation.shortHash("/root/work/app2/.docket") != "92c6e9834041")
        // FNV-1a of nothing is its offset basis: leading zeros would be kept too.
        #expect(ClusterLocation.shortHash("") == "cbf29ce48422")
    }

    @Test("paths are made canonical through symlinks, also below a part that does not exist yet")
    func canonicalPath() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.url) }
        let real = scratch.url.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = scratch.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)

        let canonical = ClusterLocation.canonicalPath(link.appendingPathComponent("missing/../.docket"))
        #expect(canonical == ClusterLocation.canonicalPath(real) + "/.docket")
    }

    @Test(
        "as root, commands run as the server's user through runuser or su",
        .enabled(if: isRoot, "only root switches users"),
        arguments: ["runuser", "su"]
    )
    func userSwitch(program: String) throws {
        var account = try ServerAccount.resolve()
        #expect(!account.isCurrentUser)
        account.userSwitch = program == "runuser" ? .runuser(path: "/usr/sbin/runuser") : .su(path: "/bin/su")
        let result = try account.command("/bin/echo", ["$HOME", "it's", "-c"]).run()
        // The arguments arrive as given: no shell expansion, no option parsing by su.
        #expect(result.output.split(separator: "\n").last == "$HOME it's -c")
        let user = try account.command("/usr/bin/id", ["-un"]).run().output.split(separator: "\n").last
        #expect(user.map(String.init) == account.name)
    }
}
