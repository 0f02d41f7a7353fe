/// A JSON value, as Docket stores and hashes it.
///
/// Numbers are IEEE 754 doubles, as in RFC 8785 (JCS) and ECMAScript; integers are exact up to 2^53,
/// which covers every amount in pence Docket records. Objects are unordered: the canonical writer
/// sorts their keys, so two equal values always serialise to the same bytes.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}
