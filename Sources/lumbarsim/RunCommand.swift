import ArgumentParser
import Foundation

/// `lumbarsim run STUDY.yaml`: a `simulate` or a `trial` described in one file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a simulate or a trial described in a study file (YAML), e.g. a run folder's study.yaml.",
        discussion: """
        The file gives `command: simulate` or `command: trial` and that command's options, each key the long option \
        with _ for - (subjects: 500, per_arm: 30, test_weeks: [0, 12], regimen: [stretching, my-regimen.yaml], \
        gzip: true); repeatable options take a list. Unknown keys are refused, and every value is checked as on the \
        command line. Relative file paths are read from the study file's folder.

        Every run folder holds its own study.yaml (with copies of the user's YAML files in inputs/), so \
        `lumbarsim run RUN_DIR/study.yaml --out OTHER` reproduces the run's tables byte for byte.

        Examples:
          lumbarsim run study.yaml
          lumbarsim run runs/clbp/study.yaml --out runs/clbp-again
        """
    )

    @Argument(help: "The study file.")
    var study: String

    @Option(help: ArgumentHelp("Output folder.", discussion: "Default: the study's out, else the command's default."))
    var out: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores. Results do not depend on it."))
    var threads: Int?

    @Flag(help: "Replace a LumbarSim run folder of another command at the output folder (as the command's --force).")
    var force = false

    func run() throws {
        let file = try StudyFile(path: study)
        let extra = (threads.map { ["--threads", String($0)] } ?? []) + (force ? ["--force"] : [])
        switch file.command {
        case .simulate:
            let command = try file.parse(Simulate.self, out: out, extra: extra)
            try command.execute(try file.naming(command.prepare))
        case .trial:
            let command = try file.parse(TrialCommand.self, out: out, extra: extra)
            try command.execute(try file.naming(command.prepare))
        }
    }
}
