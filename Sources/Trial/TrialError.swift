/// What can be wrong with a trial's request or a trial run folder; each description is one line.
public enum TrialError: Error, Equatable, CustomStringConvertible {
    case unknownOutcome(String)
    case tooFewSubjects(option: String, got: Int)
    case unknownReference(String, arms: [String])
    case fractionOutOfRange(option: String, got: Double)
    case invalidWeeks(Int)
    case duplicateCohort(String)
    case noArmsToCompare
    case notARunFolder(String)
    case incompleteRun(String, reason: String)
    case unreadableRun(String, reason: String)

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
        case .notARunFolder(let path):
            return "\(path) is not a trial run folder (no such folder)"
        case .incompleteRun(let path, let reason):
            return "\(path) is not a complete trial run (\(reason)); was the run interrupted? Run `lumbarsim trial --out \(path)` again"
        case .unreadableRun(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
