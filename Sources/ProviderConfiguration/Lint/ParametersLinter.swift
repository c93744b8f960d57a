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
        if ParameterDialects.role(in: texts) == nil {
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
}
