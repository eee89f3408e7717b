package cheaplab.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The one place that registers the labs. Adding a lab touches {@link #standard()} and nothing else here. */
public final class LabCatalog {
    private final Map<String, Lab<?, ?>> labs = new LinkedHashMap<>();

    public LabCatalog(Collection<? extends Lab<?, ?>> labs) {
        for (Lab<?, ?> l : labs) {
            if (this.labs.putIfAbsent(l.id(), l) != null) throw new IllegalArgumentException("duplicate lab id " + l.id());
        }
    }

    /** Every lab of the product, in home-page order. */
    public static LabCatalog standard() {
        return new LabCatalog(java.util.List.of(
                // labs register here
                new cheaplab.lab.ridge.RidgeLab(),
                new cheaplab.lab.rbm.RbmLab()
        ));
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
