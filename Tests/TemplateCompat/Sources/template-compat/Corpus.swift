/// The generated corpus: data sets, and templates built from every kind of tag, in fixed combinations and at random
/// (a seeded generator, so each run builds the same corpus).
enum Corpus {
    static let dataSets: [String] = [
        #"{"name":"Ann","password":"p&<>\"'w","n":42,"f":1.5,"neg":-3,"t":true,"f0":false,"z":null,"empty":"","list":[1,2,3],"objs":[{"name":"x","v":1},{"name":"y","v":2,"t":false}],"obj":{"name":"inner","deep":{"k":"v","list":["a","b"]}},"el":[],"eo":{},"u":"Grüße ✓ 日本 é","words":"hello wORLD foo-bar it's o'neil a.b a:b x·y x_y 3d ǆemal ß élan ÉCOLE ﬁne straße ΣΑΣ ŉ a’b e\u0301x mc2 ﬀ İi","b":"root-b","x":"X"}"#,
        #"{"a":{"b":{"c":"abc"},"x":"ax"},"b":"outer-b","c":[{"a":"ia"},{"b":[{"c":"deep"}]},{"x":null}],"list":[[1,2],[3],[]],"t":true,"x":"X","name":"N","objs":[{"objs":[{"name":"nested"}]}],"n":0}"#,
        #"{"name":"","list":[true,false,null,"s",1,{"name":"o"},[]],"obj":{"t":true,"f0":false,"z":null,"list":[{"x":"1"},{"x":"2"},{"x":"3"},{"x":"4"}]},"t":false,"z":null,"x":"\n\r\n  ","words":"ÀB-cd_eF 1st\tTAB\nline ǈǉ ꞵ ſt ﬆ ῼ ᾳ"}"#,
        #"["r1","r2",{"name":"r3"}]"#,
        #""just text""#,
        "null",
        "7",
        #"{"big":"0123456789012345678901234567890123456789012345678901234567890123456789","list":["aaaaaaaaaa","bbbbbbbbbb","cccccccccc","dddddddddd","eeeeeeeeee","ffffffffff"],"name":"nm","objs":[{"name":"a"},{"name":"b"},{"name":"c"}],"t":true}"#,
    ]

    static let names = [
        "name", "password", "n", "f", "neg", "t", "f0", "z", "empty", "list", "objs", "obj", "obj.name", "obj.deep.k",
        "obj.deep", "obj.missing", "missing", "a.b.c", "a.b", "a", "b", "c", "x", ".", "", ".name", ".x", "el", "eo", "u",
        "words", "objs.name", "list.0", "obj.deep.list", "big", "c.b", "obj.list", "a.x",
    ]

    static let transforms = [
        "uppercased(name)", "lowercased(words)", "capitalized(words)", "capitalized(u)", "reversed(u)", "reversed(name)",
        "uppercased(reversed(name))", "capitalized(reversed(words))", "empty(empty)", "empty(name)", "empty(missing)",
        "first()", "last()", "index()", "even()", "odd()", "plusone(index())", "minusone(index())", "equalzero(index())",
        "even(plusone(index()))", "count(list)", "first(list)", "sorted(list)", "bogus(name)", "uppercased(.)",
        "uppercased(n)", "empty(list)", "reversed(list)", "uppercased(obj.name)", "bogus()", "uppercased(x)",
        "lowercased(lowercased(uppercased(reversed(name))))", "reversed(reversed(big))", "empty(reversed(empty))",
    ]

    static let bodies = [
        "[{{.}}]", "{{name}}", "<{{#first()}}F{{/first()}}{{index()}}{{#last()}}L{{/last()}}>", "{{x}}|", "",
        "{{#.}}({{.}}){{/.}}", "{{^.}}none{{/.}}", "{{v}}{{t}}", "{{objs.name}}{{a.x}}", "{{b}}", "{{{.}}}",
        "{{#odd()}}o{{/odd()}}{{^odd()}}e{{/odd()}}", "{{#objs}}{{name}}/{{/objs}}", "{{c}}", "\n{{.}}\n",
    ]

    /// The fixed part: each tag kind, each name, each section body, and whitespace around standalone tags.
    static func fixed() -> [String] {
        var templates: [String] = []
        for name in names {
            templates += ["{{\(name)}}", "{{{\(name)}}}", "{{& \(name)}}", "[{{ \(name) }}]", "{{#\(name)}}yes{{/\(name)}}",
                          "{{^\(name)}}no{{/\(name)}}", "{{#\(name)}}({{.}}){{/\(name)}}"]
        }
        for transform in transforms {
            templates += ["{{\(transform)}}", "{{{\(transform)}}}", "{{#\(transform)}}y{{.}}{{/\(transform)}}",
                          "{{^\(transform)}}n{{/\(transform)}}", "{{#list}}{{\(transform)}},{{/list}}",
                          "{{#objs}}{{#\(transform)}}[{{name}}]{{/\(transform)}}{{/objs}}", "{{#obj}}{{\(transform)}}{{/obj}}"]
        }
        for name in ["list", "objs", "obj", "t", "f0", "z", "el", "eo", "name", "n", "c", "a", "obj.list", ".", "missing", "obj.deep.list"] {
            for body in bodies {
                templates += ["{{#\(name)}}\(body){{/\(name)}}", "{{^\(name)}}\(body){{/\(name)}}"]
            }
        }
        let lines = [
            "  {{#t}}\n  in\n  {{/t}}\n", "{{#t}}\r\nin\r\n{{/t}}\r\n", " {{! c }} \nA", "a {{! c }} \nb", "  {{=<% %>=}}  \n<%name%>",
            "\t{{^f0}}\n\tx\n\t{{/f0}}", "{{#list}}\n{{.}}\n{{/list}}\n", "|\n  {{#t}}  \n|", "  {{>p}}\n", "x\n  {{>p}}  \r\ny",
            "  {{$b}}\n  d1\n  d2\n  {{/b}}\n", "a\n  {{$b}}\nd1\nd2\n{{/b}}", " {{$b}}one\ntwo\nthree{{/b}} ", "{{<p}}{{/p}}",
            "{{<p}}\n{{$a}}x{{/a}}\n{{/p}}\n", "{{<p}}{{x}}{{/p}}", "{{<p}}{{=| |=}}|$a|x|/a||/p|", "  {{<p}}  \n  {{/p}}  \nz",
            "{{% CONTENT_TYPE: TEXT}}\n{{password}}", "{{% CONTENT_TYPE: TEXT }}{{password}}", "{{#t}}{{% CONTENT_TYPE: TEXT}}{{/t}}",
            "  \n{{name}}", "\n\n{{name}}", "\r\n{{name}}", "   ", "\n", " \t \n x", "{{!}}", "{{!\n\n}}\n", "a{{\nb", "{{ }}", "{{}}",
            "{{#}}x{{/}}", "{{#t}}{{/t}}\n", "  {{#t}}{{/t}}  \n", "{{#list}}{{#objs}}{{.}}{{/objs}}{{/list}}", "{{#objs}}{{#t}}T{{name}}{{/t}}{{/objs}}",
            "{{#objs}}{{^t}}noT{{name}}{{/t}}{{/objs}}", "{{#c}}{{#b}}{{#.}}{{c}}{{a}}{{/.}}{{/b}}{{/c}}", "{{#a}}{{#b}}{{c}}{{x}}{{b}}{{/b}}{{/a}}",
            "{{#list}}{{#.}}<{{.}}>{{/.}}{{/list}}", "{{#obj}}{{#deep}}{{k}}{{name}}{{/deep}}{{/obj}}", "{{=| |=}}|name| {{name}}",
            "{{=<% %>=}}<%#list%><%.%><%/list%>", "{{=[ ]=}}[#t][name][/t]", "{{= @@ ## =}}@@name##", "{{=<< >>=}}<<{name}>><<&name>>",
            "{{#t}}{{=<% %>=}}<%name%>{{/t}}<%/t%>", "{{#t}}{{=<% %>=}}<%name%><%/t%>{{name}}", "{{=a b=}}anameb", "{{=%% %%=}}%%name%%",
            "{{=<%% %%>=}}<%%! x %%>y", "{{=<% %>=}}<%! x %%>y", "p{", "p{{", "{{name", "{{name}", "{{{name}}", "{{#t}}", "{{/t}}",
            "{{#t}}{{/f0}}", "{{#t}}{{#f0}}{{/t}}{{/f0}}", "{{=}}", "{{= =}}", "{{=a=}}", "{{=a b}}", "{{=a b =}", "{{=a b", "{{=a =}}",
            "{{%CONTENT_TYPE:TEXT}}", "{{% CONTENT_TYPE: HTML}}{{password}}", "{{% FOO: BAR}}", "{{%}}", "{{name x}}", "{{na me}}",
            "{{é}}", "{{a(b}}", "{{a(b))}}", "{{(x)}}", "{{a()b}}", "{{a)}}", "{{#a(b)}}x{{/a(b)}}", "{{#a(b)}}x{{/b}}", "{{$a(b)}}{{/a(b)}}",
            "{{!", "{{! x }", "{{>}}", "{{> a b}}", "{{>*x}}", "{{<*x}}{{/*x}}", "{{$x}}", "line1\nline2\n{{#t}}\n{{/f0}}",
            "é\u{301}{{name}}", "{{name}}\u{301}", "}}{{name}}{{", "\u{301}{{name}}", "a\r\n{{#t}}\r\n{{x}}\r\n{{/t}}\r\n",
            "{{#list}}{{.}}{{^last()}}, {{/last()}}{{/list}}", "{{#objs}}{{index()}}:{{name}}{{#first()}}*{{/first()}}{{/objs}}",
            "{{#el}}x{{/el}}{{^el}}empty{{/el}}", "{{^list}}{{.}}{{/list}}", "{{^el}}[{{.}}]{{/el}}", "{{#eo}}[{{.}}]{{/eo}}",
            "{{name}}\u{2028}{{#t}}\u{2028}x{{/t}}", "  {{#t}}\u{0B}x{{/t}}", "{{#t}} \r{{/t}}", "x{{!\r\n}}y", "{{big}}{{big}}{{big}}",
            "{{#list}}{{big}}{{/list}}", "{{#objs}}{{#objs}}{{name}}{{/objs}}{{/objs}}", "{{list}}{{obj}}{{eo}}{{el}}{{objs}}",
            "{{#list}}{{#list}}{{.}}{{/list}}{{/list}}", "{{.}}", "{{#.}}{{.}}{{/.}}", "{{^.}}x{{/.}}", "{{..}}", "{{a..b}}", "{{a.}}",
            "{{#list}}{{.list}}{{/list}}", "{{#obj}}{{.name}}{{name}}{{x}}{{/obj}}", "{{#obj}}{{#.deep}}{{k}}{{/.deep}}{{/obj}}",
        ]
        templates += lines
        // Nesting at and past the depth limit, long delimiters, CRLF standalone lines, many lines for line/column.
        for depth in [63, 64, 65] {
            templates.append(String(repeating: "{{#t}}", count: depth) + "{{x}}" + String(repeating: "{{/t}}", count: depth))
            templates.append(String(repeating: "{{#objs}}\r\n", count: depth) + "{{name}}" + String(repeating: "{{/objs}}\r\n", count: depth))
        }
        for length in [7, 8, 9] {
            let open = String(repeating: "<", count: length)
            let close = String(repeating: ">", count: length)
            templates += ["{{=\(open) \(close)=}}\(open)name\(close)\(open)#t\(close)in\(open)/t\(close)", "{{=\(open) \(close)=}}\(open)name"]
        }
        templates += [
            "a\r\nb\r\n  {{#t}}  \r\n c\r\n  {{/t}}\r\n{{name}", "l1\nl2\r\nl3\n\u{2028}l4 {{/x}}", "l1\nl2\n   {{#t}}\n {{/f0}}",
            "l1\r\nl2\r\n  {{name x}}", "é\néé {{#a}}", "x\n{{=<% %>=}}\n<% name", "\n\n\n{{{name}}", "{{#t}}\n{{^f0}}\n{{/t}}",
        ]
        return templates
    }

    /// Random templates: pieces of text and tags, sections up to four deep, delimiter changes, and truncations.
    static func random(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(state: seed)
        let texts = ["a", " ", "  ", "\n", "\r\n", "\t", "é", "{", "}", "=", "|", "<", ">", "%", "日本", "x y", "\u{301}", "&"]
        let delimiters: [(String, String)] = [("{{", "}}"), ("<%", "%>"), ("[", "]"), ("|", "|"), ("<<", ">>"), ("@", "@"), ("{", "}"), ("((", "))")]
        var templates: [String] = []
        for _ in 0..<count {
            var open = "{{"
            var close = "}}"
            var out = ""
            var stack: [String] = []
            let pieces = generator.next(upTo: 14) + 1
            for _ in 0..<pieces {
                switch generator.next(upTo: 12) {
                case 0, 1: out += texts[generator.next(upTo: texts.count)]
                case 2: out += open + names[generator.next(upTo: names.count)] + close
                case 3: out += open + "& " + names[generator.next(upTo: names.count)] + close
                case 4:
                    let name = ["t", "list", "objs", "obj", "f0", "el", "c", "a", "z", "name", "first()", "odd()", "b"][generator.next(upTo: 13)]
                    out += open + (generator.next(upTo: 3) == 0 ? "^" : "#") + name + close
                    if generator.next(upTo: 2) == 0 { out += "\n" }
                    stack.append(name)
                case 5:
                    if let name = stack.popLast() { out += open + "/" + name + close }
                case 6: out += open + "! comment " + close
                case 7:
                    let pair = delimiters[generator.next(upTo: delimiters.count)]
                    out += open + "=" + pair.0 + " " + pair.1 + "=" + close
                    (open, close) = pair
                case 8: out += open + transforms[generator.next(upTo: transforms.count)] + close
                case 9:
                    let name = generator.next(upTo: 2) == 0 ? "t" : "f0"
                    out += ["  ", "\t", ""][generator.next(upTo: 3)] + open + (name == "t" ? "#" : "^") + name + close + "\n"
                    stack.append(name)
                case 10: if open == "{{" { out += "{{{" + names[generator.next(upTo: names.count)] + "}}}" }
                default: out += "\n" + ["", " ", "  "][generator.next(upTo: 3)]
                }
            }
            while let name = stack.popLast() { out += open + "/" + name + close }
            // Every seventh template is cut short or loses a character, mostly making it unparsable.
            if generator.next(upTo: 7) == 0, !out.isEmpty {
                let characters = Array(out)
                let cut = generator.next(upTo: characters.count)
                out = generator.next(upTo: 2) == 0 ? String(characters[..<cut]) : String(characters[..<cut] + characters[(cut + 1)...])
            }
            templates.append(out)
        }
        return templates
    }
}

/// A small deterministic generator (SplitMix64).
struct SeededGenerator {
    var state: UInt64

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
