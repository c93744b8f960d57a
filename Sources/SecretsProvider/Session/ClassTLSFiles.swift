import ProviderConfiguration
import ProviderValues

/// The TLS files a SecretProviderClass names (`vaultCACertPath`, `vaultCADirectory`, `vaultTLSClientCertPath`,
/// `vaultTLSClientKeyPath`, and their `bao`/`openbao` twins) must resolve under a directory of `-allowed-tls-dir`:
/// otherwise a class could point the provider, which runs as root, at another pod's Secret volume (and present its
/// client certificate to a server of its choosing) or at a FIFO. The provider's own flags and variables are not
/// restricted.
enum ClassTLSFiles {
    /// `tls` with each path replaced by its real path; PERMISSION_DENIED names the first path outside `allowed`.
    static func confined(_ tls: TLSSettings, to allowed: [String]?) throws -> TLSSettings {
        guard let allowed else { return tls }
        let roots = allowed.compactMap(TargetDirectory.realPath).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func confine(_ path: String?, _ parameter: String) throws -> String? {
            guard let path else { return nil }
            guard let real = TargetDirectory.realPath(path) else {
                throw MountError(.invalidArgument, "\(parameter) \(Quoted(path)): no such file or directory")
            }
            guard roots.contains(where: { real.hasPrefix($0) }) else {
                throw MountError(
                    .permissionDenied,
                    "\(parameter) \(Quoted(path)) is not under a directory allowed by -allowed-tls-dir "
                        + "(\(allowed.joined(separator: ", "))); the provider reads TLS files from there only")
            }
            return real
        }
        return TLSSettings(
            caCertPath: try confine(tls.caCertPath, "vaultCACertPath"),
            caDirectory: try confine(tls.caDirectory, "vaultCADirectory"),
            serverName: tls.serverName, clientCertPath: try confine(tls.clientCertPath, "vaultTLSClientCertPath"),
            clientKeyPath: try confine(tls.clientKeyPath, "vaultTLSClientKeyPath"), skipVerify: tls.skipVerify)
    }
}
