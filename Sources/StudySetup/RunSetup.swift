import Cohort
import Course
import Device
import Foundation
import LumbarDatasets
import Physiology
import Regimens

/// Everything a command reads from data, loaded and checked once: the physiology constants, the cohorts, a device,
/// the regimens of the arms, and the fingerprint of the files they came from. Every command builds its
/// configuration here (`simulate`, `trial`, `validate`, `calibrate` and the device commands).
public struct RunSetup: Sendable {
    public let store: DatasetStore
    public let physiology: PhysiologyModel
    /// The cohorts in the order given (a trial enrols subject i from cohort i mod count); at least one.
    public let samplers: [CohortSampler]
    public let deviceSpec: DeviceSpec
    public let regimens: [Regimen]
    /// Bundled files by their names relative to `Datasets/`, a user's files by file name, each with its contents.
    public let parameterHash: String
    /// The files hashed, as given (bundled ones relative to `Datasets/`).
    public let parameterFiles: [String]
    /// SHA-256 of each parameter file's contents, by its name in `parameterFiles`: the same file in another folder
    /// has the same digest.
    public let parameterDigests: [String: String]

    /// The first cohort (the only one outside a trial).
    public var sampler: CohortSampler { samplers[0] }
    public var cohort: CohortDefinition { sampler.definition }
    public var model: TorqueModel { physiology.torque }

    /// `fitted` replaces the committed fitted parameters (calibrate evaluates candidates through it); `overrides`
    /// replace values of the bundled parameter files (sensitivity analyses).
    public init(datasets: String? = nil, cohort: String = CohortDefinition.defaultName,
                device: String = DeviceSpec.defaultName, regimens regimenNames: [String] = [],
                fitted: FittedParameters? = nil, overrides: DatasetOverrides = DatasetOverrides()) throws {
        try self.init(datasets: datasets, cohorts: [cohort], device: device, regimens: regimenNames, fitted: fitted, overrides: overrides)
    }

    /// Several cohorts, and `alsoHashing`: further bundled files the command reads (their names relative to
    /// `Datasets/`), fingerprinted after the others.
    public init(datasets: String? = nil, cohorts cohortNames: [String], device: String = DeviceSpec.defaultName,
                regimens regimenNames: [String] = [], fitted: FittedParameters? = nil, overrides: DatasetOverrides = DatasetOverrides(),
                alsoHashing: [String] = []) throws {
        var located = try DatasetStore.locate(explicit: datasets)
        located.overrides = overrides
        store = located
        let datasets = store
        let names = cohortNames.isEmpty ? [CohortDefinition.defaultName] : cohortNames
        let cohortURLs = try names.map { try datasets.resolve($0, in: "cohorts", kind: "cohort") }
        let deviceURL = try store.resolve(device, in: "device", kind: "device")
        let physiology = try PhysiologyModel(store: store, fitted: fitted)
        self.physiology = physiology
        var samplers: [CohortSampler] = []
        let limits = try PhysicalLimits.load(from: store)
        for (name, url) in zip(names, cohortURLs) {
            let definition = try DataFile.decode(CohortDefinition.self, from: url, displayName: datasets.displayName(url))
            try DataFile.checked(file: datasets.displayName(url)) { try definition.checkLimits(limits) }
            guard !samplers.contains(where: { $0.definition.name == definition.name }) else {
                throw DatasetError.invalidValue(path: "--cohort", reason: "'\(name)' is given twice")
            }
            samplers.append(try CohortSampler(definition: definition, model: physiology.torque,
                                              specificTensionMean: physiology.specificTensionMean,
                                              fatigabilitySD: physiology.fatigue.fatigabilitySD.value))
        }
        self.samplers = samplers
        deviceSpec = try DataFile.decode(DeviceSpec.self, from: deviceURL, displayName: store.displayName(deviceURL))
        let regimenURLs = try regimenNames.map { try datasets.resolve($0, in: Regimen.folder, kind: "regimen") }
        let loaded = try regimenNames.map { try Regimen.load($0, from: datasets) }
        regimens = loaded
        if let duplicate = Self.firstDuplicate(loaded.map(\.name)) {
            throw DatasetError.invalidValue(path: "--regimen", reason: "arm '\(duplicate)' is given twice")
        }

        var hash = ParameterHash()
        var files: [String] = []
        var digests: [String: String] = [:]
        let urls = PhysiologyModel.datasetPaths.map(store.url) + [cohortURLs[0], deviceURL] + regimenURLs
            + cohortURLs.dropFirst() + alsoHashing.map(store.url)
        for url in urls {
            let name = store.relativeName(url)
            let contents = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            // A user's file counts by its file name, not its folder: the copy a run folder keeps in inputs/ (or the
            // same file anywhere else) gives the same hash.
            hash.add(name: name == url.path ? url.lastPathComponent : name, contents: contents)
            digests[name] = SHA256.hex(contents)
            files.append(name)
        }
        if !overrides.isEmpty { hash.add(name: "overrides", contents: Array(overrides.description.utf8)) }
        parameterHash = hash.hexDigest
        parameterFiles = files
        parameterDigests = digests
    }

    /// The arms of a run: one per regimen, or the baseline test alone.
    public var arms: [Arm] { regimens.isEmpty ? [.baseline] : regimens.map(Arm.init(regimen:)) }

    /// A runner over this setup's cohort and arms, testing at `testWeeks` (nil: each regimen's own weeks).
    public func runner(settings: DeviceSettings, seed: UInt64, instrument: CourseOfCare.Instrument = .sampled,
                       testWeeks: [Int]? = nil) throws -> CohortRunner {
        CohortRunner(sampler: sampler, physiology: physiology, test: try IsometricTest(settings: settings, model: model),
                     arms: arms, seed: seed, instrument: instrument, testWeeks: testWeeks)
    }

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }

    /// Device settings from the device file with the user's overrides, validated.
    public func deviceSettings(sampleRateHz: Double? = nil, adcBits: Int? = nil) throws -> DeviceSettings {
        var settings = DeviceSettings(spec: deviceSpec)
        if let sampleRateHz { settings.sampleRateHz = sampleRateHz }
        if let adcBits { settings.adcBits = adcBits }
        try settings.validate()
        return settings
    }
}
