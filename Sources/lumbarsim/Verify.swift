import ArgumentParser
import Foundation
import RunOutput

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a run folder's tables against the digests its manifest recorded.",
        discussion: """
        Recomputes the SHA-256 of every table that manifest.json lists (runs of earlier versions: size and CRC-32) \
        and prints one line per table that is missing or changed. Exit status 0 when every table matches, 1 when \
        one does not or the folder is not a run folder.

        Examples:
          lumbarsim verify lumbarsim-out
          lumbarsim verify runs/trial-1 && echo unchanged
        """
    )

    @Argument(help: ArgumentHelp("A run folder written by simulate, trial or merge.", valueName: "RUN_DIR"))
    var runDir: String

    func run() throws {
        let folder = URL(fileURLWithPath: runDir).standardizedFileURL
        let report = try RunVerification.check(folder)
        for problem in report.problems { print("\(folder.path)/\(problem)") }
        guard report.problems.isEmpty else {
            throw CheckFailed("\(report.problems.count) of \(report.problems.count + report.verified.count) file(s) of \(folder.path) do not match its manifest")
        }
        print("\(folder.path): all \(report.verified.count) files match their manifest")
    }
}
