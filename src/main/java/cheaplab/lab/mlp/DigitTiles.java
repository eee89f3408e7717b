package cheaplab.lab.mlp;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grid of grey images for the live view, in the page kit's tile payload ({@code static/js/tiles.js}):
 * {@code {count, columns, tileWidth, tileHeight, encoding: "u8-grey-base64", data}}, tile after tile, each
 * row-major, values in [0, 1] mapped to 0 (black) … 255 (white).
 */
final class DigitTiles {
    static final String ENCODING = "u8-grey-base64";

    private DigitTiles() {}

    /** Tiles {@code images[i]} (each width × height values in [0, 1], clamped). */
    static Map<String, Object> of(float[][] images, int width, int height, int columns) {
        byte[] bytes = new byte[images.length * width * height];
        int at = 0;
        for (float[] img : images) {
            if (img.length != width * height) throw new IllegalArgumentException("a tile has " + img.length + " values");
            for (float p : img) bytes[at++] = (byte) Math.round(255 * Math.min(1f, Math.max(0f, p)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", images.length);
        m.put("columns", Math.max(1, Math.min(columns, images.length)));
        m.put("tileWidth", width);
        m.put("tileHeight", height);
        m.put("encoding", ENCODING);
        m.put("data", Base64.getEncoder().encodeToString(bytes));
        return m;
    }
}
