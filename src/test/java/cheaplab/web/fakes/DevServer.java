package cheaplab.web.fakes;

/**
 * The pages with fake runs, for working on the front end by hand (test classpath):
 * {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}, then
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) cheaplab.web.fakes.DevServer 7070 [stepMs]}.
 */
public final class DevServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7070;
        TestServer s = TestServer.start(args.length > 1 ? Long.parseLong(args[1]) : 120, true, 0, port);
        System.out.println("pages with fake runs at " + s.url("/"));
        Thread.currentThread().join();
    }
}
