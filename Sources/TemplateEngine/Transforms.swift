/// The transforms Mustache (swift-mustache 2) offered on strings, integers and a list's pass (`{{first()}}`).
package enum Transforms {
    /// A string transform's result: text (which a caller may wrap as it charges text), or another value.
    package enum StringResult {
        case text(String)
        case other(any TemplateValue)
    }

    /// `empty`, `capitalized`, `lowercased`, `uppercased`, `reversed`; nil for any other name.
    package static func string(_ string: String, _ name: String) -> StringResult? {
        switch name {
        case "empty": .other(PlainBool(string.isEmpty))
        case "capitalized": .text(capitalized(string))
        case "lowercased": .text(string.lowercased())
        case "uppercased": .text(string.uppercased())
        // Mustache gave a Substring here, which no transform wrapped again: plain text whatever the caller.
        case "reversed": .other(PlainText(String(string.reversed())))
        default: nil
        }
    }

    /// `equalzero`, `plusone`, `minusone`, `even`, `odd`.
    package static func integer(_ value: Int, _ name: String) -> (any TemplateValue)? {
        switch name {
        case "equalzero": PlainBool(value == 0)
        case "plusone": PlainInteger(value &+ 1)
        case "minusone": PlainInteger(value &- 1)
        case "even": PlainBool(value & 1 == 0)
        case "odd": PlainBool(value & 1 == 1)
        default: nil
        }
    }

    /// Each word's first cased letter in title case, the others in lower case, as Foundation's `capitalized`
    /// (a word starts after any character that is neither cased nor case-ignorable).
    static func capitalized(_ string: String) -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        var afterCased = false
        for scalar in string.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .uppercaseLetter, .titlecaseLetter:
                result += afterCased ? properties.lowercaseMapping : String(scalar)
                afterCased = true
            case .lowercaseLetter:
                result += afterCased ? String(scalar) : properties.titlecaseMapping
                afterCased = true
            default:
                if !isCaseIgnorable(scalar) { afterCased = false }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isCaseIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .modifierLetter, .modifierSymbol: true
        default: scalar == "'" || scalar == "\u{2019}" || scalar == "\u{AD}"
        }
    }
}

/// Where a list's pass is: the value `{{first()}}`, `{{last()}}`, `{{index()}}`, `{{even()}}`, `{{odd()}}` apply to.
struct SequencePosition {
    var first: Bool
    var last: Bool
    var index: Int

    func transformed(by name: String) -> (any TemplateValue)? {
        switch name {
        case "first": PlainBool(first)
        case "last": PlainBool(last)
        case "index": PlainInteger(index)
        case "even": PlainBool(index & 1 == 0)
        case "odd": PlainBool(index & 1 == 1)
        default: nil
        }
    }
}
