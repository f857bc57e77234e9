import Cohort
import Device
import Foundation
import RunOutput
import StudySetup

/// A `simulate` run through ``CohortStream`` into a run folder, from a fresh start or resumed: plans the manifest,
/// runs the chunks that are not done, then assembles the tables in subject order and moves the folder into place.
///
/// Until it completes, the run lives in the resumable staging folder `.NAME.partial` beside the destination.
/// Interrupted (a stop request, a SIGKILL, a full disk) it keeps its finished chunks there; a deterministic
/// failure (bad input, a cohort that cannot be drawn) removes it, as a non-streamed run would.
public struct StreamedRun {
    /// Where a run goes unless told otherwise.
    public static let defaultFolder = "lumbarsim-out"

    public let setup: RunSetup
    public let settings: DeviceSettings
    public let seed: UInt64
    public let subjects: Int
    public let shard: Shard
    public let chunkSize: Int
    public let format: TableFormat
    public let destination: URL
    public let commandLine: [String]
    /// Weeks of the test visits in every arm; nil keeps each regimen's own.
    public let testWeeks: [Int]?
    /// Replace a LumbarSim run folder of another command at the destination (``ReplacePolicy``).
    public let force: Bool
    /// `study.yaml` and the user's input files, written into the staging folder when the run starts (a resume
    /// reads the study back from there) and again when it completes, and listed among the outputs.
    public let study: StudyFiles
    /// `--uncertainty N`: the run's summary rerun under N parameter sets into ``RunUncertainty/fileName``; nil
    /// writes nothing more.
    public let uncertainty: RunUncertainty?

    public init(setup: RunSetup, settings: DeviceSettings, seed: UInt64, subjects: Int, shard: Shard, chunkSize: Int,
                format: TableFormat, destination: URL, commandLine: [String], testWeeks: [Int]? = nil,
                force: Bool = false, study: StudyFiles = StudyFiles(), uncertainty: RunUncertainty? = nil) throws(ShardError) {
        let chunks = Shard.chunkCount(subjects: subjects, chunkSize: chunkSize)
        guard shard.count <= chunks else {
            throw .moreShardsThanChunks(shards: shard.count, chunks: chunks, subjects: subjects, chunkSize: chunkSize)
        }
        self.setup = setup
        self.settings = settings
        self.seed = seed
        self.subjects = subjects
        self.shard = shard
        self.chunkSize = chunkSize
        self.format = format
        self.destination = destination.standardizedFileURL
        self.commandLine = commandLine
        self.testWeeks = testWeeks
        self.force = force
        self.study = study
        self.uncertainty = uncertainty
    }

    public enum Outcome {
        /// The run folder is in place.
        case complete(Manifest, thisProcess: RunCounts)
        /// `--resume` of a run that had already completed with the same settings: nothing to do.
        case alreadyComplete(Manifest)
        /// Stopped between chunks on request; `done` of `total` subjects are kept for a resume.
        case interrupted(done: Int, total: Int, staging: URL, thisProcess: RunCounts)
    }

    /// The manifest as planned before any work: settings and provenance, no results.
    public func plan(runner: CohortRunner) -> Manifest {
        let tables = RunTables.fileNames.map(format.fileName) + (uncertainty == nil ? [] : [RunUncertainty.fileName])
        var manifest = Manifest(
            gitCommit: LumbarSimVersion.gitCommit, command: "simulate", commandLine: commandLine,
            seed: seed, cohort: setup.cohort.name, subjects: subjects, threads: 0, device: setup.deviceSpec.name,
            sampleRateHz: settings.sampleRateHz, samplesTotal: 0, parameterHash: setup.parameterHash,
            parameterFiles: setup.parameterFiles, outputs: tables + study.names + [DataPackage.fileName, Manifest.fileName],
            arms: runner.arms.map(\.name), timingsS: [:])
        manifest.adcBits = settings.adcBits
        manifest.testWeeks = testWeeks
        manifest.chunkSize = chunkSize
        manifest.shard = Manifest.ShardInfo(shard, cohortSubjects: subjects, chunkSize: chunkSize)
        manifest.format = format
        manifest.uncertaintySets = uncertainty?.sets
        manifest.startedAt = Manifest.timestamp(Date())
        return manifest
    }

    /// Runs (or resumes) the whole run on `threads` threads.
    /// `uncertaintyProgress` is called with subjects done and the total over the committed and drawn parameter sets.
    public func execute(resume: Bool, threads: Int, stop: StopFlag, progress: (@Sendable (Int) -> Void)? = nil,
                        uncertaintyProgress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Outcome {
        let started = Date()
        let runner = try setup.runner(settings: settings, seed: seed, testWeeks: testWeeks)
        let stream = CohortStream(runner: runner, range: shard.subjects(of: subjects, chunkSize: chunkSize), chunkSize: chunkSize, format: format)
        let plan = plan(runner: runner)

        let folder: RunFolder
        let store: ChunkStore
        if resume {
            guard let adopted = try RunFolder(resuming: destination, replacing: policy) else {
                // No unfinished run: a finished one with the same settings is already what was asked for.
                guard let finished = Manifest.read(from: destination), finished.command == "simulate" else {
                    throw RunStateError.notARun(destination.path)
                }
                try check(finished, against: plan)
                return .alreadyComplete(finished)
            }
            folder = adopted
            if let assembled = Manifest.read(from: folder.staging) {
                // Killed after the tables and manifest were written: only the move into place is left.
                try check(assembled, against: plan)
                try finishMove(folder)
                return .alreadyComplete(assembled)
            }
            if ChunkStore.hasRecord(in: folder.staging) {
                store = try ChunkStore(opening: folder.staging, destination: destination)
                try check(store.plan, against: plan)
                try store.noteResumed()
            } else {
                // Killed before its first record: nothing was computed, so nothing can differ; start in place.
                try study.write(into: folder.staging)
                store = try ChunkStore(creating: folder.staging, plan: plan, chunkCount: stream.chunkCount)
            }
        } else {
            folder = try RunFolder(destination: destination, resumable: true, replacing: policy)
            try study.write(into: folder.staging)  // first: a staging folder with a record always holds its study
            store = try ChunkStore(creating: folder.staging, plan: plan, chunkCount: stream.chunkCount)
        }

        let counts: RunCounts
        do {
            counts = try stream.run(into: store, threads: threads, stop: stop, progress: progress)
        } catch let error as RunStateError {
            folder.keepsStaging = true  // the finished chunks stay for a resume (e.g. after freeing disk space)
            throw StreamError.keptForResume(error.description, destination: destination.path)
        }
        let simulateSeconds = Date().timeIntervalSince(started)
        let completed = store.completed
        guard completed.count == stream.chunkCount else {
            folder.keepsStaging = true
            let done = completed.reduce(0) { $0 + $1.counts.subjects }
            return .interrupted(done: done, total: stream.range.count, staging: folder.staging, thisProcess: counts)
        }

        // After every chunk, before assembling: a stop here keeps the chunks, and a resume reruns only this stage.
        let uncertaintyStart = Date()
        var uncertaintyTable: CSVTable?
        if let uncertainty {
            guard let summaries = try uncertainty.summaries(
                base: setup, settings: settings, seed: seed, testWeeks: testWeeks, range: stream.range, chunkSize: chunkSize,
                threads: threads, stop: stop, progress: uncertaintyProgress) else {
                folder.keepsStaging = true
                return .interrupted(done: stream.range.count, total: stream.range.count, staging: folder.staging, thisProcess: counts)
            }
            uncertaintyTable = RunUncertainty.table(summaries, armNames: runner.arms.map(\.name))
        }
        let uncertaintySeconds = Date().timeIntervalSince(uncertaintyStart)

        let writeStart = Date()
        folder.keepsStaging = true
        var manifest = store.plan
        manifest.applicabilityWarnings = try setup.applicabilityWarnings()
        do {
            manifest.files = try store.assemble(headers: stream.headers)
        } catch {
            throw StreamError.keptForResume(error.description, destination: destination.path)
        }
        let all = completed.reduce(RunCounts()) { $0 + $1.counts }
        manifest.threads = threads
        manifest.samplesTotal = all.samplesRecorded
        manifest.samplesComputed = all.samplesComputed
        let wall = Date().timeIntervalSince(started)
        manifest.timingsS = ["simulate": simulateSeconds, "write": Date().timeIntervalSince(writeStart), "total": wall]
        if uncertainty != nil { manifest.timingsS["uncertainty"] = uncertaintySeconds }
        manifest.performance = Manifest.Performance(subjects: counts.subjects, wallS: wall, samplesComputed: counts.samplesComputed,
                                                    peakRssMiB: ResourceUsage.peakResidentMiB, cpuS: ResourceUsage.cpuSeconds)
        do {
            try AtomicFile.write(RunTables.dataPackage(format: format).json(), to: folder.staging.appendingPathComponent(DataPackage.fileName))
            if let uncertaintyTable {
                try AtomicFile.write(uncertaintyTable.data, to: folder.staging.appendingPathComponent(RunUncertainty.fileName))
            }
            try study.write(into: folder.staging, listedIn: manifest.outputs)  // again: a power loss may have lost the first copy
            try manifest.recordProvenance(started: started, inputs: setup.parameterDigests, tablesIn: folder.staging)
            try AtomicFile.write(try manifest.json(), to: folder.staging.appendingPathComponent(Manifest.fileName), durable: true)
        } catch let error as OutputError {
            throw StreamError.keptForResume(error.description, destination: destination.path)
        }
        store.removeWorkFiles()
        try finishMove(folder)
        return .complete(manifest, thisProcess: counts)
    }

    /// What this run may replace at its destination: an earlier `simulate` run folder (another command's with --force).
    private var policy: ReplacePolicy { ReplacePolicy(command: "simulate", force: force) }

    /// Moves an assembled staging folder into place (replacing an earlier run there).
    private func finishMove(_ folder: RunFolder) throws {
        ChunkStore.removeWorkFiles(in: folder.staging)
        try folder.commit()
    }

    /// Refuses to continue a run whose recorded settings differ from this command's.
    private func check(_ recorded: Manifest, against plan: Manifest) throws(RunStateError) {
        if let difference = recorded.firstDifference(from: plan) {
            throw .differs(destination.path, key: difference.key, recorded: difference.ours, given: difference.theirs)
        }
        for (key, ours, theirs) in [("--chunk-size", recorded.chunkSize.map(String.init), plan.chunkSize.map(String.init)),
                                    ("--shard", recorded.shard.map { "\($0.index)/\($0.count)" }, plan.shard.map { "\($0.index)/\($0.count)" }),
                                    ("--uncertainty", recorded.uncertaintySets.map(String.init), plan.uncertaintySets.map(String.init))]
        where ours != theirs {
            throw .differs(destination.path, key: key, recorded: ours ?? "none", given: theirs ?? "none")
        }
    }
}

/// A streamed run that stopped on an error after finishing some chunks, which it kept.
public enum StreamError: Error, CustomStringConvertible {
    case keptForResume(String, destination: String)

    public var description: String {
        switch self {
        case .keptForResume(let reason, let destination):
            return "\(reason) (finished chunks are kept: fix the cause, then continue with --resume \(destination))"
        }
    }
}
