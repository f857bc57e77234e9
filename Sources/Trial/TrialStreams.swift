import LumbarNumerics

/// The random substreams a trial draws from, all under ``StreamPurpose/trial``: each use has its own, so adding
/// draws for one never shifts another, and each is addressed by (seed, subject or list, use).
enum TrialStream: UInt32 {
    /// A subject's arm under simple randomisation.
    case allocation = 1
    /// One permuted-block list (the whole trial, or one stratum).
    case blockList = 2
    /// A subject's adherence and loss to follow-up.
    case participation = 3
    /// A subject's attendance, session by session.
    case attendance = 4
    /// The seeds of the repeated trials of a power analysis.
    case replicate = 5

    func stream(seed: UInt64, _ index: UInt64) -> RandomStream {
        RandomStream(seed: seed, stream: index, substream: StreamPurpose.trial.rawValue | rawValue << 8)
    }
}
