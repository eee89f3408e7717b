package cheaplab.web;

import cheaplab.core.Excerpt;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Content-Type} value (RFC 9110 §8.3): the lower-case {@code type/subtype} and its parameters
 * (names lower-cased, quoted values unquoted). A value that does not parse, or names a charset this JVM lacks, is an
 * {@link HttpRefusal} naming the header, never an exception further down.
 */
record MediaType(String type, Map<String, String> parameters) {
    static final String HEADER = "Content-Type";
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String MULTIPART = "multipart/form-data";

    /** The request's media type, or null when it sent no Content-Type. */
    static MediaType of(String header) {
        if (header == null || header.isBlank()) return null;
        return parse(header);
    }

    static MediaType parse(String header) {
        int semi = header.indexOf(';');
        String type = (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || !token(type.substring(0, slash)) || !token(type.substring(slash + 1)))
            throw malformed(header, "is not a media type (type/subtype)");
        Map<String, String> params = new LinkedHashMap<>();
        int i = semi < 0 ? header.length() : semi + 1;
        while (i < header.length()) {
            while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ';')) i++;
            if (i >= header.length()) break;
            int eq = header.indexOf('=', i);
            if (eq < 0) throw malformed(header, "has a parameter without a value");
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (!token(name)) throw malformed(header, "has a malformed parameter name");
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < header.length() && header.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < header.length()) {
                    char c = header.charAt(i++);
                    if (c == '\\' && i < header.length()) value.append(header.charAt(i++));
                    else if (c == '"') {
                        closed = true;
                        break;
                    } else value.append(c);
                }
                if (!closed) throw malformed(header, "has an unterminated quoted parameter");
                while (i < header.length() && header.charAt(i) != ';') {
                    if (header.charAt(i) != ' ' && header.charAt(i) != '\t') throw malformed(header, "has text after a quoted parameter");
                    i++;
                }
            } else {
                int end = header.indexOf(';', i);
                if (end < 0) end = header.length();
                value.append(header, i, end);
                i = end;
                String v = value.toString().trim();
                value.setLength(0);
                value.append(v);
                if (!printable(v)) throw malformed(header, "has a malformed value for '" + Excerpt.of(name) + "'");
            }
            params.putIfAbsent(name, value.toString());
        }
        return new MediaType(type, Map.copyOf(params));
    }

    boolean is(String t) {
        return type.equals(t);
    }

    /** The declared charset, or {@code fallback}; a charset this JVM does not know is a 415 naming the header. */
    Charset charset(Charset fallback) {
        String name = parameters.get("charset");
        if (name == null) return fallback;
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new HttpRefusal(415, "unsupported_charset", HEADER,
                    HEADER + ": the charset '" + Excerpt.of(name) + "' is not supported; send UTF-8");
        }
    }

    /** The multipart boundary (RFC 2046 §5.1.1: 1 to 70 characters); a missing or malformed one is a 400 naming the header. */
    String boundary() {
        String b = parameters.get("boundary");
        if (b == null || b.isEmpty())
            throw new HttpRefusal(400, "malformed_header", HEADER, HEADER + ": " + type + " needs a boundary parameter");
        if (b.length() > 70)
            throw new HttpRefusal(400, "malformed_header", HEADER, HEADER + ": the multipart boundary is longer than 70 characters");
        return b;
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    /** Unquoted values are lenient (clients send boundaries with '=' or '/' unquoted): no spaces, quotes or controls. */
    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"') return false;
        }
        return true;
    }

    private static HttpRefusal malformed(String header, String why) {
        return new HttpRefusal(400, "malformed_header", HEADER, HEADER + " '" + Excerpt.of(header) + "' " + why);
    }
}
