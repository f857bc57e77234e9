import Cohort
import Device
import RunOutput

extension RunCounts {
    /// The counts of `outcomes`, whose tests ran with `settings`.
    public init(_ outcomes: [SubjectOutcome], settings: DeviceSettings) {
        self.init()
        subjects = outcomes.count
        let perAngle = settings.effortProfile.count
        for visit in outcomes.lazy.flatMap({ $0.arms.joined() }) where visit.isometric.samples > 0 {
            samplesRecorded += visit.isometric.samples
            samplesComputed += settings.zeroSampleCount + visit.isometric.anglesDeg.count * perAngle
        }
    }
}
