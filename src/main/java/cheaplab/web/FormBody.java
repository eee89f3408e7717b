package cheaplab.web;

import cheaplab.core.Excerpt;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A form body (already read, within the size limit) → its fields, name → values in order. Two encodings:
 * {@code application/x-www-form-urlencoded} and {@code multipart/form-data} (RFC 7578, text fields; a file part's
 * content is taken as its text). A body that does not parse is an {@link HttpRefusal} (400 {@code malformed_form}),
 * never an exception from a parser further down: this replaces Jetty's multipart parser, which threw on a missing
 * boundary or a body that does not match it, and Javalin's URL decoding, which threw on an unknown charset.
 */
final class FormBody {
    private FormBody() {}

    static Map<String, List<String>> parse(MediaType type, byte[] body) {
        if (type.is(MediaType.MULTIPART)) return multipart(body, type.boundary());
        return urlencoded(body, type.charset(StandardCharsets.UTF_8));
    }

    static Map<String, List<String>> urlencoded(byte[] body, Charset charset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String s = new String(body, charset);
        if (s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s, Charset charset) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            throw malformed("bad percent-encoding in '" + Excerpt.of(s) + "'");
        }
    }

    /** RFC 2046 §5.1.1: delimiter lines {@code --boundary}, parts of headers, an empty line and content, a final {@code --boundary--}. */
    static Map<String, List<String>> multipart(byte[] body, String boundary) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body.length == 0) return out; // no parts at all: an empty form
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] crlfDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = startsWith(body, 0, delimiter) ? 0 : indexOf(body, crlfDelimiter, 0);
        if (at < 0) throw malformed("the body does not contain the boundary declared in Content-Type");
        int pos = at == 0 ? delimiter.length : at + crlfDelimiter.length;
        for (int parts = 0; ; parts++) {
            if (startsWith(body, pos, new byte[]{'-', '-'})) return out; // the close delimiter
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) pos++; // transport padding
            if (!startsWith(body, pos, new byte[]{'\r', '\n'})) throw malformed("a boundary line is not followed by CRLF");
            pos += 2;
            int headersEnd = startsWith(body, pos, new byte[]{'\r', '\n'}) ? pos : indexOf(body, new byte[]{'\r', '\n', '\r', '\n'}, pos);
            if (headersEnd < 0) throw malformed("part " + (parts + 1) + " has no end of headers");
            String name = null;
            Charset charset = StandardCharsets.UTF_8;
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String v = line.substring(colon + 1).trim();
                if (h.equals("content-disposition")) name = dispositionName(v);
                else if (h.equals("content-type")) charset = MediaType.parse(v).charset(StandardCharsets.UTF_8);
            }
            if (name == null) throw malformed("part " + (parts + 1) + " has no Content-Disposition: form-data; name=…");
            int contentStart = headersEnd == pos ? pos + 2 : headersEnd + 4;
            int next = indexOf(body, crlfDelimiter, contentStart);
            if (next < 0) throw malformed("part " + (parts + 1) + " ('" + Excerpt.of(name) + "') is not closed by the boundary");
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(new String(body, contentStart, next - contentStart, charset));
            pos = next + crlfDelimiter.length;
        }
    }

    /** The {@code name} parameter of {@code form-data; name="x"; filename="…"}. */
    private static String dispositionName(String v) {
        MediaType d;
        try {
            d = MediaType.parse("form-data/x" + v.substring(Math.max(0, v.indexOf(';'))));
        } catch (HttpRefusal e) {
            throw malformed("a part has a malformed Content-Disposition");
        }
        if (!v.toLowerCase(Locale.ROOT).startsWith("form-data")) throw malformed("a part's Content-Disposition is not form-data");
        return d.parameters().get("name");
    }

    private static boolean startsWith(byte[] a, int from, byte[] prefix) {
        if (from < 0 || from + prefix.length > a.length) return false;
        for (int i = 0; i < prefix.length; i++) if (a[from + i] != prefix[i]) return false;
        return true;
    }

    private static int indexOf(byte[] a, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= a.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (a[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static HttpRefusal malformed(String why) {
        return new HttpRefusal(400, "malformed_form", null, "malformed form body: " + why);
    }
}
