package dev.mheap4j.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link Scenario} from a YAML ({@code .yaml}/{@code .yml}) or JSON file through Jackson. Unknown fields,
 * missing required fields, values of the wrong type or out of range are reported as a
 * {@link ScenarioFileException} naming the file, the line and the field. Example:
 *
 * <pre>
 * name: my-service
 * threads: 2
 * noscanFraction: 0.5      # optional, default 0.5
 * pinnedFraction: 0        # optional, default 0
 * seed: 7                  # optional, default 1
 * sizes:
 *   - {min: 16, max: 512, weight: 10}
 *   - {min: 64KiB, max: 1MiB, weight: 1}
 * phases:
 *   - {cycles: 6, live: 64MiB}
 *   - {cycles: 4, live: 8MiB}
 * </pre>
 */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    /** Loads {@code file}; the format is chosen by its extension (YAML unless it ends in .json). */
    public static Scenario load(Path file) {
        String shown = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ScenarioFileException(shown, 0, 0, "", "no such file");
        }
        boolean json = shown.toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        FileDto dto;
        try {
            checkFieldNames(mapper, file, shown);
            dto = mapper.readValue(file.toFile(), FileDto.class);
        } catch (JsonMappingException e) {
            throw translate(shown, e, pathOf(e));
        } catch (JsonProcessingException e) {
            throw translate(shown, e, fieldOfParser(e));
        } catch (IOException e) {
            throw new ScenarioFileException(shown, 0, 0, "", "cannot read: " + e.getMessage());
        }
        if (dto == null) {
            throw new ScenarioFileException(shown, 1, 0, "", "the file is empty");
        }
        return dto.toScenario();
    }

    private static final java.util.Set<String> TOP = java.util.Set.of("name", "description", "threads", "sizes",
            "phases", "pinnedFraction", "noscanFraction", "seed");
    private static final java.util.Set<String> SIZE = java.util.Set.of("min", "max", "weight");
    private static final java.util.Set<String> PHASE = java.util.Set.of("cycles", "live");

    /**
     * Reports the first unknown field at its own line. (Jackson binds records through their constructor and reports
     * unknown fields only once the object is complete, at its end.)
     */
    private static void checkFieldNames(ObjectMapper mapper, Path file, String shown) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    continue;
                }
                JsonStreamContext obj = p.getParsingContext();
                JsonStreamContext parent = obj.getParent();
                java.util.Set<String> known;
                String where;
                if (parent == null || parent.inRoot()) {
                    known = TOP;
                    where = "";
                } else if (parent.inArray() && parent.getParent() != null && parent.getParent().getParent() != null
                        && parent.getParent().getParent().inRoot()) {
                    String list = parent.getParent().getCurrentName();
                    known = "sizes".equals(list) ? SIZE : "phases".equals(list) ? PHASE : null;
                    where = list + "[" + parent.getCurrentIndex() + "].";
                } else {
                    known = null;
                    where = "";
                }
                if (known != null && !known.contains(p.currentName())) {
                    JsonLocation loc = p.currentTokenLocation();
                    throw new ScenarioFileException(shown, loc.getLineNr(), loc.getColumnNr(),
                            where + p.currentName(), "unknown field '" + p.currentName() + "' (known: "
                            + new java.util.TreeSet<>(known) + ")");
                }
            }
        }
    }

    private static ScenarioFileException translate(String file, JsonProcessingException e, String field) {
        JsonLocation loc = e.getLocation();
        String problem = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            problem = cause.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
        }
        problem = problem.replace('\n', ' ').replace('\r', ' ').replaceAll(" \\(index \\d+\\)", "")
                .replace("Missing required creator property", "missing required field");
        problem = problem.replaceAll("\\s+", " ");
        int cut = problem.indexOf(" at [Source");
        if (cut > 0) {
            problem = problem.substring(0, cut);
        }
        return new ScenarioFileException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                field, problem.strip());
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String fieldOfParser(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return "";
        }
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0 && !part.startsWith("[")) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** The file's top level; cross-field checks happen in {@link Scenario}'s constructor. */
    record FileDto(@JsonProperty(value = "name", required = true) String name,
                   @JsonProperty("description") String description,
                   @JsonProperty("threads") @JsonDeserialize(using = Threads.class) Integer threads,
                   @JsonProperty(value = "sizes", required = true) List<SizeDto> sizes,
                   @JsonProperty(value = "phases", required = true) List<PhaseDto> phases,
                   @JsonProperty("pinnedFraction") @JsonDeserialize(using = Fraction.class) Double pinnedFraction,
                   @JsonProperty("noscanFraction") @JsonDeserialize(using = Fraction.class) Double noscanFraction,
                   @JsonProperty("seed") Long seed) {

        FileDto {
            if (threads == null) {
                throw new IllegalArgumentException("missing required field 'threads'");
            }
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("sizes must list at least one size bucket");
            }
            if (phases.isEmpty()) {
                throw new IllegalArgumentException("phases must list at least one phase");
            }
            if (pinnedFraction != null && pinnedFraction >= 1) {
                throw new IllegalArgumentException("pinnedFraction must be below 1, got " + pinnedFraction);
            }
        }

        Scenario toScenario() {
            return new Scenario(name, description, threads,
                    sizes.stream().map(s -> new SizeBucket(s.min(), s.max(), s.weight())).toList(),
                    phases.stream().map(p -> new Phase(p.cycles(), p.live())).toList(),
                    pinnedFraction == null ? 0 : pinnedFraction, noscanFraction == null ? 0.5 : noscanFraction,
                    seed == null ? 1 : seed);
        }
    }

    /** One size bucket; weight defaults to 1. */
    record SizeDto(@JsonProperty(value = "min", required = true) @JsonDeserialize(using = Size.class) Long min,
                   @JsonProperty(value = "max", required = true) @JsonDeserialize(using = Size.class) Long max,
                   @JsonProperty("weight") @JsonDeserialize(using = Weight.class) Double weight) {

        SizeDto {
            if (max < min) {
                throw new IllegalArgumentException("max (" + max + ") is below min (" + min + ")");
            }
            weight = weight == null ? 1.0 : weight;
        }
    }

    /** One phase. */
    record PhaseDto(@JsonProperty(value = "cycles", required = true) @JsonDeserialize(using = Cycles.class) Integer cycles,
                    @JsonProperty(value = "live", required = true) @JsonDeserialize(using = Size.class) Long live) {
    }

    /** A byte size: a number or a string such as "64MiB"; rejected at the value's own line. */
    static final class Size extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return ByteSize.parse(text == null ? p.getText() : text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), p.getText(), Long.class);
            }
        }
    }

    /** An integer in a range, rejected at the value's own line. */
    abstract static class BoundedInt extends JsonDeserializer<Integer> {
        private final int min;
        private final int max;

        BoundedInt(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getText();
            long v;
            try {
                v = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw InvalidFormatException.from(p, "'" + text + "' is not a whole number", text, Integer.class);
            }
            if (v < min || v > max) {
                throw InvalidFormatException.from(p, "must be " + min + " to " + max + ", got " + v, text,
                        Integer.class);
            }
            return (int) v;
        }
    }

    static final class Threads extends BoundedInt {
        Threads() {
            super(1, 64);
        }
    }

    static final class Cycles extends BoundedInt {
        Cycles() {
            super(1, 1_000_000);
        }
    }

    /** A number in [0, 1]. */
    static final class Fraction extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            double v = number(p);
            if (!(v >= 0 && v <= 1)) {
                throw InvalidFormatException.from(p, "must be in [0, 1], got " + p.getText(), p.getText(),
                        Double.class);
            }
            return v;
        }
    }

    /** A positive finite number. */
    static final class Weight extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            double v = number(p);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw InvalidFormatException.from(p, "must be a positive number, got " + p.getText(), p.getText(),
                        Double.class);
            }
            return v;
        }
    }

    private static double number(JsonParser p) throws IOException {
        String text = p.getText();
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw InvalidFormatException.from(p, "'" + text + "' is not a number", text, Double.class);
        }
    }
}
