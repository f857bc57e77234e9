import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written through POSIX calls, so that flushing and renaming are explicit.
final class OutputFile {
    private var descriptor: Int32

    init(creating url: URL) throws(POSIXFailure) {
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw POSIXFailure() }
    }

    func write(_ data: Data) throws(POSIXFailure) {
        let failed = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                offset += n
            }
            return false
        }
        if failed { throw POSIXFailure() }
    }

    func sync() throws(POSIXFailure) {
        if fsync(descriptor) != 0 { throw POSIXFailure() }
    }

    func close() throws(POSIXFailure) {
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 { throw POSIXFailure() }
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    /// rename(2), which replaces `to` atomically; `durable` then flushes the folder so the rename survives.
    static func rename(_ from: URL, to: URL, durable: Bool) throws(POSIXFailure) {
        if Glibc.rename(from.path, to.path) != 0 { throw POSIXFailure() }
        if durable { try syncFolder(to.deletingLastPathComponent()) }
    }

    static func syncFolder(_ folder: URL) throws(POSIXFailure) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw POSIXFailure() }
        defer { _ = Glibc.close(fd) }
        if fsync(fd) != 0 { throw POSIXFailure() }
    }
}

/// A failed POSIX call, with the operating system's words for it.
struct POSIXFailure: Error {
    let code = errno
    var reason: String { String(cString: strerror(code)) }
}

extension Error {
    /// The operating system's words for a file error, whichever layer raised it.
    var osReason: String { (self as? POSIXFailure)?.reason ?? RunFolder.reason(self) }
}
