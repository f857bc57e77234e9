import ArgumentParser
import Device
import Foundation
import LumbarDatasets
import RunOutput
import Simulation
import StudySetup

struct DeviceSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Study sampling rate and sensor fidelity: peak and strength-curve errors over a cohort for each setting.",
        discussion: """
        Tests the same untrained subjects under every combination of --rates, --adc-bits and --noise-sd and \
        compares the reported peaks with the true ones. Writes one CSV row per setting (sample_rate_hz, adc_bits, \
        noise_sd_Nm, subjects, peak_mae_Nm, peak_rmse_Nm, peak_bias_Nm, peak_mape_percent, curve_rmse_percent) and \
        prints a table.

        Examples:
          lumbarsim device sweep
          lumbarsim device sweep --rates 50,100,1000 --adc-bits 8,12,16 \\
              --noise-sd 0.8 --subjects 500 --out sweep.csv
        """
    )

    @OptionGroup var population: PopulationOptions

    @Option(parsing: .unconditional, help: "Number of virtual subjects (at least 1).")
    var subjects = 200

    @Option(help: "Sample rates to test, Hz, comma-separated.")
    var rates = "50,100,250,500,1000,2000"

    @Option(name: .customLong("adc-bits"), help: "ADC resolutions to test, bits (8-24), comma-separated.")
    var adcBits = "8,10,12,16"

    @Option(name: .customLong("noise-sd"), help: ArgumentHelp("White-noise SDs to test, N*m, comma-separated.", discussion: "Default: the device file's value."))
    var noiseSD: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores."))
    var threads: Int?

    @Option(help: "Where to write the CSV.")
    var out = "device-sweep.csv"

    @Flag(help: "Print the rows as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard subjects >= 1 else { throw ValidationError("--subjects must be at least 1 (got \(subjects))") }
    }

    func run() throws {
        let setup = try RunSetup(datasets: population.datasets, cohort: population.cohort, device: population.device)
        let rateList = try numbers(rates, "--rates")
        let bitList = try numbers(adcBits, "--adc-bits").map { bits -> Int in
            guard bits == bits.rounded() else { throw UsageError("--adc-bits takes whole numbers (got \(bits))") }
            return Int(bits)
        }
        let sweep = try SweepStudy(setup: setup, subjects: subjects, seed: population.seed, rates: rateList, adcBits: bitList,
                                   noiseSD: try noiseSD.map { try numbers($0, "--noise-sd") },
                                   threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let rows = sweep.rows
        try AtomicFile.write(sweep.table.data, to: URL(fileURLWithPath: out))
        if json {
            try printJSON(rows)
        } else {
            print("rate_Hz  adc_bits  noise_Nm  peak_MAE_Nm  peak_bias_Nm  curve_RMSE_%   (\(sweep.subjects) subjects; CSV: \(out))")
            for r in rows {
                print(String(format: "%7.0f  %8d  %8.2f  %11.3f  %12.3f  %12.3f", r.setting.sampleRateHz, r.setting.adcBits,
                             r.setting.noiseSdNm, r.peakMAE, r.peakBias, r.curveRMSE))
            }
        }
    }

    private func numbers(_ list: String, _ option: String) throws -> [Double] {
        let values = list.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw UsageError("\(option) takes comma-separated numbers (got '\(DataFile.excerpt(list))')")
        }
        return values.compactMap { $0 }
    }
}

struct DeviceThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Measure the sampling hot path on this machine: samples/s, per-block latency, real-time headroom.",
        discussion: """
        Streams --batch subjects through the sampling kernel in blocks of --block-ms of signal at --rate, timing \
        every block. Reports samples/s, block latency percentiles (p50, p99, p99.9) and whether the p99.9 block \
        finishes before the next block's signal would arrive (keeps up with real time).

        Examples:
          lumbarsim device throughput
          lumbarsim device throughput --rate 2000 --batch 4096 --threads 1 --json
        """
    )

    @Option(parsing: .unconditional, help: "Sample rate, Hz.")
    var rate: Double = 1000

    @Option(parsing: .unconditional, help: "Subjects sampled together (one device each).")
    var batch = 1024

    @Option(name: .customLong("block-ms"), help: "Signal time per block, ms.")
    var blockMs: Double = 100

    @Option(parsing: .unconditional, help: "Number of blocks to time.")
    var blocks = 200

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads.", discussion: "Default: all cores."))
    var threads: Int?

    @Option(help: ArgumentHelp("Datasets folder.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    @Option(help: "Bundled device name or the path of a device YAML file.")
    var device = DeviceSpec.defaultName

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let setup = try RunSetup(datasets: datasets, device: device)
        let settings = try setup.deviceSettings(sampleRateHz: rate)
        let report = try DeviceThroughput(settings: settings)
            .measure(batch: batch, blockSeconds: blockMs / 1000, blocks: blocks, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        if json {
            try printJSON(report)
        } else {
            print(String(format: "%.3g samples/s (%d subjects x %d samples per block, %d blocks, %d thread(s))",
                         report.samplesPerSecond, report.batch, report.blockSamples, report.blocks, report.threads))
            print(String(format: "block latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms for %.0f ms of signal: %@",
                         report.p50 * 1e3, report.p99 * 1e3, report.p999 * 1e3, blockMs,
                         report.keepsUp ? "keeps up with real time" : "does NOT keep up with real time"))
        }
    }
}
