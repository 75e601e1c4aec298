package io.tourists.deploy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The project's classes that a class refers to, read from its constant pool (class names and the descriptors of
 * the fields and methods it uses), and their closure within a jar: what the JVM may have to load once it runs
 * a handler. Reflection is not seen; the functions start from their artifacts in ArtifactIT for that.
 */
final class ClassReferences {

    private static final Pattern PROJECT_CLASS = Pattern.compile("io/tourists/[A-Za-z0-9_/$]+");

    private ClassReferences() {
    }

    /**
     * @param classes the jar's class files by entry name ({@code io/tourists/api/ApiFunction.class})
     * @return the project classes reachable from {@code root} that the jar does not hold
     */
    static Set<String> missingFrom(Map<String, byte[]> classes, String root) throws IOException {
        var missing = new TreeSet<String>();
        var seen = new TreeSet<String>();
        var queue = new ArrayDeque<String>();
        queue.add(root);
        while (!queue.isEmpty()) {
            var name = queue.poll();
            if (!seen.add(name)) {
                continue;
            }
            var bytes = classes.get(name + ".class");
            if (bytes == null) {
                missing.add(name);
                continue;
            }
            for (var referenced : projectReferences(bytes)) {
                if (!seen.contains(referenced)) {
                    queue.add(referenced);
                }
            }
        }
        return missing;
    }

    static Set<String> projectReferences(byte[] classFile) throws IOException {
        return references(classFile, PROJECT_CLASS);
    }

    /** Whether the class's constant pool names this class ({@code software/amazon/...}), in any way. */
    static boolean mentions(byte[] classFile, String internalName) throws IOException {
        return !references(classFile, Pattern.compile(Pattern.quote(internalName) + "(?![A-Za-z0-9_$])")).isEmpty();
    }

    private static Set<String> references(byte[] classFile, Pattern pattern) throws IOException {
        var found = new TreeSet<String>();
        try (var in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        var matcher = pattern.matcher(in.readUTF());
                        while (matcher.find()) {
                            found.add(matcher.group());
                        }
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
        }
        return found;
    }
}
