package cheaplab.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Thymeleaf over the classpath folder {@code templates/} (the pom packages the top-level {@code templates/}
 * there). Renders a whole template ({@code "index"}) or one fragment of it ({@code "ridge/index :: controls"}),
 * which is what htmx swaps in. {@code th:text} escapes HTML; nothing here turns that off.
 */
public final class ThymeleafRenderer implements FileRenderer {
    private static final String PREFIX = "templates/";
    private static final String SUFFIX = ".html";

    private final TemplateEngine engine = new TemplateEngine();
    private final ClassLoader loader = ThymeleafRenderer.class.getClassLoader();

    /** @param cache keep parsed templates (production); false re-reads them on every render (development) */
    public ThymeleafRenderer(boolean cache) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(loader);
        resolver.setPrefix(PREFIX);
        resolver.setSuffix(SUFFIX);
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(cache);
        resolver.setCheckExistence(true);
        engine.setTemplateResolver(resolver);
    }

    /** Production renderer (cache on) unless the system property {@code cheaplab.dev} is true. */
    public static ThymeleafRenderer standard() {
        return new ThymeleafRenderer(!Boolean.getBoolean("cheaplab.dev"));
    }

    /** {@code selector} is a template name, or {@code "template :: fragment"} to render only that fragment. */
    public String render(String selector, Map<String, ?> model) {
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(Locale.ROOT);
        model.forEach(context::setVariable);
        int sep = selector.indexOf("::");
        if (sep < 0) return engine.process(selector.trim(), context);
        String template = selector.substring(0, sep).trim();
        String fragment = selector.substring(sep + 2).trim();
        return engine.process(template, Set.of(fragment), context);
    }

    /** Whether {@code templates/<name>.html} is on the classpath. */
    public boolean exists(String template) {
        return loader.getResource(PREFIX + template + SUFFIX) != null;
    }

    @Override
    public String render(String filePath, Map<String, ?> model, Context ctx) {
        return render(filePath, model);
    }
}
