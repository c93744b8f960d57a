import ProviderConfiguration
import ProviderValues
import VaultContract

/// Runs a mount's read plan: every distinct request at most `maxConcurrentReads` at a time, the first failure
/// cancelling the rest. With lease reuse on, still-fresh dynamic-secret answers of the same volume are reused and new
/// ones kept. The answers a mount holds may add up to `maxAnswerBytes`: past that, RESOURCE_EXHAUSTED names the
/// object whose answer crossed it, and the rest are cancelled.
struct Fetcher: Sendable {
    let leases: LeaseCache
    let maxConcurrentReads: Int
    let maxAnswerBytes: Int
    let clock: CacheClock
    let metrics: ProviderMetrics

    /// One answer per request of `plan`, in its order.
    func answers(
        for plan: ReadPlan, of configuration: MountConfiguration, session: VaultSession,
        deadline: ContinuousClock.Instant
    ) async throws -> [VaultAnswer] {
        let requests = plan.requests
        let leaseScope = configuration.reuseLeases ? session.key : nil
        let leaseKeys = requests.map { request in
            leaseScope.map { LeaseCache.Key(token: $0, targetPath: configuration.targetPath, request: request) }
        }
        var answers = [VaultAnswer?](repeating: nil, count: requests.count)
        for (index, leaseKey) in leaseKeys.enumerated() {
            if let leaseKey, let reused = await leases.answer(for: leaseKey) {
                answers[index] = reused
                metrics.cache(.lease, hit: true)
            }
        }
        let missing = answers.indices.filter { answers[$0] == nil }
        let objectNames = requests.indices.map { index in
            configuration.objects[plan.requestIndexForObject.firstIndex(of: index)!].objectName
        }
        let reusedBytes = answers.reduce(0) { $0 + ($1?.body.count ?? 0) }
        if reusedBytes > maxAnswerBytes, let index = answers.indices.last(where: { answers[$0] != nil }) {
            throw tooMuch(objectNames[index])
        }
        let obtained = clock.now()
        let fetched = try await read(
            missing, of: requests, objectNames: objectNames, optional: plan.optionalRequests(of: configuration.objects),
            session: session, heldBytes: reusedBytes, deadline: deadline)
        for (index, answer) in fetched {
            answers[index] = answer
            if let leaseKey = leaseKeys[index], answer.isReusable {
                // A miss is a leased secret (or a certificate) fetched again; other answers are never reusable.
                metrics.cache(.lease, hit: false)
                await leases.store(
                    answer, for: leaseKey, obtained: obtained, tokenExpires: session.token.expires, session: session)
            }
        }
        return answers.map { $0! }
    }

    /// Sends the requests at `indices`, at most `maxConcurrentReads` on the wire at once; a 404 for an `optional`
    /// request is its `absent` answer.
    private func read(
        _ indices: [Int], of requests: [VaultRequest], objectNames: [String], optional: Set<Int>,
        session: VaultSession, heldBytes: Int, deadline: ContinuousClock.Instant
    ) async throws -> [(Int, VaultAnswer)] {
        let client = session.client
        let clientToken = session.token.token.clientToken
        let namespace = session.vault.namespace
        let tokenAddress = session.vault.tokenAddress
        var held = heldBytes
        return try await BoundedConcurrency.map(
            indices, limit: maxConcurrentReads,
            { index in
                do {
                    var request = requests[index]
                    request.onlyAddress = tokenAddress
                    let response = try await client.send(
                        request, token: clientToken, namespace: namespace, deadline: deadline)
                    return (index, VaultAnswer(body: response.body))
                } catch let error as VaultError {
                    if case .http(_, _, 404, _) = error, optional.contains(index) { return (index, .absent) }
                    throw MountError(reading: objectNames[index], error)
                }
            },
            each: { result in
                held += result.1.body.count
                guard held <= maxAnswerBytes else { throw tooMuch(objectNames[result.0]) }
            })
    }

    private func tooMuch(_ objectName: String) -> MountError {
        MountError(
            .resourceExhausted,
            "couldn't read secret \"\(objectName)\": this Mount's Vault answers add up to more than "
                + "\(maxAnswerBytes) bytes (-max-mount-bytes)")
    }
}
