package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageTilesTest {
    @Test
    void probabilitiesMapToGreyBytesTileAfterTile() {
        float[][] tiles = {{0f, 0.5f, 1f, 2f}, {-1f, 0.25f, 0.75f, 1f}};
        Map<String, Object> p = ImageTiles.ofProbabilities(tiles, 2, 2, 5);
        assertEquals(2, p.get("count"));
        assertEquals(2, p.get("columns")); // never more columns than tiles
        assertEquals(2, p.get("tileWidth"));
        assertEquals(2, p.get("tileHeight"));
        assertEquals("u8-grey-base64", p.get("encoding"));
        byte[] b = Base64.getDecoder().decode((String) p.get("data"));
        int[] got = new int[b.length];
        for (int i = 0; i < b.length; i++) got[i] = b[i] & 0xFF;
        assertArrayEquals(new int[]{0, 128, 255, 255, 0, 64, 191, 255}, got);
    }

    @Test
    void signedValuesAreScaledPerTileAroundMidGrey() {
        float[][] tiles = {{-2f, 0f, 1f, 2f}, {0f, 0f, 0f, 0f}};
        byte[] b = Base64.getDecoder().decode((String) ImageTiles.ofSigned(tiles, 4, 1, 2).get("data"));
        int[] got = new int[b.length];
        for (int i = 0; i < b.length; i++) got[i] = b[i] & 0xFF;
        assertArrayEquals(new int[]{0, 128, 191, 255, 128, 128, 128, 128}, got);
    }
}
