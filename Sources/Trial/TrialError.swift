/// What can be wrong with a trial's request; each description is one line.
public enum TrialError: Error, Equatable, CustomStringConvertible {
    case unknownOutcome(String)
    case tooFewSubjects(option: String, got: Int)
    case unknownReference(String, arms: [String])
    case fractionOutOfRange(option: String, got: Double)
    case invalidWeeks(Int)
    case duplicateCohort(String)
    case noArmsToCompare

    public var description: String {
        switch self {
        case .unknownOutcome(let name):
            return "unknown outcome '\(name)' (known: \(TrialOutcome.names))"
        case .tooFewSubjects(let option, let got):
            return "\(option) must be at least 2 subjects per arm (got \(got)): an arm needs 2 to estimate its spread"
        case .unknownReference(let name, let arms):
            return "--reference '\(name)' is not one of the trial's arms (\(arms.joined(separator: ", ")))"
        case .fractionOutOfRange(let option, let got):
            return "\(option) must be a fraction within 0-1 (got \(got))"
        case .invalidWeeks(let weeks):
            return "--follow-up-weeks must be at least 1 (got \(weeks))"
        case .duplicateCohort(let name):
            return "--cohort '\(name)' is given twice"
        case .noArmsToCompare:
            return "a trial needs at least 2 arms: the reference and one to compare with it"
        }
    }
}
