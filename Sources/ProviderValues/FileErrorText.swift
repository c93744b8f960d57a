import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A file operation's failure in the system's words ("Permission denied"), from FileManager's error or a POSIX
/// error, without Foundation's localized descriptions.
public enum FileErrorText {
    /// The reason: the underlying errno's text, else the error as it prints.
    public static func describe(_ error: any Error) -> String {
        let posix = (error as? POSIXError) ?? ((error as? CocoaError)?.underlying as? POSIXError)
        if let posix { return String(cString: strerror(posix.code.rawValue)) }
        return "\(error)"
    }
}
