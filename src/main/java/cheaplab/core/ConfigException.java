package cheaplab.core;

/** An invalid config value. {@link #field()} is the record component / JSON key / form field name. */
public final class ConfigException extends IllegalArgumentException {
    private final String field;

    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(field.length() + 2);
    }
}
