// A study in a user's package: the first 64 subjects of the bundled healthy cohort, seed 1, tested once on the
// virtual device, written as `tests.csv` to the path given (default: standard output). build.sh compares it with
// the table `lumbarsim simulate --subjects 64` writes: a dependent's portable kernel must give the same bytes as
// the checkout's Haswell build.
import Foundation
import LumbarSim

let setup = try RunSetup()
let outcomes = try setup.runner(settings: setup.deviceSettings(), seed: 1).run(count: 64, threads: 2)
let table = RunTables.tests(outcomes, armNames: ["baseline"])
if CommandLine.arguments.count > 1 {
    try table.data.write(to: URL(fileURLWithPath: CommandLine.arguments[1]))
} else {
    FileHandle.standardOutput.write(table.data)
}
