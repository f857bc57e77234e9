import Foundation
import RunOutput
import Synchronization

/// SIGINT and SIGTERM during a streamed run: the first asks the run to stop at the next chunk boundary (finished
/// chunks are kept for `--resume`); a second one ends the process at once, which a resume also survives.
enum RunSignals {
    static let stop = StopFlag()
    /// The signal that asked for the stop, for the exit status (128 + signal, as shells report it).
    private static let received = Atomic<Int32>(0)

    static func install() {
        for signal in [SIGINT, SIGTERM] {
            Glibc.signal(signal) { number in
                RunSignals.received.store(number, ordering: .relaxed)
                RunSignals.stop.request()
                Glibc.signal(number, SIG_DFL)
            }
        }
    }

    static var exitCode: Int32 { 128 + received.load(ordering: .relaxed) }

    /// The command that continues this run: these arguments with `--resume DIR` in place of `--out`/`--resume`.
    static func resumeCommand(arguments: [String], folder: String) -> String {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments.dropFirst() {
            if skipNext { skipNext = false; continue }
            if argument == "--out" || argument == "--resume" { skipNext = true; continue }
            if argument.hasPrefix("--out=") || argument.hasPrefix("--resume=") { continue }
            kept.append(argument)
        }
        return (["lumbarsim"] + kept + ["--resume", folder]).map(shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+@".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
