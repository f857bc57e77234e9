import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a run's destination, held while one process writes it: a second `lumbarsim` given the same
/// `--out` or `--resume` is refused at once instead of racing the first for the staging folder.
///
/// The lock is flock(2) on `.NAME.lock` beside the destination. The holder removes the file before releasing it; a
/// process that locked a file already removed tries again, so two processes never both hold a lock on one path.
final class RunLock {
    private let url: URL
    private var descriptor: Int32

    static func url(for destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).lock")
    }

    /// Takes the lock, or refuses in one line when another process holds it.
    init(for destination: URL) throws(OutputError) {
        url = Self.url(for: destination)
        while true {
            let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 { throw .cannotCreate(url.path, reason: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                _ = close(fd)
                throw .busy(destination.path, lock: url.path)
            }
            // Locked; but if the holder before us removed the file meanwhile, this lock guards nothing.
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(url.path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                descriptor = fd
                return
            }
            _ = close(fd)
        }
    }

    /// Removes the lock file and releases the lock (in that order, see above).
    func release() {
        guard descriptor >= 0 else { return }
        unlink(url.path)
        _ = close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
