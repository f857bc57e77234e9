import Foundation

/// An output folder written all-or-nothing: files go to a hidden staging folder beside the destination,
/// which is renamed into place only when every file is written. A failed run leaves nothing behind.
public final class RunFolder {
    public let destination: URL
    public let staging: URL
    private var committed = false
    /// Parent folders this run created for `--out`, removed again if the run fails.
    private var createdParents: [URL] = []

    /// The marker that identifies a folder as a LumbarSim run (and so safe to replace).
    public static let manifestName = Manifest.fileName

    public init(destination: URL) throws(OutputError) {
        let fm = FileManager.default
        self.destination = destination.standardizedFileURL
        let parent = self.destination.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).partial-\(getpid())")
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: self.destination.path, isDirectory: &isDirectory) {
            let manifest = self.destination.appendingPathComponent(Self.manifestName)
            guard isDirectory.boolValue, fm.fileExists(atPath: manifest.path) else {
                throw .refuseToReplace(self.destination.path)
            }
        }
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

    deinit {
        if !committed { removeLeftovers() }
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
    public static func write(_ data: Data, to url: URL) throws(OutputError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .refuseToReplaceFolder(url.path)
        }
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try data.write(to: partial)
            if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
            try fm.moveItem(at: partial, to: url)
        } catch {
            try? fm.removeItem(at: partial)
            throw .cannotWrite(url.path, reason: RunFolder.reason(error))
        }
    }
}

public enum OutputError: Error, Equatable, CustomStringConvertible {
    case refuseToReplace(String)
    case cannotCreate(String, reason: String)
    case cannotWrite(String, reason: String)
    case refuseToReplaceFolder(String)

    public var description: String {
        switch self {
        case .refuseToReplace(let path): return "output path \(path) exists and is not a LumbarSim run folder; choose another --out"
        case .cannotCreate(let path, let reason): return "cannot create output folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .refuseToReplaceFolder(let path): return "\(path) is a folder; give a file path"
        }
    }
}
