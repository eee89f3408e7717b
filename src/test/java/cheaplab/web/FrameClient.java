package cheaplab.web;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client for the socket tests, on a plain TCP socket (RFC 6455 framing, strict UTF-8, no extensions), for
 * what real clients cannot do: stop reading, die without a close frame, connect from another address. Real clients
 * (the JDK's, Node's, Python's, Chromium) are driven by {@link StreamClientsTest}. One reader thread per client collects whole
 * events; {@link #stopAfter} makes it stop reading (the server then sees a client that stalls), {@link #abort}
 * drops the connection without a close frame.
 */
final class FrameClient {
    private static final Set<String> TERMINAL = Set.of("finished", "failed", "diverged", "cancelled", "interrupted");

    final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch terminal = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile int closeCode = -1;
    volatile String closeReason;
    volatile Throwable error;
    /** Stop reading once this many events arrived (set before events arrive). */
    volatile int stopAfter = Integer.MAX_VALUE;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private FrameClient(URI uri, java.net.InetAddress local) throws IOException {
        this(uri, local, "");
    }

    /** With extra request header lines ("Cookie: a=b\r\n"). */
    static FrameClient connect(URI uri, String extraHeaders) throws IOException {
        return new FrameClient(uri, null, extraHeaders);
    }

    private FrameClient(URI uri, java.net.InetAddress local, String extraHeaders) throws IOException {
        socket = local == null ? new Socket(uri.getHost(), uri.getPort()) : new Socket(uri.getHost(), uri.getPort(), local, 0);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = headers();
        if (!status.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + status);
        Thread reader = new Thread(this::read, "frame-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and completes the handshake; events are read in the background from then on. */
    static FrameClient connect(URI uri) throws IOException {
        return new FrameClient(uri, null);
    }

    /** From a given local address (another loopback address is another client to the server). */
    static FrameClient connect(URI uri, java.net.InetAddress local) throws IOException {
        return new FrameClient(uri, local);
    }

    /** The status line; consumes the response headers. */
    private String headers() throws IOException {
        StringBuilder all = new StringBuilder();
        while (!all.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during the handshake: " + all);
            all.append((char) b);
        }
        return all.substring(0, all.indexOf("\r\n"));
    }

    private void read() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) len = in.readUnsignedShort();
                else if (len == 127) len = in.readLong();
                byte[] payload = new byte[Math.toIntExact(len)];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    send(0x8, payload.length >= 2 ? new byte[]{payload[0], payload[1]} : new byte[0]);
                    break;
                }
                if (opcode == 0x9) {
                    send(0xA, payload);
                    continue;
                }
                if (opcode == 0xA) continue;
                message.write(payload);
                if ((b0 & 0x80) == 0) continue; // more fragments to come
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message.toByteArray())).toString();
                message.reset();
                JsonNode e = Json.MAPPER.readTree(text);
                events.add(e);
                if (TERMINAL.contains(e.path("type").asText())) terminal.countDown();
                if (events.size() >= stopAfter) {
                    stopped.countDown();
                    return; // stop reading; the socket stays open until abort()
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) error = e;
        }
        closed.countDown();
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone
        }
    }

    /** A masked frame (clients must mask). */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        f.write(0x80 | payload.length); // control frames only: < 126 bytes
        f.write(mask);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i % 4]);
        out.write(f.toByteArray());
        out.flush();
    }

    /** Drops the connection with a reset, no close frame (a tab that dies). */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    List<Long> seqs() {
        synchronized (events) {
            return events.stream().map(e -> e.get("seq").asLong()).toList();
        }
    }
}
