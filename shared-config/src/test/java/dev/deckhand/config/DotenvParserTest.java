package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DotenvParserTest {

    @Test
    void parsesExportQuotesCommentsAndEscapes() {
        var values = DotenvParser.parse("""
                # comment
                export A=1
                B = two words # trailing comment
                C='lit#eral $X'
                D="line\\nbreak \\"q\\""
                E=
                """, "test");
        assertThat(values).containsEntry("A", "1").containsEntry("B", "two words")
                .containsEntry("C", "lit#eral $X").containsEntry("D", "line\nbreak \"q\"").containsEntry("E", "");
    }

    @Test
    void namesTheFileAndLineOfABadEntry() {
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nnot an assignment\n", ".env"))
                .hasMessage(".env line 2: expected KEY=value");
    }
}
