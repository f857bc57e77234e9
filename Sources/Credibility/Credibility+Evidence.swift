import Analysis
import Foundation
import LumbarDatasets
import StudySetup
import Trial

/// Validation, uncertainty and sensitivity: the existing analyses, run for the context and summarised.
extension Credibility {
    /// The headline outcomes whose effects the uncertainty section reports.
    static let headlineOutcomes: [TrialOutcome] = [.torque0, .torque72, .csa, .endurance, .pain, .odi]

    /// `validate`'s table with its evidence kinds and counts, and leave-one-study-out at the options' size.
    static func validation(store: DatasetStore, options o: Options,
                           progress: (@Sendable (String, Int, Int) -> Void)?) throws -> CredibilityReport.Validation {
        let validator = Validator(store: store, threads: o.threads)
        let scenarios = try validator.scenarios().count
        var done = 0
        let results = try validator.run(subjects: o.validationSubjects) { _ in
            done += 1
            progress?("validation scenarios", done, scenarios)
        }
        let rows = results.map {
            CredibilityReport.TargetRow(id: $0.id, evidence: $0.evidence.rawValue, required: $0.required, published: $0.published,
                                        simulated: $0.simulated, lower: $0.lower, upper: $0.upper, within: $0.within)
        }
        let counts = CalibrationTarget.Evidence.allCases.map { kind in
            let simulated = results.filter { $0.evidence == kind && $0.within != nil }
            return CredibilityReport.EvidenceCount(evidence: kind.rawValue, simulated: simulated.count,
                                                   inside: simulated.filter { $0.within == true }.count)
        }
        var cross: CredibilityReport.CrossValidationSummary?
        if o.crossIterations > 0 {
            let calibrator = Calibrator(store: store, threads: o.threads, subjects: o.crossSubjects)
            let studies = Set(try calibrator.targets().map(\.scenario.id)).count
            var left = 0
            let result = try calibrator.crossValidate(start: try FittedParameters.load(from: store), maxIterations: o.crossIterations) { _ in
                progress?("studies left out", left, studies)
                left += 1
            }
            cross = .init(studies: result.studies.count, subjects: result.subjects, iterations: result.iterations,
                          rmsInSample: result.rmsInSample, rmsOutOfSample: result.rmsOutOfSample)
        }
        return .init(rows: rows, counts: counts, cross: cross)
    }

    /// The context's trial under `parameterSets` parameter sets (`trial --uncertainty`): each headline effect
    /// against the reference arm with its sampling and model intervals.
    static func uncertainty(context: ContextOfUse, store: DatasetStore, options o: Options,
                            progress: (@Sendable (String, Int, Int) -> Void)?) throws -> CredibilityReport.Uncertainty {
        var trial = TrialStudy.Options()
        trial.arms = context.regimens
        trial.reference = context.regimens.contains(TrialStudy.defaultReference) ? TrialStudy.defaultReference : context.regimens[0]
        trial.cohorts = [context.cohort]
        trial.perArm = o.perArm
        trial.seed = o.seed
        trial.datasets = store.root.path
        trial.uncertainty = o.parameterSets
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lumbarsim-credibility-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        trial.out = scratch.path
        let study = try TrialStudy(trial)
        let outcome = try study.run(threads: o.threads) { phase, done, total in progress?("trial \(phase.rawValue)", done, total) }
        let report = outcome.report
        let arms = report.result.design.arms.map(\.name)
        let effects = report.analysis.rows.enumerated().compactMap { r, row -> CredibilityReport.EffectUncertainty? in
            guard headlineOutcomes.contains(row.outcome), let effect = row.effect else { return nil }
            let model = report.model?.intervals[r]
            return .init(outcome: row.outcome.rawValue, arm: arms[row.arm], estimate: effect.estimate, ciLow: effect.ciLow,
                         ciHigh: effect.ciHigh, modelLow: model?.low, modelHigh: model?.high, modelShare: model?.share)
        }
        return .init(parameterSets: o.parameterSets, perArm: study.design.perArm, reference: trial.reference, effects: effects)
    }

    /// Morris screening of every uncertain input on the context's cohort and arms; inputs ranked by their largest
    /// scaled μ* over the effects against the reference (over every output without one), then by its sum.
    static func sensitivity(context: ContextOfUse, store: DatasetStore, options o: Options,
                            progress: (@Sendable (String, Int, Int) -> Void)?) throws -> CredibilityReport.Sensitivity {
        var options = SensitivityAnalysis.Options()
        options.cohort = context.cohort
        options.regimens = context.regimens
        options.subjects = o.sensitivitySubjects
        options.trajectories = o.trajectories
        options.sobolInputs = 0
        options.seed = o.seed
        options.threads = o.threads
        let result = try SensitivityAnalysis.run(datasets: store.root.path, options: options) { stage, done, total in
            progress?("sensitivity \(stage)", done, total)
        }
        let contrasts = result.rows.filter { $0.output.contains("_vs_") }
        let rows = contrasts.isEmpty ? result.rows : contrasts
        var best: [String: SensitivityResult.Row] = [:]
        var sum: [String: Double] = [:]
        for row in rows where row.muStarScaled.isFinite {
            sum[row.input, default: 0] += row.muStarScaled
            if let current = best[row.input], current.muStarScaled >= row.muStarScaled { continue }
            best[row.input] = row
        }
        let inputs = Dictionary(uniqueKeysWithValues: result.inputs.map { ($0.name, $0) })
        // Ties (an input that leads any one output scores 1) go to the larger sum over the outputs, then file order.
        let order = result.inputs.map(\.name).filter { best[$0] != nil }
            .enumerated().sorted { a, b in
                let x = (best[a.element]!.muStarScaled, sum[a.element]!), y = (best[b.element]!.muStarScaled, sum[b.element]!)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
        let ranked = order.enumerated().map { rank, name -> CredibilityReport.RankedInput in
            let input = inputs[name]!, row = best[name]!
            return .init(rank: rank + 1, input: name, score: row.muStarScaled, sum: sum[name]!, output: row.output, basis: input.basis.rawValue,
                         confidence: input.confidence, standing: standing(basis: input.basis, confidence: input.confidence))
        }
        return .init(trajectories: o.trajectories, subjects: o.sensitivitySubjects, inputs: result.inputs.count,
                     modelRuns: result.modelRuns, ranked: ranked)
    }

    /// fitted (calibrate's estimate), assumed (an assumption or a number recalled, not read) or sourced.
    static func standing(basis: UncertainInput.Basis, confidence: String) -> String {
        if basis == .fitted || confidence == "fitted" { return "fitted" }
        return ["assumption", "recalled"].contains(confidence) ? "assumed" : "sourced"
    }
}
