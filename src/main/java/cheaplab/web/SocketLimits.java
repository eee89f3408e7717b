package cheaplab.web;

/**
 * WebSocket settings of the server ({@code --ws-max-per-client}, {@code --ws-max-sockets}, {@code --ws-compression}).
 *
 * @param maxPerClient open run streams one client (remote IP address) may hold; more are closed with
 *                     {@link RunSocket#TOO_MANY_SOCKETS}
 * @param maxSockets   open run streams in total
 * @param compression  whether permessage-deflate is negotiated with clients that offer it
 */
public record SocketLimits(int maxPerClient, int maxSockets, boolean compression) {
    public static final int DEFAULT_MAX_PER_CLIENT = 64;
    public static final int DEFAULT_MAX_SOCKETS = 512;
    public static final boolean DEFAULT_COMPRESSION = false;
    public static final SocketLimits DEFAULTS = new SocketLimits(DEFAULT_MAX_PER_CLIENT, DEFAULT_MAX_SOCKETS, DEFAULT_COMPRESSION);

    public SocketLimits {
        if (maxPerClient < 1) throw new IllegalArgumentException("maxPerClient must be at least 1, was " + maxPerClient);
        if (maxSockets < 1) throw new IllegalArgumentException("maxSockets must be at least 1, was " + maxSockets);
    }

    public SocketLimits withCompression(boolean on) {
        return new SocketLimits(maxPerClient, maxSockets, on);
    }
}
