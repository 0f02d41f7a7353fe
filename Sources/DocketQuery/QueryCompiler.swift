/// The query language's front door: text (and `--param` values) in, one SQL statement or a located error out.
/// Pure: no I/O.
public enum QueryCompiler {
    /// Compiles `text` against `catalogue`; `parameters` are the `$name` values as written on the command line.
    public static func compile(
        _ text: String, parameters: [String: String] = [:], catalogue: QueryCatalogue = .standard
    ) -> Result<CompiledQuery, QueryError> {
        do throws(QueryError) {
            let syntax = try Parser.parse(text)
            var resolver = Resolver(catalogue: catalogue, parameters: parameters, text: text)
            return .success(try resolver.compile(syntax))
        } catch {
            return .failure(error)
        }
    }

    /// The statement and its parameters as `docket query --sql` prints them.
    public static func listing(_ compiled: CompiledQuery) -> String {
        var text = compiled.sql + ";\n"
        for (index, parameter) in compiled.parameters.enumerated() {
            text += "-- $\(index + 1) = \(parameter.description)\n"
        }
        return text
    }
}
