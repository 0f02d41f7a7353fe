@testable import DocketCLI
import Testing

/// Hints name the program as the user started it, so they can be pasted back.
@Suite("Hints name the program as it was started")
struct InvocationTests {
    @Test(arguments: [
        // SwiftPM runs the product by its triple path, from a shell whose `_` is swift.
        (".build/x86_64-unknown-linux-gnu/debug/docket", "/opt/swift/usr/bin/swift", "swift run docket"),
        ("/work/clone/.build/aarch64-unknown-linux-gnu/release/docket", "/usr/bin/env", "swift run docket"),
        // The built binary, by the link a person types, or installed.
        (".build/debug/docket", ".build/debug/docket", ".build/debug/docket"),
        ("/usr/local/bin/docket", "/usr/local/bin/docket", "/usr/local/bin/docket"),
        ("docket", "/usr/local/bin/docket", "docket"),
    ])
    func programName(argument0: String, underscore: String, expected: String) {
        #expect(Invocation.program(arguments: [argument0, "demo"], environment: ["_": underscore]) == expected)
    }
}
