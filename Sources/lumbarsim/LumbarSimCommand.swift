import ArgumentParser
import RunOutput

@main
struct LumbarSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lumbarsim",
        abstract: "Simulate lumbar extensor strength, a MedX-style lumbar extension machine, and virtual cohorts.",
        discussion: """
        Every physiological number comes from Datasets/ (with its source); runs are reproducible for a seed.
        Start with `lumbarsim simulate` (1,000 healthy adults, seed 1) and look at the output folder.
        """,
        version: LumbarSimVersion.current,
        subcommands: [Simulate.self, Merge.self, DeviceCommand.self, Validate.self, Calibrate.self, TrialCommand.self, PlotCommand.self,
                      ExportCommand.self],
        defaultSubcommand: Simulate.self
    )
}
