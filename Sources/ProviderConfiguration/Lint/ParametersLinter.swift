import ProviderValues
import YAMLNodes

/// Checks `spec.parameters`: known keys, string values, required parameters, booleans, numbers, conflicts.
/// Messages are the mount's own (`ConfigurationError`) where it has one.
enum ParametersLinter {
    /// `line` is the `parameters:` key's line, where missing parameters are reported.
    static func lint(_ parameters: MappingFields, line: Int, into report: inout LintReport) {
        var values: [String: (text: String, line: Int)] = [:]
        for (name, entry) in parameters.entries {
            if name.hasPrefix(KnownNames.driverPrefix) {
                report.warning(entry.line, "\(name): set by the driver on every mount; remove it from the class")
            } else if !KnownNames.classParameters.contains(name) {
                report.warning(
                    entry.line,
                    "\(name): unknown parameter, ignored"
                        + Suggestion.hint(for: name, among: KnownNames.classParameters))
            }
            if name == AttributeKeys.objects, entry.value.items != nil {
                report.error(entry.line, "objects: must be a string; write the list as a block scalar (objects: |)")
            } else if let problem = ParameterValue.problem(with: entry.value) {
                report.error(entry.line, "\(name): \(problem)")
            } else if let text = entry.value.text {
                values[name] = (text, entry.line)
            }
        }

        let texts = values.mapValues(\.text)
        let method = lintAuthMethod(texts, values: values, into: &report)
        if ParameterDialects.role(in: texts) == nil, method?.usesNodePublishSecret != true {
            report.error(values[AttributeKeys.roleName]?.line ?? line, ConfigurationError.missingRoleName.description)
        }
        for name in ParameterDialects.names("SkipTLSVerify") + [AttributeKeys.reuseLeases] {
            if let (text, line) = values[name], !text.isEmpty, GoBool.parse(text) == nil {
                report.error(
                    line,
                    ConfigurationError.invalidParameter(
                        name: name, problem: "\(Quoted(text)) is not a boolean (use true or false)"
                    ).description)
            }
        }
        for name in [AttributeKeys.fileOwner, AttributeKeys.fileGroup] {
            if let (text, line) = values[name], !text.isEmpty, NumericID.parse(text) == nil {
                report.error(
                    line,
                    ConfigurationError.invalidParameter(
                        name: name, problem: "\(Quoted(text)) is not a numeric id such as 1000"
                    ).description)
            }
        }
        if let kubernetes = ParameterDialects.resolve("KubernetesMountPath", in: texts),
            let auth = ParameterDialects.resolve("AuthMountPath", in: texts)
        {
            report.error(
                max(values[kubernetes.name]!.line, values[auth.name]!.line),
                ConfigurationError.conflictingParameters(kubernetes.name, auth.name).description)
        }

        if let objects = parameters[AttributeKeys.objects] {
            if let text = values[AttributeKeys.objects]?.text {
                let map = LineMap.identity.content(of: objects.value, keyLine: objects.line)
                ObjectsLinter.lint(text, map: map, keyLine: objects.line, into: &report)
            }
        } else {
            report.error(line, ConfigurationError.noObjects.description)
        }
    }

    /// The class's auth method: an unknown one is an error; one that logs in with the nodePublishSecretRef gets a
    /// warning that the provider must allow it. Nil when it is not valid.
    private static func lintAuthMethod(
        _ texts: [String: String], values: [String: (text: String, line: Int)], into report: inout LintReport
    ) -> AuthMethod? {
        do {
            let method = try AuthMethod.parse(texts)
            if method.usesNodePublishSecret,
                let (name, _) = ParameterDialects.resolve(AuthMethod.parameterSuffix, in: texts)
            {
                let keys = method.secretKeys.joined(separator: " and ")
                report.warning(
                    values[name]!.line,
                    """
                    \(name): \(method.rawValue) logs in with the keys \(keys) of the volume's nodePublishSecretRef \
                    Secret: the provider must run with -allow-node-publish-secret-auth (Helm value \
                    allowNodePublishSecretAuth), else the mount is PERMISSION_DENIED
                    """)
            }
            return method
        } catch {
            let name = ParameterDialects.resolve(AuthMethod.parameterSuffix, in: texts)?.name ?? ""
            report.error(values[name]?.line ?? 0, "\(error)")
            return nil
        }
    }
}
