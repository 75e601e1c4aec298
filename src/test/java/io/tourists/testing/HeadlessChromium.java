package io.tourists.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket client: open a
 * page, evaluate JavaScript in it, take a screenshot. No browser download, no driver, no node. Started with
 * the flags that keep it from reaching the internet (without them it stalls here), and a fresh profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration START_BOUND = Duration.ofSeconds(30);
    private static final Duration CALL_BOUND = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** Why the browser tests cannot run here, or empty when they can. */
    public static Optional<String> missing() {
        return Files.isExecutable(EXECUTABLE) ? Optional.empty() : Optional.of(EXECUTABLE + " is missing: install"
                + " Debian's chromium (apt-get install -y chromium; .ci/run does) or name another with -Dchromium=PATH");
    }

    /** A browser with one blank page, {@code width} x {@code height} CSS pixels. */
    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        var profile = Files.createTempDirectory("chromium-profile-");
        var process = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).start();
        var browser = devToolsAddress(process);
        var http = HttpClient.newHttpClient();
        var listing = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        String pageAddress = null;
        for (var target : Json.readTree(listing.body())) {
            if ("page".equals(target.path("type").asText())) {
                pageAddress = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageAddress == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium shows no page: " + listing.body());
        }
        var holder = new CompletableFuture<HeadlessChromium>();
        var socket = http.newWebSocketBuilder().buildAsync(URI.create(pageAddress), new Replies(holder)).join();
        var chromium = new HeadlessChromium(process, profile, socket);
        holder.complete(chromium);
        return chromium;
    }

    private static URI devToolsAddress(Process process) throws IOException {
        var found = new CompletableFuture<URI>();
        Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    var match = DEVTOOLS.matcher(line);
                    if (match.find()) {
                        found.complete(URI.create(match.group(1)));
                    }
                }
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
            found.completeExceptionally(new IllegalStateException("Chromium exited without a DevTools address"));
        });
        try {
            return found.get(START_BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("Chromium did not start: " + e, e);
        }
    }

    /** Opens {@code address} and waits for its load event. */
    public void open(URI address) {
        call("Page.enable", Json.MAPPER.createObjectNode());
        call("Page.navigate", Json.MAPPER.createObjectNode().put("url", address.toString()));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(10));
    }

    /** The value of {@code expression} in the page (JSON values come back as Jackson nodes). */
    public JsonNode evaluate(String expression) {
        var result = call("Runtime.evaluate", Json.MAPPER.createObjectNode().put("expression", expression)
                .put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls {@code condition} (a JavaScript expression) until it is true; false after {@code bound}. */
    public boolean waitFor(String condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        do {
            if (evaluate("!!(" + condition + ")").asBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** A PNG of the page as it is now. */
    public void screenshot(Path file) throws IOException {
        var png = call("Page.captureScreenshot", Json.MAPPER.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(png.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        var reply = new CompletableFuture<JsonNode>();
        calls.put(id, reply);
        var message = Json.MAPPER.createObjectNode().put("id", id).put("method", method).set("params", params);
        page.sendText(message.toString(), true).join();
        try {
            var answer = reply.get(CALL_BOUND.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.path("error"));
            }
            return answer.path("result");
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(method + ": " + e, e);
        } finally {
            calls.remove(id);
        }
    }

    /** Gathers each message's fragments and completes the call it answers; events are ignored. */
    private record Replies(CompletableFuture<HeadlessChromium> owner, StringBuilder text) implements WebSocket.Listener {

        Replies(CompletableFuture<HeadlessChromium> owner) {
            this(owner, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                var message = text.toString();
                text.setLength(0);
                try {
                    var json = Json.readTree(message);
                    if (json.has("id")) {
                        var call = owner.join().calls.get(json.path("id").asInt());
                        if (call != null) {
                            call.complete(json);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        page.abort();
        // Its renderer and helper processes too: one that outlives the browser keeps writing to the profile.
        var helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (var helper : helpers) {
                helper.destroy();
                helper.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
