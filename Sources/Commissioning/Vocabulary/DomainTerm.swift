/// A closed list of domain words written in commands and payloads as kebab-case strings.
public protocol DomainTerm: RawRepresentable<String>, CaseIterable, Sendable {}

extension DomainTerm {
    /// Every accepted spelling, in declaration order.
    public static var spellings: [String] { allCases.map(\.rawValue) }
}
