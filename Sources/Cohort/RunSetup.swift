import Foundation
import Device
import LumbarDatasets
import Physiology

/// Everything a run reads from data, loaded and checked once: the physiology constants, a cohort, a device,
/// and the fingerprint of the files they came from.
public struct RunSetup: Sendable {
    public let store: DatasetStore
    public let model: TorqueModel
    public let sampler: CohortSampler
    public let deviceSpec: DeviceSpec
    public let parameterHash: String
    /// The files hashed, as given (bundled ones relative to `Datasets/`).
    public let parameterFiles: [String]

    public var cohort: CohortDefinition { sampler.definition }

    public init(datasets: String? = nil, cohort: String = CohortDefinition.defaultName,
                device: String = DeviceSpec.defaultName) throws {
        store = try DatasetStore.locate(explicit: datasets)
        let constantsURL = store.url(PhysiologyConstants.datasetPath)
        let cohortURL = try store.resolve(cohort, in: "cohorts", kind: "cohort")
        let deviceURL = try store.resolve(device, in: "device", kind: "device")
        let constants = try PhysiologyConstants.load(from: store)
        model = TorqueModel(constants: constants)
        let definition = try DataFile.decode(CohortDefinition.self, from: cohortURL, displayName: store.displayName(cohortURL))
        sampler = try CohortSampler(definition: definition, model: model)
        deviceSpec = try DataFile.decode(DeviceSpec.self, from: deviceURL, displayName: store.displayName(deviceURL))

        var hash = ParameterHash()
        var files: [String] = []
        for url in [constantsURL, cohortURL, deviceURL] {
            let name = store.relativeName(url)
            hash.add(name: name, contents: [UInt8]((try? Data(contentsOf: url)) ?? Data()))
            files.append(name)
        }
        parameterHash = hash.hexDigest
        parameterFiles = files
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
