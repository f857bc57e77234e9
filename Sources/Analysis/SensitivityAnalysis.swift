import Foundation
import LumbarDatasets
import LumbarNumerics
import RunOutput
import Sensitivity
import StudySetup

/// `lumbarsim sensitivity`: Morris screening of every uncertain input of `Datasets/`, then Sobol first-order and
/// total indices for the inputs that matter most, on the headline outputs of ``SensitivityModel``.
public enum SensitivityAnalysis {
    public struct Options: Sendable {
        public var cohort = "clbp-adults"
        public var regimens = ["control", "core-strengthening", "combined"]
        /// Subjects per model run (the same subjects at every point).
        public var subjects = 40
        public var seed: UInt64 = 1
        public var trajectories = 10
        public var levels = 4
        /// Inputs carried from screening into the Sobol stage (0: screening only).
        public var sobolInputs = 8
        /// Base rows of the Saltelli design: baseCount × (sobolInputs + 2) model runs.
        public var baseCount = 64
        public var resamples = 200
        /// Vary only the inputs whose name starts with one of these (empty: every input).
        public var inputPrefixes: [String] = []
        /// Spread of an input whose data gives none, as a fraction of its value (``UncertainInput/Basis/unranged``).
        public var unrangedSpread = UncertainInputs.defaultUnrangedSpread
        public var threads = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    /// Runs both stages; `progress(stage, done, total)` hears each finished model run, from any thread.
    ///
    /// With `evaluations` (a resumable run's staging folder) every finished model run is logged there
    /// (``EvaluationLog``) and a rerun reads the logged ones back instead of recomputing them, so an interrupted run
    /// resumes to the same bytes; `stop` ends it between model runs with ``SensitivityError/stopped``.
    public static func run(datasets: String, options o: Options, evaluations: URL? = nil, stop: StopFlag? = nil,
                           progress: (@Sendable (String, Int, Int) -> Void)? = nil) throws -> SensitivityResult {
        let store = try DatasetStore.locate(explicit: datasets)
        let all = try UncertainInputs(store: store, unrangedSpread: o.unrangedSpread)
        let inputs = all.inputs.filter { input in
            input.varies && (o.inputPrefixes.isEmpty || o.inputPrefixes.contains { input.name.hasPrefix($0) })
        }
        guard !inputs.isEmpty else { throw SensitivityError.noInputs(o.inputPrefixes) }
        let model = try SensitivityModel(datasets: store.root.path, cohort: o.cohort, regimens: o.regimens, subjects: o.subjects, seed: o.seed)
        let outputs = model.outputs

        let morris = MorrisDesign(dimensions: inputs.count, trajectories: o.trajectories, levels: o.levels, seed: o.seed)
        let screeningLog = try evaluations.map { try EvaluationLog(folder: $0, stage: "screening", width: outputs.count) }
        let screened = try evaluate(model, inputs, morris.points, threads: o.threads, log: screeningLog, stop: stop) {
            progress?("screening", $0, morris.points.count)
        }
        let effects = outputs.indices.map { k in morris.indices(values: screened.map { $0[k] }) }
        // With a reference arm, its own outputs (natural history and measurement noise) do not choose the inputs
        // carried into the Sobol stage: the arms' effects against it do.
        let screening = outputs.indices.filter { !model.arms.contains(SensitivityModel.reference) || outputs[$0].contains("_vs_") }
        let chosen = Array(rankedByScreening(screening.map { effects[$0] }).prefix(o.sobolInputs))

        var sobol: [[SobolIndex]] = []
        var runs = morris.points.count
        if !chosen.isEmpty {
            let design = SaltelliDesign(dimensions: chosen.count, baseCount: o.baseCount, seed: o.seed)
            let log = try evaluations.map { try EvaluationLog(folder: $0, stage: "sobol", width: outputs.count) }
            let values = try evaluate(model, chosen.map { inputs[$0] }, design.points, threads: o.threads, log: log, stop: stop) {
                progress?("Sobol", $0, design.points.count)
            }
            sobol = outputs.indices.map { k in design.indices(values: values.map { $0[k] }, resamples: o.resamples, seed: o.seed) }
            runs += design.points.count
        }
        return SensitivityResult(options: o, arms: model.arms, inputs: inputs, unranged: all.unranged.map(\.name),
                                 outputs: outputs, morris: effects, chosen: chosen, sobol: sobol, modelRuns: runs)
    }

    /// The inputs by their largest μ* over `effects`' outputs, each output's μ* scaled by its largest (so outputs in
    /// different units count alike); ties keep file order.
    static func rankedByScreening(_ effects: [[MorrisIndex]]) -> [Int] {
        guard let count = effects.first?.count else { return [] }
        var score = [Double](repeating: 0, count: count)
        for output in effects {
            let largest = output.map(\.muStar).filter(\.isFinite).max() ?? 0
            guard largest > 0 else { continue }
            for (i, index) in output.enumerated() where index.muStar.isFinite { score[i] = max(score[i], index.muStar / largest) }
        }
        return score.indices.sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
    }

    /// The model's outputs at each point (coordinates of `inputs`), on all threads, in point order: those `log`
    /// holds read back, the others computed and logged as they finish.
    static func evaluate(_ model: SensitivityModel, _ inputs: [UncertainInput], _ points: [[Double]], threads: Int,
                         log: EvaluationLog? = nil, stop: StopFlag? = nil,
                         progress: @escaping @Sendable (Int) -> Void) throws -> [[Double]] {
        let logged = log?.finished.filter { points.indices.contains($0.key) } ?? [:]
        let pending = points.indices.filter { logged[$0] == nil }
        progress(logged.count)
        let computed = try ParallelMap.partialMap(count: pending.count, threads: threads, shouldStop: { stop?.isRequested ?? false },
                                                  progress: { progress(logged.count + $0) }) { slot in
            let values = try model.evaluate(UncertainInputs.overrides(inputs, at: points[pending[slot]]))
            try log?.append(index: pending[slot], values: values)
            return values
        }
        guard computed.allSatisfy({ $0 != nil }) else { throw SensitivityError.stopped }
        var all = logged
        for (slot, index) in pending.enumerated() { all[index] = computed[slot] }
        return points.indices.map { all[$0]! }
    }
}
