package cheaplab.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labs a server or CLI offers, by id, in home-page order. Core names no lab: the composition root
 * ({@code cheaplab.App#labs()}) lists the product's labs, tests build catalogues of their own.
 */
public final class LabCatalog {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*");
    private final Map<String, Lab<?, ?>> labs = new LinkedHashMap<>();

    public LabCatalog(Collection<? extends Lab<?, ?>> labs) {
        for (Lab<?, ?> l : labs) {
            // The id is a URL path segment and the name of the lab's view module (/js/<id>.js, static/js/main.js).
            if (!ID.matcher(l.id()).matches())
                throw new IllegalArgumentException("lab id " + l.id() + " is not lower-case letters, digits and '-'");
            if (this.labs.putIfAbsent(l.id(), l) != null) throw new IllegalArgumentException("duplicate lab id " + l.id());
        }
    }

    public Collection<Lab<?, ?>> all() {
        return Collections.unmodifiableCollection(labs.values());
    }

    public Optional<Lab<?, ?>> find(String id) {
        return Optional.ofNullable(labs.get(id));
    }

    public Lab<?, ?> get(String id) {
        return find(id).orElseThrow(() -> new UnknownLabException(id));
    }
}
