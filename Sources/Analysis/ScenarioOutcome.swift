import Cohort
import Course
import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology
import StudySetup

/// A validation scenario, simulated: the cohort's outcomes in each arm, ready to be measured.
public struct ScenarioOutcome: Sendable {
    public let scenario: ValidationScenario
    public let setup: RunSetup
    public let settings: DeviceSettings
    /// Outcomes per subject; arms in scenario order, then the comparator.
    public let subjects: [SubjectOutcome]
    public let weights: [Double]
    /// Baseline outcomes of the reference cohort, when the scenario names one.
    public let reference: [SubjectOutcome]?
    public let threads: Int

    /// Runs `scenario`; `fitted` replaces the committed fitted set, `subjects` the scenario's cohort size.
    public init(scenario: ValidationScenario, store: DatasetStore, fitted: FittedParameters? = nil, subjects: Int? = nil,
                threads: Int, instrument: CourseOfCare.Instrument = .sampled) throws {
        func regimen(_ spec: String) -> String {
            spec.contains("/") ? store.url(spec).path : spec
        }
        var regimens = scenario.arms.map { regimen($0.regimen) }
        if let comparator = scenario.comparator { regimens.append(regimen(comparator)) }
        let setup = try RunSetup(datasets: store.root.path, cohort: scenario.cohort, regimens: regimens, fitted: fitted,
                                 overrides: store.overrides)
        let settings = try setup.deviceSettings(sampleRateHz: scenario.sampleRateHz)
        let count = subjects ?? scenario.subjects
        self.subjects = try setup.runner(settings: settings, seed: scenario.seed, instrument: instrument).run(count: count, threads: threads)
        if let reference = scenario.referenceCohort {
            let referenceSetup = try RunSetup(datasets: store.root.path, cohort: reference, fitted: fitted, overrides: store.overrides)
            self.reference = try referenceSetup.runner(settings: settings, seed: scenario.seed, instrument: instrument)
                .run(count: count, threads: threads)
        } else {
            reference = nil
        }
        self.scenario = scenario
        self.setup = setup
        self.settings = settings
        self.threads = threads
        weights = scenario.arms.map(\.weight)
    }

    /// The simulated value of one measurement.
    public func value(of m: Measurement) throws -> Double {
        let week = m.week ?? 0
        let sex: Sex? = m.sex.flatMap(Sex.init(rawValue:))
        let people = subjects.filter { sex == nil || $0.subject.sex == sex }
        switch m.quantity {
        case .torqueMean:
            return try Self.mean(people.compactMap { try visit($0, arm: 0, week: week).isometric.reportedPeak(atDeg: angle(m)) })
        case .torqueRatio72To0:
            let at72 = try Self.mean(people.compactMap { try visit($0, arm: 0, week: week).isometric.reportedPeak(atDeg: 72) })
            let at0 = try Self.mean(people.compactMap { try visit($0, arm: 0, week: week).isometric.reportedPeak(atDeg: 0) })
            return at72 / at0
        case .torqueGainPercent:
            let a = try angle(m)
            return try pooled(m) { try gainPercent(people, arm: $0, week: week, angle: a) }
        case .torqueGainPercentMean:
            // The mean over the tested angles of the cohort's gain at each, as such gains are published.
            return try pooled(m) { arm in
                guard let first = people.first else { throw ValidationError.empty }
                let angles = try visit(first, arm: arm, week: 0).isometric.anglesDeg
                return try Self.mean(angles.map { try gainPercent(people, arm: arm, week: week, angle: $0) })
            }
        case .csaMean:
            let group = try self.group(m)
            return try Self.mean(people.map { try visit($0, arm: 0, week: week).outcomes.csaCm2[group] })
        case .csaRatioToReference:
            let group = try self.group(m)
            guard let reference else { throw ValidationError.measurement(scenario.id, m.target, "needs reference_cohort") }
            let others = reference.filter { sex == nil || $0.subject.sex == sex }
            return try Self.mean(people.map { try visit($0, arm: 0, week: 0).outcomes.csaCm2[group] })
                / Self.mean(others.map { $0.arms[0][0].outcomes.csaCm2[group] })
        case .csaChangePercent:
            let group = try self.group(m)
            return try pooled(m) { arm in
                let before = try Self.mean(people.map { try visit($0, arm: arm, week: 0).outcomes.csaCm2[group] })
                let after = try Self.mean(people.map { try visit($0, arm: arm, week: week).outcomes.csaCm2[group] })
                return 100 * (after / before - 1)
            }
        case .enduranceDeviceMean:
            guard let fraction = m.fraction else { throw ValidationError.measurement(scenario.id, m.target, "needs fraction") }
            let test = try EnduranceTest(settings: settings, physiology: setup.physiology)
            var times: [Double] = []
            for o in people {
                var noise = RandomStream.enduranceNoise(seed: scenario.seed, subject: o.subject.id)
                let state = SubjectState(baselineOf: o.subject)
                times.append(try test.run(subject: o.subject, state: state, fraction: fraction, angleDeg: m.angleDeg, rng: &noise).enduranceS)
            }
            return try Self.mean(times)
        case .enduranceBodyWeightDifference:
            // The arm's mean body-weight hold minus the comparator's.
            let comparatorArm = try comparatorIndex(m)
            func hold(_ arm: Int) throws -> Double { try Self.mean(people.map { try visit($0, arm: arm, week: week).outcomes.enduranceBodyWeightS }) }
            return try pooled(m) { try hold($0) - hold(comparatorArm) }
        case .torqueDeficitSMD:
            // Baseline strength of the reference cohort minus the cohort's, over their pooled SD: at `angle_deg`, or
            // each subject's strongest angle (a "maximal strength") without one.
            guard let reference else { throw ValidationError.measurement(scenario.id, m.target, "needs reference_cohort") }
            func strength(_ o: SubjectOutcome) -> Double? {
                let test = o.arms[0][0].isometric
                if let angle = m.angleDeg { return test.reportedPeak(atDeg: angle) }
                return test.reportedPeakNm.max()
            }
            let cohort = people.compactMap(strength)
            let others = reference.filter { sex == nil || $0.subject.sex == sex }.compactMap(strength)
            let pooledSD = ((Self.variance(cohort) + Self.variance(others)) / 2).squareRoot()
            return (try Self.mean(others) - Self.mean(cohort)) / pooledSD
        case .painMean:
            return try Self.mean(people.map { try visit($0, arm: 0, week: week).outcomes.painVAS })
        case .painChange:
            return try pooled(m) { try meanChange(people, arm: $0, week: week, of: \.painVAS) }
        case .odiChange:
            return try pooled(m) { try meanChange(people, arm: $0, week: week, of: \.odi) }
        case .rdqChangeDifference:
            // The ODI change against the comparator's, scored on the Roland-Morris scale (a sourced conversion factor).
            let comparatorArm = try comparatorIndex(m)
            func change(_ arm: Int) throws -> Double { try meanChange(people, arm: arm, week: week, of: \.odi) }
            return try pooled(m) { (try change($0) - change(comparatorArm)) * setup.physiology.adaptation.rdqPerOdiPoint }
        case .recurrenceRiskRatio:
            // The share with a new episode within 12 months of the week's visit, over the comparator's share.
            let comparatorArm = try comparatorIndex(m)
            func risk(_ arm: Int) throws -> Double {
                try Self.mean(people.map { try visit($0, arm: arm, week: week).outcomes.recurrence12m ? 1 : 0 })
            }
            let reference = try risk(comparatorArm)
            guard reference > 0 else { throw ValidationError.measurement(scenario.id, m.target, "no recurrence in the comparator") }
            return try pooled(m) { try risk($0) / reference }
        case .painBenefit, .painChangeDifference10, .painSMD:
            let comparatorArm = try comparatorIndex(m)
            func change(_ arm: Int) throws -> Double { try meanChange(people, arm: arm, week: week, of: \.painVAS) }
            switch m.quantity {
            case .painBenefit: return try pooled(m) { try change(comparatorArm) - change($0) }
            case .painChangeDifference10: return try pooled(m) { (try change($0) - change(comparatorArm)) / 10 }
            default:
                return try pooled(m) { arm in
                    let treated = try people.map { try visit($0, arm: arm, week: week).outcomes.painVAS }
                    let control = try people.map { try visit($0, arm: comparatorArm, week: week).outcomes.painVAS }
                    let pooledSD = ((Self.variance(treated) + Self.variance(control)) / 2).squareRoot()
                    return (try Self.mean(treated) - Self.mean(control)) / pooledSD
                }
            }
        case .slrChange:
            return try pooled(m) { arm in
                try Self.mean(people.map { try visit($0, arm: arm, week: week).outcomes.slrDeg - visit($0, arm: arm, week: 0).outcomes.slrDeg })
            }
        case .repsToFailure:
            // Repetitions per dynamic set over the sessions up to `week`: each subject's mean, then the cohort's.
            return try pooled(m) { arm in
                try Self.mean(people.compactMap { o -> Double? in
                    let done = try visit(o, arm: arm, week: week).outcomes
                    return done.dynamicSets > 0 ? Double(done.dynamicReps) / Double(done.dynamicSets) : nil
                })
            }
        case .mvcChange, .mvcChangeEffectSize:
            // Maximal voluntary contraction as the highest torque over the tested angles; change from week 0, N·m,
            // or as a within-group effect size (mean change over the SD at week 0), as small trials report it.
            return try pooled(m) { arm in
                let before = try people.map { try visit($0, arm: arm, week: 0).isometric.reportedPeakNm.max() ?? 0 }
                let after = try people.map { try visit($0, arm: arm, week: week).isometric.reportedPeakNm.max() ?? 0 }
                let change = try Self.mean(zip(after, before).map { $0 - $1 })
                return m.quantity == .mvcChange ? change : change / Self.variance(before).squareRoot()
            }
        case .mvcSMD:
            // The arm's MVC at `week` minus the comparator's, over their pooled SD, as meta-analyses pool trials.
            guard scenario.comparator != nil else { throw ValidationError.measurement(scenario.id, m.target, "needs a comparator") }
            func mvc(_ arm: Int) throws -> [Double] { try people.map { try visit($0, arm: arm, week: week).isometric.reportedPeakNm.max() ?? 0 } }
            let control = try mvc(scenario.arms.count)
            return try pooled(m) { arm in
                let treated = try mvc(arm)
                let pooledSD = ((Self.variance(treated) + Self.variance(control)) / 2).squareRoot()
                return (try Self.mean(treated) - Self.mean(control)) / pooledSD
            }
        case .torqueChangeDifference:
            // The change in the cohort's mean isometric torque over the tested angles, the arm's minus the
            // comparator's, N·m: how trials that compare two programmes report "mean isometric strength".
            let comparatorArm = try comparatorIndex(m)
            func change(_ arm: Int) throws -> Double {
                try Self.mean(people.map { o in
                    let before = try visit(o, arm: arm, week: 0).isometric.reportedPeakNm
                    let after = try visit(o, arm: arm, week: week).isometric.reportedPeakNm
                    return try Self.mean(after) - Self.mean(before)
                })
            }
            return try pooled(m) { try change($0) - change(comparatorArm) }
        case .fittedParameter:
            return try setup.physiology.fitted.value(try parameter(m))
        case .fatigueParameter:
            let rates = setup.physiology.fatigue.parameters
            switch try parameter(m) {
            case "F": return rates.F
            case "R": return rates.R
            case "r": return rates.restMultiplier
            default: throw ValidationError.measurement(scenario.id, m.target, "fatigue parameter must be F, R or r")
            }
        case .momentLossPercent:
            let model = setup.physiology.torque
            return try Self.mean(people.map { o in
                let state = SubjectState(baselineOf: o.subject)
                func moment(_ angle: Double) -> Double {
                    ExtensorGroup.allCases.reduce(0) {
                        $0 + model.momentArmM($1, flexionDeg: angle, subject: o.subject) * model.maxForceN($1, subject: o.subject, state: state)
                    }
                }
                return 100 * (1 - moment(72) / moment(0))
            })
        }
    }

    /// The cohort's mean change in one outcome from week 0 to `week`.
    private func meanChange(_ people: [SubjectOutcome], arm: Int, week: Int, of outcome: KeyPath<VisitOutcomes, Double>) throws -> Double {
        try Self.mean(people.map { try visit($0, arm: arm, week: week).outcomes[keyPath: outcome] - visit($0, arm: arm, week: 0).outcomes[keyPath: outcome] })
    }

    /// The cohort's gain in mean isometric torque at one angle, in percent of the mean at week 0.
    private func gainPercent(_ people: [SubjectOutcome], arm: Int, week: Int, angle a: Double) throws -> Double {
        let pairs = try people.compactMap { o -> (Double, Double)? in
            guard let before = try visit(o, arm: arm, week: 0).isometric.reportedPeak(atDeg: a),
                  let after = try visit(o, arm: arm, week: week).isometric.reportedPeak(atDeg: a) else { return nil }
            return (before, after)
        }
        return 100 * (try Self.mean(pairs.map(\.1)) / Self.mean(pairs.map(\.0)) - 1)
    }

    private func visit(_ o: SubjectOutcome, arm: Int, week: Int) throws -> Visit {
        guard arm < o.arms.count, let visit = o.arms[arm].first(where: { $0.week == week }) else {
            throw ValidationError.measurement(scenario.id, "arm \(arm)", "week \(week) is not a test week")
        }
        return visit
    }

    /// Weighted mean of a per-arm quantity over the scenario's (treatment) arms, or its value in the one arm the
    /// measurement selects.
    private func pooled(_ m: Measurement, _ perArm: (Int) throws -> Double) throws -> Double {
        if let arm = m.arm {
            guard arm < weights.count else { throw ValidationError.measurement(scenario.id, m.target, "arm \(arm) is not a treatment arm (0..<\(weights.count))") }
            return try perArm(arm)
        }
        var total = 0.0
        for (arm, weight) in weights.enumerated() { total += weight * (try perArm(arm)) }
        return total / weights.reduce(0, +)
    }

    /// The comparator's arm index, for a quantity measured against it.
    private func comparatorIndex(_ m: Measurement) throws -> Int {
        guard scenario.comparator != nil else { throw ValidationError.measurement(scenario.id, m.target, "needs a comparator") }
        return scenario.arms.count
    }

    private func angle(_ m: Measurement) throws -> Double {
        guard let angle = m.angleDeg else { throw ValidationError.measurement(scenario.id, m.target, "needs angle_deg") }
        return angle
    }

    private func group(_ m: Measurement) throws -> ExtensorGroup {
        guard let name = m.group, let group = ExtensorGroup(rawValue: name) else {
            throw ValidationError.measurement(scenario.id, m.target, "needs group (multifidus, longissimus or iliocostalis)")
        }
        return group
    }

    private func parameter(_ m: Measurement) throws -> String {
        guard let name = m.parameter else { throw ValidationError.measurement(scenario.id, m.target, "needs parameter") }
        return name
    }

    static func mean(_ values: [Double]) throws -> Double {
        guard !values.isEmpty else { throw ValidationError.empty }
        return values.reduce(0, +) / Double(values.count)
    }

    static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }
}

public enum ValidationError: Error, Equatable, CustomStringConvertible {
    case measurement(String, String, String)
    case empty
    case unknownTarget(scenario: String, target: String)
    case noScenario(String)
    case evidence(file: String, field: String, problem: String)
    case noFittedStudy([String])

    public var description: String {
        switch self {
        case .measurement(let scenario, let target, let problem): return "validation scenario \(scenario), \(target): \(problem)"
        case .empty: return "a measurement found no subjects to average (check sex, angle and week)"
        case .unknownTarget(let scenario, let target): return "validation scenario \(scenario) measures unknown target '\(target)' (not in calibration/targets.csv)"
        case .evidence(let file, let field, let problem): return "\(file): \(field): \(problem)"
        case .noFittedStudy(let ids): return "no study calibrate fits to among \(ids.joined(separator: ", "))"
        case .noScenario(let id): return "no validation scenario covers target '\(id)' and it is not listed in validation/not-simulated.yaml"
        }
    }
}
