import ArgumentParser
import BuildStamp
import Foundation
import LumbarDatasets
import RunOutput
import Trial

@main
struct LumbarSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lumbarsim",
        abstract: "Simulate lumbar extensor strength, a MedX-style lumbar extension machine, and virtual cohorts.",
        discussion: """
        Every physiological number comes from Datasets/ (with its source); runs are reproducible for a seed.
        Start with `lumbarsim simulate` (1,000 healthy adults, seed 1) and look at the output folder.

        Exit status: 0 done; 1 the run failed (a bad data file, a check that did not pass, a file that could not be \
        written); 64 a usage error (an unknown subcommand or option, a value out of range); 128+N stopped by \
        signal N (SIGINT 130, SIGTERM 143), with the command that resumes the run.
        """,
        version: "\(LumbarSimVersion.current) (git commit \(BuildStamp.commitDescription))",
        subcommands: [Simulate.self, RunCommand.self, Merge.self, DeviceCommand.self, Validate.self, Calibrate.self, TrialCommand.self,
                      SensitivityCommand.self, CredibilityCommand.self, PlotCommand.self, ExportCommand.self, Verify.self],
        defaultSubcommand: Simulate.self
    )

    /// ArgumentParser's main, except that a mistyped subcommand, `help` of an unknown one and every usage error
    /// found while running exit 64 with one line, as ArgumentParser's own validation errors do.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = CommandWords.problem(in: arguments, root: self) { refuse(problem) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as UsageError {
            refuse(error.description)
        } catch let error as TrialError {
            refuse(error.description)
        } catch let code as ExitCode {
            // Thrown after the command has said why (an interrupted run, a failed check): nothing more to print.
            Foundation.exit(code.rawValue)
        } catch {
            // ArgumentParser follows a parse error with the usage and a hint (3-5 lines); one line is promised. Help
            // and --version are "errors" that exit 0 with their text.
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let line = message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(code)"
            // Quoted input ('the value ...') as an excerpt: an argument may be megabytes long.
            let message = DataFile.excerptingQuotes(line)
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }

    private static func refuse(_ message: String) -> Never {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        exit(withError: ExitCode.validationFailure)
    }
}
