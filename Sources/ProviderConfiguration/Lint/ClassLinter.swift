import ProviderValues
import YAMLNodes

/// Checks one SecretProviderClass document: `spec.provider`, then `spec.parameters` (`ParametersLinter`).
enum ClassLinter {
    static func lint(_ document: MappingFields, root: YAMLNode, file: String) -> [LintFinding] {
        let metadata = document["metadata"]?.value.mapping.map(MappingFields.init)
        var report = LintReport(file: file, className: metadata?.string("name"))
        let specEntry = document["spec"]
        let specLine = specEntry?.line ?? root.line
        let spec = specEntry?.value.mapping.map(MappingFields.init)

        if let provider = spec?["provider"] {
            let name = spec?.string("provider") ?? ""
            if !KnownNames.providers.contains(name) {
                report.error(
                    provider.line,
                    "spec.provider: must be \"vault\" (or \"openbao\", the OpenBao fork's socket), not \(Quoted(name))")
            }
        } else {
            report.error(specLine, "spec.provider: missing; must be \"vault\"")
        }

        let parametersEntry = spec?["parameters"]
        var parameters = MappingFields(YAMLNode.Mapping(pairs: []))
        if let entry = parametersEntry {
            if let mapping = entry.value.mapping {
                parameters = MappingFields(mapping)
            } else if !YAMLScalar.isNull(entry.value) {
                report.error(entry.line, "spec.parameters: must be a mapping of strings")
            }
        }
        ParametersLinter.lint(parameters, line: parametersEntry?.line ?? specLine, into: &report)
        return report.findings
    }
}
