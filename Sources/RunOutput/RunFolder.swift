import Foundation

/// An output folder written all-or-nothing: files go to a hidden staging folder beside the destination,
/// which is renamed into place only when every file is written. A failed run leaves nothing behind.
///
/// A *resumable* folder stages in `.NAME.partial` (no process id), so that a later process can find it and
/// continue; its staging survives an interruption when ``keepsStaging`` is set.
public final class RunFolder {
    public let destination: URL
    public let staging: URL
    private var committed = false
    /// Parent folders this run created for `--out`, removed again if the run fails.
    private var createdParents: [URL] = []
    /// Leave the staging folder in place when the run does not complete (it can be resumed).
    public var keepsStaging = false
    /// Held from the start to the end of the run (see ``RunLock``).
    private let lock: RunLock

    /// A new run folder; a resumable one refuses to start over an unfinished run's staging. What exists at
    /// `destination` is replaced only as `policy` allows.
    public init(destination: URL, resumable: Bool = false, replacing policy: ReplacePolicy) throws(OutputError) {
        let fm = FileManager.default
        // Checked before any property is set: a refusal must not run deinit, which would clean up what it found.
        let destination = destination.standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        let staging = resumable ? Self.resumableStaging(for: destination)
            : parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        var createdParents: [URL] = []
        var missing = parent
        while PathKind(missing) == .missing, missing.path != "/" {
            createdParents.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        // The first existing ancestor must be a folder; creating below a file fails with its real reason.
        guard PathKind.leadsToFolder(createdParents.last?.deletingLastPathComponent() ?? parent) else {
            throw .cannotCreate(destination.path, reason: String(cString: strerror(ENOTDIR)))
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(destination.path, reason: Self.reason(error))
        }
        let lock: RunLock
        do throws(OutputError) {
            lock = try RunLock(for: destination)
            try policy.check(destination)
            if resumable, PathKind(staging) != .missing { throw .unfinishedRun(destination.path, staging: staging.path) }
        } catch {
            Self.remove(createdParents)
            throw error
        }
        self.destination = destination
        self.staging = staging
        self.createdParents = createdParents
        self.lock = lock
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            removeLeftovers()
            throw .cannotCreate(self.destination.path, reason: Self.reason(error))
        }
    }

    /// Adopts the staging folder an interrupted resumable run left for `destination`, or nil when there is none.
    public init?(resuming destination: URL, replacing policy: ReplacePolicy) throws(OutputError) {
        let destination = destination.standardizedFileURL
        let staging = Self.resumableStaging(for: destination)
        lock = try RunLock(for: destination)
        guard PathKind.isDirectory(staging) else { return nil }
        try policy.check(destination)
        self.destination = destination
        self.staging = staging
        keepsStaging = true
    }

    /// Where a resumable run for `destination` stages: `.NAME.partial` beside it.
    public static func resumableStaging(for destination: URL) -> URL {
        let url = destination.standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    }

    deinit {
        if !committed && !keepsStaging { removeLeftovers() }
        lock.release()
    }

    private func removeLeftovers() {
        try? FileManager.default.removeItem(at: staging)
        lock.release()
        Self.remove(createdParents)
    }

    /// Removes the parent folders a run created, innermost first, while they are empty.
    private static func remove(_ createdParents: [URL]) {
        let fm = FileManager.default
        for folder in createdParents where ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [""]).isEmpty {
            try? fm.removeItem(at: folder)
        }
    }

    /// Writes `name` (a path relative to the folder, its subfolders created) into the staging folder.
    public func write(_ name: String, _ data: Data) throws(OutputError) {
        do {
            let url = staging.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw .cannotWrite(destination.appendingPathComponent(name).path, reason: Self.reason(error))
        }
    }

    /// Moves the finished folder into place, replacing an earlier run at the same path.
    public func commit() throws(OutputError) {
        let fm = FileManager.default
        let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
        do {
            if PathKind(destination) != .missing { try fm.moveItem(at: destination, to: old) }
            try fm.moveItem(at: staging, to: destination)
            try? fm.removeItem(at: old)
            committed = true
        } catch {
            if !fm.fileExists(atPath: destination.path), fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: destination) }
            throw .cannotWrite(destination.path, reason: Self.reason(error))
        }
    }

    /// The operating system's words for a file error ("Not a directory"), not Foundation's wrapper text.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? Error, let code = (posix as? POSIXError)?.code ?? POSIXErrorCode(rawValue: Int32((posix as NSError).code)),
           (posix as NSError).domain == NSPOSIXErrorDomain || posix is POSIXError {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A single output file written all-or-nothing: to a hidden file beside it, then renamed into place.
public enum AtomicFile {
    /// `durable` also flushes the file and its folder to disk before returning, so that after a power loss the
    /// file is either absent or complete (what a record of finished work needs).
    public static func write(_ data: Data, to url: URL, durable: Bool = false) throws(OutputError) {
        switch PathKind(url) {
        case .missing, .regularFile: break
        case .directory: throw .refuseToReplaceFolder(url.path)
        case let kind: throw .refuseToReplaceSpecial(url.path, kind: kind.noun)
        }
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        do {
            let file = try OutputFile(creating: partial)
            do {
                try file.write(data)
                if durable { try file.sync() }
                try file.close()
            } catch {
                try? file.close()
                throw error
            }
            try OutputFile.rename(partial, to: url, durable: durable)
        } catch {
            unlink(partial.path)
            throw .cannotWrite(url.path, reason: error.osReason)
        }
    }
}

public enum OutputError: Error, Equatable, CustomStringConvertible {
    case refuseToReplace(String, because: String)
    case refuseToReplaceSpecial(String, kind: String)
    case busy(String, lock: String)
    case cannotCreate(String, reason: String)
    case cannotWrite(String, reason: String)
    case refuseToReplaceFolder(String)
    case unfinishedRun(String, staging: String)

    public var description: String {
        switch self {
        case .refuseToReplace(let path, let because): return "output path \(path) exists and is not replaced: \(because); choose another --out"
        case .refuseToReplaceSpecial(let path, let kind): return "\(path) is \(kind), not a regular file: refusing to replace it; give another path"
        case .busy(let path, let lock):
            return "another lumbarsim process is writing \(path) (it holds \(lock)); wait for it to finish, or choose another --out"
        case .cannotCreate(let path, let reason): return "cannot create output folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .refuseToReplaceFolder(let path): return "\(path) is a folder; give a file path"
        case .unfinishedRun(let path, let staging):
            return "an unfinished run for \(path) is in \(staging): continue it with --resume \(path), or delete that folder to start over"
        }
    }
}
