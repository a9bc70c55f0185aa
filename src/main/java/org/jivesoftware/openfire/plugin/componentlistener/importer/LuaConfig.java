package org.jivesoftware.openfire.plugin.componentlistener.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jivesoftware.openfire.plugin.componentlistener.importer.LuaTokens.Kind;
import org.jivesoftware.openfire.plugin.componentlistener.importer.LuaTokens.Token;

/**
 * A Prosody configuration file, read and never run: its global settings, then its {@code VirtualHost} and
 * {@code Component} sections with theirs. Only settings whose value is a literal are read: a string, a number, a
 * boolean, or a table ({@code { }}) of those. Every other statement (a value computed from others, a function call,
 * {@code Include}, {@code local}) is skipped and listed with its line, so that nothing is dropped silently.
 */
final class LuaConfig {
    private static final Set<String> SECTION_WORDS = Set.of("Component", "VirtualHost");
    /** Tables nested deeper than this are not read (a configuration has two or three levels). */
    private static final int DEEPEST_TABLE = 32;

    /** A part of the file: the global settings, a virtual host, or a component. */
    static final class Section {
        final String keyword;
        final String name;
        /** The module of an internal component ({@code Component "x" "muc"}); null for an external one. */
        final String module;
        final int line;
        final Map<String, Object> settings = new LinkedHashMap<>();

        Section(String keyword, String name, String module, int line) {
            this.keyword = keyword;
            this.name = name;
            this.module = module;
            this.line = line;
        }
    }

    /** A statement that was not read: its line and its first word. */
    static final class Skipped {
        final int line;
        final String start;

        Skipped(int line, String start) {
            this.line = line;
            this.start = start;
        }
    }

    private final List<Token> tokens;
    private final List<Section> sections = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private int at;
    private int tableDepth;
    private Integer unreadableLine;

    private LuaConfig(List<Token> tokens) {
        this.tokens = tokens;
        sections.add(new Section("", null, null, 1));
    }

    static LuaConfig read(String text) {
        LuaConfig config = new LuaConfig(LuaTokens.of(text));
        config.readStatements();
        return config;
    }

    /** The global settings, before any section. */
    Section global() {
        return sections.get(0);
    }

    List<Section> sections(String keyword) {
        List<Section> found = new ArrayList<>();
        sections.stream().filter(section -> section.keyword.equals(keyword)).forEach(found::add);
        return found;
    }

    List<Skipped> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    /** The line of a string or long bracket that never ends, after which nothing could be read; null if none. */
    Integer unreadableLine() {
        return unreadableLine;
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(Math.min(at++, tokens.size() - 1));
    }

    private void readStatements() {
        while (peek(0).kind != Kind.END && peek(0).kind != Kind.ERROR) {
            Token first = peek(0);
            if (first.kind == Kind.NAME && SECTION_WORDS.contains(first.text) && readSection()) {
                continue;
            }
            if (first.kind == Kind.NAME && peek(1).is("=") && !peek(2).is("=")) {
                at += 2;
                try {
                    Object value = value();
                    Map<String, Object> settings = sections.get(sections.size() - 1).settings;
                    if (value == null) {
                        settings.remove(first.text);
                    } else {
                        settings.put(first.text, value);
                    }
                    continue;
                } catch (NotLiteral e) {
                    if (reachedUnreadable()) {
                        break;
                    }
                    skipRest(first);
                    continue;
                }
            }
            if (first.is(";")) {
                at++;
                continue;
            }
            skipRest(first);
        }
        tokens.stream().filter(token -> token.kind == Kind.ERROR).findFirst()
            .ifPresent(token -> unreadableLine = token.line);
    }

    /** Whether reading stopped at a string that never ends, which is reported as such rather than as a statement. */
    private boolean reachedUnreadable() {
        return tokens.get(Math.min(at, tokens.size()) - 1).kind == Kind.ERROR || peek(0).kind == Kind.ERROR;
    }

    /** {@code Component "name" ["module"]} or {@code VirtualHost "name"}, with or without parentheses. */
    private boolean readSection() {
        int start = at;
        Token keyword = next();
        boolean call = peek(0).is("(");
        if (call) {
            at++;
        }
        if (peek(0).kind != Kind.STRING) {
            at = start;
            return false;
        }
        String name = next().text;
        if (call && !next().is(")")) {
            at = start;
            return false;
        }
        String module = null;
        if (keyword.text.equals("Component") && peek(0).kind == Kind.STRING && peek(0).line == keyword.line) {
            module = next().text;
        }
        sections.add(new Section(keyword.text, name, module, keyword.line));
        return true;
    }

    /** Skips a statement that is not read, up to where the next one begins, and lists it. */
    private void skipRest(Token first) {
        skipped.add(new Skipped(first.line, first.text));
        int depth = 0;
        int lastLine = first.line;
        // From just after its first token, so that brackets are counted from the start of the statement.
        at = tokens.indexOf(first) + 1;
        while (peek(0).kind != Kind.END && peek(0).kind != Kind.ERROR) {
            Token token = peek(0);
            // A name that begins a line outside brackets begins the next statement.
            if (depth == 0 && token.line > lastLine && token.kind == Kind.NAME) {
                return;
            }
            if (token.is("(") || token.is("{") || token.is("[")) {
                depth++;
            } else if (token.is(")") || token.is("}") || token.is("]")) {
                depth = Math.max(0, depth - 1);
            }
            lastLine = token.line;
            at++;
        }
    }

    /** A literal value; null for {@code nil}. */
    private Object value() throws NotLiteral {
        Token token = next();
        Object value;
        if (token.kind == Kind.STRING) {
            value = token.text;
        } else if (token.kind == Kind.NUMBER) {
            value = number(token.text);
        } else if (token.is("-") && peek(0).kind == Kind.NUMBER) {
            Object number = number(next().text);
            value = number instanceof Long ? (Object) (-(Long) number) : (Object) (-(Double) number);
        } else if (token.is("true") || token.is("false")) {
            value = Boolean.valueOf(token.text);
        } else if (token.is("nil")) {
            value = null;
        } else if (token.is("{") && tableDepth < DEEPEST_TABLE) {
            tableDepth++;
            try {
                value = table();
            } finally {
                tableDepth--;
            }
        } else {
            throw new NotLiteral();
        }
        // A literal followed by an operator (.., +, a call) is an expression, not a literal.
        Token after = peek(0);
        if (after.kind == Kind.SYMBOL && !after.is(",") && !after.is(";") && !after.is("}") && !after.is("]")) {
            throw new NotLiteral();
        }
        return value;
    }

    private static Object number(String text) throws NotLiteral {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            return text.contains(".") || text.contains("e") || text.contains("E") ? (Object) Double.parseDouble(text)
                : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NotLiteral();
        }
    }

    /** A table: a list when it has only positional items, else a map (positional items keyed 1, 2, ...). */
    private Object table() throws NotLiteral {
        List<Object> items = new ArrayList<>();
        Map<String, Object> keyed = new LinkedHashMap<>();
        while (!peek(0).is("}")) {
            if (peek(0).kind == Kind.END || peek(0).kind == Kind.ERROR) {
                throw new NotLiteral();
            }
            if (peek(0).kind == Kind.NAME && peek(1).is("=")) {
                String key = next().text;
                at++;
                keyed.put(key, value());
            } else if (peek(0).is("[")) {
                at++;
                Object key = value();
                if (!next().is("]") || !next().is("=")) {
                    throw new NotLiteral();
                }
                keyed.put(String.valueOf(key), value());
            } else {
                items.add(value());
            }
            if (peek(0).is(",") || peek(0).is(";")) {
                at++;
            } else if (!peek(0).is("}")) {
                throw new NotLiteral();
            }
        }
        at++;
        if (keyed.isEmpty()) {
            return items;
        }
        for (int i = 0; i < items.size(); i++) {
            keyed.put(String.valueOf(i + 1), items.get(i));
        }
        return keyed;
    }

    /** The value is not a literal: the statement is skipped. */
    private static final class NotLiteral extends Exception {
        private static final long serialVersionUID = 1L;

        NotLiteral() {
            super(null, null, false, false);
        }
    }
}
