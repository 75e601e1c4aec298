package io.tourists.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/** The hello world's deployment: its handler class and the event classes it takes, nothing else. */
public final class HelloJar {

    private HelloJar() {
    }

    public static Path build(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (var out = new JarOutputStream(Files.newOutputStream(target))) {
            var name = HelloWorld.class.getName().replace('.', '/') + ".class";
            try (var in = HelloWorld.class.getClassLoader().getResourceAsStream(name)) {
                out.putNextEntry(new ZipEntry(name));
                in.transferTo(out);
            }
            try (var events = new JarFile(eventsJar().toFile())) {
                for (var entry : (Iterable<java.util.jar.JarEntry>) events.stream()::iterator) {
                    if (entry.getName().matches("com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTP(Event|Response)[$.].*")) {
                        out.putNextEntry(new ZipEntry(entry.getName()));
                        try (var in = events.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                }
            }
        }
        return target;
    }

    private static Path eventsJar() {
        try {
            return Path.of(APIGatewayV2HTTPEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
