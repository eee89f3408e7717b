package cheaplab.lab.hopfield;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ±1 network states as a grid of grey images for the page, in the tile payload the RBM's image grids use
 * ({@code static/js/tiles.js}): {@code {count, columns, tileWidth, tileHeight, encoding: "u8-grey-base64", data}},
 * tile after tile, row-major, one byte per pixel. +1 is black (0), −1 white (255). A state of N neurons is drawn
 * ⌈√N⌉ wide; when N is not a square the cells after the last neuron are mid-grey (160). Each tile has a one-pixel
 * mid-grey frame, so that neighbouring images of black and white noise stay apart.
 */
final class PatternTiles {
    static final String ENCODING = "u8-grey-base64";
    static final byte ON = 0, OFF = (byte) 255, PAD = (byte) 160;

    private PatternTiles() {}

    static int width(int n) {
        int w = (int) Math.ceil(Math.sqrt(n));
        while ((long) w * w < n) w++;
        while (w > 1 && (long) (w - 1) * (w - 1) >= n) w--;
        return w;
    }

    static int height(int n) {
        int w = width(n);
        return (n + w - 1) / w;
    }

    static Map<String, Object> of(List<float[]> states, int n, int columns) {
        int w = width(n), h = height(n), fw = w + 2, fh = h + 2;
        byte[] bytes = new byte[states.size() * fw * fh];
        java.util.Arrays.fill(bytes, PAD);
        int at = 0;
        for (float[] s : states) {
            for (int i = 0; i < n; i++) bytes[at + (i / w + 1) * fw + i % w + 1] = s[i] > 0 ? ON : OFF;
            at += fw * fh;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", states.size());
        m.put("columns", Math.max(1, Math.min(columns, states.size())));
        m.put("tileWidth", fw);
        m.put("tileHeight", fh);
        m.put("encoding", ENCODING);
        m.put("data", Base64.getEncoder().encodeToString(bytes));
        return m;
    }
}
