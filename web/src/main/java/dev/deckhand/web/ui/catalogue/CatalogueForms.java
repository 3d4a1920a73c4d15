package dev.deckhand.web.ui.catalogue;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validation of the catalogue admin forms. Messages are shown to the admin verbatim (escaped by
 * the templates), so they name the field and the rule. A form that both create and edit post
 * ({@link ProductForm}, {@link VersionForm}, {@link PlanForm}) is read by one record.
 */
final class CatalogueForms {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");

    /** A user error in a form; becomes a flash message and a 422 re-render. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The product form (create and edit): slug, title, description. */
    record ProductForm(String slug, String title, String description) {
        static ProductForm of(Map<String, String> form) {
            return new ProductForm(slugOf(form), required(form, "title", 200), optional(form, "description", 4000));
        }
    }

    /** The version form (create and edit): label and the listed checkbox. */
    record VersionForm(String label, boolean listed) {
        static VersionForm of(Map<String, String> form) {
            return new VersionForm(required(form, "label", 100), checked(form, "listed"));
        }
    }

    /** The plan form (create and edit): slug, title and the preflight-required checkbox. */
    record PlanForm(String slug, String title, boolean preflightRequired) {
        static PlanForm of(Map<String, String> form) {
            return new PlanForm(slugOf(form), required(form, "title", 200), checked(form, "preflight_required"));
        }
    }

    private CatalogueForms() {
    }

    static String slugOf(Map<String, String> form) {
        return matching(form, "slug", SLUG, "lowercase letters, digits and dashes");
    }

    static String required(Map<String, String> form, String field, int maxLength) {
        String v = form.getOrDefault(field, "").strip();
        if (v.isEmpty()) {
            throw new Invalid(field + " is required.");
        }
        if (v.length() > maxLength) {
            throw new Invalid(field + " is longer than " + maxLength + " characters.");
        }
        return v;
    }

    static String optional(Map<String, String> form, String field, int maxLength) {
        String v = form.getOrDefault(field, "").strip();
        if (v.length() > maxLength) {
            throw new Invalid(field + " is longer than " + maxLength + " characters.");
        }
        return v;
    }

    static String matching(Map<String, String> form, String field, Pattern pattern, String rule) {
        String v = required(form, field, 63);
        if (!pattern.matcher(v).matches()) {
            throw new Invalid(field + " must be " + rule + ".");
        }
        return v;
    }

    /** A one-click button's value: {@code true} or {@code false}, nothing else. */
    static boolean bool(Map<String, String> form, String field) {
        String v = required(form, field, 5);
        if (!v.equals("true") && !v.equals("false")) {
            throw new Invalid(field + " must be true or false.");
        }
        return v.equals("true");
    }

    /** HTML checkboxes: present (any value) means true. */
    static boolean checked(Map<String, String> form, String field) {
        return form.containsKey(field);
    }
}
