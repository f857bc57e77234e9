import Cohort
import Device
import Foundation
import LumbarDatasets
import Physiology
import Regimens
@testable import lumbarsim

/// One libFuzzer entry point for every target; `LUMBARSIM_FUZZ_TARGET` picks which (scripts/fuzz.sh sets it), so
/// that one build serves them all. A crash or a trap is a finding, whose input libFuzzer keeps; so is a refusal that is
/// not one short line naming the file (kept by ``keep(_:)``).
enum FuzzTarget: String, CaseIterable {
    case regimen, cohort, device, study, fitted, cli

    /// The display name the decoders are given, which every refusal must start with.
    static let file = "fuzz.yaml"

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["LUMBARSIM_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set LUMBARSIM_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// The checkout's Datasets/ and the physiology a cohort is sampled with, read once.
    static let store = try! DatasetStore.locate()
    static let physiology = try! PhysiologyModel(store: store)
    static let limits = try! PhysicalLimits.load(from: store)
    /// A study file is read from a path; one file per process, on tmpfs where there is one.
    static let studyPath = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        + "/lumbarsim-fuzz-\(getpid()).yaml"

    func run(_ text: String) {
        do {
            switch self {
            case .regimen:
                let regimen = try DataFile.decode(Regimen.self, text: text, displayName: Self.file)
                // The schedule functions on whatever decoding let through: bounded by the course limit.
                _ = regimen.testWeeks
                for dose in DoseKind.allCases { _ = regimen.sessionDays(for: dose) }
            case .cohort:
                let cohort = try DataFile.decode(CohortDefinition.self, text: text, displayName: Self.file)
                try DataFile.checked(file: Self.file) { try cohort.checkLimits(Self.limits) }
                let sampler = try CohortSampler(definition: cohort, model: Self.physiology.torque,
                                                specificTensionMean: Self.physiology.specificTensionMean,
                                                fatigabilitySD: Self.physiology.fatigue.fatigabilitySD.value)
                _ = try? sampler.subject(id: 0, seed: 1)
            case .device:
                let spec = try DataFile.decode(DeviceSpec.self, text: text, displayName: Self.file)
                try DeviceSettings(spec: spec).validate()
            case .fitted:
                _ = try DataFile.decode(FittedParameters.self, text: text, displayName: Self.file)
            case .study:
                try Data(text.utf8).write(to: URL(fileURLWithPath: Self.studyPath))
                let study = try StudyFile(path: Self.studyPath)
                switch study.command {
                case .simulate: _ = try study.parse(Simulate.self, out: nil, extra: [])
                case .trial: _ = try study.parse(TrialCommand.self, out: nil, extra: [])
                }
            case .cli:
                // One argument per line, as a shell would pass them.
                let arguments = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if CommandWords.problem(in: arguments, root: LumbarSimCommand.self) == nil {
                    _ = try LumbarSimCommand.parseAsRoot(arguments)
                }
            }
        } catch {
            check(refusal: error, input: text)
        }
    }

    /// Every refusal is one short line that names the file (a data file's errors) and, for parse errors, is one line
    /// once the CLI has taken its first line.
    func check(refusal error: any Error, input: String) {
        let message = self == .cli ? LumbarSimCommand.message(for: error) : String(describing: error)
        let first = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        var problems: [String] = []
        if self != .cli && message.contains(where: \.isNewline) { problems.append("more than one line") }
        if self != .cli && self != .study && !first.hasPrefix(Self.file + ": ") && !first.hasPrefix("not found") {
            problems.append("does not name the file")
        }
        if self == .study && !first.hasPrefix(Self.studyPath + ": ") { problems.append("does not name the file") }
        if first.count > Self.maxMessage { problems.append("\(first.count) characters") }
        if !problems.isEmpty {
            FileHandle.standardError.write(Data("refusal \(problems.joined(separator: ", ")): \(message.prefix(300))\n".utf8))
            Self.keep(input)
        }
    }

    /// A bad refusal is a finding, but not a crash: the campaign goes on and counts them, and the input is kept in
    /// `LUMBARSIM_FUZZ_FINDINGS` (scripts/fuzz.sh fails a smoke run that printed any).
    static func keep(_ input: String) {
        guard let folder = ProcessInfo.processInfo.environment["LUMBARSIM_FUZZ_FINDINGS"] else { return }
        let name = String(input.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }, radix: 16)
        try? Data(input.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("refusal-" + name))
    }

    /// The longest refusal accepted: a file name, a field path and a reason, with quoted input cut to an excerpt.
    static let maxMessage = 600
}

@_cdecl("LLVMFuzzerTestOneInput")
public func lumbarSimFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.current.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
