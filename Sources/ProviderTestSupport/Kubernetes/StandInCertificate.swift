/// A self-signed P-256 CA certificate (CN=kubernetes-stand-in-ca, valid 2000-2100) that OpenBao accepts as
/// `kubernetes_ca_cert`; OpenBao 2.7 requires one even when the Kubernetes host is plain http.
enum StandInCertificate {
    /// The certificate in PEM form.
    static let pem = """
        -----BEGIN CERTIFICATE-----
        MIIBWTCB/6ADAgECAhQRrBPBV2ckPhFSeGaxgxZf87rDtzAKBggqhkjOPQQDAjAh
        MR8wHQYDVQQDDBZrdWJlcm5ldGVzLXN0YW5kLWluLWNhMCAXDTAwMDEwMTAwMDAw
        MFoYDzIxMDAwMTAxMDAwMDAwWjAhMR8wHQYDVQQDDBZrdWJlcm5ldGVzLXN0YW5k
        LWluLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5r3NYyMwdA3EXcONbczy
        ZGduZyLycSwqAWndW3SYv2+Kk+XQi8AHmxGTiu9jenxqGc4yLyMkjLNpBDHqnhmX
        fKMTMBEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAxHzvwjQu
        9PlAkhO40caFfKkauw4v9z8cEBLRPBFNZrgCIQCFoQl9/dWLQ/PvX3WiphYSwQrn
        fvfEoYNWa9Pr1Li5qA==
        -----END CERTIFICATE-----

        """
}
