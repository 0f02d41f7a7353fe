internal import DocketJSON

/// A specific, measurable objective: a metric, a target and a review date.
struct Objective: Sendable {
    let metric: String
    let target: Double
    let unit: String?
    let reviewBy: Day

    init(reading fields: inout FieldReader) {
        metric = fields.text("metric")
        target = fields.number("target")
        unit = fields.optionalText("unit")
        reviewBy = fields.date("reviewBy")
    }

    var json: JSON {
        var object: [String: JSON] = [
            "metric": .string(metric), "target": .number(target), "reviewBy": .string(reviewBy.description),
        ]
        if let unit { object["unit"] = .string(unit) }
        return .object(object)
    }

    /// Records an issue for each objective reviewed on or before `day`.
    static func checkReviewDates(_ objectives: [Objective], after day: Day, _ issues: inout [CommandError.Issue]) {
        for (index, objective) in objectives.enumerated() where objective.reviewBy <= day {
            issues.add("objectives[\(index)].reviewBy", "must be after the decision (\(day)), found \(objective.reviewBy)")
        }
    }
}
