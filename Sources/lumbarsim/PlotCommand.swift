import Analysis
import ArgumentParser
import Foundation
import LumbarDatasets
import Reporting
import RunOutput
import Trial

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw SVG figures from a finished trial, simulate or sensitivity run folder.",
        discussion: """
        Each figure is one SVG file (RUN_DIR/plots/NAME.svg, or --out DIR), written all-or-nothing, with axis \
        titles and units, a colour-blind-safe palette (Okabe–Ito, one colour per arm in every figure) and a \
        legend above the panels. Bands and error bars are confidence intervals at 1 − alpha of \
        Datasets/trials/defaults.yaml (95 %).

        A run folder is read only when complete: manifest.json (written last) must be there and list files \
        that all exist, else the command stops with a one-line error.

        Examples:
          lumbarsim trial --out runs/trial && lumbarsim plot all runs/trial
          lumbarsim plot forest runs/trial --outcome pain_vas
          lumbarsim simulate --regimen core-strengthening --regimen control \\
              --out runs/sim && lumbarsim plot curves runs/sim
          lumbarsim sensitivity --out runs/sens && lumbarsim plot sensitivity runs/sens
        """,
        subcommands: [PlotCurves.self, PlotTimecourse.self, PlotForest.self, PlotPower.self, PlotSensitivity.self, PlotAll.self]
    )
}

/// The run folder to read and the folder to write to, shared by every `plot` subcommand.
struct PlotTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("A run folder written by `lumbarsim trial` or `lumbarsim simulate`.", valueName: "RUN_DIR"))
    var runDir: String

    @Option(help: ArgumentHelp("Folder for the SVG files.", discussion: "Default: RUN_DIR/plots."))
    var out: String?

    @Option(help: ArgumentHelp("Datasets folder to read the trials' significance level from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    func open() throws -> (RunFigures, URL) {
        let run = try RunDirectory(path: runDir)
        let folder = out.map { URL(fileURLWithPath: $0) } ?? run.url.appendingPathComponent("plots")
        return (RunFigures(run: run, alpha: try trialAlpha(datasets: datasets)), folder)
    }

    func write(_ svg: String, _ name: String, into folder: URL) throws {
        try PlotOutput.write(svg, name: name, into: folder)
        print("wrote \(folder.appendingPathComponent(name).path)")
    }
}

/// The significance level of `Datasets/trials/defaults.yaml`: every interval LumbarSim draws is 1 − alpha.
func trialAlpha(datasets: String?) throws -> Double {
    try TrialDefaults.load(from: DatasetStore.locate(explicit: datasets)).alpha.value
}

struct PlotCurves: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curves",
        abstract: "Torque–angle curves before and after care, one panel per arm, with confidence bands.",
        discussion: """
        A trial folder is drawn from curves.csv (mean peak torque per arm, visit and angle). A simulate folder \
        is summarised from tests.csv: week 0 is the baseline and each arm's last test the follow-up. The panels \
        share their torque axis so arms compare at a glance. Writes curves.svg.

        Example:
          lumbarsim plot curves runs/trial --out figures
        """
    )

    @OptionGroup var target: PlotTarget

    func run() throws {
        let (figures, folder) = try target.open()
        try target.write(try figures.curves().svg(), PlotKind.curves.fileName, into: folder)
    }
}

struct PlotTimecourse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timecourse",
        abstract: "Outcomes over the weeks of care (CSA, torque, endurance as fatigue, pain), one panel per outcome.",
        discussion: """
        A trial folder is drawn from timecourse.csv; a simulate folder is summarised from tests.csv and \
        outcomes.csv at every test week. One line per arm with its confidence band. Writes timecourse.svg.

        Example:
          lumbarsim plot timecourse runs/trial
        """
    )

    @OptionGroup var target: PlotTarget

    func run() throws {
        let (figures, folder) = try target.open()
        try target.write(try figures.timecourse().svg(), PlotKind.timecourse.fileName, into: folder)
    }
}

struct PlotForest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forest",
        abstract: "A forest plot of each arm's effect against the reference arm (trial folders, effects.csv).",
        discussion: """
        Without --outcome: Hedges' g with its confidence interval for every outcome but the single angles, \
        grouped by outcome on one standardised axis (forest.svg). With --outcome: the ANCOVA difference at \
        follow-up in the outcome's own unit, with p-values (forest-OUTCOME.svg). A line marks no effect.

        Outcomes: torque_0 ... torque_72, torque_mean, csa_cm2, endurance_s, rom_deg, pain_vas, odi.

        Examples:
          lumbarsim plot forest runs/trial
          lumbarsim plot forest runs/trial --outcome torque_36
        """
    )

    @OptionGroup var target: PlotTarget

    @Option(help: "One outcome of effects.csv, drawn in its own unit.")
    var outcome: String?

    func run() throws {
        let (figures, folder) = try target.open()
        let name = outcome.map { "forest-\($0).svg" } ?? PlotKind.forest.fileName
        try target.write(try figures.forest(outcome: outcome).svg(), name, into: folder)
    }
}

struct PlotPower: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "The power curve: share of simulated trials that find each arm's effect, by subjects per arm.",
        discussion: """
        Drawn from power.csv, which `lumbarsim trial --power N1,N2,...` writes; one panel per outcome, one line \
        per arm with its confidence band, and the conventional 80 % line. Writes power.svg.

        Example:
          lumbarsim trial --power 10,20,40,80 --out runs/trial && lumbarsim plot power runs/trial
        """
    )

    @OptionGroup var target: PlotTarget

    func run() throws {
        let (figures, folder) = try target.open()
        try target.write(try figures.power().svg(), PlotKind.power.fileName, into: folder)
    }
}

struct PlotAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Every figure the run folder has data for.",
        discussion: """
        A trial folder gives curves, timecourse, forest and, when it has power.csv, power; a simulate folder \
        gives curves and timecourse (curves alone without --regimen, which tests only at week 0). Every figure is built before any file is written, so a bad table leaves \
        no partial set.

        Example:
          lumbarsim plot all runs/trial --out figures
        """
    )

    @OptionGroup var target: PlotTarget

    func run() throws {
        let (figures, folder) = try target.open()
        for (svg, name) in try figures.all() { try target.write(svg, name, into: folder) }
    }
}

struct PlotSensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Sobol total indices with their intervals, per output, from a `lumbarsim sensitivity` run folder.")

    @Argument(help: ArgumentHelp("A run folder written by `lumbarsim sensitivity`.", valueName: "RUN_DIR"))
    var runDir: String

    @Option(help: ArgumentHelp("Folder for the SVG file.", discussion: "Default: RUN_DIR/plots."))
    var out: String?

    @Option(help: "An output to draw (repeat), as in sensitivity.csv. Default: every output with Sobol indices.")
    var output: [String] = []

    func run() throws {
        let run = URL(fileURLWithPath: runDir)
        let figure = try SensitivityResult.read(from: run).figure(outputs: output)
        let folder = out.map { URL(fileURLWithPath: $0) } ?? run.appendingPathComponent(ReplacePolicy.plotsFolder)
        try PlotOutput.write(figure.svg(), name: SensitivityResult.figureName, into: folder)
        print("wrote \(folder.appendingPathComponent(SensitivityResult.figureName).path)")
    }
}
