package cheaplab.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for the requests {@link java.net.http.HttpClient} will not send as they are: bogus
 * headers, bodies that do not match their Content-Type, chunked bodies of any size. One request per connection.
 */
final class RawHttp {
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes a body progressively (chunked) on its own thread while the response is read; counts what it wrote. */
    interface BodyWriter {
        void write(OutputStream out, AtomicLong written) throws IOException;
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** {@code head} is the request line and headers without the final empty line; CRLFs are added here. */
    Response send(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((head.replace("\n", "\r\n") + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    Response send(String head, String body) throws IOException {
        return send(head, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code head} then streams the body from {@code writer} while reading the answer; {@code written} counts bytes sent. */
    Response stream(String head, BodyWriter writer, AtomicLong written) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write((head.replace("\n", "\r\n") + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread t = new Thread(() -> {
                try {
                    writer.write(out, written);
                    out.flush();
                } catch (IOException expected) {
                    // the server refused and closed: what the test wants
                }
            }, "raw-http-body");
            t.setDaemon(true);
            t.start();
            Response r = read(s.getInputStream());
            s.close();
            t.join(10_000);
            return r;
        }
    }

    /** Writes {@code total} bytes of {@code fill} as chunks of {@code chunk} bytes, then the last chunk. */
    static BodyWriter chunked(byte[] prefix, byte fill, long total, int chunk) {
        return (out, written) -> {
            writeChunk(out, prefix, written);
            byte[] buf = new byte[chunk];
            java.util.Arrays.fill(buf, fill);
            for (long sent = prefix.length; sent < total; sent += chunk) writeChunk(out, buf, written);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        };
    }

    private static void writeChunk(OutputStream out, byte[] data, AtomicLong written) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        written.addAndGet(data.length);
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("no response");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; (l = line(in)) != null && !l.isEmpty(); ) {
            int c = l.indexOf(':');
            headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(), (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            byte[] b = in.readNBytes(Integer.parseInt(length));
            body.write(b);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n; (n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            in.transferTo(body);
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
