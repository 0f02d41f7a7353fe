/// An error the user made or must act on, phrased for them: what, where, how to fix it.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
