import Cohort
import Foundation
import LumbarDatasets
import Regimens
import StudySetup

/// Everything a trial reads from data, loaded and checked once: the run setup (physiology, device, the arms'
/// regimens), every cohort subjects are enrolled from, the trial defaults, and the fingerprint of all their files.
public struct TrialSetup: Sendable {
    public let run: RunSetup
    /// The cohorts in the order given; subject i is enrolled from cohort i mod count.
    public let samplers: [CohortSampler]
    public let defaults: TrialDefaults
    public let parameterHash: String
    public let parameterFiles: [String]

    public var store: DatasetStore { run.store }
    public var cohortNames: [String] { samplers.map(\.definition.name) }

    public init(datasets: String? = nil, cohorts: [String], device: String, arms: [String]) throws {
        run = try RunSetup(datasets: datasets, cohort: cohorts.first ?? CohortDefinition.defaultName, device: device, regimens: arms)
        defaults = try TrialDefaults.load(from: run.store)
        var samplers = [run.sampler]
        var files = run.parameterFiles
        for name in cohorts.dropFirst() {
            let url = try run.store.resolve(name, in: "cohorts", kind: "cohort")
            let definition = try DataFile.decode(CohortDefinition.self, from: url, displayName: run.store.displayName(url))
            guard !samplers.contains(where: { $0.definition.name == definition.name }) else { throw TrialError.duplicateCohort(name) }
            samplers.append(try CohortSampler(definition: definition, model: run.model, specificTensionMean: run.physiology.specificTensionMean,
                                              fatigabilitySD: run.physiology.fatigue.fatigabilitySD.value))
            files.append(run.store.relativeName(url))
        }
        files.append(TrialDefaults.datasetPath)
        self.samplers = samplers
        parameterFiles = files
        var hash = ParameterHash()
        for name in files {
            let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : run.store.url(name)
            hash.add(name: name, contents: [UInt8]((try? Data(contentsOf: url)) ?? Data()))
        }
        parameterHash = hash.hexDigest
    }
}
