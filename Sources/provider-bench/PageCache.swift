import Foundation

/// The kernel's page cache, as it holds an executable's file.
enum PageCache {
    /// Asks the kernel to drop the cached pages of the file at `path` (`posix_fadvise(POSIX_FADV_DONTNEED)`).
    ///
    /// The resident memory of a freshly started process depends on what is cached: when a code page faults in,
    /// the kernel maps the cached pages around it too (fault-around). Right after a build the whole binary is
    /// cached, which adds about 2 MiB to the provider's idle RSS; evicting first measures only what it touches.
    static func evict(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }
}
