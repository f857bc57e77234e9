import Foundation
import Plots
import RunOutput

extension SensitivityResult {
    public static let figureName = "sensitivity.svg"

    /// The finished sensitivity run in `folder` (its manifest, written last, says `sensitivity`).
    public static func read(from folder: URL) throws -> SensitivityResult {
        guard let manifest = Manifest.read(from: folder), manifest.command == "sensitivity" else {
            throw SensitivityError.notARun(folder.path)
        }
        let url = folder.appendingPathComponent(jsonName)
        guard let data = try? Data(contentsOf: url) else { throw SensitivityError.notARun(folder.path) }
        do {
            return try JSONDecoder().decode(SensitivityResult.self, from: data)
        } catch {
            throw SensitivityError.unreadable(url.path)
        }
    }

    /// Sobol total indices with their bootstrap intervals: one group per output (`outputs`, default every output
    /// with Sobol indices), its inputs by total index, each input in one colour throughout.
    public func figure(outputs chosen: [String] = []) throws -> ForestPlot {
        for name in chosen where !outputs.contains(name) { throw SensitivityError.unknownOutput(name, known: outputs) }
        let carried = inputs.filter(\.sobol).map(\.name)
        let groups = (chosen.isEmpty ? outputs : chosen).compactMap { output -> ForestGroup? in
            let rows = sobolRows(for: output).map { row -> ForestRow in
                let s = row.sobol!
                return ForestRow(label: row.input, estimate: s.total, low: s.totalLow, high: s.totalHigh,
                                 colour: Palette.colour(carried.firstIndex(of: row.input) ?? 0),
                                 values: String(format: "%.2f [%.2f, %.2f]", s.total, s.totalLow, s.totalHigh))
            }
            return rows.isEmpty ? nil : ForestGroup(title: output, rows: rows)
        }
        guard !groups.isEmpty else { throw SensitivityError.noSobolIndices }
        return ForestPlot(title: "Sobol total indices",
                          subtitle: ["\(cohort), \(subjects) subjects per run, arms \(arms.joined(separator: ", ")); seed \(seed)",
                                     "\(modelRuns) model runs; Saltelli design of \(baseCount) base rows, 95 % bootstrap intervals"],
                          axisTitle: "total-effect index S_T (share of the output's variance)", groups: groups,
                          valuesHeading: "S_T [95 % CI]")
    }
}

public enum SensitivityError: Error, Equatable, CustomStringConvertible {
    case notARun(String)
    case unreadable(String)
    case unknownOutput(String, known: [String])
    case noSobolIndices
    case noInputs([String])
    /// A stop request (SIGINT, SIGTERM) ended the run between model runs; the finished ones are kept.
    case stopped

    public var description: String {
        switch self {
        case .notARun(let path): return "\(path) is not a finished `lumbarsim sensitivity` run folder (no manifest.json of a sensitivity run)"
        case .unreadable(let path): return "\(path): not a sensitivity.json this version can read"
        case .unknownOutput(let name, let known): return "unknown output '\(name)' (known: \(known.joined(separator: ", ")))"
        case .stopped: return "stopped on request"
        case .noInputs(let prefixes): return "no uncertain input varies\(prefixes.isEmpty ? "" : " whose name starts with \(prefixes.joined(separator: " or "))")"
        case .noSobolIndices: return "the run has no Sobol indices to draw (it ran with --sobol-inputs 0, or no output varied)"
        }
    }
}
