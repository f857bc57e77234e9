import Foundation
import RunOutput
import Sensitivity
import StudySetup

/// What `lumbarsim sensitivity` found: the inputs with their spreads, each output's Morris measures for every input
/// and Sobol indices for the inputs carried into the second stage. `sensitivity.csv` and `sensitivity.json` hold it.
public struct SensitivityResult: Codable, Sendable {
    public struct Input: Codable, Sendable, Equatable {
        public var name: String
        public var file: String
        public var path: String
        public var unit: String
        public var value: Double
        public var basis: UncertainInput.Basis
        public var confidence: String
        public var low: Double
        public var high: Double
        /// Carried into the Sobol stage.
        public var sobol: Bool
    }

    /// One input's sensitivity measures for one output.
    public struct Row: Codable, Sendable, Equatable {
        public var output: String
        public var input: String
        /// 1 for the input with the largest μ* for this output.
        public var rank: Int
        public var morris: MorrisIndex
        /// μ* over the largest μ* for this output.
        public var muStarScaled: Double
        public var sobol: SobolIndex?

        enum CodingKeys: String, CodingKey { case output, input, rank, morris, muStarScaled = "mu_star_scaled", sobol }
    }

    public var cohort: String
    public var arms: [String]
    public var subjects: Int
    public var seed: UInt64
    public var trajectories: Int
    public var levels: Int
    public var baseCount: Int
    public var resamples: Int
    public var unrangedSpread: Double
    public var modelRuns: Int
    public var inputs: [Input]
    /// Inputs whose data states no spread (given ± `unrangedSpread`), by name.
    public var unranged: [String]
    public var outputs: [String]
    /// Output by output, inputs by rank.
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case cohort, arms, subjects, seed, trajectories, levels, baseCount = "base_count", resamples
        case unrangedSpread = "unranged_spread", modelRuns = "model_runs", inputs, unranged, outputs, rows
    }

    init(options o: SensitivityAnalysis.Options, arms: [String], inputs: [UncertainInput], unranged: [String], outputs: [String],
         morris: [[MorrisIndex]], chosen: [Int], sobol: [[SobolIndex]], modelRuns: Int) {
        cohort = o.cohort
        self.arms = arms
        subjects = o.subjects
        seed = o.seed
        trajectories = o.trajectories
        levels = o.levels
        baseCount = o.baseCount
        resamples = o.resamples
        unrangedSpread = o.unrangedSpread
        self.modelRuns = modelRuns
        self.inputs = inputs.enumerated().map { i, input in
            Input(name: input.name, file: input.file, path: input.path, unit: input.unit, value: input.value, basis: input.basis,
                  confidence: input.confidence, low: input.distribution.range.lowerBound, high: input.distribution.range.upperBound,
                  sobol: chosen.contains(i))
        }
        self.unranged = unranged
        self.outputs = outputs
        rows = outputs.enumerated().flatMap { k, output -> [Row] in
            let effects = morris[k]
            let largest = effects.map(\.muStar).filter(\.isFinite).max() ?? 0
            let order = effects.indices.sorted { effects[$0].muStar != effects[$1].muStar ? effects[$0].muStar > effects[$1].muStar : $0 < $1 }
            return order.enumerated().map { rank, i in
                Row(output: output, input: inputs[i].name, rank: rank + 1, morris: effects[i],
                    muStarScaled: largest > 0 ? effects[i].muStar / largest : 0,
                    sobol: chosen.firstIndex(of: i).map { sobol[k][$0] }.flatMap { $0.total.isFinite && $0.first.isFinite ? $0 : nil })
            }
        }
    }

    /// Columns of `sensitivity.csv`: a contract, extended, never renamed.
    public static let header = ["output", "input", "basis", "low", "high", "rank", "mu_star", "mu", "sigma", "mu_star_scaled",
                                "first", "first_low", "first_high", "total", "total_low", "total_high"]

    /// `sensitivity.csv`: one row per output and input; the Sobol columns are empty for inputs screened out (and for
    /// an output that does not vary).
    public var table: CSVTable {
        var table = CSVTable(header: Self.header)
        let byName = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0) })
        for row in rows {
            let input = byName[row.input]!
            let s = row.sobol
            let sobol = [s?.first, s?.firstLow, s?.firstHigh, s?.total, s?.totalLow, s?.totalHigh].map { $0.map { CSVTable.number($0, 4) } ?? "" }
            table.append([row.output, row.input, input.basis.rawValue, Self.number(input.low), Self.number(input.high), "\(row.rank)",
                          CSVTable.number(row.morris.muStar, 4), CSVTable.number(row.morris.mu, 4), CSVTable.number(row.morris.sigma, 4),
                          CSVTable.number(row.muStarScaled, 4)] + sobol)
        }
        return table
    }

    /// An input's bound with six significant digits (inputs span many orders of magnitude).
    static func number(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "" }

    /// The five inputs that matter most for each output, one line per output, by μ* (every input screened, in the
    /// output's unit over the input's whole range), with the Sobol total index [95 % interval] where the input
    /// reached that stage (a share of the variance of the Sobol-stage inputs only).
    public var summary: String {
        var lines = ["output: top inputs by mu* (S_T [95 % CI] where computed)"]
        for output in outputs {
            let top = rows.filter { $0.output == output }.prefix(5).map { row in
                row.input + String(format: " mu*=%.3g", row.morris.muStar)
                    + (row.sobol.map { String(format: " S_T=%.2f [%.2f, %.2f]", $0.total, $0.totalLow, $0.totalHigh) } ?? "")
            }
            lines.append("\(output): \(top.joined(separator: "; "))")
        }
        return lines.joined(separator: "\n")
    }

    /// The inputs of `output` that reached the Sobol stage, by total index.
    public func sobolRows(for output: String) -> [Row] {
        rows.filter { $0.output == output && $0.sobol != nil }.sorted { ($0.sobol!.total, -$0.rank) > ($1.sobol!.total, -$1.rank) }
    }
}
