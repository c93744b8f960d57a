import ProviderLogging
import Testing

/// The text log format: values quoted and escaped as logfmt readers expect.
@Suite struct TextLogFormatTests {
    @Test func plainWordsStayBareAndTheRestIsQuotedAndEscaped() {
        #expect(LogFormat.quotedIfNeeded("web-0") == "web-0")
        #expect(LogFormat.quotedIfNeeded("") == #""""#)
        #expect(LogFormat.quotedIfNeeded("two words") == #""two words""#)
        #expect(LogFormat.quotedIfNeeded("a=b") == #""a=b""#)
        #expect(LogFormat.quotedIfNeeded("say \"hi\"\nback\\slash") == #""say \"hi\"\nback\\slash""#)
        #expect(LogFormat.quotedIfNeeded("\u{1b}[31mred\ttab") == #""\u001b[31mred\ttab""#)
    }
}
