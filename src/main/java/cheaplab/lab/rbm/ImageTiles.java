package cheaplab.lab.rbm;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compact grid of grey images for the live view ({@code filters}, {@code samples}, {@code reconstructions}
 * series). The point is a flat JSON object:
 * <pre>
 *   { "epoch": 3.0, "updates": 1500,
 *     "count": 64, "columns": 8, "tileWidth": 28, "tileHeight": 28,
 *     "encoding": "u8-grey-base64",
 *     "data": "…" }
 * </pre>
 * {@code data} is base64 of {@code count × tileHeight × tileWidth} unsigned bytes: tile after tile, each row-major
 * (the IDX pixel order), 0 = black, 255 = white. Draw tile t at grid cell (t / columns, t % columns), e.g. via
 * {@code ImageData} on a canvas with R = G = B = byte. Probabilities map [0, 1] → [0, 255]; weights map
 * [−m, m] → [0, 255] with m the tile's largest |w| (mid-grey = 0). 64 MNIST tiles are 50 kB, 67 kB as base64.
 */
public final class ImageTiles {
    public static final String ENCODING = "u8-grey-base64";

    private ImageTiles() {}

    /** Tiles of values in [0, 1] (clamped). */
    public static Map<String, Object> ofProbabilities(float[][] tiles, int width, int height, int columns) {
        byte[] bytes = new byte[tiles.length * width * height];
        int at = 0;
        for (float[] tile : tiles) {
            check(tile, width, height);
            for (float p : tile) bytes[at++] = (byte) Math.round(255 * Math.min(1f, Math.max(0f, p)));
        }
        return payload(bytes, tiles.length, width, height, columns);
    }

    /** Tiles of signed values, each scaled by its own largest magnitude so that 0 is mid-grey. */
    public static Map<String, Object> ofSigned(float[][] tiles, int width, int height, int columns) {
        byte[] bytes = new byte[tiles.length * width * height];
        int at = 0;
        for (float[] tile : tiles) {
            check(tile, width, height);
            float m = 0;
            for (float w : tile) m = Math.max(m, Math.abs(w));
            for (float w : tile) bytes[at++] = (byte) Math.round(127.5f + (m == 0 ? 0 : 127.5f * w / m));
        }
        return payload(bytes, tiles.length, width, height, columns);
    }

    private static void check(float[] tile, int width, int height) {
        if (tile.length != width * height) throw new IllegalArgumentException("a tile has " + tile.length + " values, not " + width + "×" + height);
    }

    private static Map<String, Object> payload(byte[] bytes, int count, int width, int height, int columns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("columns", Math.max(1, Math.min(columns, count)));
        m.put("tileWidth", width);
        m.put("tileHeight", height);
        m.put("encoding", ENCODING);
        m.put("data", Base64.getEncoder().encodeToString(bytes));
        return m;
    }
}
