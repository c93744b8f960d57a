import FoundationEssentials

/// A Mount as the driver sends it, free of protobuf.
package struct MountRequest: Sendable {
    package var attributes: String
    package var secrets: String
    package var targetPath: String
    package var permission: String
    /// When the caller stops waiting (the gRPC deadline, else kubelet's 2 minutes).
    package var deadline: ContinuousClock.Instant

    package init(
        attributes: String, secrets: String, targetPath: String, permission: String, deadline: ContinuousClock.Instant
    ) {
        self.attributes = attributes
        self.secrets = secrets
        self.targetPath = targetPath
        self.permission = permission
        self.deadline = deadline
    }
}

/// One file of the volume: a path relative to its root, a mode and the bytes.
package struct RenderedFile: Sendable, Equatable {
    package var path: String
    package var mode: Int
    package var contents: Data
    /// Numeric owner and group to set (provider write mode only); nil leaves them as written (root).
    package var owner: Int?
    package var group: Int?

    package init(path: String, mode: Int, contents: Data, owner: Int? = nil, group: Int? = nil) {
        self.path = path
        self.mode = mode
        self.contents = contents
        self.owner = owner
        self.group = group
    }
}

/// An object's id and content-derived version, as the driver tracks them.
package struct ObjectVersion: Sendable, Equatable {
    package var id: String
    package var version: String

    package init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// What a mount produced: the versions, and the files when the driver is to write them.
package struct MountResult: Sendable {
    /// One version per object; never empty.
    package var versions: [ObjectVersion]
    /// The files for the driver; empty when the provider wrote them into the target itself.
    package var files: [RenderedFile]
    /// How the volume was produced.
    package var writeMode: WriteMode

    package init(versions: [ObjectVersion], files: [RenderedFile], writeMode: WriteMode) {
        self.versions = versions
        self.files = files
        self.writeMode = writeMode
    }
}

/// Who writes the files: the provider into `target_path`, or the driver from the response.
package enum WriteMode: String, Sendable, CaseIterable {
    /// Provider mode for an existing target directory, driver mode otherwise.
    case auto
    /// The provider writes atomically into `target_path`.
    case provider
    /// The files go back to the driver in the response.
    case driver
}
