/// How to reach a local cluster: its Unix socket folder, user and database, as a URL or as a
/// libpq keyword/value string. Both forms are accepted by psql and by `PQconnectdb`.
public struct ConnectionInfo: Sendable, Hashable {
    /// The folder holding the server's socket (`.s.PGSQL.<port>`); libpq's `host`.
    public var socketDirectory: String
    public var port: Int
    public var user: String
    public var database: String

    public init(socketDirectory: String, port: Int, user: String, database: String) {
        self.socketDirectory = socketDirectory
        self.port = port
        self.user = user
        self.database = database
    }

    /// A `postgresql://` URL, e.g. `postgresql://docket@/docket?host=%2Fwork%2F.docket&port=5432`.
    public var url: String { url(database: database) }

    /// The URL for another database of the same cluster.
    public func url(database: String) -> String {
        "postgresql://\(Self.percentEncoded(user))@/\(Self.percentEncoded(database))"
            + "?host=\(Self.percentEncoded(socketDirectory))&port=\(port)"
    }

    /// A keyword/value string, e.g. `host=/work/.docket port=5432 dbname=docket user=docket`.
    public var conninfo: String { conninfo(database: database) }

    /// The keyword/value string for another database of the same cluster.
    public func conninfo(database: String) -> String {
        [("host", socketDirectory), ("port", String(port)), ("dbname", database), ("user", user)]
            .map { "\($0.0)=\(Self.conninfoQuoted($0.1))" }
            .joined(separator: " ")
    }

    /// Every byte but the URL's unreserved characters as `%XX`, so `/`, `?`, `&`, `@` and spaces in
    /// a path cannot be mistaken for URL syntax.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += byte < 0x10 ? "%0" + hex : "%" + hex
            }
        }
        return encoded
    }

    /// A conninfo value: bare when it is plain, else in single quotes with `\` and `'` escaped.
    static func conninfoQuoted(_ value: String) -> String {
        let isPlain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }
        guard !isPlain else { return value }
        var quoted = "'"
        for character in value {
            if character == "'" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "'"
    }
}
