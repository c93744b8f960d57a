import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The HTTP endpoint on `-health-addr`: `/health/live`, `/health/ready` and `/metrics` (Prometheus text).
public struct HealthServer: Service {
    private let address: HealthAddress
    private let readiness: Readiness
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger

    public init(address: HealthAddress, readiness: Readiness, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.address = address
        self.readiness = readiness
        self.registry = registry
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        router.get("/health/live") { _, _ in "ok\n" }
        router.get("/health/ready") { [readiness] _, _ -> Response in
            guard let problem = await readiness.check() else { return HealthServer.text("ok\n", status: .ok) }
            return HealthServer.text("not ready: \(problem)\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { [registry] _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        let logger = self.logger
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                logger.info("health endpoint listening", metadata: ["health_addr": "\(channel.localAddress?.description ?? "?")",
                                                                     "port": "\(channel.localAddress?.port ?? 0)"])
            },
            logger: logger)
        try await application.run()
    }

    private static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
