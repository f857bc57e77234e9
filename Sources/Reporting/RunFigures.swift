import Foundation
import Plots
import RunOutput
import Trial

/// The figures of a run folder. Each arm keeps one colour in every figure (its place in the manifest's arm list).
public struct RunFigures: Sendable {
    public let run: RunDirectory
    /// The trials' significance level (`Datasets/trials/defaults.yaml`): intervals are 1 − alpha.
    public let alpha: Double

    public init(run: RunDirectory, alpha: Double) {
        self.run = run
        self.alpha = alpha
    }

    /// The plots `plot all` draws for this kind of run folder, each with its file name.
    public var available: [PlotKind] {
        switch run.kind {
        case .trial: [.curves, .timecourse, .forest] + (run.manifest.outputs.contains(TrialTables.power) ? [.power] : [])
        // Without --regimen a simulate run tests once, at week 0: no time to plot a course over. (A table that cannot
        // be read keeps the time course, whose drawing then reports the problem.)
        case .simulate: (try? SimulateSummaries.testsOnlyAtBaseline(run)) == true ? [.curves] : [.curves, .timecourse]
        }
    }

    func colour(_ arm: String) -> String {
        Palette.colour(run.manifest.arms.firstIndex(of: arm) ?? run.manifest.arms.count)
    }

    /// Arms in the manifest's order, then any others in order of appearance.
    func armOrder(_ arms: [String]) -> [String] {
        var seen: [String] = []
        for arm in arms where !seen.contains(arm) { seen.append(arm) }
        return run.manifest.arms.filter(seen.contains) + seen.filter { !run.manifest.arms.contains($0) }
    }

    /// One line of provenance under every title: which run, which code, which parameters.
    var provenance: String {
        let m = run.manifest
        let commit = m.gitCommit == "unknown" ? "unknown commit" : "commit \(m.gitCommit.prefix(10))"
        return "\(run.name): lumbarsim \(m.command), \(m.cohort), \(m.subjects) subjects, seed \(m.seed) · "
            + "LumbarSim \(m.version), \(commit), parameters \(m.parameterHash.prefix(12))"
    }

    /// "95 % CI".
    var confidence: String { Self.confidence(alpha: alpha) }

    static func confidence(alpha: Double) -> String {
        let percent = (1 - alpha) * 100
        return (percent == percent.rounded() ? String(Int(percent)) : String(format: "%.1f", percent)) + " % CI"
    }
}

/// The plots LumbarSim draws from a run folder, and the files they go to.
public enum PlotKind: String, Sendable, CaseIterable {
    case curves, timecourse, forest, power

    public var fileName: String { "\(rawValue).svg" }
}

/// Writes SVG files into a folder (created if missing), each file all-or-nothing.
public enum PlotOutput {
    public static func write(_ svg: String, name: String, into folder: URL) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(folder.path, reason: RunFolder.reason(error))
        }
        try AtomicFile.write(Data(svg.utf8), to: folder.appendingPathComponent(name))
    }
}
