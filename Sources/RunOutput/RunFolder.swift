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

    /// The marker that identifies a folder as a LumbarSim run (and so safe to replace).
    public static let manifestName = Manifest.fileName

    /// A new run folder; a resumable one refuses to start over an unfinished run's staging.
    public init(destination: URL, resumable: Bool = false) throws(OutputError) {
        let fm = FileManager.default
        // Checked before any property is set: a refusal must not run deinit, which would clean up what it found.
        let destination = destination.standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        let staging = resumable ? Self.resumableStaging(for: destination)
            : parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        try Self.checkReplaceable(destination)
        if resumable, fm.fileExists(atPath: staging.path) { throw .unfinishedRun(destination.path, staging: staging.path) }
        self.destination = destination
        self.staging = staging
        var missing = parent
        while !fm.fileExists(atPath: missing.path), missing.path != "/" {
            createdParents.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            removeLeftovers()
            throw .cannotCreate(self.destination.path, reason: Self.reason(error))
        }
    }

    /// Adopts the staging folder an interrupted resumable run left for `destination`, or nil when there is none.
    public init?(resuming destination: URL) throws(OutputError) {
        let destination = destination.standardizedFileURL
        let staging = Self.resumableStaging(for: destination)
        guard PathKind.isDirectory(staging) else { return nil }
        try Self.checkReplaceable(destination)
        self.destination = destination
        self.staging = staging
        keepsStaging = true
    }

    /// Where a resumable run for `destination` stages: `.NAME.partial` beside it.
    public static func resumableStaging(for destination: URL) -> URL {
        let url = destination.standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    }

    /// An existing path may be replaced only when it is a LumbarSim run folder.
    static func checkReplaceable(_ destination: URL) throws(OutputError) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: destination.path) else { return }
        guard PathKind.isDirectory(destination), fm.fileExists(atPath: destination.appendingPathComponent(manifestName).path) else {
            throw .refuseToReplace(destination.path)
        }
    }

    deinit {
        if !committed && !keepsStaging { removeLeftovers() }
    }

    private func removeLeftovers() {
        let fm = FileManager.default
        try? fm.removeItem(at: staging)
        for folder in createdParents where ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [""]).isEmpty {
            try? fm.removeItem(at: folder)
        }
    }

    public func write(_ name: String, _ data: Data) throws(OutputError) {
        do {
            try data.write(to: staging.appendingPathComponent(name))
        } catch {
            throw .cannotWrite(destination.appendingPathComponent(name).path, reason: Self.reason(error))
        }
    }

    /// Moves the finished folder into place, replacing an earlier run at the same path.
    public func commit() throws(OutputError) {
        let fm = FileManager.default
        let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())")
        do {
            if fm.fileExists(atPath: destination.path) { try fm.moveItem(at: destination, to: old) }
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
        if PathKind.isDirectory(url) { throw .refuseToReplaceFolder(url.path) }
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
    case refuseToReplace(String)
    case cannotCreate(String, reason: String)
    case cannotWrite(String, reason: String)
    case refuseToReplaceFolder(String)
    case unfinishedRun(String, staging: String)

    public var description: String {
        switch self {
        case .refuseToReplace(let path): return "output path \(path) exists and is not a LumbarSim run folder; choose another --out"
        case .cannotCreate(let path, let reason): return "cannot create output folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .refuseToReplaceFolder(let path): return "\(path) is a folder; give a file path"
        case .unfinishedRun(let path, let staging):
            return "an unfinished run for \(path) is in \(staging): continue it with --resume \(path), or delete that folder to start over"
        }
    }
}
