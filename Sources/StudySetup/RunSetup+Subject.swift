import Foundation
import LumbarDatasets
import Physiology

extension RunSetup {
    /// The subject a single-subject command works on: the one in `file` (a subject YAML, checked), else subject `id`
    /// of the setup's cohort.
    public func subject(file: String?, id: Int, seed: UInt64) throws -> SubjectParameters {
        guard let file else { return try sampler.subject(id: id, seed: seed) }
        let person = try DataFile.decode(SubjectParameters.self, from: URL(fileURLWithPath: file), displayName: file)
        try person.validate()
        return person
    }
}
