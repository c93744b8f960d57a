import Foundation
import InMemoryVault
import Logging
import ProviderTestSupport
import ProviderValues
import Testing
import VaultClient
import VaultContract

/// What the pipeline relies on Vault to do, asked of the in-memory Vault and of a real OpenBao alike, so that the fake
/// the fast tests use stays honest. OpenBao's run needs `OPENBAO_TESTS=1` (`make test` sets it).
@Suite struct OpenBaoParityTests {
    /// A Vault with KV v2 at `secret` holding `secret/app`, and Kubernetes auth role `contract` (TTL 60 s, maximum
    /// 100 s) bound to `default/app-sa`, whose policy reads `secret/data/*` and nothing else.
    struct Subject: Sendable {
        let vault: any VaultAPI
        /// A service-account JWT the Vault's Kubernetes auth accepts for `serviceAccount` in `default`.
        let jwt: @Sendable (_ serviceAccount: String) -> String
        let stop: @Sendable () async -> Void
    }

    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case inMemory, openBao
        var testDescription: String { rawValue }

        /// The backends this run covers.
        static var enabled: [Backend] {
            ProcessInfo.processInfo.environment["OPENBAO_TESTS"] == "1" ? allCases : [.inMemory]
        }

        func start() async throws -> Subject {
            switch self {
            case .inMemory:
                let vault = InMemoryVault()
                await vault.enable(.kv2, at: "secret")
                await vault.write("secret/app", DemoEnvironment.appSecret)
                await vault.addRole(
                    "contract",
                    VaultRole(boundServiceAccounts: ["default/app-sa"], paths: ["secret/data/*"], ttl: 60, maxTTL: 100))
                return Subject(vault: vault, jwt: { InMemoryVault.serviceAccountJWT(serviceAccount: $0) }, stop: {})
            case .openBao:
                let environment = try await DemoEnvironment.start()
                try await VaultTestSetup.writePolicy(
                    environment.bao, name: "contract",
                    hcl: #"path "secret/data/*" { capabilities = ["read"] }"#)
                try await environment.bao.admin(
                    "POST", "/v1/auth/kubernetes/role/contract",
                    body: """
                        {"bound_service_account_names":["app-sa"],"bound_service_account_namespaces":["default"],
                         "audience":"vault","token_policies":["contract"],"token_ttl":"60s","token_max_ttl":"100s"}
                        """)
                let client = try VaultHTTPClient(
                    address: environment.bao.address, tls: TLSSettings(),
                    logger: Logger(label: "contract"))
                return Subject(
                    vault: client, jwt: { environment.podToken(serviceAccount: $0) },
                    stop: {
                        await client.shutdown()
                        await environment.stop()
                    })
            }
        }
    }

    static let far = Duration.seconds(60)

    /// Runs `body` on a started backend, stopping it after.
    func with(_ backend: Backend, _ body: (Subject) async throws -> Void) async throws {
        let subject = try await backend.start()
        do {
            try await body(subject)
        } catch {
            await subject.stop()
            throw error
        }
        await subject.stop()
    }

    func login(_ subject: Subject, role: String = "contract", serviceAccount: String = "app-sa") async throws
        -> VaultToken
    {
        try await subject.vault.login(
            mountPath: "kubernetes", role: role, jwt: subject.jwt(serviceAccount), namespace: nil,
            deadline: .now + Self.far)
    }

    func send(_ subject: Subject, _ method: String, _ path: String, token: String?, body: String? = nil) async throws
        -> JSONValue?
    {
        let response = try await subject.vault.send(
            VaultRequest(method: method, path: path, body: body), token: token,
            namespace: nil, deadline: .now + Self.far)
        return response.body.isEmpty ? nil : try JSONValue(parsing: response.body)
    }

    /// The status and Vault's error texts of a refused call; nil when it succeeded.
    func refusal(_ call: () async throws -> Void) async -> (status: Int, errors: [String])? {
        do {
            try await call()
            return nil
        } catch VaultError.http(_, _, let status, let errors) {
            return (status, errors)
        } catch {
            Issue.record("not an HTTP refusal: \(error)")
            return nil
        }
    }

    @Test(arguments: Backend.enabled)
    func aLoginGivesARenewableTokenWithTheRolesTTL(_ backend: Backend) async throws {
        try await with(backend) { subject in
            let token = try await login(subject)
            #expect(!token.clientToken.isEmpty)
            #expect(token.renewable)
            #expect(token.leaseDuration == 60)
        }
    }

    @Test(arguments: Backend.enabled)
    func aTokenRenewsWithinItsMaximumThenRevokedIsRefused(_ backend: Backend) async throws {
        try await with(backend) { subject in
            let token = try await login(subject)
            let renewed = try await send(
                subject, "POST", "/v1/auth/token/renew-self", token: token.clientToken,
                body: #"{"increment":"60s"}"#)
            #expect(renewed?["auth"]?["lease_duration"] == .number("60"))
            #expect(renewed?["auth"]?["renewable"] == .bool(true))
            _ = try await send(subject, "POST", "/v1/auth/token/revoke-self", token: token.clientToken)
            let refused = await refusal {
                _ = try await send(subject, "GET", "/v1/auth/token/lookup-self", token: token.clientToken)
            }
            #expect(refused?.status == 403)
        }
    }

    @Test(arguments: Backend.enabled)
    func kvVersion2AnswersDataAndMetadata(_ backend: Backend) async throws {
        try await with(backend) { subject in
            let token = try await login(subject)
            let answer = try await send(subject, "GET", "/v1/secret/data/app", token: token.clientToken)
            #expect(answer?["data"]?["data"] == .object(DemoEnvironment.appSecret.mapValues(JSONValue.string)))
            #expect(answer?["data"]?["metadata"]?["version"] == .number("1"))
            let missing = await refusal {
                _ = try await send(subject, "GET", "/v1/secret/data/nothing", token: token.clientToken)
            }
            #expect(missing?.status == 404)
            #expect(missing?.errors == [])
            let outside = await refusal {
                _ = try await send(subject, "GET", "/v1/secret/metadata/app", token: token.clientToken)
            }
            #expect(outside?.status == 403, "outside the policy")
            #expect(outside?.errors == ["1 error occurred: * permission denied"], "folded onto one line")
        }
    }

    @Test(arguments: Backend.enabled)
    func loginsAndReadsAreRefusedAsVaultRefusesThem(_ backend: Backend) async throws {
        try await with(backend) { subject in
            let unknownRole = await refusal { _ = try await login(subject, role: "nope") }
            #expect(unknownRole?.status == 400)
            #expect(unknownRole?.errors == [#"invalid role name "nope""#])
            let unbound = await refusal { _ = try await login(subject, serviceAccount: "other-sa") }
            #expect(unbound?.status == 403)
            #expect(unbound?.errors == ["service account name not authorized"])
            let anonymous = await refusal { _ = try await send(subject, "GET", "/v1/secret/data/app", token: nil) }
            #expect(anonymous?.status == 403)
            #expect(anonymous?.errors == ["permission denied"])
        }
    }
}
