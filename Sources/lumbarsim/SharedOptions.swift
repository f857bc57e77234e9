import ArgumentParser
import Cohort
import Device
import Foundation

/// Options that choose the data and the population, shared by every command that simulates subjects.
struct PopulationOptions: ParsableArguments {
    @Option(help: "Bundled cohort name (healthy-adults, clbp-adults) or the path of a cohort YAML file.")
    var cohort = CohortDefinition.defaultName

    @Option(help: "Random seed; the same seed gives byte-identical results on any number of threads.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Datasets folder to read parameters from.", discussion: "Default: LUMBARSIM_DATASETS, else the Datasets/ of this checkout."))
    var datasets: String?

    @Option(help: "Bundled device name or the path of a device YAML file.")
    var device = DeviceSpec.defaultName
}

/// Load-cell overrides for a run; unset options keep the device file's values.
struct SamplingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Load-cell sample rate in Hz.", discussion: "Default: the device file's rate (1000 Hz)."))
    var rate: Double?

    @Option(name: .customLong("adc-bits"), help: "ADC resolution in bits (8-24). Default: the device file's value.")
    var adcBits: Int?
}

/// `--uncertainty N`: the commands that rerun their study under N parameter sets to add the model's uncertainty.
struct UncertaintyOption: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Rerun under N parameter sets (at least 2) to add the model's uncertainty.",
                               discussion: "The sets lie on a Latin hypercube over every uncertain input of Datasets/ (as `sensitivity` varies them, but calibrate's parameters drawn jointly from their covariance in fitted.yaml), one set per thread; the subjects, allocation and streams stay the same, and the seed fixes the sets. trial: effects.csv gains model_low, model_high (2.5th and 97.5th percentiles of the estimate over the sets) and model_share (their variance over it plus the squared standard error). validate: each simulated row gains model_low, model_high and model_meets_band. simulate: the run folder gains uncertainty.csv (the same three figures for each arm's, week's and headline outcome's mean and change from baseline). Without it the output is as before."))
    var uncertainty: Int?

    func validate() throws {
        if let uncertainty, uncertainty < 2 { throw ValidationError("--uncertainty must be at least 2 parameter sets (got \(uncertainty))") }
    }
}

/// A progress line on stderr, drawn only when stderr is a terminal (never in logs or CI).
final class ProgressLine: @unchecked Sendable {
    private var total: Int
    private var label: String
    private var start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private let enabled = isatty(STDERR_FILENO) != 0
    /// Work already done when the first update came (a resumed run's earlier chunks): not part of the rate.
    private var initial: Int?

    init(total: Int = 0, label: String) {
        self.total = total
        self.label = label
    }

    /// Progress of a run with phases: a new label starts a new line, with its own total and rate.
    func update(_ done: Int, of total: Int, label: String) {
        guard enabled else { return }
        lock.lock()
        if label != self.label || total != self.total {
            if self.total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
            self.label = label
            self.total = total
            start = Date()
            initial = nil
            lastDraw = .distantPast
        }
        lock.unlock()
        update(done)
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let base = initial ?? done
        initial = base
        let rate = elapsed > 0 ? Double(done - base) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d %@  %.0f/s  ETA %.0fs ", bar, done, total, label, rate, eta).utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// A usage error found while running, printed as one line (ArgumentParser's `ValidationError` would add the usage
/// text); the tool exits 64, as for ArgumentParser's own usage errors.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A check the user asked for that did not pass (`validate`, `calibrate --check`): one line, exit 1.
struct CheckFailed: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Prints a value as pretty, key-sorted JSON: the machine-readable form of every `--json` option.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
