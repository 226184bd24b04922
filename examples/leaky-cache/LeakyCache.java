import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small "web service" with the most common leak there is: a static session cache that is
 * written on every login and never evicted. Each session holds its user's name, the pages it
 * visited and a serialized payload, so the cache grows by a few kilobytes per request forever.
 *
 * Run it with {@code java LeakyCache.java [SESSIONS]}; it prints "ready" once it has cached
 * SESSIONS sessions (default 5000) and then keeps serving slowly, as a leaking server does.
 * {@code ashwood demo} runs it under the agent, dumps it on SIGQUIT and finds the leak.
 */
public final class LeakyCache {
    /** The leak: nothing ever removes a session from this map. */
    static final Map<String, Session> SESSIONS = new HashMap<>();

    static final class Session {
        final String id;
        final String user;
        final long createdMillis;
        final List<String> visitedPages = new ArrayList<>();
        final byte[] payload;

        Session(String id, String user, byte[] payload) {
            this.id = id;
            this.user = user;
            this.createdMillis = System.currentTimeMillis();
            this.payload = payload;
        }
    }

    static void login(int request) {
        String id = "session-" + request;
        Session session = new Session(id, "user" + request % 977,
                ("{\"cart\":[" + request + "],\"pad\":\"" + "x".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8));
        for (int page = 0; page < 3; page++) {
            session.visitedPages.add("/shop/item/" + ThreadLocalRandom.current().nextInt(10_000));
        }
        SESSIONS.put(id, session);
    }

    public static void main(String[] args) throws InterruptedException {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        for (int request = 0; request < sessions; request++) {
            login(request);
        }
        System.out.println("ready: " + SESSIONS.size() + " sessions cached, none ever evicted");
        System.out.flush();
        // Keep serving, slowly, so the process stays alive to be dumped.
        for (int request = sessions; ; request++) {
            Thread.sleep(1000);
            login(request);
        }
    }
}
