/// `vault-csi-provider mount FILE --namespace NS --service-account SA --target DIR ...`: a pod's mount from a laptop.
enum MountCommand {
    /// Runs the command; the exit status: 0 mounted, 1 failed, 2 usage.
    static func run(_ arguments: [String]) async -> Int32 {
        print("mount: not implemented yet")
        return 1
    }
}
