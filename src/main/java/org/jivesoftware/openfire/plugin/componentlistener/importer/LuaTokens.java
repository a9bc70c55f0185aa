package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Splits a Lua configuration file into tokens, without running anything: names, literal strings (both quote styles
 * and {@code [[long]]} strings), numbers and single symbols. Comments ({@code --} to the end of the line and
 * {@code --[[long]]}) are dropped. A string that does not end, or a long bracket that is not closed, ends the text
 * with an {@link Kind#ERROR} token at its line.
 */
final class LuaTokens {
    enum Kind { NAME, STRING, NUMBER, SYMBOL, ERROR, END }

    /** One token: its kind, its text (a string's value, unquoted) and the line it begins on. */
    static final class Token {
        final Kind kind;
        final String text;
        final int line;

        Token(Kind kind, String text, int line) {
            this.kind = kind;
            this.text = text;
            this.line = line;
        }

        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
        }
    }

    /** Lua's decimal escape, {@code \\ddd}, has at most three digits. */
    private static final int MAX_DECIMAL_ESCAPE = 3;

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int at;
    private int line = 1;

    private LuaTokens(String text) {
        this.text = text;
    }

    static List<Token> of(String text) {
        LuaTokens reader = new LuaTokens(text);
        reader.readAll();
        return reader.tokens;
    }

    private void readAll() {
        while (true) {
            skipSpaceAndComments();
            if (at >= text.length()) {
                tokens.add(new Token(Kind.END, "", line));
                return;
            }
            int startLine = line;
            char c = text.charAt(at);
            Token token;
            if (Character.isLetter(c) || c == '_') {
                token = new Token(Kind.NAME, readWhile(LuaTokens::isNamePart), startLine);
            } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length()
                && Character.isDigit(text.charAt(at + 1)))) {
                token = new Token(Kind.NUMBER, readWhile(ch -> Character.isLetterOrDigit(ch) || ch == '.'), startLine);
            } else if (c == '"' || c == '\'') {
                token = quoted(c, startLine);
            } else if (c == '[' && longBracketLevel() >= 0) {
                String value = longBracket();
                token = value == null ? new Token(Kind.ERROR, "[[", startLine) : new Token(Kind.STRING, value, startLine);
            } else {
                at++;
                token = new Token(Kind.SYMBOL, String.valueOf(c), startLine);
            }
            tokens.add(token);
            if (token.kind == Kind.ERROR) {
                tokens.add(new Token(Kind.END, "", line));
                return;
            }
        }
    }

    private static boolean isNamePart(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String readWhile(IntPredicate part) {
        int start = at;
        while (at < text.length() && part.test(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private void skipSpaceAndComments() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n') {
                line++;
                at++;
            } else if (Character.isWhitespace(c)) {
                at++;
            } else if (text.startsWith("--", at)) {
                at += 2;
                if (at < text.length() && text.charAt(at) == '[' && longBracketLevel() >= 0) {
                    if (longBracket() == null) {
                        return;
                    }
                } else {
                    while (at < text.length() && text.charAt(at) != '\n') {
                        at++;
                    }
                }
            } else {
                return;
            }
        }
    }

    /** At a {@code [}: the number of {@code =} of a long bracket {@code [==[} starting here, or -1 if none does. */
    private int longBracketLevel() {
        int i = at + 1;
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i < text.length() && text.charAt(i) == '[' ? i - at - 1 : -1;
    }

    /** Reads a long bracket's content (a first newline dropped, as Lua does); null when it is not closed. */
    private String longBracket() {
        int level = longBracketLevel();
        at += level + 2;
        String close = "]" + "=".repeat(level) + "]";
        int end = text.indexOf(close, at);
        if (end < 0) {
            at = text.length();
            return null;
        }
        String content = text.substring(at, end);
        line += (int) content.chars().filter(ch -> ch == '\n').count();
        at = end + close.length();
        return content.startsWith("\r\n") ? content.substring(2) : content.startsWith("\n") ? content.substring(1)
            : content;
    }

    private Token quoted(char quote, int startLine) {
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return new Token(Kind.STRING, value.toString(), startLine);
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && at < text.length()) {
                char escaped = text.charAt(at++);
                escape(escaped, value);
            } else {
                value.append(c);
            }
        }
        return new Token(Kind.ERROR, String.valueOf(quote), startLine);
    }

    /** Appends what a backslash escape stands for: a control character, a decimal code, or the character itself. */
    private void escape(char escaped, StringBuilder value) {
        if (escaped == 'n' || escaped == '\n') {
            value.append('\n');
            line += escaped == '\n' ? 1 : 0;
        } else if (escaped == 't') {
            value.append('\t');
        } else if (escaped == 'r') {
            value.append('\r');
        } else if (Character.isDigit(escaped)) {
            int start = at - 1;
            while (at < text.length() && at - start < MAX_DECIMAL_ESCAPE && Character.isDigit(text.charAt(at))) {
                at++;
            }
            value.append((char) Integer.parseInt(text.substring(start, at)));
        } else {
            value.append(escaped);
        }
    }
}
