/// The syntax tree: what the user wrote, every node with its span. Names are not yet resolved.
public struct QuerySyntax: Hashable, Sendable {
    public var head: Head
    public var stages: [Stage]
    public var span: SourceSpan

    public enum Head: Hashable, Sendable {
        /// `from SOURCE [as of …| changes between …]`
        case from(source: Located<String>, temporal: Temporal?)
        /// `history of KIND ID`
        case history(kind: Located<String>, id: Located<String>)
    }

    public enum Temporal: Hashable, Sendable {
        case asOf(Point)
        case changesBetween(Point, Point)
    }

    /// A point of recorded time: a time or date (midnight UTC), or a log position.
    public enum Point: Hashable, Sendable {
        case time(Expression)
        case position(Expression)
    }

    public struct Item: Hashable, Sendable {
        public var name: Located<String>?
        public var expression: Expression
    }

    public struct SortKey: Hashable, Sendable {
        public var expression: Expression
        public var isDescending: Bool
    }

    public enum Stage: Hashable, Sendable {
        case `where`(Expression, SourceSpan)
        case select([Item], SourceSpan)
        case derive([Item], SourceSpan)
        case group(keys: [Item], aggregates: [Item], SourceSpan)
        case distinct(SourceSpan)
        case sort([SortKey], SourceSpan)
        case take(Expression, SourceSpan)
        case expand(Expression, alias: Located<String>?, SourceSpan)
    }
}

public indirect enum Expression: Hashable, Sendable {
    case literal(Literal, SourceSpan)
    /// `a.b.c`: a field, or references followed by dots.
    case path([Located<String>])
    case parameter(String, SourceSpan)
    case unary(UnaryOperator, Expression, SourceSpan)
    case binary(BinaryOperator, Expression, Expression, SourceSpan)
    case isNull(Expression, isNegated: Bool, SourceSpan)
    /// `x in (a, b, c)`
    case inValues(Expression, [Expression], SourceSpan)
    /// `x in list_field`
    case inList(Expression, Expression, SourceSpan)
    case call(Located<String>, [Expression], SourceSpan)

    public enum Literal: Hashable, Sendable {
        case text(String), integer(Int64), decimal(String), money(Int64), date(String), time(String), boolean(Bool)
    }

    public enum UnaryOperator: String, Hashable, Sendable { case not, negate = "-" }

    public enum BinaryOperator: String, Hashable, Sendable {
        case and, or
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case matches = "~"
        case plus = "+", minus = "-", times = "*", divide = "/"
    }

    public var span: SourceSpan {
        switch self {
        case .literal(_, let span), .parameter(_, let span), .unary(_, _, let span), .binary(_, _, _, let span),
             .isNull(_, _, let span), .inValues(_, _, let span), .inList(_, _, let span), .call(_, _, let span):
            span
        case .path(let names): names.first!.span.through(names.last!.span)
        }
    }
}
