import Testing

@testable import LocalCluster

@Suite("ConnectionInfo")
struct ConnectionInfoTests {
    let plain = ConnectionInfo(socketDirectory: "/work/app/.docket", port: 5432, user: "docket", database: "docket")
    let awkward = ConnectionInfo(
        socketDirectory: "/home/ana/My Projects/it's?#&/.docket", port: 5432, user: "docket", database: "docket"
    )

    @Test("the URL percent-encodes the socket folder as the host parameter")
    func url() {
        #expect(plain.url == "postgresql://docket@/docket?host=%2Fwork%2Fapp%2F.docket&port=5432")
        #expect(
            awkward.url(database: "test 1") == "postgresql://docket@/test%201"
                + "?host=%2Fhome%2Fana%2FMy%20Projects%2Fit%27s%3F%23%26%2F.docket&port=5432"
        )
    }

    @Test("the keyword/value form quotes only values that need it")
    func conninfo() {
        #expect(plain.conninfo == "host=/work/app/.docket port=5432 dbname=docket user=docket")
        #expect(
            awkward.conninfo(database: "test")
                == #"host='/home/ana/My Projects/it\'s?#&/.docket' port=5432 dbname=test user=docket"#
        )
        #expect(ConnectionInfo.conninfoQuoted("") == "''")
        #expect(ConnectionInfo.conninfoQuoted(#"a\b"#) == #"'a\\b'"#)
    }
}
