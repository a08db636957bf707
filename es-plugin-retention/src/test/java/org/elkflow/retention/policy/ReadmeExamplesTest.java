package org.elkflow.retention.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every {@code PUT _retention/policy/{name}} example in the README is a valid policy. */
class ReadmeExamplesTest {

    @Test
    @SuppressWarnings("unchecked")
    void readmePoliciesAreValid() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("PUT _retention/policy/([a-z0-9_.-]+)\\n(\\{.*?\\n\\})\\n", Pattern.DOTALL).matcher(readme);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            Map<String, Object> source = new ObjectMapper().readValue(m.group(2), Map.class);
            PolicyParser.parse(m.group(1), source);
            names.add(m.group(1));
        }
        assertTrue(names.containsAll(List.of("flows", "flows-rollups", "latency", "app-latency")), names.toString());
    }
}
