package dev.ashwood.scanner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** agent.h is the one source of the attach return codes and the ABI version; the Java side must agree. */
class AttachCodesTest {
    private static final Path AGENT_H = Path.of("src/main/c/agent.h");

    private static Map<String, Integer> defines(String prefix) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define " + prefix + "(\\w+) (\\d+)").matcher(Files.readString(AGENT_H));
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    @Test
    void everyAttachCodeOfAgentHHasTheSameValueInAttachCodes() throws Exception {
        Map<String, Integer> java = new TreeMap<>();
        for (Field f : AttachCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                java.put(f.getName(), f.getInt(null));
            }
        }
        Map<String, Integer> c = defines("ATTACH_");
        assertEquals(c, java, "AttachCodes names each ATTACH_* of " + AGENT_H + " with its value, and no other");
    }

    @Test
    void theJavaSideExpectsTheAgentsAbiVersion() throws Exception {
        Field f = NativeAgent.class.getDeclaredField("ABI_VERSION");
        f.setAccessible(true);
        assertEquals(defines("AGENT_").get("ABI"), f.getInt(null), "NativeAgent.ABI_VERSION is AGENT_ABI of agent.h");
    }
}
