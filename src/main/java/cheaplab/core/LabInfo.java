package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client needs to know of a lab to build a form or a CLI config: id, title, summary, the default
 * config and each field's name and kind ({@code number}, {@code integer}, {@code boolean}, {@code string},
 * {@code list}; lists carry their element kind).
 */
public record LabInfo(String id, String title, String summary, JsonNode defaults, List<Field> fields) {

    public record Field(String name, String kind, String element) {}

    public static LabInfo of(Lab<?, ?> lab) {
        List<Field> fields = new ArrayList<>();
        for (ConfigField f : ConfigField.of(lab.configType()).values()) {
            fields.add(new Field(f.name(), kind(f.kind()), f.kind() == ConfigField.Kind.LIST ? kind(f.element()) : null));
        }
        return new LabInfo(lab.id(), lab.title(), lab.summary(), Json.tree(lab.defaults()), List.copyOf(fields));
    }

    static String kind(ConfigField.Kind k) {
        return switch (k) {
            case NUMBER -> "number";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case STRING, ENUM -> "string";
            case LIST -> "list";
            case OTHER -> "json";
        };
    }
}
