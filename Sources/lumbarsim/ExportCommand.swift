import ArgumentParser
import Foundation
import LumbarDatasets
import Reporting
import Trial

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a finished run folder for use elsewhere.",
        subcommands: [ExportNotebook.self]
    )
}

struct ExportNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Write a Jupyter notebook that states a run's provenance and rebuilds its tables and figures.",
        discussion: """
        The notebook (nbformat 4, Python 3 kernel, no outputs yet) reads the run's CSV files with pandas and \
        redraws the figures of `lumbarsim plot` with matplotlib. The run's files are copied into a folder next \
        to the notebook with the same name (Notebooks-export/NAME.ipynb reads Notebooks-export/NAME/), so it \
        runs after the run folder is gone. A trial folder gives participants, effects (ANCOVA and Hedges' g), \
        responders, power and four figures; a simulate folder gives each arm's change from week 0, the torque \
        curves and the time courses. Same run folder, same bytes. Incomplete or interrupted run folders are refused.

        Run it with: jupyter nbconvert --execute --to notebook Notebooks-export/NAME.ipynb
        (or open it in Jupyter and Run All; needs pandas and matplotlib).

        Examples:
          lumbarsim export notebook runs/trial
          lumbarsim export notebook runs/trial \\
              --out Notebooks-export/example-trial.ipynb
        """
    )

    @Argument(help: ArgumentHelp("A run folder written by `lumbarsim trial` or `lumbarsim simulate`.", valueName: "RUN_DIR"))
    var runDir: String

    @Option(help: ArgumentHelp("Path of the notebook (.ipynb); its data go to the same path without .ipynb.",
                               discussion: "Default: Notebooks-export/RUN_NAME.ipynb."))
    var out: String?

    @Option(help: ArgumentHelp("Datasets folder to read the trials' significance level and the outcomes' evidence labels from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func validate() throws {
        if let out, !out.hasSuffix(".ipynb") { throw ValidationError("--out must name a .ipynb file (got \(out))") }
    }

    func run() throws {
        let run = try RunDirectory(path: runDir)
        let store = try DatasetStore.locate(explicit: datasets)
        let export = NotebookExport(run: run, alpha: try TrialDefaults.load(from: store).alpha.value, evidence: try OutcomeEvidence.load(from: store))
        let notebook = out.map { URL(fileURLWithPath: $0) } ?? export.defaultPath()
        let data = try export.write(to: notebook)
        print("wrote \(notebook.standardizedFileURL.path) (data in \(data.standardizedFileURL.path)/)")
    }
}
