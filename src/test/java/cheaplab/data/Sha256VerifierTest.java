package cheaplab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.*;

class Sha256VerifierTest {
    @TempDir
    Path tmp;

    @Test
    void knownDigests() throws IOException {
        // FIPS 180-2 test vectors
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256Verifier.sha256(Files.writeString(tmp.resolve("abc"), "abc")));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Sha256Verifier.sha256(Files.write(tmp.resolve("empty"), new byte[0])));
        // the fixture, as sha256sum reports it
        Path labels = Fixtures.mnist().resolve("t10k-labels-idx1-ubyte");
        assertEquals(Fixtures.SHA256.get("t10k-labels-idx1-ubyte"), Sha256Verifier.sha256(labels));
    }

    @Test
    void gzipFilesHashTheirContent() throws IOException {
        Path labels = Fixtures.mnist().resolve("t10k-labels-idx1-ubyte");
        Path gz = tmp.resolve("t10k-labels-idx1-ubyte.gz");
        Fixtures.gzip(labels, gz);
        assertEquals(Sha256Verifier.sha256(labels), Sha256Verifier.sha256(gz));
    }

    @Test
    void aVerifiedFileIsNotHashedAgainUntilItChanges() throws IOException {
        Path f = Files.writeString(tmp.resolve("data"), "0123456789");
        String good = Sha256Verifier.sha256(f);
        Path marker = tmp.resolve("sub/.sha256-verified");
        Sha256Verifier v = new Sha256Verifier(marker);
        assertTrue(v.verify(f, good));
        assertTrue(Files.isRegularFile(marker));
        assertFalse(v.verify(f, "00" + good.substring(2)));

        // Same size and mtime: the marker vouches, no hashing (proved by changing the bytes behind its back).
        FileTime mtime = Files.getLastModifiedTime(f);
        Files.writeString(f, "9876543210");
        Files.setLastModifiedTime(f, mtime);
        assertTrue(new Sha256Verifier(marker).verify(f, good));

        // A new modification time: hashed again, and the change is caught.
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtime.toMillis() + 5000));
        assertFalse(new Sha256Verifier(marker).verify(f, good));
    }

    @Test
    void unwritableOrGarbledMarkersOnlyCostRehashing() throws IOException {
        Path f = Files.writeString(tmp.resolve("data"), "x");
        String good = Sha256Verifier.sha256(f);
        Path blocker = Files.writeString(tmp.resolve("file-not-dir"), "");
        assertTrue(new Sha256Verifier(blocker.resolve("marker")).verify(f, good)); // marker dir cannot exist
        Path garbled = Files.write(tmp.resolve("garbled"), new byte[] {'\\', 'u', 'Z', 'Z'});
        assertTrue(new Sha256Verifier(garbled).verify(f, good));
        assertTrue(new Sha256Verifier(garbled).verify(f, good.toUpperCase()));
    }
}
