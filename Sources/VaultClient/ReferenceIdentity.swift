import NIOCore
import NIOSSL
import ProxyEnvironment

/// The name Vault's certificate must hold, checked as Go's crypto/tls checks it: an IP literal matches only an
/// equal IP address SAN; a DNS name matches only DNS SANs (case-insensitive, `*` only as the whole left-most
/// label). The address the socket happens to connect to plays no part, and the subject's CN is never used.
///
/// NIOSSL's own check also accepts an IP SAN equal to the connected address whatever name was asked for, so this
/// runs on every new connection, after NIOSSL's (which still verifies the chain).
struct ReferenceIdentity: Sendable {
    /// The name as configured, for messages.
    let name: String
    private let ipAddress: [UInt8]?
    private let dnsName: String

    /// `name` is `vaultTLSServerName`, else the host of the Vault address (IPv6 with or without brackets).
    init(_ name: String) {
        self.name = name
        let bare = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        ipAddress = IPAddressBytes.parse(bare)
        dnsName = (bare.hasSuffix(".") ? String(bare.dropLast()) : bare).lowercased()
    }

    /// True when a certificate with these SANs is valid for the name.
    func matches(dnsNames: [String], ipAddresses: [[UInt8]]) -> Bool {
        if let ipAddress { return ipAddresses.contains(ipAddress) }
        return dnsNames.contains { ReferenceIdentity.pattern($0, matches: dnsName) }
    }

    /// Go's `matchHostnames`: the same number of labels, each equal, but a left-most `*` matches any one label.
    static func pattern(_ pattern: String, matches host: String) -> Bool {
        let pattern = (pattern.hasSuffix(".") ? String(pattern.dropLast()) : pattern).lowercased()
        guard !pattern.isEmpty, !host.isEmpty else { return false }
        let patternLabels = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard patternLabels.count == hostLabels.count else { return false }
        for (index, (want, have)) in zip(patternLabels, hostLabels).enumerated() {
            if index == 0, want == "*", !have.isEmpty { continue }
            if want != have { return false }
        }
        return true
    }

    /// Fails (and closes `channel`) unless the peer's certificate is valid for the name.
    func verify(_ channel: any Channel) -> EventLoopFuture<Void> {
        channel.nioSSL_peerCertificate().flatMapThrowing { certificate in
            guard let certificate else { throw CertificateNameMismatch(name: name, names: []) }
            var dnsNames: [String] = []
            var ipAddresses: [[UInt8]] = []
            for san in certificate._subjectAlternativeNames() {
                let bytes = san.contents.withUnsafeBufferPointer { Array($0) }
                if san.nameType == .dnsName { dnsNames.append(String(decoding: bytes, as: UTF8.self)) }
                if san.nameType == .ipAddress { ipAddresses.append(bytes) }
            }
            guard matches(dnsNames: dnsNames, ipAddresses: ipAddresses) else {
                throw CertificateNameMismatch(
                    name: name, names: dnsNames + ipAddresses.map(ReferenceIdentity.text(of:)))
            }
        }.flatMapErrorThrowing { error in
            channel.close(promise: nil)
            throw error
        }
    }

    /// An IP SAN as text: dotted for IPv4, groups for IPv6, hex for any other length a certificate may hold.
    static func text(of bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2).map {
                String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
            }
            .joined(separator: ":")
        default: return "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}

/// Vault's certificate is not valid for the reference name.
struct CertificateNameMismatch: Error, CustomStringConvertible {
    let name: String
    /// The certificate's DNS and IP SANs.
    let names: [String]

    var description: String {
        names.isEmpty
            ? "the certificate holds no DNS or IP names, so it is not valid for \(name)"
            : "the certificate is valid for \(names.joined(separator: ", ")), not \(name)"
    }
}
