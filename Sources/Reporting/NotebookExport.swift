import Foundation
import RunOutput
import Trial

/// `lumbarsim export notebook`: a Jupyter notebook for a finished run folder, with the run's files copied into a
/// folder beside it (same name without `.ipynb`), so the notebook opens and runs anywhere, the run folder gone.
public struct NotebookExport {
    public let run: RunDirectory
    /// The trials' significance level (`Datasets/trials/defaults.yaml`): intervals are 1 − alpha.
    public let alpha: Double
    /// What the pain and disability effects rest on (`Datasets/trials/outcome-evidence.yaml`), stated in the notebook.
    public let evidence: OutcomeEvidence

    public init(run: RunDirectory, alpha: Double, evidence: OutcomeEvidence) {
        self.run = run
        self.alpha = alpha
        self.evidence = evidence
    }

    /// Where the notebook goes without `--out`: `Notebooks-export/RUN_NAME.ipynb` under the working directory.
    public static let defaultFolder = "Notebooks-export"

    public func defaultPath() -> URL {
        URL(fileURLWithPath: Self.defaultFolder).appendingPathComponent("\(run.name).ipynb")
    }

    /// The files copied beside the notebook: the manifest and every output it lists, so the copy is itself a
    /// complete run folder (it can be exported or plotted again).
    public var files: [String] {
        [Manifest.fileName] + run.manifest.outputs.filter { $0 != Manifest.fileName }
    }

    /// The notebook's JSON for data copied to `dataFolder` (a path relative to the notebook).
    public func notebook(dataFolder: String) throws -> Data {
        let title = run.kind == .trial
            ? "LumbarSim trial: \(run.manifest.arms.joined(separator: ", "))"
            : "LumbarSim simulate: \(run.manifest.cohort)" + (run.manifest.arms.isEmpty ? "" : ", \(run.manifest.arms.joined(separator: ", "))")
        var cells = [NotebookCells.provenance(run, title: title, dataFolder: dataFolder, files: files),
                     NotebookCells.setup(dataFolder: dataFolder, command: run.manifest.command, arms: run.manifest.arms, alpha: alpha)]
        let confidence = RunFigures.confidence(alpha: alpha)
        cells.append(NotebookCells.evidenceNote(evidence, trial: run.kind == .trial))
        cells += run.kind == .trial
            ? NotebookCells.trial(hasPower: run.manifest.outputs.contains(TrialTables.power), confidence: confidence)
            : NotebookCells.simulate(confidence: confidence, stored: run.stored)
        return try Notebook(cells: cells).json()
    }

    /// Writes the data folder (all-or-nothing) and then the notebook; returns the data folder.
    @discardableResult
    public func write(to notebookURL: URL) throws -> URL {
        guard notebookURL.pathExtension == "ipynb" else { throw OutputError.cannotWrite(notebookURL.path, reason: "a notebook path must end in .ipynb") }
        let dataURL = notebookURL.deletingPathExtension()
        let folder = try RunFolder(destination: dataURL, replacing: .init(command: nil))
        for file in files {
            guard let data = FileManager.default.contents(atPath: run.url.appendingPathComponent(file).path) else {
                throw ReportError.missingFile(run.url.appendingPathComponent(file).path)
            }
            try folder.write(file, data)
        }
        let notebook = try notebook(dataFolder: dataURL.lastPathComponent)
        try folder.commit()
        try AtomicFile.write(notebook, to: notebookURL)
        return dataURL
    }
}
