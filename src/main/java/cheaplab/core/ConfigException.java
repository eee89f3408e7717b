package cheaplab.core;

/**
 * An invalid config value. {@link #field()} is the record component / JSON key / form field name. Both come from
 * client input at times (an unknown key, the value quoted back), so both are {@link Excerpt}s: the field at most
 * {@value Excerpt#MAX} characters, the message at most {@value #MAX_MESSAGE}.
 */
public final class ConfigException extends IllegalArgumentException {
    /** Characters of a message kept (the lists of allowed values and fields fit well within it). */
    public static final int MAX_MESSAGE = 600;
    private final String field;

    public ConfigException(String field, String message) {
        super(Excerpt.of(field) + ": " + Excerpt.of(message, MAX_MESSAGE));
        this.field = Excerpt.of(field);
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
