import ArgumentParser
import Foundation
import RunOutput

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the shard folders of one run into the run folder the unsharded run would have written.",
        discussion: """
        Each DIR is the output folder of `lumbarsim simulate --shard i/N`, and all N shards must be given (in any \
        order). The tables of the result are byte-identical to those of the same run without --shard. Refused, \
        with nothing written: folders that are not finished runs, shards of different runs (seed, cohort, \
        subjects, regimens, device, sample rate, ADC bits, parameter files, version, commit, --gzip or \
        --chunk-size differ), a shard given twice or missing, and shard files that no longer match their manifest (size or CRC-32).

        Examples:
          lumbarsim merge runs/big-shard-* --out runs/big
          lumbarsim merge runs/s1 runs/s2 runs/s3 runs/s4 --out runs/all
        """
    )

    @Argument(help: ArgumentHelp("Shard folders written by `simulate --shard i/N`.", valueName: "DIR"))
    var folders: [String]

    @Option(help: "Output folder (an earlier run folder there is replaced).")
    var out: String

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give the shard folders to merge") }
    }

    func run() throws {
        let manifest = try RunMerge.merge(folders.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out),
                                          commandLine: CommandLine.arguments)
        print("wrote \(URL(fileURLWithPath: out).standardizedFileURL.path): \(manifest.subjects) subjects of \(manifest.cohort) " +
              "x \(manifest.arms.count) arm(s), seed \(manifest.seed), joined from \(folders.count) shards")
    }
}
